# Steward — the two commands a new machine needs are `make demo` and `make test`.
JAVA_HOME := $(shell bin/java-home)
export JAVA_HOME
MVN := mvn -B -ntp
VERSION := 0.1.0-SNAPSHOT
# Kafka's broker and the PostgreSQL binaries use memory access the JDK now warns about.
JAVA_OPTS := --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED

.PHONY: demo build test bench-audit clean

## demo: build everything, start the embedded platform, keep serving until Ctrl-C
demo: build
	$(JAVA_HOME)/bin/java $(JAVA_OPTS) -jar steward-local/target/steward-local-$(VERSION)-exec.jar --data-dir .steward

## build: compile and package every module, without running the tests
build:
	$(MVN) -q install -DskipTests

## test: the whole suite, against a real PostgreSQL and a real Kafka broker
test:
	$(MVN) install

## bench-audit: audit events appended per second end to end, and chain verification speed
bench-audit: build
	$(MVN) -q -f benchmarks/pom.xml package -DskipTests
	$(JAVA_HOME)/bin/java -jar benchmarks/target/steward-benchmarks-$(VERSION)-exec.jar audit

clean:
	$(MVN) -q clean
