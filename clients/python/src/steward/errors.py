"""Errors raised by the client.

Every Steward service answers a failure with an RFC 9457 problem detail. The client turns it into a
:class:`StewardError` that keeps the whole problem, so a notebook shows one line that says what went
wrong ("404 Feature service not found: no feature service named 'x'") instead of a traceback through
``urllib``, and code can still branch on ``status`` or ``type``.
"""

from __future__ import annotations

from typing import Any, Mapping

__all__ = ["StewardError", "IntegrityError"]


def _one_line(text: str) -> str:
    return " ".join(text.split())


class StewardError(Exception):
    """A service refused a request, could not be reached, or answered something unusable.

    Attributes:
        status: the HTTP status, or ``None`` when no answer came (unreachable service, timeout).
        title: the problem's short, fixed summary, e.g. ``"Feature service not found"``.
        detail: what exactly went wrong, in the service's words.
        type: the problem type URI, e.g. ``"urn:steward:problem:not-found"``.
        problem: the whole problem detail as sent, including extension members such as a refused
            batch's validation report; empty when the answer was not a problem detail.
        service: which service answered, e.g. ``"feature store"``.
    """

    def __init__(self, title: str, detail: str = "", *, status: int | None = None, type: str | None = None,
                 problem: Mapping[str, Any] | None = None, service: str | None = None) -> None:
        self.status = status
        self.title = title
        self.detail = detail
        self.type = type
        self.problem: dict[str, Any] = dict(problem or {})
        self.service = service
        super().__init__(str(self))

    @classmethod
    def from_problem(cls, status: int, body: Any, service: str) -> "StewardError":
        """The error for a non-2xx answer; ``body`` is the parsed JSON, or anything else when it was not JSON."""
        problem = body if isinstance(body, dict) else {}
        title = problem.get("title")
        if not isinstance(title, str) or not title:
            return cls(f"{service} answered HTTP {status}", status=status, service=service, problem=problem)
        detail = problem.get("detail")
        kind = problem.get("type")
        return cls(title, detail if isinstance(detail, str) else "", status=status,
                   type=kind if isinstance(kind, str) else None, problem=problem, service=service)

    def __str__(self) -> str:
        head = f"{self.status} {self.title}" if self.status is not None else self.title
        return _one_line(f"{head}: {self.detail}" if self.detail else head)

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(status={self.status!r}, title={self.title!r}, detail={self.detail!r}, "
                f"type={self.type!r})")


class IntegrityError(StewardError):
    """Bytes received are not the bytes the platform recorded (a training-set snapshot whose SHA-256 differs).

    Raised instead of returning data, because a model trained on rows that are not the pinned snapshot
    would carry lineage that lies about what it learned from.
    """
