"""One log line per request: method, route, status, latency. Never a body or a query string.

The session id is the key to a conversation, so only a short hash of it is logged: enough to
follow one conversation through the log, useless for reading it.
"""

from __future__ import annotations

import hashlib
import logging
import time

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("api.access")

SESSION_REF_KEY = "session_ref"


def session_ref(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()[:12]


def remember_session(request: Request, session_id: str) -> None:
    """Called by an endpoint so the access line can name the conversation (hashed)."""
    request.scope.setdefault("state", {})[SESSION_REF_KEY] = session_ref(session_id)


def _route(scope: Scope) -> str:
    """The path with path parameters put back as names: /api/session/{session_id}."""
    path = scope["path"]
    for name, value in (scope.get("path_params") or {}).items():
        if isinstance(value, str) and value:
            path = path.replace(value, f"{{{name}}}")
    return path[:200]


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
            ref = scope["state"].get(SESSION_REF_KEY)
            if ref:
                fields["session"] = ref
            logger.info("request", extra=fields)
