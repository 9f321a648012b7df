"""The real stack on Rasa's own scaling: a private PostgreSQL tracker store, a private Redis
lock store, one Rasa server with 2 Sanic workers, a second Rasa server (1 worker) and the
action server, all on free localhost ports.

Two API processes: `api` relays to the 2-worker server only, `api_pair` to both servers
(ZWW_RASA_URLS, sticky per session, fail-over)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.runtime.launcher import (
    Server,
    build_servers,
    free_port,
    latest_model,
    start_and_wait,
    stop_all,
)
from bot.settings import Settings
from tests.support.services import PostgresServer, RedisServer

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _env(settings: Settings) -> dict[str, str]:
    env = {
        "ZWW_API_PORT": str(settings.api_port),
        "ZWW_RASA_PORT": str(settings.rasa_port),
        "ZWW_ACTION_PORT": str(settings.action_port),
        "ZWW_DATA_DIR": str(settings.data_dir),
        "ZWW_TRACKER_DB_URL": settings.tracker_db_url,
        "ZWW_LOCK_STORE_URL": settings.lock_store_url,
        "ZWW_RASA_WORKERS": str(settings.rasa_workers),
        "ZWW_RASA_URLS": ",".join(settings.rasa_urls),
        # Every test request comes from 127.0.0.1; the limit itself is tested elsewhere.
        "ZWW_RATE_LIMIT_PER_MINUTE": "0",
    }
    return env


def _servers(settings: Settings, model: Path) -> dict[str, Server]:
    with environment(_env(settings)):
        return {s.name: s for s in build_servers(settings, model)}


@dataclass
class Stack:
    postgres: PostgresServer
    redis: RedisServer
    servers: dict[str, Server]
    api_url: str
    pair_url: str
    rasa_urls: list[str]


@pytest.fixture(scope="session")
def scale_stack(tmp_path_factory, postgres_server, redis_server) -> Iterator[Stack]:
    model = latest_model(ROOT / "models")
    data = tmp_path_factory.mktemp("var-scale")
    action_port, rasa_a, rasa_b = free_port(), free_port(), free_port()
    urls = [f"http://127.0.0.1:{rasa_a}", f"http://127.0.0.1:{rasa_b}"]
    common = {
        "action_port": action_port,
        "data_dir": data,
        "tracker_db_url": postgres_server.url,
        "lock_store_url": redis_server.url,
    }
    one = Settings(api_port=free_port(), rasa_port=rasa_a, rasa_workers=2, **common)
    two = Settings(api_port=free_port(), rasa_port=rasa_b, rasa_workers=1, rasa_urls=urls, **common)
    first, second = _servers(one, model), _servers(two, model)
    servers = {
        "actieserver": first["actieserver"],
        "rasa": first["rasa"],
        "api": first["api"],
        "rasa_b": second["rasa"],
        "api_pair": second["api"],
    }
    servers["rasa_b"].name = "rasa (tweede server)"
    servers["rasa_b"].log_path = data / "logs" / "rasa-b.log"
    servers["api_pair"].name = "api (twee Rasa-servers)"
    servers["api_pair"].log_path = data / "logs" / "api-pair.log"
    try:
        start_and_wait(list(servers.values()), timeout=420)
        yield Stack(
            postgres=postgres_server,
            redis=redis_server,
            servers=servers,
            api_url=f"http://127.0.0.1:{one.api_port}",
            pair_url=f"http://127.0.0.1:{two.api_port}",
            rasa_urls=urls,
        )
    finally:
        stop_all(list(servers.values()))
