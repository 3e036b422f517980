"""Feast's offline retrieval over the synthetic bank, timed, and its rows compared with Steward's training set.

    python feast_offline.py --spec SPEC.json --store file|postgres --result RESULT.json

Builds the Feast store (feast_repo.py), reads the entity rows (row_id, customer_id, event_time: the file Steward
was sent), times get_historical_features(entity_df, features, full_feature_names=True).to_df() — from the call to
the data frame in memory, as a notebook would use it — and records the process's peak resident memory. Then it
lines the frame up with Steward's training set (its canonical CSV) by row_id and compares every feature: integers,
strings and booleans exactly, floats within 1e-9 relative, null only against null. The result JSON holds the
timing, the memory and the comparison (counts by kind and column, and the first differing rows).
"""
import argparse
import math
import time

import numpy as np
import pandas as pd

import feast_repo

EXAMPLES = 10
RELATIVE_TOLERANCE = 1e-9
PANDAS_TYPES = {"int64": "Int64", "float64": "float64", "bool": "boolean", "string": "string"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--spec", required=True)
    parser.add_argument("--store", choices=["file", "postgres"], required=True)
    parser.add_argument("--result", required=True)
    args = parser.parse_args()
    spec = feast_repo.load_spec(args.spec)

    feature_store, _ = feast_repo.store(spec, args.store)
    entity_df = pd.read_csv(spec["entityRows"], dtype={spec["rowId"]: "int64", spec["entity"]["joinKey"]: str},
                            keep_default_na=False)
    entity_df["event_timestamp"] = pd.to_datetime(entity_df.pop(spec["eventTime"]), utc=True, format="ISO8601")
    rss_before = feast_repo.rss_bytes()
    feast_repo.log(f"feast {args.store}: get_historical_features for {len(entity_df):,} entity rows "
                   f"and {len(feast_repo.feature_refs(spec))} features")

    started = time.monotonic()
    with feast_repo.Heartbeat(f"feast {args.store}"):
        frame = feature_store.get_historical_features(entity_df=entity_df, features=feast_repo.feature_refs(spec),
                                                      full_feature_names=True).to_df()
    seconds = time.monotonic() - started
    peak = feast_repo.peak_rss_bytes()
    feast_repo.log(f"feast {args.store}: {len(frame):,} rows in {seconds:.1f} s, peak RSS {peak / 2**20:,.0f} MiB")

    comparison = compare(spec, frame)
    feast_repo.write_json(args.result, {"store": args.store, "versions": feast_repo.versions(),
                                        "seconds": seconds, "rows": len(frame),
                                        "rssBeforeBytes": rss_before, "peakRssBytes": peak, "comparison": comparison})


def compare(spec, feast):
    """Steward's rows against Feast's, by row_id: which rows each lacks, and which values differ."""
    row_id = spec["rowId"]
    key = spec["entity"]["joinKey"]
    columns = {f"{view['name']}__{f['name']}": f["type"] for view in spec["views"] for f in view["features"]}
    steward = pd.read_csv(spec["stewardCsv"], keep_default_na=False, na_values=[""],
                          dtype={row_id: "int64", key: str, **{c: PANDAS_TYPES[t] for c, t in columns.items()}})
    missing_columns = [c for c in [row_id, key, *columns] if c not in feast.columns]
    if missing_columns:
        return {"identical": False, "problem": f"Feast's frame lacks the columns {missing_columns}"}

    duplicated = int(feast[row_id].duplicated().sum())
    feast = feast.drop_duplicates(subset=[row_id])
    both = steward.merge(feast, on=row_id, how="outer", suffixes=("_steward", "_feast"), indicator=True)
    missing = both[both["_merge"] == "left_only"][row_id]
    extra = both[both["_merge"] == "right_only"][row_id]
    both = both[both["_merge"] == "both"].sort_values(row_id).reset_index(drop=True)

    differs_any = np.zeros(len(both), dtype=bool)
    by_column = {}
    examples = []
    for column, kind in [(key, "string"), *columns.items()]:
        left = both[f"{column}_steward"]
        right = both[f"{column}_feast"]
        differs = _differs(left, right, kind)
        count = int(differs.sum())
        if count:
            by_column[column] = count
            differs_any |= differs
            for i in np.flatnonzero(differs)[:EXAMPLES]:
                examples.append({"rowId": int(both[row_id].iloc[i]), "column": column,
                                 "steward": _plain(left.iloc[i]), "feast": _plain(right.iloc[i])})
    examples.sort(key=lambda e: e["rowId"])
    rows_differing = int(differs_any.sum())
    at_ties = _differences_at_ties(spec, both, columns, key)
    return {
        "identical": not (len(missing) or len(extra) or duplicated or rows_differing),
        "stewardRows": len(steward),
        "feastRows": len(feast) + duplicated,
        "rowsCompared": len(both),
        "rowsMissingFromFeast": len(missing),
        "firstRowsMissingFromFeast": [int(r) for r in missing.sort_values().head(EXAMPLES)],
        "rowsOnlyInFeast": len(extra),
        "duplicateRowsInFeast": duplicated,
        "rowsWithDifferentValues": rows_differing,
        "differencesByColumn": by_column,
        "differingViewRowsAtTies": at_ties,
        "firstDifferences": examples[:EXAMPLES],
    }


def _differences_at_ties(spec, both, columns, key):
    """Per view, how many rows with a differing value of that view have their latest candidate row tied: two or more
    rows of the customer at the same event time in the window, which only the created time can order."""
    row_id = spec["rowId"]
    result = {}
    for view in spec["views"]:
        names = [f"{view['name']}__{f['name']}" for f in view["features"]]
        differs = np.zeros(len(both), dtype=bool)
        for name in names:
            differs |= _differs(both[f"{name}_steward"], both[f"{name}_feast"], columns[name])
        if not differs.any():
            continue
        rows = both.loc[differs, [row_id, f"{key}_steward", "event_timestamp"]]
        rows.columns = [row_id, key, "t"]
        rows["t"] = pd.to_datetime(rows["t"], utc=True)
        features = pd.read_parquet(view["parquet"], columns=[key, spec["eventTime"]],
                                   filters=[(key, "in", list(rows[key].unique()))])
        candidates = rows.merge(features, on=key)
        event = pd.to_datetime(candidates[spec["eventTime"]], utc=True)
        window = event <= candidates["t"]
        if view["ttlSeconds"]:
            window &= event >= candidates["t"] - pd.Timedelta(seconds=view["ttlSeconds"])
        candidates = candidates[window]
        latest = candidates.groupby(row_id)[spec["eventTime"]].transform("max")
        tied = candidates[candidates[spec["eventTime"]] == latest].groupby(row_id).size()
        result[view["name"]] = {"rows": int(differs.sum()), "atTies": int((tied > 1).sum())}
    return result


def _differs(left, right, kind):
    """Where two columns disagree: one null and not the other, or both present and unequal."""
    if kind in ("int64", "float64"):
        a = pd.to_numeric(left, errors="coerce").astype("float64").to_numpy()
        b = pd.to_numeric(right, errors="coerce").astype("float64").to_numpy()
        a_null, b_null = np.isnan(a), np.isnan(b)
        with np.errstate(invalid="ignore"):
            if kind == "int64":
                equal = a == b
            else:
                equal = np.abs(a - b) <= RELATIVE_TOLERANCE * np.maximum(np.abs(a), np.abs(b))
        return (a_null != b_null) | (~a_null & ~b_null & ~equal)
    a = left.astype(object).where(left.notna(), None).to_numpy()
    b = right.astype(object).where(right.notna(), None).to_numpy()
    if kind == "bool":
        a = np.array([None if v is None else bool(v) for v in a], dtype=object)
        b = np.array([None if v is None else bool(v) for v in b], dtype=object)
    a_null = np.array([v is None for v in a])
    b_null = np.array([v is None for v in b])
    return (a_null != b_null) | (~a_null & ~b_null & (a != b))


def _plain(value):
    """A value as JSON can hold it."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return value if isinstance(value, (int, float, bool, str)) else str(value)


if __name__ == "__main__":
    main()
