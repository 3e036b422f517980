"""Train scikit-learn pipelines on German credit, export them to ONNX with skl2onnx, and write scikit-learn's own
probabilities beside them, so that OnnxSklearnParityTest can check the Java runtime against scikit-learn.

Usage: export_sklearn.py OUTDIR

For each model NAME it writes OUTDIR/NAME.onnx and OUTDIR/NAME.expected.json:
  {"features": [{"name": ..., "type": "NUMBER" | "STRING"}, ...],   the model's inputs, in order
   "rows": [{feature: value, ...}, ...],                             the held-out rows
   "probabilities": [...]}                                           predict_proba[:, 1] (bad) per row
and OUTDIR/versions.json with the library versions. Python floats are written as their shortest repr, which reads
back as the same float64. Nothing is pickled.
"""

import json
import sys
from pathlib import Path

import numpy as np
import onnx
import pandas as pd
import sklearn
import skl2onnx
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType, StringTensorType
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

DATA = Path(__file__).resolve().parents[4] / "examples" / "german-credit" / "data" / "german_credit.csv"
NUMERIC = [
    "duration_in_month",
    "credit_amount",
    "installment_rate_in_percentage_of_disposable_income",
    "present_residence_since",
    "age_in_years",
    "number_of_existing_credits_at_this_bank",
    "number_of_people_being_liable_to_provide_maintenance_for",
]
CATEGORICAL = ["status_of_existing_checking_account", "credit_history", "purpose", "savings_account_and_bonds"]
SEED = 20240601
# Opsets that every ONNX Runtime from 1.17 on executes, the Java one included.
TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}


def export(name, pipeline, initial_types, x_train, y_train, x_test, features, out_dir):
    pipeline.fit(x_train, y_train)
    model = to_onnx(
        pipeline,
        initial_types=initial_types,
        options={id(pipeline.steps[-1][1]): {"zipmap": False}},
        target_opset=TARGET_OPSET,
    )
    (out_dir / f"{name}.onnx").write_bytes(model.SerializeToString())
    rows = x_test if isinstance(x_test, pd.DataFrame) else pd.DataFrame(x_test.astype(np.float64), columns=NUMERIC)
    expected = {
        "features": features,
        "rows": rows.to_dict(orient="records"),
        "probabilities": pipeline.predict_proba(x_test)[:, 1].tolist(),
    }
    (out_dir / f"{name}.expected.json").write_text(json.dumps(expected))


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    data = pd.read_csv(DATA)
    y = (data["creditability"] == "bad").astype(np.int64).to_numpy()
    train, test = train_test_split(np.arange(len(data)), test_size=0.3, random_state=SEED, stratify=y)

    # Numeric pipelines see float32, as ONNX Runtime will: both sides then score the very same inputs.
    x = data[NUMERIC].to_numpy(dtype=np.float32)
    numeric_features = [{"name": c, "type": "NUMBER"} for c in NUMERIC]
    matrix = [("features", FloatTensorType([None, len(NUMERIC)]))]
    export("logistic", Pipeline([("scale", StandardScaler()), ("model", LogisticRegression(max_iter=1000))]),
           matrix, x[train], y[train], x[test], numeric_features, out_dir)
    export("gradient_boosting",
           Pipeline([("model", GradientBoostingClassifier(n_estimators=50, max_depth=3, random_state=SEED))]),
           matrix, x[train], y[train], x[test], numeric_features, out_dir)

    # A column transformer over a data frame: one ONNX input per column, strings included.
    frame = data[NUMERIC + CATEGORICAL]
    mixed = Pipeline([
        ("columns", ColumnTransformer([
            ("numeric", StandardScaler(), NUMERIC),
            ("categorical", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
        ])),
        ("model", LogisticRegression(max_iter=1000)),
    ])
    per_column = [(c, FloatTensorType([None, 1])) for c in NUMERIC] + [(c, StringTensorType([None, 1])) for c in CATEGORICAL]
    export("mixed_logistic", mixed, per_column, frame.iloc[train], y[train], frame.iloc[test],
           numeric_features + [{"name": c, "type": "STRING"} for c in CATEGORICAL], out_dir)

    versions = {
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "scikit-learn": sklearn.__version__,
        "skl2onnx": skl2onnx.__version__,
        "onnx": onnx.__version__,
    }
    (out_dir / "versions.json").write_text(json.dumps(versions, indent=2) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: export_sklearn.py OUTDIR")
    main(Path(sys.argv[1]))
