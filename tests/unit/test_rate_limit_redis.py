"""The rate limit shared through Redis (ZWW_LOCK_STORE_URL), against a private redis-server:
two API processes count together; without Redis each falls back to its own window."""

import asyncio

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.rate_limit import RedisSlidingWindowLimiter
from bot.runtime.launcher import free_port
from bot.settings import Settings
from tests.support.services import RedisServer


@pytest.fixture()
def redis_url(redis_server):
    import redis

    redis.Redis.from_url(redis_server.url).flushdb()
    return redis_server.url


def test_two_processes_share_one_limit(redis_url):
    async def run():
        first = RedisSlidingWindowLimiter(redis_url, limit=3)
        second = RedisSlidingWindowLimiter(redis_url, limit=3)
        try:
            waits = [
                await first.hit(("10.0.0.1", "/api/chat")),
                await second.hit(("10.0.0.1", "/api/chat")),
                await first.hit(("10.0.0.1", "/api/chat")),
                await second.hit(("10.0.0.1", "/api/chat")),  # the 4th in one minute
                await first.hit(("10.0.0.2", "/api/chat")),  # another client
                await second.hit(("10.0.0.1", "/api/feedback")),  # another endpoint
            ]
        finally:
            await first.close()
            await second.close()
        return waits

    waits = asyncio.run(run())
    assert waits[:3] == [0, 0, 0]
    assert 58 < waits[3] <= 60
    assert waits[4:] == [0, 0]


def test_the_window_slides(redis_url):
    async def run():
        limiter = RedisSlidingWindowLimiter(redis_url, limit=2, window=0.5)
        try:
            assert await limiter.hit("c") == 0
            assert await limiter.hit("c") == 0
            assert await limiter.hit("c") > 0
            await asyncio.sleep(0.6)
            return await limiter.hit("c")
        finally:
            await limiter.close()

    assert asyncio.run(run()) == 0


def test_without_redis_each_process_keeps_its_own_limit():
    server = RedisServer().create()
    url = server.url
    server.destroy()  # the port is now closed

    async def run():
        limiter = RedisSlidingWindowLimiter(url, limit=2)
        try:
            return [await limiter.hit("d") for _ in range(3)]
        finally:
            await limiter.close()

    waits = asyncio.run(run())
    assert waits[:2] == [0, 0] and waits[2] > 0


def test_two_api_apps_on_one_redis_answer_429_together(redis_url, tmp_path):
    def app():
        return create_app(
            Settings(
                data_dir=tmp_path,
                rasa_port=free_port(),
                action_port=free_port(),
                rate_limit_per_minute=2,
                lock_store_url=redis_url,
            )
        )

    with TestClient(app()) as one, TestClient(app()) as two:
        assert one.get("/api/zorgkantoor", params={"q": "Zwolle"}).status_code == 200
        assert two.get("/api/zorgkantoor", params={"q": "Zwolle"}).status_code == 200
        refused = one.get("/api/zorgkantoor", params={"q": "Zwolle"})
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 58
    assert "te veel aanvragen" in refused.json()["detail"]
