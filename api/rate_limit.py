"""Per-client rate limit: a sliding window per (client, endpoint), kept in process memory.

Hand-written (about 100 lines) instead of slowapi/limits: those add two pins, decorate every
endpoint, and their in-memory storage does not bound the number of clients it remembers.
Here memory is bounded by `max_clients` x `limit` timestamps.

With several API processes (replicas) the limit is shared through Redis when
ZWW_LOCK_STORE_URL is set (`RedisSlidingWindowLimiter`: the same window, kept in one sorted
set per client and endpoint, on Redis's clock). When Redis cannot be reached each process falls
back to its own in-memory window, so the API keeps a limit and keeps answering.
"""

from __future__ import annotations

import heapq
import inspect
import ipaddress
import itertools
import json
import logging
import math
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from api.texts import TOO_MANY

MAX_CLIENTS = 10_000


class SlidingWindowLimiter:
    """At most `limit` hits per `window` seconds per key.

    A client at its limit is blocked until its oldest hit leaves the window. Blocked clients
    are never forgotten to make room: otherwise a flood of new addresses would lift a block.
    When every remembered client is blocked, a newcomer waits for the first block to end.

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
        # Clients under their limit, ordered by last request: the front was quiet longest.
        self._open: OrderedDict[Hashable, deque[float]] = OrderedDict()
        self._blocked: dict[Hashable, deque[float]] = {}
        # (end of the block, tie-breaker, key) for every blocked client, earliest first.
        self._block_ends: list[tuple[float, int, Hashable]] = []
        self._order = itertools.count()

    def __len__(self) -> int:
        return len(self._open) + len(self._blocked)

    def hit(self, key: Hashable) -> float:
        """Records a request; returns 0 when allowed, else the seconds until the next one is."""
        now = self._clock()
        self._end_blocks(now)
        self._forget_quiet_clients(now)
        if key in self._blocked:
            return self._blocked[key][0] + self.window - now
        hits = self._open.pop(key, None)
        if hits is None:
            wait = self._make_room(now)
            if wait:
                return wait
            hits = deque()
        self._open[key] = hits
        self._drop_old(hits, now)
        hits.append(now)
        if len(hits) >= self.limit:
            self._block(key)
        return 0.0

    def _drop_old(self, hits: deque[float], now: float) -> None:
        while hits and hits[0] <= now - self.window:
            hits.popleft()

    def _block(self, key: Hashable) -> None:
        # Refused requests are not recorded, so the end of a block never moves.
        hits = self._blocked[key] = self._open.pop(key)
        heapq.heappush(self._block_ends, (hits[0] + self.window, next(self._order), key))

    def _end_blocks(self, now: float) -> None:
        while self._block_ends and self._block_ends[0][0] <= now:
            _, _, key = heapq.heappop(self._block_ends)
            hits = self._blocked.pop(key)
            self._drop_old(hits, now)
            self._open[key] = hits

    def _forget_quiet_clients(self, now: float) -> None:
        while self._open:
            oldest = next(iter(self._open.values()))
            if oldest and oldest[-1] > now - self.window:
                return
            self._open.popitem(last=False)

    def _make_room(self, now: float) -> float:
        """Room for one more client: 0, or the seconds until there is room."""
        if len(self) < self.max_clients:
            return 0.0
        if self._open:
            # The longest-quiet client goes even if its window is still open: memory stays
            # bounded when many addresses show up at once.
            self._open.popitem(last=False)
            return 0.0
        return self._block_ends[0][0] - now


logger = logging.getLogger("api")

# Atomic per key: forget hits older than the window, refuse when `limit` remain (answering
# the milliseconds until the oldest leaves), else record this hit. Refused hits are not
# recorded, as in SlidingWindowLimiter. Redis's own clock: the same for every API process.
_SLIDING_WINDOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 0
"""


class RedisSlidingWindowLimiter:
    """The same limit as SlidingWindowLimiter, shared by every API process through Redis."""

    KEY_PREFIX = "zww:ratelimit:"

    def __init__(self, url: str, limit: int, window: float = 60.0, timeout: float = 0.5) -> None:
        import redis.asyncio

        self.limit = limit
        self.window = window
        self._redis = redis.asyncio.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout
        )
        self._script = self._redis.register_script(_SLIDING_WINDOW)
        self._fallback = SlidingWindowLimiter(limit, window)

    async def hit(self, key: Hashable) -> float:
        import redis

        name = self.KEY_PREFIX + json.dumps(key, default=str)
        try:
            wait_ms = await self._script(
                keys=[name], args=[int(self.window * 1000), self.limit, uuid.uuid4().hex]
            )
        except (redis.RedisError, OSError) as error:
            logger.warning(
                "rate limit: redis unreachable, limit per process (%s)", type(error).__name__
            )
            return self._fallback.hit(key)
        return float(wait_ms) / 1000.0

    async def close(self) -> None:
        await self._redis.close()


def _strip_port(address: str) -> str:
    """A proxy may write "a.b.c.d:port", "[v6]" or "[v6]:port"; a bare IPv6 has no port."""
    if address.startswith("["):
        return address[1:].split("]", 1)[0]
    if address.count(":") == 1:
        return address.split(":", 1)[0]
    return address


def _forwarded_address(scope: Scope) -> str | None:
    forwarded = [
        value.decode("latin-1")
        for name, value in scope.get("headers", [])
        if name == b"x-forwarded-for"
    ]
    if not forwarded:
        return None
    # Our proxy appends the address it saw; everything left of it is client-supplied.
    return _strip_port(forwarded[-1].split(",")[-1].strip()) or None


def client_key(scope: Scope, trust_proxy: bool) -> str:
    """The client's address; an IPv6 client is keyed by its /64, which one host controls."""
    address = (scope.get("client") or ("unknown", 0))[0]
    if trust_proxy:
        address = _forwarded_address(scope) or address
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if not isinstance(ip, ipaddress.IPv6Address):
        return str(ip)
    if ip.ipv4_mapped:
        # A dual-stack socket shows IPv4 clients as ::ffff:a.b.c.d: the same client as a.b.c.d.
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


class RateLimitMiddleware:
    """429 with Retry-After on the given path prefixes (not for CORS preflights)."""

    def __init__(
        self,
        app: ASGIApp,
        limiter: SlidingWindowLimiter | RedisSlidingWindowLimiter,
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
        result: float | Awaitable[Any] = self.limiter.hit(
            (client_key(scope, self.trust_proxy), prefix)
        )
        wait = await result if inspect.isawaitable(result) else result
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
