# syntax=docker/dockerfile:1.7
#
# One image recipe for every Steward process: the build argument MODULE names the Maven module
# (feature-store-service, ..., governance-service, steward-local). Build from the repository root:
#   docker build -f docker/service.Dockerfile --build-arg MODULE=feature-store-service .
# docker-compose.yml does exactly this for each service.

ARG MODULE

# ---- build: compile the module and the modules it depends on -------------------------------------
FROM maven:3.9.11-eclipse-temurin-25 AS build
ARG MODULE
RUN test -n "${MODULE}" || { echo "build argument MODULE (the Maven module to package) is required" >&2; exit 1; }
WORKDIR /workspace
COPY . .
# The cache mount keeps downloaded dependencies between builds without baking them into a layer.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl "${MODULE}" -am -Dmaven.test.skip=true package
# Services attach their runnable jar with the "exec" classifier (the plain jar is embedded by
# steward-local); a module without that classifier has the runnable jar as its main artifact.
# Spring Boot's layered extraction puts dependencies, which rarely change, in their own layers.
RUN set -eu; \
    jar="$(find "${MODULE}/target" -maxdepth 1 -name "${MODULE}-*-exec.jar" | head -n 1)"; \
    if [ -z "${jar}" ]; then \
      jar="$(find "${MODULE}/target" -maxdepth 1 -name "${MODULE}-*.jar" \
               ! -name '*-sources.jar' ! -name '*-javadoc.jar' ! -name '*-tests.jar' | head -n 1)"; \
    fi; \
    test -n "${jar}" || { echo "no runnable jar in ${MODULE}/target" >&2; exit 1; }; \
    cp "${jar}" /tmp/app.jar; \
    java -Djarmode=tools -jar /tmp/app.jar extract --layers --destination /extracted; \
    mkdir -p /extracted/dependencies /extracted/spring-boot-loader \
             /extracted/snapshot-dependencies /extracted/application

# ---- runtime: a JRE, the extracted layers, a non-root user -----------------------------------------
FROM eclipse-temurin:25.0.1_8-jre-noble AS runtime
# curl for the compose health checks. The application stays root-owned and read-only; the service
# works in /var/lib/steward, where anything it writes (the audit key under keys/) can get a volume.
RUN set -eux; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl; \
    rm -rf /var/lib/apt/lists/*; \
    groupadd --system --gid 10001 steward; \
    useradd --system --uid 10001 --gid steward --home-dir /var/lib/steward --shell /usr/sbin/nologin steward; \
    install -d -o steward -g steward -m 0750 /var/lib/steward; \
    install -d -o steward -g steward -m 0700 /var/lib/steward/keys
WORKDIR /app
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER steward:steward
WORKDIR /var/lib/steward
# Heap follows the container's memory limit; an out-of-memory JVM exits so the orchestrator restarts
# it instead of limping on; UTC so timestamps in logs and audit records never depend on the host.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError -Duser.timezone=UTC -Dfile.encoding=UTF-8"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
