"""Where the services are: the same environment variables and defaults as the ``steward`` command line.

A data scientist who has exported ``STEWARD_TOKEN`` and the ``STEWARD_*_URL`` variables for the command
line gets the same platform from a notebook without configuring anything twice.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Mapping
from urllib.parse import urlsplit

__all__ = ["Service", "SERVICES", "ISSUER", "resolve_urls"]


@dataclass(frozen=True)
class Service:
    """One HTTP endpoint: its key in ``base_urls``, its name in messages, its variable and port."""

    key: str
    display_name: str
    env_var: str
    port: int


FEATURE_STORE = Service("feature_store", "feature store", "STEWARD_FEATURE_STORE_URL", 8081)
MODEL_REGISTRY = Service("model_registry", "model registry", "STEWARD_MODEL_REGISTRY_URL", 8082)
DEPLOYMENT = Service("deployment", "deployment", "STEWARD_DEPLOYMENT_URL", 8083)
MONITORING = Service("monitoring", "monitoring", "STEWARD_MONITORING_URL", 8084)
GOVERNANCE = Service("governance", "governance", "STEWARD_GOVERNANCE_URL", 8085)
ISSUER = Service("issuer", "token issuer", "STEWARD_ISSUER_URL", 8090)

SERVICES: tuple[Service, ...] = (FEATURE_STORE, MODEL_REGISTRY, DEPLOYMENT, MONITORING, GOVERNANCE, ISSUER)


def _checked(url: str, where: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{where} is not an http(s) URL with a host: {url!r}")
    return re.sub(r"/+$", "", url)


def resolve_urls(base_urls: Mapping[str, str] | None, host: str | None,
                 env: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each service's base URL, without a trailing slash.

    Precedence, most specific first: ``base_urls[key]``; ``host`` (``http://HOST:PORT`` on the
    documented port); the service's ``STEWARD_*_URL`` variable; ``http://localhost:PORT``.
    Arguments win over the environment because they are what the notebook's author wrote down.
    """
    env = os.environ if env is None else env
    given = dict(base_urls or {})
    unknown = sorted(set(given) - {s.key for s in SERVICES})
    if unknown:
        raise ValueError(f"unknown service(s) in base_urls: {unknown}; known: {[s.key for s in SERVICES]}")
    urls: dict[str, str] = {}
    for service in SERVICES:
        if service.key in given:
            urls[service.key] = _checked(given[service.key], f"base_urls[{service.key!r}]")
        elif host:
            urls[service.key] = _checked(f"http://{host}:{service.port}", "host")
        elif env.get(service.env_var, "").strip():
            urls[service.key] = _checked(env[service.env_var], service.env_var)
        else:
            urls[service.key] = f"http://localhost:{service.port}"
    return urls
