"""A data scientist's notebook on the German credit example, run end to end against a real platform.

steward-local's PythonClientIntegrationTest starts the embedded platform and runs this with the
command line's environment (STEWARD_*_URL, STEWARD_ISSUER_URL); it also runs by hand against
``make demo`` (after the demo, registering the model again is answered 409 and skipped).

Usage: notebook_german_credit.py OUT.json
Writes what the Java side checks independently: the versions registered, the training set pinned,
a few out-of-time rows with scikit-learn's probabilities, and the errors met.
"""

import json
import sys
from pathlib import Path

import pandas as pd
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType, StringTensorType
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from steward import Steward, StewardError, environment, input_signature

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "german-credit"
MODEL = "german-credit-notebook-logistic"
NUMERIC = ["duration_in_month", "credit_amount", "installment_rate", "monthly_installment",
           "account_history__existing_credits"]
CATEGORICAL = ["purpose", "account_history__checking_account", "account_history__credit_history",
               "account_history__savings", "customer_profile__employment_since", "customer_profile__housing"]
VALIDATION, OUT_OF_TIME = pd.Timestamp("2024-04-01", tz="UTC"), pd.Timestamp("2024-09-01", tz="UTC")
SEED = 20240901


def main(out: Path) -> None:
    steward = Steward(identity="dana")
    print(steward)

    # 1. Features as code, then the history they are computed from.
    plan = steward.apply_definitions(EXAMPLE / "features.yaml")
    print("definitions:", "applied" if plan["changesAnything"] else "unchanged")
    assert not steward.apply_definitions(EXAMPLE / "features.yaml", dry_run=True)["changesAnything"]
    profile = pd.read_csv(EXAMPLE / "data" / "customer_profile.csv", keep_default_na=False)
    print("ingested:", steward.ingest("customer_profile", profile).get("rows"),
          steward.ingest("account_history", EXAMPLE / "data" / "account_history.csv").get("rows"))

    for view in ("customer_profile", "account_history"):  # serving's side: an ML engineer's task
        Steward(identity="eli").materialize(view, end=pd.Timestamp.now(tz="UTC"), incremental=True)
    online = steward.online_features("german_credit_scorecard", [{"customer_id": "C00634"}],
                                     [{"credit_amount": 1200, "duration_in_month": 12, "purpose": "car (new)",
                                       "installment_rate": 2}])
    statuses = online.results[0].statuses
    print("online C00634:", statuses["customer_profile__age"], statuses["account_history__checking_account"])

    # 2. A point-in-time training set from the applications, as a DataFrame, verified against its hash.
    applications = pd.read_csv(EXAMPLE / "data" / "applications.csv")
    applications["event_time"] = pd.to_datetime(applications["event_time"], utc=True)
    ts = steward.training_set("german_credit_scorecard", applications)
    frame = ts.frame
    print(f"training set {ts.id}: {len(frame)} rows, sha256 {ts.sha256}, views {ts.feature_views}")
    assert len(frame) == len(applications)

    # 3. Train on the train window, evaluate on the validation and out-of-time windows.
    x = frame[NUMERIC + CATEGORICAL].copy()
    x[NUMERIC] = x[NUMERIC].astype("float64")
    x[CATEGORICAL] = x[CATEGORICAL].astype(object).where(x[CATEGORICAL].notna(), "missing")
    y = frame["bad"].astype("int64").to_numpy()
    train = (frame["event_time"] < VALIDATION).to_numpy()
    validation = ~train & (frame["event_time"] < OUT_OF_TIME).to_numpy()
    development = train | validation
    pipeline = Pipeline([
        ("columns", ColumnTransformer([
            ("numeric", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), NUMERIC),
            ("categorical", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL)])),
        ("model", LogisticRegression(max_iter=1000, random_state=SEED))])
    pipeline.fit(x[train], y[train])
    auc = {window: roc_auc_score(y[rows], pipeline.predict_proba(x[rows])[:, 1])
           for window, rows in (("validation", validation), ("outOfTime", ~development))}
    print("AUC", auc)

    onnx = to_onnx(pipeline, initial_types=[(c, FloatTensorType([None, 1])) for c in NUMERIC]
                   + [(c, StringTensorType([None, 1])) for c in CATEGORICAL],
                   options={id(pipeline.steps[-1][1]): {"zipmap": False}}, target_opset={"": 17, "ai.onnx.ml": 3})

    # 4. Register with the lineage a notebook can prove: no git commit, no pipeline spec.
    try:
        steward.register_model(MODEL, use_case="credit", risk_tier=2, owner="dana",
                               description="German credit logistic regression trained in a notebook",
                               protected_attributes=["customer_profile__age"])
    except StewardError as e:
        if e.status != 409:
            raise
    version = steward.register_version(
        MODEL, onnx.SerializeToString(), format="onnx", training_set=ts,
        input_signature=input_signature(x, feature_service=ts.pinned_feature_service,
                                        request_features=["duration_in_month", "credit_amount", "installment_rate",
                                                          "purpose"]),
        metrics={window: {"auc": value} for window, value in auc.items()}, params={"C": 1.0, "max_iter": 1000},
        lineage={"label": {"definition": "Bad loan: Statlog creditability 'bad'", "source": "applications.csv column bad"},
                 "windows": {"train": {"from": "2023-01-01", "to": "2024-04-01"},
                             "validation": {"from": "2024-04-01", "to": "2024-09-01"},
                             "outOfTime": {"from": "2024-09-01", "to": "2025-01-01"}},
                 "environment": environment("scikit-learn", "skl2onnx", "pandas", "numpy", "steward-client"),
                 "seeds": {"estimator": SEED}})
    print(f"registered {MODEL} v{version.version}; reproducibility:\n{version.reproducibility}")
    assert version.reproducibility.missing_kinds == ["code-version", "pipeline-spec"], version.reproducibility
    assert steward.version(MODEL, version.version).reproducibility == version.reproducibility
    first = steward.versions(MODEL)[0].version
    comparison = steward.compare(MODEL, first, version.version)

    # 5. Errors are one line with the problem's status, title and detail.
    errors = {}
    try:
        steward.training_set("no_such_service", applications.head(3))
    except StewardError as e:
        print("expected:", e)
        errors["unknownFeatureService"] = {"str": str(e), "status": e.status, "title": e.title, "detail": e.detail,
                                           "type": e.type}
    try:
        steward.reproduce(MODEL, version.version)
    except StewardError as e:
        print("expected:", e)
        errors["reproduceWithoutPipeline"] = {"str": str(e), "status": e.status}
    try:
        steward.audit_verify()
    except StewardError as e:
        print("expected:", e)
        errors["auditAsDataScientist"] = {"str": str(e), "status": e.status}
    chain = Steward(identity="audrey").audit_verify()
    print("audit chain intact:", chain["intact"])
    pinned = Steward(identity="audrey").verify_training_set(version.lineage["trainingSet"]["id"])
    assert pinned["intact"] and pinned["actualSha256"] == ts.sha256, pinned

    complete = ~x[~development].isin(["missing"]).any(axis=1).to_numpy() & x[~development].notna().all(axis=1).to_numpy()
    rows = x[~development][complete].head(5)
    out.write_text(json.dumps({
        "model": MODEL, "version": version.version, "artifactSha256": version.artifact_sha256,
        "trainingSet": {"id": ts.id, "sha256": ts.sha256, "rows": len(frame)}, "auc": auc["outOfTime"],
        "online": {"statuses": statuses, "values": online.results[0].values}, "compared": comparison, "auditIntact": chain["intact"], "errors": errors,
        "parity": {"rows": json.loads(rows.to_json(orient="records")),
                   "probabilities": pipeline.predict_proba(rows)[:, 1].tolist()}}, indent=2))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: notebook_german_credit.py OUT.json")
    main(Path(sys.argv[1]))
