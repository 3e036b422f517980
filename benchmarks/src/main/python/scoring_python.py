"""The Python side of the scoring benchmark: the same XGBoost model and rows, scored one row at a time.

Usage: scoring_python.py MODEL_JSON ROWS_F32 FEATURES ONNX_OUT
       scoring_python.py --onnxruntime-only ONNX_FILE ROWS_F32 FEATURES

MODEL_JSON is the XGBoost JSON model the Java side trained; ROWS_F32 the rows to score, little-endian float32,
row-major, FEATURES values a row, NaN for missing. The script first converts the model to ONNX with onnxmltools
(the standard XGBoost -> ONNX path; a TreeEnsembleClassifier with zipmap off, output `probabilities`) and writes it
to ONNX_OUT for the Java side to load. Then, with the model loaded and warmed up, it times each row with
time.perf_counter_ns, single-threaded (nthread=1; intra_op_num_threads=1, inter_op_num_threads=1):

- xgboost: Booster.inplace_predict on a 1 x FEATURES numpy array (no DMatrix: XGBoost's fast per-row path);
- xgboost-dmatrix: Booster.predict on a 1-row DMatrix (the classic path, for context);
- onnxruntime: InferenceSession.run on a 1 x FEATURES float32 array.

With --onnxruntime-only it times just the onnxruntime path on an ONNX file already converted, in whatever
environment runs it (the peers' one holds the ONNX Runtime version of the Java binding), and needs only numpy and
onnxruntime. Process start, imports, conversion and model loading are outside the timed loop. Prints one JSON object: per path
p50_ms, p99_ms, max_ms (nearest-rank) and the probability of every row, plus the library versions.
"""

import json
import sys
import time

import numpy as np
import onnxruntime as ort

WARM_UP_ROWS = 2_000


def to_onnx(model_json, features, onnx_out):
    import onnxmltools
    import xgboost as xgb
    from onnxmltools.convert.common.data_types import FloatTensorType

    booster = xgb.Booster(model_file=model_json)
    # onnxmltools reads split features as f0, f1, ...: the model's own names only label them, and the ONNX
    # graph takes one matrix whose columns are the features in model order.
    booster.feature_names = None
    model = onnxmltools.convert_xgboost(booster, initial_types=[("features", FloatTensorType([None, features]))])
    with open(onnx_out, "wb") as f:
        f.write(model.SerializeToString())


def latencies(nanos):
    nanos = np.sort(np.array(nanos, dtype=np.int64))
    n = len(nanos)
    return {
        "p50_ms": float(nanos[int(np.ceil(0.50 * n)) - 1]) / 1e6,
        "p99_ms": float(nanos[int(np.ceil(0.99 * n)) - 1]) / 1e6,
        "max_ms": float(nanos[-1]) / 1e6,
        "iterations": n,
    }


def timed(rows, call):
    for i in range(min(WARM_UP_ROWS, len(rows))):
        call(rows[i])
    nanos = []
    probabilities = []
    for row in rows:
        start = time.perf_counter_ns()
        p = call(row)
        nanos.append(time.perf_counter_ns() - start)
        probabilities.append(p)
    result = latencies(nanos)
    result["probabilities"] = [float(p) for p in probabilities]
    return result


def read_rows(rows_file, features):
    matrix = np.fromfile(rows_file, dtype="<f4").reshape(-1, features)
    return [matrix[i:i + 1] for i in range(matrix.shape[0])]


def onnxruntime_path(onnx_file, rows):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    session = ort.InferenceSession(onnx_file, options, providers=["CPUExecutionProvider"])
    return timed(rows, lambda row: session.run(["probabilities"], {"features": row})[0][0, 1])


def main(model_json, rows_file, features, onnx_out):
    import onnxmltools
    import xgboost as xgb

    to_onnx(model_json, features, onnx_out)
    rows = read_rows(rows_file, features)

    booster = xgb.Booster(model_file=model_json)
    booster.set_param({"nthread": 1})
    inplace = timed(rows, lambda row: booster.inplace_predict(row, missing=np.nan)[0])
    names = booster.feature_names
    dmatrix = timed(rows, lambda row: booster.predict(
        xgb.DMatrix(row, missing=np.nan, nthread=1, feature_names=names))[0])
    onnx = onnxruntime_path(onnx_out, rows)

    print(json.dumps({
        "xgboost": inplace,
        "xgboost-dmatrix": dmatrix,
        "onnxruntime": onnx,
        "versions": {"python": sys.version.split()[0], "xgboost": xgb.__version__, "onnxruntime": ort.__version__,
                     "onnxmltools": onnxmltools.__version__, "numpy": np.__version__},
    }))


def onnxruntime_only(onnx_file, rows_file, features):
    print(json.dumps({
        "onnxruntime": onnxruntime_path(onnx_file, read_rows(rows_file, features)),
        "versions": {"python": sys.version.split()[0], "onnxruntime": ort.__version__, "numpy": np.__version__},
    }))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--onnxruntime-only":
        onnxruntime_only(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif len(sys.argv) == 5:
        main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit("usage: scoring_python.py MODEL_JSON ROWS_F32 FEATURES ONNX_OUT\n"
                 "       scoring_python.py --onnxruntime-only ONNX_FILE ROWS_F32 FEATURES")
