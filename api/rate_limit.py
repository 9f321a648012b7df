"""Per-client rate limit: a sliding window per (client, endpoint), kept in process memory.

Hand-written (about 60 lines) instead of slowapi/limits: those add two pins, decorate every
endpoint, and their in-memory storage does not bound the number of clients it remembers.
Here memory is bounded by `max_clients` x `limit` timestamps. One API process is the
deployment model; with several workers each enforces its own limit.
"""

from __future__ import annotations

import ipaddress
import json
import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable

from starlette.types import ASGIApp, Receive, Scope, Send

from api.texts import TOO_MANY

MAX_CLIENTS = 10_000


class SlidingWindowLimiter:
    """At most `limit` hits per `window` seconds per key.

    Not thread-safe on purpose: it runs on the event loop, one callback at a time.
    """

    def __init__(
        self,
        limit: int,
        window: float = 60.0,
        max_clients: int = MAX_CLIENTS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.max_clients = max_clients
        self._clock = clock
        # Ordered by last request: the front holds the clients that were quiet longest.
        self._hits: OrderedDict[Hashable, deque[float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._hits)

    def hit(self, key: Hashable) -> float:
        """Records a request; returns 0 when allowed, else the seconds until the next one is."""
        now = self._clock()
        self._forget_quiet_clients(now)
        hits = self._hits.pop(key, None) or deque()
        self._hits[key] = hits
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return hits[0] + self.window - now
        hits.append(now)
        return 0.0

    def _forget_quiet_clients(self, now: float) -> None:
        while self._hits:
            oldest_key, oldest_hits = next(iter(self._hits.items()))
            expired = not oldest_hits or oldest_hits[-1] <= now - self.window
            # Over the cap, the longest-quiet client goes even if its window is still open:
            # memory stays bounded when many addresses show up at once.
            if not expired and len(self._hits) < self.max_clients:
                return
            del self._hits[oldest_key]


def client_key(scope: Scope, trust_proxy: bool) -> str:
    """The client's address; an IPv6 client is keyed by its /64, which one host controls."""
    address = (scope.get("client") or ("unknown", 0))[0]
    if trust_proxy:
        forwarded = [
            value.decode("latin-1")
            for name, value in scope.get("headers", [])
            if name == b"x-forwarded-for"
        ]
        if forwarded:
            # Our proxy appends the address it saw; everything left of it is client-supplied.
            address = forwarded[-1].split(",")[-1].strip() or address
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class RateLimitMiddleware:
    """429 with Retry-After on the given path prefixes (not for CORS preflights)."""

    def __init__(
        self,
        app: ASGIApp,
        limiter: SlidingWindowLimiter,
        prefixes: tuple[str, ...],
        trust_proxy: bool = False,
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.prefixes = prefixes
        self.trust_proxy = trust_proxy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in {"OPTIONS", "HEAD"}:
            return await self.app(scope, receive, send)
        prefix = next((p for p in self.prefixes if scope["path"].startswith(p)), None)
        if prefix is None:
            return await self.app(scope, receive, send)
        wait = self.limiter.hit((client_key(scope, self.trust_proxy), prefix))
        if not wait:
            return await self.app(scope, receive, send)
        seconds = max(1, math.ceil(wait))
        body = json.dumps({"detail": TOO_MANY.format(seconds=seconds)}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 429,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", str(seconds).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
