#!/usr/bin/env python3
"""fairlearn's fairness metrics for the rows a Java test wrote, as JSON, so the test can compare Steward's numbers.

Usage: fairlearn_metrics.py ROWS.csv OUT.json ATTRIBUTE [ATTRIBUTE ...]

ROWS.csv has one column per protected attribute (the group as text), y_true (1 = good outcome, the favourable
label) and y_pred (1 = approved, the favourable decision). For every attribute the output holds fairlearn's
MetricFrame by group (count, selection_rate, true/false positive and false negative rates, and the selection rate of
the labels, i.e. the base rate), fairlearn's between-groups aggregates, and AIF360's per-group comparisons
(disparate_impact, statistical_parity_difference, equal_opportunity_difference, average_odds_difference) taken
against the most-favoured group (highest selection rate, then the larger group, then the first in order).
"""
import json
import sys

import pandas as pd
from fairlearn.metrics import (MetricFrame, count, demographic_parity_difference, demographic_parity_ratio,
                               equal_opportunity_difference, equal_opportunity_ratio, equalized_odds_difference,
                               equalized_odds_ratio, false_negative_rate, false_positive_rate, selection_rate,
                               true_positive_rate)


def metrics_for(rows, attribute):
    groups = rows[attribute]
    y_true = rows["y_true"]
    y_pred = rows["y_pred"]
    frame = MetricFrame(
        metrics={"count": count, "selection_rate": selection_rate, "true_positive_rate": true_positive_rate,
                 "false_positive_rate": false_positive_rate, "false_negative_rate": false_negative_rate},
        y_true=y_true, y_pred=y_pred, sensitive_features=groups)
    labels = MetricFrame(metrics=selection_rate, y_true=y_true, y_pred=y_true, sensitive_features=groups)
    by_group = frame.by_group
    order = list(by_group.index)
    reference = order[0]
    for group in order:
        rate, size = by_group.loc[group, "selection_rate"], by_group.loc[group, "count"]
        best_rate, best_size = by_group.loc[reference, "selection_rate"], by_group.loc[reference, "count"]
        if rate > best_rate or (rate == best_rate and size > best_size):
            reference = group
    ref = by_group.loc[reference]
    ref_base = labels.by_group.loc[reference]
    result = {}
    for group in order:
        g = by_group.loc[group]
        base = labels.by_group.loc[group]
        result[str(group)] = {
            "count": int(g["count"]),
            "selection_rate": float(g["selection_rate"]),
            "true_positive_rate": float(g["true_positive_rate"]),
            "false_positive_rate": float(g["false_positive_rate"]),
            "false_negative_rate": float(g["false_negative_rate"]),
            "base_rate": float(base),
            # AIF360 with this group unprivileged and the reference privileged
            "disparate_impact": float(g["selection_rate"] / ref["selection_rate"]),
            "statistical_parity_difference": float(g["selection_rate"] - ref["selection_rate"]),
            "equal_opportunity_difference": float(g["true_positive_rate"] - ref["true_positive_rate"]),
            "average_odds_difference": float(((g["false_positive_rate"] - ref["false_positive_rate"])
                                              + (g["true_positive_rate"] - ref["true_positive_rate"])) / 2),
            "base_rate_ratio": float(base / ref_base),
            "base_rate_difference": float(base - ref_base),
        }
    args = {"y_true": y_true, "y_pred": y_pred, "sensitive_features": groups}
    label_args = {"y_true": y_true, "y_pred": y_true, "sensitive_features": groups}
    return {
        "reference": str(reference),
        "groups": result,
        "demographic_parity_difference": float(demographic_parity_difference(**args)),
        "demographic_parity_ratio": float(demographic_parity_ratio(**args)),
        "equal_opportunity_difference": float(equal_opportunity_difference(**args)),
        "equal_opportunity_ratio": float(equal_opportunity_ratio(**args)),
        "equalized_odds_difference": float(equalized_odds_difference(**args)),
        "equalized_odds_ratio": float(equalized_odds_ratio(**args)),
        "base_rate_difference": float(demographic_parity_difference(**label_args)),
        "base_rate_ratio": float(demographic_parity_ratio(**label_args)),
    }


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    rows_file, out_file, attributes = sys.argv[1], sys.argv[2], sys.argv[3:]
    rows = pd.read_csv(rows_file, dtype={a: str for a in attributes}, keep_default_na=False)
    with open(out_file, "w") as out:
        json.dump({a: metrics_for(rows, a) for a in attributes}, out, indent=1, allow_nan=False)


if __name__ == "__main__":
    main()
