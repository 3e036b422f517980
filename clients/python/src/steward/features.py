"""What the feature store answers, as typed values, and the conversions to and from pandas.

pandas is optional: it is imported only when a DataFrame is asked for or given, so the client also
runs in a slim scoring or CI image.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from . import _csv

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = ["Column", "TrainingSet", "EntityFeatures", "OnlineFeatures", "frame_csv", "snapshot_frame"]


@dataclass(frozen=True)
class Column:
    """A training-set column.

    ``type`` is ``int64``, ``float64``, ``bool``, ``string`` or ``timestamp``; ``role`` says where it
    came from: ``key``, ``event_time``, ``request``, ``extra`` (e.g. the label), ``feature`` or
    ``transformation``.
    """

    name: str
    type: str
    role: str


@dataclass(frozen=True)
class TrainingSet:
    """An immutable point-in-time snapshot, with its rows once downloaded and verified.

    ``sha256`` is the snapshot's content hash (of its canonical CSV); the rows in ``frame`` were
    checked against it while downloading. Pass :meth:`lineage` to model registration so the version
    pins exactly this data.
    """

    id: str
    sha256: str
    feature_service: str
    feature_service_version: int
    row_count: int
    columns: tuple[Column, ...]
    feature_views: tuple[str, ...]
    record: Mapping[str, Any] = field(repr=False)
    frame: "pandas.DataFrame | None" = field(default=None, repr=False, compare=False)

    @classmethod
    def from_record(cls, record: Mapping[str, Any], frame: "pandas.DataFrame | None" = None) -> "TrainingSet":
        views = (record.get("lineage") or {}).get("featureViews") or []
        return cls(id=record["id"], sha256=record["contentSha256"], feature_service=record.get("featureService", ""),
                   feature_service_version=int(record.get("featureServiceVersion") or 0),
                   row_count=int(record.get("rowCount") or 0),
                   columns=tuple(Column(c["name"], c["type"], c["role"]) for c in record.get("columns", [])),
                   feature_views=tuple(f"{v['name']}@{v['version']}" for v in views), record=dict(record), frame=frame)

    @property
    def pinned_feature_service(self) -> str:
        """``name@version``, as a version's input signature pins it."""
        return f"{self.feature_service}@{self.feature_service_version}"

    def lineage(self) -> dict[str, Any]:
        """The lineage members this snapshot proves: ``trainingSet {id, sha256}`` and ``featureViews``."""
        return {"trainingSet": {"id": self.id, "sha256": self.sha256}, "featureViews": list(self.feature_views)}


@dataclass(frozen=True)
class EntityFeatures:
    """The features served for one entity; ``statuses`` holds PRESENT, NULL, MISSING or EXPIRED per value."""

    entity: Mapping[str, Any]
    values: Mapping[str, Any]
    statuses: Mapping[str, str]


@dataclass(frozen=True)
class OnlineFeatures:
    """An online read: the service and view versions used, and one result per entity in request order."""

    feature_service: str
    feature_service_version: int
    view_versions: tuple[str, ...]
    results: tuple[EntityFeatures, ...]

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> "OnlineFeatures":
        service = body.get("featureService") or {}
        return cls(feature_service=service.get("name", ""), feature_service_version=int(service.get("version") or 0),
                   view_versions=tuple(f"{v['name']}@{v['version']}" for v in body.get("viewVersions", [])),
                   results=tuple(EntityFeatures(r.get("entity") or {}, r.get("values") or {}, r.get("statuses") or {})
                                 for r in body.get("results", [])))

    def to_frame(self) -> "pandas.DataFrame":
        """One row per entity: its keys and values; the statuses are in ``frame.attrs['statuses']``."""
        import pandas as pd

        frame = pd.DataFrame([{**r.entity, **r.values} for r in self.results])
        frame.attrs["statuses"] = [dict(r.statuses) for r in self.results]
        return frame


def frame_csv(rows: "pandas.DataFrame") -> bytes:
    """A DataFrame as the CSV the feature store reads: entity rows (keys, ``event_time``, request
    features, extras) or a batch for a feature view.

    Time columns without a zone are refused before anything is sent (see :func:`steward._csv.write_field`).
    """
    import pandas as pd

    if not isinstance(rows, pd.DataFrame):
        raise TypeError(f"rows must be a pandas DataFrame, not {type(rows).__name__}")
    for name, dtype in rows.dtypes.items():
        if pd.api.types.is_datetime64_dtype(dtype) and not isinstance(dtype, pd.DatetimeTZDtype):
            raise ValueError(f"column {name!r} holds times without a time zone; localize it (e.g. "
                             f"df[{name!r}].dt.tz_localize('UTC')) so the point-in-time join uses the instant you mean")
    out = [_csv.write_line(str(c) for c in rows.columns)]
    out.extend(_csv.write_line(row) for row in rows.itertuples(index=False, name=None))
    return "".join(out).encode("utf-8")


def snapshot_frame(text: str, columns: Sequence[Column]) -> "pandas.DataFrame":
    """The canonical CSV of a snapshot as a DataFrame typed by the record's columns.

    int64 becomes pandas' nullable ``Int64`` (a missing feature stays missing, not 0 or a float),
    float64 ``float64`` with NaN, bool ``boolean``, timestamp UTC datetimes; text keeps pandas'
    default string dtype for text (missing values as pandas
    shows them).
    """
    import pandas as pd

    records = _csv.read_records(text)
    header = next(records, None)
    expected = [c.name for c in columns]
    if header != expected:
        raise ValueError(f"the snapshot's CSV header {header} is not the recorded columns {expected}")
    cells: list[list[str | None]] = [[] for _ in columns]
    for number, record in enumerate(records, start=2):
        if len(record) != len(columns):
            raise ValueError(f"line {number} of the snapshot has {len(record)} fields, expected {len(columns)}")
        for values, value in zip(cells, record):
            values.append(value)
    return pd.DataFrame({c.name: _series(pd, c, values) for c, values in zip(columns, cells)})


def _series(pd: Any, column: Column, values: list[str | None]) -> Any:
    if column.type == "int64":
        return pd.array([None if v is None else int(v) for v in values], dtype="Int64")
    if column.type == "float64":
        return pd.Series([math.nan if v is None else float(v) for v in values], dtype="float64")
    if column.type == "bool":
        return pd.array([None if v is None else v == "true" for v in values], dtype="boolean")
    if column.type == "timestamp":
        return pd.to_datetime(pd.Series(values, dtype=object), utc=True, format="ISO8601")
    return pd.Series(values)
