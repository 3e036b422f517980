"""The Python side of the reason-codes benchmark: shap.TreeExplainer on the same XGBoost model and applicant.

Usage: reason_codes_shap.py MODEL_JSON APPLICANT_JSON PROTECTED(comma-separated) ITERATIONS

Times, call by call after a warm-up, what a Python service would run for one applicant: shap.TreeExplainer's
shap_values for the row, then the four largest contributions towards decline that are not a protected attribute.
Prints one JSON object: p50_ms, p99_ms, max_ms, iterations, shap and xgboost versions, the contributions (in the
model's feature order) and the reasons (feature names), for the Java side to compare with its own.
"""

import json
import sys
import time

import numpy as np
import shap
import xgboost as xgb


def reasons(contributions, features, protected, top=4):
    candidates = [(-c, f) for c, f in zip(contributions, features) if c > 0 and f.lower() not in protected]
    return [f for _, f in sorted(candidates)[:top]]


def main(model_path, applicant_path, protected_list, iterations):
    booster = xgb.Booster(model_file=model_path)
    features = booster.feature_names
    with open(applicant_path, encoding="utf-8") as f:
        applicant = json.load(f)
    row = np.array([[np.nan if applicant[name] is None else applicant[name] for name in features]], dtype=np.float32)
    protected = {name.lower() for name in protected_list.split(",") if name}
    explainer = shap.TreeExplainer(booster)

    def call():
        values = explainer.shap_values(row)[0]
        return values, reasons(values, features, protected)

    for _ in range(max(200, iterations // 10)):
        call()
    nanos = []
    for _ in range(iterations):
        start = time.perf_counter_ns()
        values, chosen = call()
        nanos.append(time.perf_counter_ns() - start)
    nanos = np.sort(np.array(nanos))
    n = len(nanos)
    print(json.dumps({
        "p50_ms": float(nanos[int(np.ceil(0.50 * n)) - 1]) / 1e6,
        "p99_ms": float(nanos[int(np.ceil(0.99 * n)) - 1]) / 1e6,
        "max_ms": float(nanos[-1]) / 1e6,
        "iterations": n,
        "shap": shap.__version__,
        "xgboost": xgb.__version__,
        "contributions": [float(v) for v in values],
        "reasons": chosen,
    }))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: reason_codes_shap.py MODEL_JSON APPLICANT_JSON PROTECTED ITERATIONS")
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
