"""The :class:`Steward` client: the platform's REST API as a data scientist uses it from a notebook."""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import os
import time
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence, Union

from . import _config, _csv
from ._config import FEATURE_STORE, GOVERNANCE, MODEL_REGISTRY
from ._http import Part, Tokens, Transport, multipart
from .errors import IntegrityError, StewardError
from .features import OnlineFeatures, TrainingSet, frame_csv, snapshot_frame
from .registry import ModelVersion

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = ["Steward"]

PathLike = Union[str, "os.PathLike[str]"]
_BATCH_TYPES = {".csv": "text/csv", ".jsonl": "application/x-ndjson", ".ndjson": "application/x-ndjson",
                ".parquet": "application/vnd.apache.parquet"}
_CHUNK = 1 << 20


def _segment(name: str) -> str:
    """A path segment, so that a name can never reach another resource."""
    return urllib.parse.quote(str(name), safe="")


class Steward:
    """A connection to one Steward platform, as one identity.

    Examples::

        steward = Steward(identity="dana")                # the embedded platform (make demo), demo issuer
        steward = Steward(host="steward.bank.internal", token=os.environ["IDP_TOKEN"])
        steward = Steward()                               # STEWARD_TOKEN and STEWARD_*_URL, as the CLI

    Args:
        base_urls: per-service URLs, by key: ``feature_store``, ``model_registry``, ``deployment``,
            ``monitoring``, ``governance``, ``issuer``.
        host: a host serving every service on its documented port (8081-8085, issuer 8090).
        token: the bearer token to send. Without it and without ``identity``, ``STEWARD_TOKEN``.
        identity: a demo identity (``dana``, ``vera``, …) whose token the embedded issuer signs; the
            demo issuer only exists in the embedded platform and the tests.
        timeout: seconds any single request may take. Building a large training set is a job the
            client follows, so it is bounded by ``training_set(timeout=...)`` instead.
        env: the environment to read (default ``os.environ``), for tests and for notebooks that
            keep several platforms apart.
    """

    def __init__(self, base_urls: Mapping[str, str] | None = None, *, host: str | None = None,
                 token: str | None = None, identity: str | None = None, timeout: float = 30.0,
                 env: Mapping[str, str] | None = None) -> None:
        env = os.environ if env is None else env
        self.urls = _config.resolve_urls(base_urls, host, env)
        self._tokens = Tokens(token, identity, env)
        self._http = Transport(self.urls, self._tokens, timeout)
        self._tokens.transport = self._http

    def __repr__(self) -> str:  # never the token
        who = f"identity={self._tokens.identity!r}" if self._tokens.identity else "token"
        return f"Steward({self.urls[FEATURE_STORE.key]} …, {who})"

    # ------------------------------------------------------------------ feature store

    def apply_definitions(self, definitions: PathLike | str, dry_run: bool = False) -> dict[str, Any]:
        """Plans a definition document (YAML or JSON) against the catalog and, unless ``dry_run``, applies it.

        ``definitions`` is a file path or the document's text. Returns the plan: ``changesAnything``
        and each change. Applying the same document twice changes nothing, so notebooks may run this
        cell on every start.
        """
        text = _read_text_or_path(definitions)
        is_json = text.lstrip().startswith("{")
        return self._http.request(FEATURE_STORE, "POST", "/api/v1/definitions", query={"dryRun": dry_run},
                                  body=text.encode("utf-8"),
                                  content_type="application/json" if is_json else "application/yaml").json()

    def ingest(self, feature_view: str, rows: "pandas.DataFrame | PathLike | bytes", *,
               version: int | None = None) -> dict[str, Any]:
        """Lands a batch of rows in a feature view's offline store.

        ``rows`` is a DataFrame (sent as CSV), a ``.csv``/``.jsonl``/``.parquet`` file, or CSV bytes.
        The store validates the whole batch first; a refused batch raises :class:`StewardError`
        (422) whose ``problem`` holds the report, row by row.
        """
        body, content_type = _batch(rows)
        return self._http.request(FEATURE_STORE, "POST", f"/api/v1/feature-views/{_segment(feature_view)}/batches",
                                  query={"version": version}, body=body, content_type=content_type).json()

    def online_features(self, feature_service: str, entities: Sequence[Mapping[str, Any]],
                        request_features: Sequence[Mapping[str, Any]] | None = None, *,
                        version: int | None = None) -> OnlineFeatures:
        """What a decision would see now: each entity's values and a status per value.

        ``entities`` holds one mapping of join keys per entity; ``request_features`` one mapping per
        entity of the values a channel sends with the request (transformations need them). A value
        past its view's ttl comes back EXPIRED rather than stale.
        """
        body: dict[str, Any] = {"featureService": feature_service, "entities": list(entities)}
        if version is not None:
            body["version"] = version
        if request_features is not None:
            body["requestFeatures"] = list(request_features)
        return OnlineFeatures.from_json(self._http.request(FEATURE_STORE, "POST", "/api/v1/online-features",
                                                           json_body=body).json())

    def training_set(self, feature_service: str, entity_rows: "pandas.DataFrame | PathLike | bytes", *,
                     version: int | None = None, exclude_created_after: bool = False, name: str | None = None,
                     timeout: float = 2 * 3600) -> TrainingSet:
        """Builds a point-in-time training set and returns it with its rows as a DataFrame.

        ``entity_rows`` holds the join keys, ``event_time`` (with a zone), any request features and
        extra columns such as the label: a DataFrame, a CSV file, or CSV bytes. For each row the store
        joins each view's latest values as of ``event_time`` within the ttl; ``exclude_created_after``
        also keeps out rows that landed after it (late backfills). A large set is built as a job,
        which this follows for up to ``timeout`` seconds.

        The rows are downloaded as the canonical CSV and their SHA-256 is checked against the
        snapshot's content hash before they are returned, so ``result.lineage()`` provably names the
        data the model will learn from. A mismatch raises :class:`IntegrityError`.
        """
        body = frame_csv(entity_rows) if _is_frame(entity_rows) else _bytes_or_file(entity_rows)
        answer = self._http.request(FEATURE_STORE, "POST", "/api/v1/training-sets", body=body, content_type="text/csv",
                                    query={"featureService": feature_service, "version": version,
                                           "excludeCreatedAfter": exclude_created_after, "name": name})
        record = answer.json()
        if answer.status == 202:
            record = self._await_job(record["jobId"], timeout, "building the training set")["result"]
        return self.load_training_set(record)

    def load_training_set(self, training_set: str | Mapping[str, Any]) -> TrainingSet:
        """An existing snapshot, by id (e.g. a registered version's ``lineage['trainingSet']['id']``), verified.

        For a validator or a reproduction: the same rows the author trained on, proven by their hash.
        """
        record = training_set if isinstance(training_set, Mapping) else self._http.request(
            FEATURE_STORE, "GET", f"/api/v1/training-sets/{_segment(training_set)}").json()
        snapshot = TrainingSet.from_record(record)
        text = self._verified_snapshot(snapshot)
        return TrainingSet.from_record(record, snapshot_frame(text, snapshot.columns))

    def verify_training_set(self, training_set: str) -> dict[str, Any]:
        """Has the feature store hash a snapshot's rows again: ``intact``, the recorded ``contentSha256`` and the
        ``actualSha256`` of the rows as they are now (validators, auditors)."""
        return self._http.request(FEATURE_STORE, "GET", f"/api/v1/training-sets/{_segment(training_set)}/verify").json()

    def materialize(self, feature_view: str, end: str | datetime.datetime, *,
                    start: str | datetime.datetime | None = None, incremental: bool = False,
                    version: int | None = None, timeout: float = 3600) -> dict[str, Any]:
        """Copies the latest row per key with event time up to ``end`` (from ``start``, or since the last run
        when ``incremental``) to the online store, and waits for the job. Times are ISO instants or datetimes
        with a zone. An ML engineer's or operations' task: online reads only serve what was materialised.
        Returns the finished job.
        """
        body = {"featureView": feature_view, "version": version, "incremental": incremental,
                "end": _csv.write_field(end), "start": _csv.write_field(start) or None}
        job = self._http.request(FEATURE_STORE, "POST", "/api/v1/materializations",
                                 json_body={k: v for k, v in body.items() if v is not None}).json()
        return self._await_job(job["id"], timeout, f"materialising {feature_view}")

    def _await_job(self, job_id: str, timeout: float, what: str) -> dict[str, Any]:
        """Polls the feature store's job until it succeeded (returned) or failed (raised)."""
        path = f"/api/v1/jobs/{_segment(job_id)}"
        return _follow(lambda: self._http.request(FEATURE_STORE, "GET", path).json(), "state", timeout,
                       FEATURE_STORE.display_name, f"the feature store's job {job_id} {what}", "error", path)

    def _verified_snapshot(self, snapshot: TrainingSet) -> str:
        digest = hashlib.sha256()
        chunks: list[bytes] = []
        path = f"/api/v1/training-sets/{_segment(snapshot.id)}/data"
        with self._http.open(FEATURE_STORE, "GET", path, query={"format": "csv"}, timeout=max(self._http.timeout, 600)) \
                as answer:
            announced = answer.headers.get("Repr-Digest")
            try:
                while chunk := answer.read(_CHUNK):
                    digest.update(chunk)
                    chunks.append(chunk)
            except OSError as e:
                raise StewardError(f"the download of training set {snapshot.id} broke off", str(e),
                                   service=FEATURE_STORE.display_name) from None
        actual = digest.hexdigest()
        if actual != snapshot.sha256:
            raise IntegrityError(f"training set {snapshot.id} is not the recorded snapshot",
                                 f"the rows received hash to SHA-256 {actual}, the feature store recorded "
                                 f"{snapshot.sha256}; do not train on them", service=FEATURE_STORE.display_name)
        if announced and announced != "sha-256=:" + base64.b64encode(bytes.fromhex(actual)).decode("ascii") + ":":
            raise IntegrityError(f"training set {snapshot.id} was sent with a different digest",
                                 f"Repr-Digest {announced} does not match the rows received (SHA-256 {actual})",
                                 service=FEATURE_STORE.display_name)
        return b"".join(chunks).decode("utf-8")

    # ------------------------------------------------------------------ model registry

    def register_model(self, name: str, *, use_case: str, risk_tier: int, owner: str | None = None,
                       description: str | None = None, intended_use: str | None = None,
                       limitations: str | None = None, protected_attributes: Sequence[str] | None = None,
                       decision_policy: Mapping[str, Any] | None = None, reason_codes: Mapping[str, str] | None = None,
                       kpis: Sequence[Mapping[str, Any]] | None = None) -> dict[str, Any]:
        """Registers a model with its card (README, "The model registry"); returns the registered model.

        ``use_case`` (credit, fraud, aml, propensity, other) and ``risk_tier`` select the policy gates
        the model will face and are fixed here; the card can change later by merge patch.
        """
        card = {"name": name, "useCase": use_case, "riskTier": risk_tier, "owner": owner, "description": description,
                "intendedUse": intended_use, "limitations": limitations,
                "protectedAttributes": list(protected_attributes) if protected_attributes is not None else None,
                "decisionPolicy": decision_policy, "reasonCodes": reason_codes,
                "kpis": list(kpis) if kpis is not None else None}
        return self._http.request(MODEL_REGISTRY, "POST", "/api/v1/models",
                                  json_body={k: v for k, v in card.items() if v is not None}).json()

    def get_model(self, name: str) -> dict[str, Any]:
        return self._http.request(MODEL_REGISTRY, "GET", f"/api/v1/models/{_segment(name)}").json()

    def register_version(self, model: str, artifact: bytes | PathLike, *, input_signature: Mapping[str, Any],
                         format: str = "onnx", training_set: TrainingSet | None = None,
                         lineage: Mapping[str, Any] | None = None, metrics: Mapping[str, Any] | None = None,
                         params: Mapping[str, Any] | None = None, description: str | None = None) -> ModelVersion:
        """Registers a trained artifact as a new version, sent as multipart like the training pipeline does.

        ``training_set`` fills the lineage's ``trainingSet {id, sha256}`` and ``featureViews`` from
        the verified snapshot; ``lineage`` adds the rest (``label``, ``windows``, ``code``,
        ``environment``, ``seeds``, ``pipelineSpec``). Everything is optional, and the answer's
        ``reproducibility`` says what the registry still finds missing. The artifact's SHA-256 is sent
        too, so an upload damaged on the way is refused instead of registered.
        """
        content = _bytes_or_file(artifact)
        merged = dict(training_set.lineage()) if training_set is not None else {}
        for key, value in (lineage or {}).items():
            if key in merged and merged[key] != value:
                raise ValueError(f"lineage[{key!r}] contradicts the training set passed: {value!r} vs {merged[key]!r}")
            merged[key] = value
        metadata = {"format": format, "inputSignature": dict(input_signature), "metrics": dict(metrics or {}),
                    "params": dict(params or {}), "lineage": merged,
                    "artifactSha256": hashlib.sha256(content).hexdigest()}
        if description is not None:
            metadata["description"] = description
        filename = Path(os.fspath(artifact)).name if not isinstance(artifact, bytes) else f"model.{format}"
        body, content_type = multipart([
            Part("metadata", json.dumps(metadata).encode("utf-8"), "application/json"),
            Part("artifact", content, "application/octet-stream", filename=filename)])
        return ModelVersion.from_json(self._http.request(
            MODEL_REGISTRY, "POST", f"/api/v1/models/{_segment(model)}/versions", body=body, content_type=content_type,
            timeout=max(self._http.timeout, 300)).json())

    def version(self, model: str, version: int) -> ModelVersion:
        """A version, with the reproducibility evidence the registry finds present and missing."""
        return ModelVersion.from_json(self._http.request(
            MODEL_REGISTRY, "GET", f"/api/v1/models/{_segment(model)}/versions/{int(version)}").json())

    def versions(self, model: str) -> list[ModelVersion]:
        return [ModelVersion.from_json(v) for v in self._http.request(
            MODEL_REGISTRY, "GET", f"/api/v1/models/{_segment(model)}/versions").json()]

    def compare(self, model: str, a: int, b: int) -> dict[str, Any]:
        """Metrics of versions ``a`` and ``b`` side by side with ``b - a``, and the params and lineage that differ."""
        return self._http.request(MODEL_REGISTRY, "GET", f"/api/v1/models/{_segment(model)}/versions/compare",
                                  query={"a": int(a), "b": int(b)}).json()

    def reproduce(self, model: str, version: int, *, rebuild_from_sources: bool = True, wait: bool = True,
                  timeout: float = 1800.0) -> dict[str, Any]:
        """Asks the registry to rerun a version's recorded pipeline on its recorded snapshot.

        The answer's ``verdict`` is ``IDENTICAL`` (the same artifact bytes) or ``DIFFERS``, with each
        difference by kind (data, code, environment, params, artifact). ``rebuild_from_sources`` also
        rebuilds the join from today's sources, which needs a role allowed to create training sets: a
        validator checks the recorded snapshot alone with ``False``. The registry reads the feature
        store with this client's token, so the rerun sees only what this identity may see. Without
        ``wait`` the queued reproduction is returned at once; poll it with :meth:`reproduction`.
        A reproduction that could not run raises :class:`StewardError` with the registry's reason.
        """
        path = f"/api/v1/models/{_segment(model)}/versions/{int(version)}/reproductions"
        queued = self._http.request(MODEL_REGISTRY, "POST", path,
                                    json_body={"rebuildFromSources": bool(rebuild_from_sources)}).json()
        if not wait:
            return queued
        return _follow(lambda: self.reproduction(model, version, queued["id"]), "status", timeout,
                       MODEL_REGISTRY.display_name, f"the reproduction of {model} version {version}", "failure",
                       f"{path}/{queued['id']}")

    def reproduction(self, model: str, version: int, reproduction_id: str) -> dict[str, Any]:
        """One reproduction of a version: its status and, once it has run, its verdict and differences."""
        return self._http.request(MODEL_REGISTRY, "GET", f"/api/v1/models/{_segment(model)}/versions/{int(version)}"
                                  f"/reproductions/{_segment(reproduction_id)}").json()

    # ------------------------------------------------------------------ governance (read only)

    def evidence(self, model: str, version: int) -> dict[str, Any]:
        """The latest evidence governance computed for a version (discrimination, calibration, fairness, …)."""
        return self._http.request(GOVERNANCE, "GET",
                                  f"/api/v1/models/{_segment(model)}/versions/{int(version)}/evidence").json()

    def audit_verify(self) -> dict[str, Any]:
        """Recomputes the audit chain: ``intact``, the count and head hash, or the first broken link (auditors)."""
        return self._http.request(GOVERNANCE, "GET", "/api/v1/audit/verify").json()


def _follow(fetch: Callable[[], dict[str, Any]], field: str, timeout: float, service: str, what: str,
            reason_field: str, path: str) -> dict[str, Any]:
    """Polls a job-like resource until its ``field`` is SUCCEEDED (returned) or FAILED (raised with its reason)."""
    deadline = time.monotonic() + timeout
    while True:
        body = fetch()
        state = str(body.get(field, "")).upper()
        if state == "SUCCEEDED":
            return body
        if state == "FAILED":
            raise StewardError(f"{what} failed", body.get(reason_field) or "no reason given", service=service)
        if time.monotonic() > deadline:
            raise StewardError(f"{what} has not finished in {timeout:g} s",
                               f"it is {state or 'unknown'}; poll GET {path}", service=service)
        time.sleep(0.5)


def _is_frame(value: Any) -> bool:
    return type(value).__name__ == "DataFrame" and type(value).__module__.startswith("pandas")


def _bytes_or_file(value: Any) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, (str, os.PathLike)):
        return Path(value).read_bytes()
    raise TypeError(f"expected bytes or a file path, not {type(value).__name__}")


def _batch(rows: Any) -> tuple[bytes, str]:
    if _is_frame(rows):
        return frame_csv(rows), "text/csv"
    if isinstance(rows, (bytes, bytearray)):
        return bytes(rows), "text/csv"
    suffix = Path(os.fspath(rows)).suffix.lower()
    if suffix not in _BATCH_TYPES:
        raise ValueError(f"cannot tell the format of {rows}: name it .csv, .jsonl or .parquet")
    return _bytes_or_file(rows), _BATCH_TYPES[suffix]


def _read_text_or_path(value: Any) -> str:
    """A document's text: the file ``value`` names, or ``value`` itself when it is the document."""
    if isinstance(value, os.PathLike):
        return Path(value).read_text(encoding="utf-8")
    text = str(value)
    if "\n" not in text and Path(text.strip()).suffix.lower() in (".yaml", ".yml", ".json"):
        return Path(text.strip()).read_text(encoding="utf-8")  # a path: a typo must fail here, not as bad YAML
    return text
