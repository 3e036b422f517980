"""A Feast feature store over the synthetic bank, built from the spec the Java benchmark writes.

The spec (JSON) names the entity, the three views with their features, types and ttl, where their rows are (a
Parquet file per view, a table per view in PostgreSQL) and where the work directory is. Both Feast benchmarks
build their store here, so the definitions are written once and match Steward's.
"""
import json
import os
import resource
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import yaml

from feast import Entity, FeatureStore, FeatureView, Field, FileSource, ValueType
from feast.infra.offline_stores.contrib.postgres_offline_store.postgres_source import PostgreSQLSource
from feast.types import Bool, Float64, Int64, String

FEAST_TYPES = {"int64": Int64, "float64": Float64, "bool": Bool, "string": String}


def load_spec(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def store(spec, offline):
    """A FeatureStore whose offline store is 'file' (the Parquet files) or 'postgres' (the tables), with a SQLite
    online store, its definitions applied. The repository gets a feature_store.yaml, so `feast serve` can run in it."""
    repo = Path(spec["workDir"]) / f"feast-{offline}"
    repo.mkdir(parents=True, exist_ok=True)
    if offline == "file":
        offline_config = {"type": "file"}
    else:
        pg = spec["postgres"]
        offline_config = {"type": "postgres", "host": pg["host"], "port": pg["port"], "database": pg["database"],
                          "db_schema": pg["schema"], "user": pg["user"], "password": pg["password"],
                          "sslmode": "disable"}
    config = {"project": spec["project"], "provider": "local", "registry": str(repo / "registry.db"),
              "offline_store": offline_config, "online_store": {"type": "sqlite", "path": str(repo / "online.db")},
              "entity_key_serialization_version": 3}
    with open(repo / "feature_store.yaml", "w", encoding="utf-8") as f:
        yaml.safe_dump(config, f)
    feature_store = FeatureStore(repo_path=str(repo))
    entity = Entity(name=spec["entity"]["name"], join_keys=[spec["entity"]["joinKey"]], value_type=ValueType.STRING)
    views = []
    for view in spec["views"]:
        if offline == "file":
            source = FileSource(name=view["name"] + "_source", path=view["parquet"], timestamp_field=spec["eventTime"],
                                created_timestamp_column=spec["created"])
        else:
            source = PostgreSQLSource(name=view["name"] + "_source", table=view["table"],
                                      timestamp_field=spec["eventTime"], created_timestamp_column=spec["created"])
        views.append(FeatureView(name=view["name"], entities=[entity], ttl=timedelta(seconds=view["ttlSeconds"]),
                                 schema=[Field(name=f["name"], dtype=FEAST_TYPES[f["type"]]) for f in view["features"]],
                                 source=source, online=True))
    feature_store.apply([entity, *views])
    return feature_store, repo


def versions():
    """The peers' package versions, reported beside their figures."""
    import dask
    import feast
    import pandas
    import pyarrow
    import psycopg
    return {"feast": feast.__version__, "dask": dask.__version__, "pandas": pandas.__version__,
            "pyarrow": pyarrow.__version__, "psycopg": psycopg.__version__, "python": sys.version.split()[0]}


def feature_refs(spec):
    return [f"{view['name']}:{f['name']}" for view in spec["views"] for f in view["features"]]


def rss_bytes():
    """The resident set size of this process now."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return -1


def peak_rss_bytes():
    """The largest resident set size this process has had (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Heartbeat:
    """Prints a progress line every few seconds while a long call runs, so the benchmark's log keeps moving."""

    def __init__(self, what, every=5.0):
        self.what = what
        self.every = every
        self.started = time.monotonic()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.thread.join()

    def _run(self):
        while not self.done.wait(self.every):
            log(f"{self.what}: running for {time.monotonic() - self.started:.0f} s, RSS {rss_bytes() / 2**20:,.0f} MiB")


def log(message):
    print(message, flush=True)


def write_json(path, value):
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2)
    os.replace(tmp, path)


if __name__ == "__main__":
    sys.exit("feast_repo.py is a module; run feast_offline.py or feast_online.py")
