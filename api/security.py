"""Body size limit and security headers, as plain ASGI middleware (no body parsing here)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.texts import TOO_LARGE

# Swagger UI comes from this CDN (FastAPI's default); only /docs may load from it.
DOCS_CDN = "https://cdn.jsdelivr.net"
DOCS_FAVICON_HOST = "https://fastapi.tiangolo.com"


async def _send_json(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodySizeLimitMiddleware:
    """413 for bodies over `max_bytes`, decided before anything parses them.

    A declared Content-Length is refused without reading; otherwise (chunked upload) the body
    is read up to the limit and handed on from memory.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                return await _send_json(send, 413, TOO_LARGE)

        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                # Client went away before the body was complete: let the app see that.
                return await self.app(scope, _replay([], message, receive), send)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return await _send_json(send, 413, TOO_LARGE)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(chunks, None, receive), send)


def _replay(chunks: list[bytes], pending: Message | None, receive: Receive) -> Receive:
    """A receive() that first returns the buffered body, then defers to the real one."""
    queue: list[Message] = []
    if pending is None:
        queue.append({"type": "http.request", "body": b"".join(chunks), "more_body": False})
    else:
        queue.append(pending)

    async def replay() -> Message:
        if queue:
            return queue.pop(0)
        return await receive()

    return replay


def _csp(directives: dict[str, Iterable[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def _safe_sources(values: Iterable[str]) -> list[str]:
    """Origins from configuration, without anything that could break out of a CSP source."""
    return [v for v in values if v and re.fullmatch(r"https?://[A-Za-z0-9.\-:\[\]]+", v)]


def page_csp(allowed_origins: Iterable[str], frame_ancestors: str) -> str:
    """The demo page: own scripts only. Inline styles are needed by the page's <style> block
    and by the widget's <style> inside its Shadow DOM."""
    return _csp(
        {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'", "'unsafe-inline'"],
            "img-src": ["'self'", "data:"],
            "connect-src": ["'self'", *_safe_sources(allowed_origins)],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": [frame_ancestors],
        }
    )


def docs_csp(docs_html: str) -> str:
    """/docs: Swagger UI from the CDN, plus exactly the inline script FastAPI writes (by hash,
    so no other inline script can run)."""
    hashes = [
        f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
        for script in re.findall(r"<script>(.*?)</script>", docs_html, flags=re.S)
    ]
    return _csp(
        {
            "default-src": ["'self'"],
            "script-src": ["'self'", DOCS_CDN, *hashes],
            "style-src": ["'self'", DOCS_CDN, "'unsafe-inline'"],
            "img-src": ["'self'", "data:", DOCS_FAVICON_HOST],
            "connect-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'none'"],
            "frame-ancestors": ["'none'"],
        }
    )


API_CSP = _csp({"default-src": ["'none'"], "frame-ancestors": ["'none'"]})

# /beheer: own script and stylesheet only, no inline script or style at all (the charts are
# SVG with presentation attributes), never framed, forms only to itself.
ADMIN_CSP = _csp(
    {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "connect-src": ["'self'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
)
# The admin page and everything under it: personal to the municipality, never cached, never
# indexed.
ADMIN_PREFIX = "/beheer"
ADMIN_HEADERS = [(b"cache-control", b"no-store"), (b"x-robots-tag", b"noindex, nofollow")]


class SecurityHeadersMiddleware:
    """Headers on every response; per-path extras (CSP of a page, CORP of the widget)."""

    COMMON = [
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
    ]

    def __init__(self, app: ASGIApp, per_path: dict[str, dict[str, str]]) -> None:
        self.app = app
        self.per_path = {
            path: [(k.lower().encode(), v.encode()) for k, v in headers.items()]
            for path, headers in per_path.items()
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]
        extra = self.per_path.get(path)
        if extra is None:
            extra = [(b"content-security-policy", API_CSP.encode())]
            if path.startswith("/api/"):
                # Answers are personal; no browser or proxy cache should keep them.
                extra.append((b"cache-control", b"no-store"))
        if path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/"):
            extra = [*extra, *ADMIN_HEADERS]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                own = {name for name, _ in self.COMMON + extra}
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in own and k.lower() != b"server"
                ]
                message = {**message, "headers": headers + self.COMMON + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)
