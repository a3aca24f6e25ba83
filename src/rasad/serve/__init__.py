"""`rasad serve`: a local HTTP API and web page over the store.

    app = create_app("sqlite:///rasad.db", token=None)   # read-only
    uvicorn.run(app, host="127.0.0.1", port=8000)

The API is in `api.py`; the page (hand-written HTML, CSS and JS, no CDN) is in `static/`.
Everything shown by the page is untrusted text and is rendered with textContent only; the
Content-Security-Policy forbids inline script. docs/serve.md lists the endpoints.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI

from rasad.serve.api import MAX_BODY_BYTES, build_app

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def create_app(
    store_url: str,
    token: str | None = None,
    *,
    allowed_hosts: Sequence[str] = LOOPBACK_HOSTS,
    cache_seconds: float = 600.0,
    max_body: int = MAX_BODY_BYTES,
) -> FastAPI:
    """The FastAPI app over the store at `store_url` (opened now: StoreError when it cannot be).

    token: the bearer token that POST /api/documents requires; None disables that endpoint.
    allowed_hosts: the Host headers served (loopback names by default: a page on another
    site cannot reach the server through DNS rebinding). cache_seconds: how long answers are
    kept at most (0: not cached); they are keyed by the store's number of documents, read
    again each second, so new documents show within a second (at once when written
    through the server).
    """
    return build_app(store_url, token, allowed_hosts=allowed_hosts, cache_seconds=cache_seconds, max_body=max_body)


# `rasad serve --workers N` hands the settings to its worker processes in these variables
# (uvicorn starts each worker from an import string, not from an app object).
ENV_DB, ENV_TOKEN, ENV_HOSTS = "RASAD_SERVE_DB", "RASAD_SERVE_TOKEN", "RASAD_SERVE_HOSTS"


def app_from_environment() -> FastAPI:
    """The app a worker process of `rasad serve --workers N` serves (uvicorn's factory)."""
    import os

    return create_app(os.environ[ENV_DB], os.environ.get(ENV_TOKEN) or None,
                      allowed_hosts=os.environ.get(ENV_HOSTS, ",".join(LOOPBACK_HOSTS)).split(","))


__all__ = ["ENV_DB", "ENV_HOSTS", "ENV_TOKEN", "LOOPBACK_HOSTS", "MAX_BODY_BYTES", "app_from_environment",
           "create_app"]
