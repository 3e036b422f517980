"""Steward's Python client, for notebooks: features in, pandas out, models registered with their lineage.

::

    from steward import Steward
    steward = Steward(identity="dana")
    ts = steward.training_set("german_credit_scorecard", applications)   # verified point-in-time rows
    steward.register_version("my-model", "model.onnx", training_set=ts, input_signature=...)

Every failure is a :class:`StewardError` carrying the service's RFC 9457 problem detail.
"""

from .client import Steward
from .errors import IntegrityError, StewardError
from .features import Column, EntityFeatures, OnlineFeatures, TrainingSet
from .registry import EvidenceItem, ModelVersion, ReproducibilityEvidence, environment, input_signature

__all__ = ["Steward", "StewardError", "IntegrityError", "TrainingSet", "Column", "OnlineFeatures", "EntityFeatures",
           "ModelVersion", "ReproducibilityEvidence", "EvidenceItem", "environment", "input_signature"]
__version__ = "0.1.0.dev0"  # the platform is 0.1.0-SNAPSHOT
