"""What the model registry answers, as typed values, and the lineage a notebook can prove by itself."""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, Mapping, Sequence

__all__ = ["EvidenceItem", "ReproducibilityEvidence", "ModelVersion", "environment", "input_signature"]


@dataclass(frozen=True)
class EvidenceItem:
    """One kind of evidence (``training-set``, ``code-version``, ``seeds``, …) and the registry's sentence on it."""

    evidence: str
    detail: str


@dataclass(frozen=True)
class ReproducibilityEvidence:
    """What a version's lineage proves and what it lacks, as the registry judged it.

    A validator reads this before anything else: a notebook model missing its seeds or code version
    cannot be rebuilt, and the registry says so rather than refusing it.
    """

    complete: bool
    present: tuple[EvidenceItem, ...]
    missing: tuple[EvidenceItem, ...]

    @classmethod
    def from_json(cls, body: Mapping[str, Any] | None) -> "ReproducibilityEvidence":
        body = body or {}

        def items(key: str) -> tuple[EvidenceItem, ...]:
            return tuple(EvidenceItem(i.get("evidence", ""), i.get("detail", "")) for i in body.get(key) or [])

        return cls(bool(body.get("complete")), items("present"), items("missing"))

    @property
    def present_kinds(self) -> list[str]:
        return [i.evidence for i in self.present]

    @property
    def missing_kinds(self) -> list[str]:
        return [i.evidence for i in self.missing]

    def __str__(self) -> str:
        lines = [f"present  {i.evidence}: {i.detail}" for i in self.present]
        lines += [f"MISSING  {i.evidence}: {i.detail}" for i in self.missing]
        return "\n".join(lines) if lines else "no evidence reported"


@dataclass(frozen=True)
class ModelVersion:
    """A registered version; ``record`` keeps the registry's whole answer for anything not lifted out here."""

    model: str
    version: int
    status: str
    format: str
    artifact_sha256: str
    lineage: Mapping[str, Any]
    metrics: Mapping[str, Any]
    reproducibility: ReproducibilityEvidence
    record: Mapping[str, Any] = field(repr=False)

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> "ModelVersion":
        return cls(model=body.get("model", ""), version=int(body.get("version") or 0), status=body.get("status", ""),
                   format=body.get("format", ""), artifact_sha256=body.get("artifactSha256", ""),
                   lineage=body.get("lineage") or {}, metrics=body.get("metrics") or {},
                   reproducibility=ReproducibilityEvidence.from_json(body.get("reproducibilityEvidence")),
                   record=dict(body))


def environment(*distributions: str) -> dict[str, str]:
    """The installed versions of ``distributions`` (e.g. ``"scikit-learn", "skl2onnx"``) and of Python itself.

    For the lineage's ``environment``: the registry counts it as evidence, and a validator can rebuild
    the notebook's environment from it. A distribution that is not installed is refused here rather
    than recorded wrongly.
    """
    versions = {"python": platform.python_version()}
    for name in distributions:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            raise ValueError(f"{name} is not installed in {sys.prefix}; record only what trained the model") from None
    return versions


def input_signature(frame: Any, *, feature_service: str | None = None,
                    request_features: Sequence[str] = ()) -> dict[str, Any]:
    """The ``inputSignature`` of a model fed ``frame``'s columns, in the frame's (= the model's) order.

    Types come from the dtypes: numbers, booleans, and anything else as a string. ``feature_service``
    pins where serving gets the stored features (``TrainingSet.pinned_feature_service``);
    ``request_features`` names the columns a channel sends with each request.
    """
    import pandas as pd

    def kind(dtype: Any) -> str:
        if pd.api.types.is_bool_dtype(dtype):
            return "boolean"
        return "number" if pd.api.types.is_numeric_dtype(dtype) else "string"

    fields = [{"name": str(name), "type": kind(dtype)} for name, dtype in frame.dtypes.items()]
    types = {f["name"]: f["type"] for f in fields}
    unknown = [name for name in request_features if name not in types]
    if unknown:
        raise ValueError(f"request features {unknown} are not columns of the frame")
    signature: dict[str, Any] = {"fields": fields,
                                 "requestFeatures": [{"name": n, "type": types[n]} for n in request_features]}
    if feature_service is not None:
        signature["featureService"] = feature_service
    return signature
