"""Prepares Feast's online store for the online benchmark: the repository (file offline store over the Parquet
files, SQLite online store), then materialize() of every view over the whole span, timed.

    python feast_online.py --spec SPEC.json --start ISO --end ISO --result RESULT.json

The benchmark then serves the repository with `feast serve` and sends it the same requests as Steward; the result
JSON names the repository and how long materialisation took.
"""
import argparse
import time
from datetime import datetime

import feast_repo


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--spec", required=True)
    parser.add_argument("--start", required=True)
    parser.add_argument("--end", required=True)
    parser.add_argument("--result", required=True)
    args = parser.parse_args()
    spec = feast_repo.load_spec(args.spec)

    feature_store, repo = feast_repo.store(spec, "file")
    start = datetime.fromisoformat(args.start.replace("Z", "+00:00"))
    end = datetime.fromisoformat(args.end.replace("Z", "+00:00"))
    feast_repo.log(f"feast online: materialize {start} .. {end} into SQLite")
    started = time.monotonic()
    with feast_repo.Heartbeat("feast materialize"):
        feature_store.materialize(start_date=start, end_date=end)
    seconds = time.monotonic() - started
    feast_repo.log(f"feast online: materialized in {seconds:.1f} s")
    feast_repo.write_json(args.result, {"versions": feast_repo.versions(), "repo": str(repo),
                                        "materializeSeconds": seconds, "featureRefs": feast_repo.feature_refs(spec)})


if __name__ == "__main__":
    main()
