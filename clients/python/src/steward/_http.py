"""HTTP to the services, on the standard library alone.

Kept to ``urllib`` so that installing the client into a bank's locked-down notebook image adds no
dependency to vet. Three rules a bank's security review asks for:

* every request has a timeout, so a notebook cell never hangs on a silent service;
* redirects are not followed, so the bearer token only ever goes to the configured URLs;
* every failure becomes a :class:`~steward.errors.StewardError`, never a raw ``urllib`` traceback.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping, Sequence

from ._config import ISSUER, Service
from .errors import StewardError

__all__ = ["Transport", "Response", "Part", "multipart", "Tokens"]

MAX_ERROR_BODY = 64 * 1024


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102 - refuse, see module doc
        return None


@dataclass(frozen=True)
class Response:
    """A successful answer: status, headers (lower-case names) and the body's bytes."""

    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass(frozen=True)
class Part:
    """One part of a ``multipart/form-data`` body."""

    name: str
    content: bytes
    content_type: str
    filename: str | None = None


def multipart(parts: Sequence[Part]) -> tuple[bytes, str]:
    """The body and its ``Content-Type``, encoded as the Java clients do (CRLF, a random boundary)."""
    boundary = f"steward-{uuid.uuid4()}"
    out = bytearray()
    for part in parts:
        disposition = f'form-data; name="{part.name}"'
        if part.filename is not None:
            disposition += f'; filename="{part.filename}"'
        out += (f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
                f"Content-Type: {part.content_type}\r\n\r\n").encode("utf-8")
        out += part.content
        out += b"\r\n"
    out += f"--{boundary}--\r\n".encode("ascii")
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def with_query(path: str, query: Mapping[str, Any] | None) -> str:
    """``path`` with the non-None ``query`` values appended; booleans as ``true``/``false`` as Java expects."""
    if not query:
        return path
    pairs = [(k, ("true" if v else "false") if isinstance(v, bool) else str(v)) for k, v in query.items() if v is not None]
    return f"{path}?{urllib.parse.urlencode(pairs)}" if pairs else path


class Transport:
    """Requests to the platform's services, each with a timeout and the current bearer token."""

    def __init__(self, urls: Mapping[str, str], token: Callable[[], str | None], timeout: float) -> None:
        self._urls = dict(urls)
        self._token = token
        self.timeout = timeout
        self._opener = urllib.request.build_opener(_NoRedirect)

    def url(self, service: Service) -> str:
        return self._urls[service.key]

    def request(self, service: Service, method: str, path: str, *, query: Mapping[str, Any] | None = None,
                json_body: Any = None, body: bytes | None = None, content_type: str | None = None,
                timeout: float | None = None, authenticated: bool = True) -> Response:
        """Sends one request and reads the whole answer; a non-2xx answer raises :class:`StewardError`."""
        with self.open(service, method, path, query=query, json_body=json_body, body=body,
                       content_type=content_type, timeout=timeout, authenticated=authenticated) as answer:
            try:
                data = answer.read()
            except (OSError, socket.timeout) as e:
                raise self._unreachable(service, e) from None
            return Response(answer.status, {k.lower(): v for k, v in answer.headers.items()}, data)

    @contextmanager
    def open(self, service: Service, method: str, path: str, *, query: Mapping[str, Any] | None = None,
             json_body: Any = None, body: bytes | None = None, content_type: str | None = None,
             timeout: float | None = None, authenticated: bool = True) -> Iterator[Any]:
        """The open answer, for reading a large body in chunks; a non-2xx answer raises :class:`StewardError`."""
        if json_body is not None:
            body = json.dumps(json_body).encode("utf-8")
            content_type = "application/json"
        request = urllib.request.Request(self.url(service) + with_query(path, query), data=body, method=method)
        request.add_header("Accept", "application/json, application/problem+json, */*;q=0.5")
        if content_type:
            request.add_header("Content-Type", content_type)
        if authenticated:
            token = self._token()
            if token:
                request.add_header("Authorization", f"Bearer {token}")
        try:
            answer = self._opener.open(request, timeout=self.timeout if timeout is None else timeout)
        except urllib.error.HTTPError as e:
            raise self._refused(service, e) from None
        except (urllib.error.URLError, OSError) as e:
            raise self._unreachable(service, e) from None
        with answer:
            yield answer

    def _refused(self, service: Service, e: urllib.error.HTTPError) -> StewardError:
        try:
            raw = e.read(MAX_ERROR_BODY)
        except OSError:
            raw = b""
        finally:
            e.close()
        try:
            parsed: Any = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return StewardError.from_problem(e.code, parsed, service.display_name)

    def _unreachable(self, service: Service, e: BaseException) -> StewardError:
        reason = getattr(e, "reason", None) or e
        return StewardError(f"cannot reach the {service.display_name} at {self.url(service)}",
                            f"{reason}; start it, or set {service.env_var} (or base_urls) to where it runs",
                            service=service.display_name)


class Tokens:
    """The bearer token: given, issued by the demo issuer for a demo identity, or ``STEWARD_TOKEN``.

    Same order as the command line. A token issued for an identity is renewed a minute before it
    expires, because a notebook kernel easily outlives a token.
    """

    RENEW_BEFORE_SECONDS = 60

    def __init__(self, token: str | None, identity: str | None, env: Mapping[str, str]) -> None:
        if token and identity:
            raise ValueError("pass token or identity, not both")
        self._token = token or None
        self._identity = identity
        if not self._token and not identity:
            self._token = env.get("STEWARD_TOKEN", "").strip() or None
        self._expires_at = float("inf")
        self.transport: Transport | None = None

    @property
    def identity(self) -> str | None:
        return self._identity

    def __call__(self) -> str | None:
        if self._identity and (self._token is None or time.monotonic() > self._expires_at - self.RENEW_BEFORE_SECONDS):
            self._issue()
        return self._token

    def _issue(self) -> None:
        assert self.transport is not None
        answer = self.transport.request(ISSUER, "POST", "/token", authenticated=False,
                                        body=urllib.parse.urlencode({"identity": self._identity}).encode("ascii"),
                                        content_type="application/x-www-form-urlencoded").json()
        token = answer.get("access_token") if isinstance(answer, dict) else None
        if not token:
            raise StewardError("the token issuer answered without an access_token",
                               f"check that {ISSUER.env_var} points at the token issuer", service=ISSUER.display_name)
        self._token = token
        self._expires_at = time.monotonic() + float(answer.get("expires_in") or float("inf"))
