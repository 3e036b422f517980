# Steward — the two commands a new machine needs are `make demo` and `make test`.
JAVA_HOME := $(shell bin/java-home)
export JAVA_HOME
MVN := mvn -B -ntp
VERSION := 0.1.0-SNAPSHOT
# Kafka's broker and the PostgreSQL binaries use memory access the JDK now warns about.
JAVA_OPTS := --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED

.PHONY: demo build test python-env peers-env bench-audit bench-reason-codes bench-scoring bench-lineage-overhead \
	bench-feature-store-offline bench-feature-store-online clean

## demo: build everything, start the embedded platform, keep serving until Ctrl-C
demo: build
	$(JAVA_HOME)/bin/java $(JAVA_OPTS) -jar steward-local/target/steward-local-$(VERSION)-exec.jar --data-dir .steward --scenario

## build: compile and package every module, without running the tests
build:
	$(MVN) -q install -DskipTests

## test: the whole suite, against a real PostgreSQL and a real Kafka broker
test: python-env
	$(MVN) install

## python-env: the project's Python in .venv, from the pinned lock (tests run scikit-learn and skl2onnx in it), and
##   the notebook client (clients/python) installed into it; reinstalls only when the lock or the client changes
PYTHON ?= $(shell command -v python3.11 || command -v python3)
PYTHON_CLIENT := clients/python/pyproject.toml $(shell find clients/python/src -name '*.py' -o -name py.typed)
python-env: .venv/installed.stamp

# The client's stale build/ is removed first: setuptools would package a module deleted since the last build.
.venv/installed.stamp: clients/python/requirements-dev.lock $(PYTHON_CLIENT)
	test -x .venv/bin/python || $(PYTHON) -m venv .venv
	.venv/bin/pip install -q --disable-pip-version-check -r $<
	rm -rf clients/python/build
	.venv/bin/pip install -q --disable-pip-version-check --no-deps --no-build-isolation --force-reinstall ./clients/python
	touch $@

## bench-audit: audit events appended per second end to end, and chain verification speed
##   options: make bench-audit BENCH_ARGS="--events 100000 --writers 8 --verify-events 1000000"
bench-audit:
	$(MVN) -q install -pl benchmarks -am -Dmaven.test.skip=true
	$(JAVA_HOME)/bin/java $(JAVA_OPTS) -jar benchmarks/target/steward-benchmarks-$(VERSION)-exec.jar audit $(BENCH_ARGS)

## bench-reason-codes: explanation + adverse-action reason codes for one applicant from a 500-tree XGBoost model,
##   p50/p99/max in-process, beside XGBoost4J's native contributions and Python shap (from .venv)
##   options: make bench-reason-codes BENCH_ARGS="--iterations 20000 --trees 500 --depth 6"
bench-reason-codes: python-env
	$(MVN) -q install -pl benchmarks -am -Dmaven.test.skip=true
	$(JAVA_HOME)/bin/java $(JAVA_OPTS) -jar benchmarks/target/steward-benchmarks-$(VERSION)-exec.jar reason-codes $(BENCH_ARGS)

## bench-scoring: runtime scoring latency per row of a 500-tree XGBoost model and of the same model in ONNX through
##   model-runtime, p50/p99/max beside xgboost and onnxruntime in Python (from .venv) row by row, one thread each
##   (OMP_NUM_THREADS=1 for XGBoost4J, as nthread=1 in Python), and onnxruntime again on the Java binding's version
##   (from the peers' venv); every path's agreement on every row
##   options: make bench-scoring BENCH_ARGS="--rows 20000 --trees 500 --depth 6"
bench-scoring: python-env peers-env
	$(MVN) -q install -pl benchmarks -am -Dmaven.test.skip=true
	OMP_NUM_THREADS=1 $(JAVA_HOME)/bin/java $(JAVA_OPTS) -jar benchmarks/target/steward-benchmarks-$(VERSION)-exec.jar scoring $(BENCH_ARGS)

## bench-lineage-overhead: a scorecard trained by the training pipeline on a 1,000,000-row synthetic training set
##   through the embedded platform; lineage capture and registration time as a share of training time (about
##   5 minutes on 2 cores)
##   options: make bench-lineage-overhead BENCH_ARGS="--rows 100000"
bench-lineage-overhead:
	$(MVN) -q install -pl benchmarks -am -Dmaven.test.skip=true
	$(JAVA_HOME)/bin/java $(JAVA_OPTS) -jar benchmarks/target/steward-benchmarks-$(VERSION)-exec.jar lineage-overhead $(BENCH_ARGS)

## peers-env: the peer tools the benchmarks compare with (Feast with its PostgreSQL extra, pinned in
##   benchmarks/peers/requirements.lock) in their own benchmarks/.venv-peers, never the product's environment;
##   reinstalls only when the lock file changes
peers-env: benchmarks/.venv-peers/installed.stamp

benchmarks/.venv-peers/installed.stamp: benchmarks/peers/requirements.lock
	test -x benchmarks/.venv-peers/bin/python || $(PYTHON) -m venv benchmarks/.venv-peers
	benchmarks/.venv-peers/bin/pip install -q --disable-pip-version-check -r $<
	touch $@

## bench-feature-store-offline: a training set of 1,000,000 entity rows against 3 feature views of 10,000,000 rows,
##   built by Steward and by Feast's file and PostgreSQL offline stores on the same synthetic data, seconds, memory,
##   and a row-for-row comparison (about 7 minutes at the default scale on 2 cores)
##   options: make bench-feature-store-offline BENCH_ARGS="--entities 100000 --feature-rows 1000000"
bench-feature-store-offline: peers-env
	$(MVN) -q install -pl benchmarks -am -Dmaven.test.skip=true
	$(JAVA_HOME)/bin/java $(JAVA_OPTS) -jar benchmarks/target/steward-benchmarks-$(VERSION)-exec.jar feature-store-offline $(BENCH_ARGS)

## bench-feature-store-online: one entity x 30 features over HTTP at 1,000 requests/s, latency p50/p99/max (open
##   loop), beside Feast's feature server (feast serve, SQLite online store) at the same rate and the machine's own
##   floor (a bare HTTP server, with and without one PostgreSQL read); with the JVM's default collector (G1), the one
##   the services' containers and the embedded platform run
##   options: make bench-feature-store-online BENCH_ARGS="--rate 1000 --seconds 30 --customers 100000"
bench-feature-store-online: peers-env
	$(MVN) -q install -pl benchmarks -am -Dmaven.test.skip=true
	$(JAVA_HOME)/bin/java $(JAVA_OPTS) -jar benchmarks/target/steward-benchmarks-$(VERSION)-exec.jar feature-store-online $(BENCH_ARGS)

clean:
	$(MVN) -q clean
