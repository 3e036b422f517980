# Steward — the two commands a new machine needs are `make demo` and `make test`.
JAVA_HOME := $(shell bin/java-home)
export JAVA_HOME
MVN := mvn -B -ntp
VERSION := 0.1.0-SNAPSHOT
# Kafka's broker and the PostgreSQL binaries use memory access the JDK now warns about.
JAVA_OPTS := --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED

.PHONY: demo build test python-env bench-audit clean

## demo: build everything, start the embedded platform, keep serving until Ctrl-C
demo: build
	$(JAVA_HOME)/bin/java $(JAVA_OPTS) -jar steward-local/target/steward-local-$(VERSION)-exec.jar --data-dir .steward

## build: compile and package every module, without running the tests
build:
	$(MVN) -q install -DskipTests

## test: the whole suite, against a real PostgreSQL and a real Kafka broker
test: python-env
	$(MVN) install

## python-env: the project's Python in .venv, from the pinned lock (tests run scikit-learn and skl2onnx in it);
##   reinstalls only when the lock file changes
PYTHON ?= $(shell command -v python3.11 || command -v python3)
python-env: .venv/installed.stamp

.venv/installed.stamp: clients/python/requirements-dev.lock
	test -x .venv/bin/python || $(PYTHON) -m venv .venv
	.venv/bin/pip install -q --disable-pip-version-check -r $<
	touch $@

## bench-audit: audit events appended per second end to end, and chain verification speed
##   options: make bench-audit BENCH_ARGS="--events 100000 --writers 8 --verify-events 1000000"
bench-audit:
	$(MVN) -q install -pl benchmarks -am -Dmaven.test.skip=true
	$(JAVA_HOME)/bin/java $(JAVA_OPTS) -jar benchmarks/target/steward-benchmarks-$(VERSION)-exec.jar audit $(BENCH_ARGS)

clean:
	$(MVN) -q clean
