"""The feature store's canonical CSV, both ways.

The store hashes a training set as its canonical CSV (``CanonicalCsv`` in the feature store): a
header, one LF-terminated line per row, UTF-8; a null is an empty field, an empty string is ``""``;
a field is quoted when it is empty or holds a comma, a quote, CR or LF, with quotes doubled. The
client reads exactly that, keeping null and empty text apart (the standard ``csv`` module of Python
3.11 cannot), and writes entity rows by the same rules so the upload means what the DataFrame meant.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any, Iterable, Iterator

__all__ = ["read_records", "write_field", "write_line"]

_SPECIAL = (",", '"', "\n", "\r")


def write_field(value: Any) -> str:
    """The CSV text of one value, as the feature store parses it.

    Nulls (None, NaN, NaT, ``pandas.NA``) are empty. Integral floats are written as integers, because
    pandas turns an integer column with a missing value into floats, and ``2.0`` is not an int64.
    Times must carry a zone: a naive time would be read as UTC by the store, silently shifting every
    point-in-time join of a notebook running in local time.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, bool) or type(value).__name__ in ("bool", "bool_"):  # numpy 2 names it bool
        return "true" if value else "false"
    if isinstance(value, _dt.datetime):  # pandas.Timestamp is one
        if value != value:  # NaT
            return ""
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"time {value} has no time zone; localize it (e.g. Series.dt.tz_localize('UTC')) so the "
                             "point-in-time join uses the instant you mean")
        text = value.astimezone(_dt.timezone.utc).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int) or type(value).__name__.startswith(("int", "uint")):
        return str(int(value))
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        number = float(value)
        if math.isnan(number):
            return ""
        if math.isinf(number):
            raise ValueError(f"{number} cannot be sent: the feature store accepts finite numbers only")
        return str(int(number)) if number.is_integer() and abs(number) < 2 ** 53 else repr(number)
    if str(value) in ("<NA>", "NaT"):
        return ""
    return _text(str(value))


def write_line(values: Iterable[Any]) -> str:
    return ",".join(write_field(v) for v in values) + "\n"


def _text(text: str) -> str:
    if text and not any(c in text for c in _SPECIAL):
        return text
    return '"' + text.replace('"', '""') + '"'


def read_records(text: str) -> Iterator[list[str | None]]:
    """The records of canonical CSV text, header first: ``None`` for an empty field, ``""`` for ``""``.

    Lines without a quote, nearly all of them, are split directly; a quoted field may span lines.
    """
    pending: str | None = None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        if pending is not None:
            line = pending + "\n" + line
            pending = None
        if '"' not in line:
            yield [field or None for field in line.split(",")]
        elif line.count('"') % 2:
            pending = line
        else:
            yield _split_quoted(line)
    if pending is not None:
        raise ValueError("the CSV ends inside a quoted field")


def _split_quoted(record: str) -> list[str | None]:
    fields: list[str | None] = []
    i, n = 0, len(record)
    while True:
        if i < n and record[i] == '"':
            parts = []
            j = i + 1
            while True:
                k = record.find('"', j)
                parts.append(record[j:k])
                if k + 1 < n and record[k + 1] == '"':
                    parts.append('"')
                    j = k + 2
                else:
                    i = k + 1
                    break
            fields.append("".join(parts))
        else:
            k = record.find(",", i)
            k = n if k < 0 else k
            fields.append(record[i:k] or None)
            i = k
        if i >= n:
            return fields
        if record[i] != ",":
            raise ValueError(f"a quoted field is followed by {record[i]!r}, not a comma: {record[:80]!r}")
        i += 1
        if i == n:
            fields.append(None)
            return fields
