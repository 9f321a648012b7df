"""One log line per request: method, route, status, latency. Never a body or a query string.

The session id is the key to a conversation, so only a short hash of it is logged: enough to
follow one conversation through the log, useless for reading it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.schemas import SESSION_ID_ALPHABET, is_session_id

logger = logging.getLogger("api.access")

SESSION_REF_KEY = "session_ref"
# Long enough to be a session id, or to hold one: never logged as it is, on any path.
_POSSIBLE_SESSION_ID = re.compile(SESSION_ID_ALPHABET + "{16,}")


def session_ref(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()[:12]


def remember_session(request: Request, session_id: str) -> None:
    """Called by an endpoint with a session id in the body, so the access line can name the
    conversation (hashed)."""
    request.scope.setdefault("state", {})[SESSION_REF_KEY] = session_ref(session_id)


def _route(scope: Scope) -> str:
    """The route's template (/api/session/{session_id}) when a route matched the path, also
    for a 405; else the path with anything that could be a session id masked."""
    template = getattr(scope.get("route"), "path_format", None)
    path = template or _POSSIBLE_SESSION_ID.sub("{session_id}", scope["path"])
    return path[:200]


def _session_ref(scope: Scope) -> str | None:
    """The hash of the conversation: from the endpoint, else from a path segment that is a
    valid session id, whether or not a route matched (a 404 or 405 is followed too)."""
    remembered = scope["state"].get(SESSION_REF_KEY)
    if remembered:
        return remembered
    segment = next((s for s in scope["path"].split("/") if is_session_id(s)), None)
    return session_ref(segment) if segment else None


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 500
        scope.setdefault("state", {})

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            fields = {
                "method": scope["method"],
                "path": _route(scope),
                "status": status,
                "latency_ms": round((time.perf_counter() - started) * 1000, 1),
            }
            ref = _session_ref(scope)
            if ref:
                fields["session"] = ref
            logger.info("request", extra=fields)
