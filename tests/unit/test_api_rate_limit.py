"""Per-client rate limit: the window, Retry-After, the client address, bounded memory."""

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.rate_limit import SlidingWindowLimiter, client_key
from bot.runtime.launcher import free_port
from bot.settings import Settings


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_window_allows_limit_then_says_how_long_to_wait():
    clock = FakeClock()
    limiter = SlidingWindowLimiter(3, window=60, clock=clock)
    for _ in range(3):  # hits at +0, +10, +20
        assert limiter.hit("a") == 0
        clock.now += 10
    assert limiter.hit("a") == pytest.approx(30)  # at +30; the +0 hit leaves at +60
    assert limiter.hit("b") == 0  # other clients are not affected
    clock.now += 30
    assert limiter.hit("a") == 0  # at +60 one slot is free, exactly one
    assert limiter.hit("a") == pytest.approx(10)  # the +10 hit leaves at +70


def test_refused_requests_do_not_extend_the_wait():
    clock = FakeClock()
    limiter = SlidingWindowLimiter(1, window=60, clock=clock)
    limiter.hit("a")
    for _ in range(100):
        clock.now += 0.5
        limiter.hit("a")
    clock.now = 1000.0 + 60
    assert limiter.hit("a") == 0


def test_memory_is_bounded_with_many_clients():
    clock = FakeClock()
    limiter = SlidingWindowLimiter(5, window=60, max_clients=100, clock=clock)
    for i in range(10_000):
        limiter.hit(f"10.0.{i // 256}.{i % 256}")
        assert len(limiter) <= 100
    # The most recent clients are still limited correctly.
    for _ in range(4):
        assert limiter.hit("10.0.39.15") == 0
    assert limiter.hit("10.0.39.15") > 0


def test_quiet_clients_are_forgotten():
    clock = FakeClock()
    limiter = SlidingWindowLimiter(5, window=60, clock=clock)
    for i in range(50):
        limiter.hit(f"client-{i}")
    clock.now += 61
    limiter.hit("newcomer")
    assert len(limiter) == 1


def scope(client="203.0.113.7", forwarded=None):
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return {"client": (client, 1234), "headers": headers}


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted():
    s = scope(forwarded="198.51.100.1")
    assert client_key(s, trust_proxy=False) == "203.0.113.7"
    assert client_key(s, trust_proxy=True) == "198.51.100.1"


def test_trusted_proxy_uses_the_address_it_added_not_what_the_client_sent():
    s = scope(client="10.0.0.2", forwarded="1.2.3.4, 198.51.100.1")
    assert client_key(s, trust_proxy=True) == "198.51.100.1"


def test_ipv6_clients_share_a_key_per_64_prefix():
    a = client_key(scope(client="2001:db8:1:2::1"), False)
    b = client_key(scope(client="2001:db8:1:2:ffff::9"), False)
    c = client_key(scope(client="2001:db8:1:3::1"), False)
    assert a == b == "2001:db8:1:2::/64" and c != a


def make_client(tmp_path, limit, **overrides):
    settings = Settings(
        rasa_port=free_port(),
        action_port=free_port(),
        data_dir=tmp_path,
        rate_limit_per_minute=limit,
        **overrides,
    )
    return TestClient(create_app(settings))


FEEDBACK = {"session_id": "a" * 20, "answer_key": "faq/dagbesteding", "rating": "up"}


class FakeRasa:
    """Gives the answer FEEDBACK rates: only an answer the bot gave can be rated."""

    async def send(self, session_id, message):
        return [{"text": "Antwoord"}, {"custom": {"answer_key": FEEDBACK["answer_key"]}}]

    async def is_up(self):
        return False

    async def close(self):
        pass


@pytest.mark.parametrize(
    "path,body",
    [
        ("/api/chat", {"message": "hallo"}),
        ("/api/eligibility", {}),
        ("/api/feedback", FEEDBACK),
    ],
)
def test_over_the_limit_is_429_with_retry_after_and_dutch_detail(tmp_path, path, body):
    with make_client(tmp_path, limit=2) as c:
        first = [c.post(path, json=body).status_code for _ in range(2)]
        r = c.post(path, json=body)
    assert 429 not in first
    assert r.status_code == 429
    assert 1 <= int(r.headers["retry-after"]) <= 60
    assert "te veel aanvragen" in r.json()["detail"]
    assert r.headers["content-type"] == "application/json"


def test_each_endpoint_has_its_own_budget_and_reads_are_free(tmp_path):
    with make_client(tmp_path, limit=1) as c:
        c.app.state.rasa = FakeRasa()
        assert c.post("/api/eligibility", json={}).status_code == 200
        assert c.post("/api/eligibility", json={}).status_code == 429
        chat = {"session_id": FEEDBACK["session_id"], "message": "dagbesteding"}
        assert c.post("/api/chat", json=chat).status_code == 200
        assert c.post("/api/feedback", json=FEEDBACK).status_code == 201
        assert all(c.get("/api/health").status_code != 429 for _ in range(5))
        assert all(c.get("/").status_code == 200 for _ in range(5))


def test_limit_applies_per_forwarded_client_behind_a_trusted_proxy(tmp_path):
    with make_client(tmp_path, limit=1, trust_proxy=True) as c:
        for ip in ("198.51.100.1", "198.51.100.2"):
            r = c.post("/api/eligibility", json={}, headers={"X-Forwarded-For": ip})
            assert r.status_code == 200
        r = c.post("/api/eligibility", json={}, headers={"X-Forwarded-For": "198.51.100.1"})
        assert r.status_code == 429


def test_without_trust_a_forged_forwarded_for_does_not_escape_the_limit(tmp_path):
    with make_client(tmp_path, limit=1) as c:
        assert c.post("/api/eligibility", json={}).status_code == 200
        r = c.post("/api/eligibility", json={}, headers={"X-Forwarded-For": "198.51.100.9"})
        assert r.status_code == 429


def test_zero_switches_the_limit_off(tmp_path):
    with make_client(tmp_path, limit=0) as c:
        assert all(c.post("/api/eligibility", json={}).status_code == 200 for _ in range(40))


def test_429_carries_cors_headers_so_a_widget_elsewhere_can_read_it(tmp_path):
    origin = "https://www.voorbeeldstad.nl"
    with make_client(tmp_path, limit=1, allowed_origins=[origin]) as c:
        c.post("/api/eligibility", json={}, headers={"Origin": origin})
        r = c.post("/api/eligibility", json={}, headers={"Origin": origin})
    assert r.status_code == 429
    assert r.headers["access-control-allow-origin"] == origin
