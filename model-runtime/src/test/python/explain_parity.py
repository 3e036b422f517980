"""Compute the shap package's explanations for models that ExplainParityTest then explains in Java.

Usage: explain_parity.py OUTDIR

Writes, besides OUTDIR/versions.json:
  xgboost.json                   an XGBoost model (German credit, numeric inputs, 5% of values missing)
  xgboost.expected.json          {"features", "rows" (null = missing), "margins": XGBoost's output_margin,
                                  "shap": {"values", "expected"}: shap.TreeExplainer's default, which for XGBoost
                                  returns XGBoost's own pred_contribs (float32),
                                  "shap_cext": {"values"}: shap's own C++ TreeSHAP over the same trees (float64)}
  gradient_boosting.onnx         scikit-learn GradientBoostingClassifier through skl2onnx: no node covers
  gradient_boosting_cover.onnx   the same graph with scikit-learn's weighted_n_node_samples in nodes_hitrates
  gradient_boosting.expected.json {"features", "rows", "background", "margins": decision_function,
                                  "path_dependent": shap.TreeExplainer(model) {"values", "expected"},
                                  "interventional": shap.TreeExplainer(model, background, "interventional")}
  logistic.onnx, logistic.expected.json, mixed_logistic.onnx, random_forest.onnx (+ .expected.json from
                                  export_sklearn.export), logistic.linear.json {"background", "coefficients"}: the
                                  pipeline's margin as a linear function of the raw inputs, whose interventional
                                  Shapley values are exactly coefficient * (x - mean of the background)
Nothing is pickled; floats are written as their shortest repr, which reads back as the same float64.
"""

import json
import sys
from pathlib import Path

import numpy as np
import onnx
import pandas as pd
import shap
import sklearn
import skl2onnx
import xgboost as xgb
from onnx import helper
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from export_sklearn import CATEGORICAL, DATA, NUMERIC, SEED, export

BACKGROUND_ROWS = 100


def rows_json(matrix):
    """Rows as {feature: value}, None where missing, so that the JSON stays standard."""
    return [{name: (None if np.isnan(v) else float(v)) for name, v in zip(NUMERIC, row)} for row in matrix]


def xgboost_model(out_dir, x, y, train, test):
    rng = np.random.default_rng(SEED)
    x = x.copy()
    x[rng.random(x.shape) < 0.05] = np.nan
    train_matrix = xgb.DMatrix(x[train], label=y[train], feature_names=NUMERIC, missing=np.nan)
    params = {"objective": "binary:logistic", "max_depth": 5, "eta": 0.1, "seed": 7, "nthread": 1}
    booster = xgb.train(params, train_matrix, num_boost_round=200)
    booster.save_model(str(out_dir / "xgboost.json"))

    rows = x[test]
    explainer = shap.TreeExplainer(booster)
    values = explainer.shap_values(rows)
    # shap's shortcut for XGBoost hands over to XGBoost's float32 pred_contribs; with the model marked as shap's own
    # it runs its C++ TreeSHAP on the trees it parsed, in float64: an independent implementation.
    own = shap.TreeExplainer(booster)
    own.model.model_type = "internal"
    own_values = own.shap_values(rows, check_additivity=False)
    margins = booster.predict(xgb.DMatrix(rows, feature_names=NUMERIC, missing=np.nan), output_margin=True)
    expected = {
        "features": NUMERIC,
        "rows": rows_json(rows),
        "margins": margins.astype(np.float64).tolist(),
        "shap": {"values": values.astype(np.float64).tolist(), "expected": float(explainer.expected_value)},
        "shap_cext": {"values": own_values.tolist()},
    }
    (out_dir / "xgboost.expected.json").write_text(json.dumps(expected))


def with_cover(model_proto, gradient_boosting):
    """The same ONNX graph with each node's training weight in nodes_hitrates, checked node by node against the trees."""
    model = onnx.ModelProto()
    model.CopyFrom(model_proto)
    node = next(n for n in model.graph.node if n.op_type == "TreeEnsembleClassifier")
    attributes = {a.name: a for a in node.attribute}
    tree_ids = list(attributes["nodes_treeids"].ints)
    node_ids = list(attributes["nodes_nodeids"].ints)
    features = list(attributes["nodes_featureids"].ints)
    modes = list(attributes["nodes_modes"].strings)
    cover = []
    for tree_id, node_id, feature, mode in zip(tree_ids, node_ids, features, modes):
        tree = gradient_boosting.estimators_[tree_id, 0].tree_
        if mode != b"LEAF":
            assert tree.feature[node_id] == feature, "skl2onnx node ids are scikit-learn's"
        cover.append(float(tree.weighted_n_node_samples[node_id]))
    node.attribute.remove(attributes["nodes_hitrates"])
    node.attribute.append(helper.make_attribute("nodes_hitrates", cover))
    onnx.checker.check_model(model)
    return model


def gradient_boosting(out_dir, x, y, train, test):
    pipeline = Pipeline([("model", GradientBoostingClassifier(n_estimators=50, max_depth=3, random_state=SEED))])
    numeric = [{"name": c, "type": "NUMBER"} for c in NUMERIC]
    matrix = [("features", skl2onnx.common.data_types.FloatTensorType([None, len(NUMERIC)]))]
    export("gradient_boosting", pipeline, matrix, x[train], y[train], x[test], numeric, out_dir)
    model = pipeline.steps[-1][1]
    plain = onnx.load(str(out_dir / "gradient_boosting.onnx"))
    (out_dir / "gradient_boosting_cover.onnx").write_bytes(with_cover(plain, model).SerializeToString())

    rows = x[test].astype(np.float64)
    background = x[train][:BACKGROUND_ROWS].astype(np.float64)
    path_dependent = shap.TreeExplainer(model)
    interventional = shap.TreeExplainer(model, data=background, feature_perturbation="interventional")
    expected = {
        "features": NUMERIC,
        "rows": rows_json(rows),
        "background": rows_json(background),
        "margins": model.decision_function(rows).tolist(),
        "path_dependent": {"values": path_dependent.shap_values(rows).tolist(),
                           "expected": float(np.ravel(path_dependent.expected_value)[0])},
        "interventional": {"values": interventional.shap_values(rows).tolist(),
                           "expected": float(np.ravel(interventional.expected_value)[0])},
    }
    (out_dir / "gradient_boosting.expected.json").write_text(json.dumps(expected))


def other_models(out_dir, data, x, y, train, test):
    numeric = [{"name": c, "type": "NUMBER"} for c in NUMERIC]
    matrix = [("features", skl2onnx.common.data_types.FloatTensorType([None, len(NUMERIC)]))]
    logistic = Pipeline([("scale", StandardScaler()), ("model", LogisticRegression(max_iter=1000))])
    export("logistic", logistic, matrix, x[train], y[train], x[test], numeric, out_dir)
    scale, regression = logistic.named_steps["scale"], logistic.named_steps["model"]
    linear = {
        "background": rows_json(x[train][:BACKGROUND_ROWS].astype(np.float64)),
        "coefficients": (regression.coef_[0] / scale.scale_).tolist(),
    }
    (out_dir / "logistic.linear.json").write_text(json.dumps(linear))

    forest = Pipeline([("model", RandomForestClassifier(n_estimators=20, max_depth=4, random_state=SEED))])
    export("random_forest", forest, matrix, x[train], y[train], x[test], numeric, out_dir)

    frame = data[NUMERIC + CATEGORICAL]
    mixed = Pipeline([
        ("columns", ColumnTransformer([
            ("numeric", StandardScaler(), NUMERIC),
            ("categorical", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
        ])),
        ("model", LogisticRegression(max_iter=1000)),
    ])
    per_column = ([(c, skl2onnx.common.data_types.FloatTensorType([None, 1])) for c in NUMERIC]
                  + [(c, skl2onnx.common.data_types.StringTensorType([None, 1])) for c in CATEGORICAL])
    export("mixed_logistic", mixed, per_column, frame.iloc[train], y[train], frame.iloc[test],
           numeric + [{"name": c, "type": "STRING"} for c in CATEGORICAL], out_dir)


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    data = pd.read_csv(DATA)
    y = (data["creditability"] == "bad").astype(np.int64).to_numpy()
    train, test = train_test_split(np.arange(len(data)), test_size=0.3, random_state=SEED, stratify=y)
    x = data[NUMERIC].to_numpy(dtype=np.float32)

    xgboost_model(out_dir, x, y, train, test)
    gradient_boosting(out_dir, x, y, train, test)
    other_models(out_dir, data, x, y, train, test)

    versions = {
        "numpy": np.__version__,
        "scikit-learn": sklearn.__version__,
        "skl2onnx": skl2onnx.__version__,
        "onnx": onnx.__version__,
        "shap": shap.__version__,
        "xgboost": xgb.__version__,
    }
    (out_dir / "versions.json").write_text(json.dumps(versions, indent=2) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: explain_parity.py OUTDIR")
    main(Path(sys.argv[1]))
