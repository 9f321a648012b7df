"""Starts the three real servers (action server, Rasa, API) on free localhost ports."""

import os
from pathlib import Path

import httpx
import pytest

from bot.domain.topics import faq_answer  # noqa: F401 - used by the e2e modules
from bot.runtime.launcher import build_servers, free_port, latest_model, start_and_wait, stop_all
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    settings = Settings(
        api_port=free_port(),
        rasa_port=free_port(),
        action_port=free_port(),
        data_dir=tmp_path_factory.mktemp("var"),
        municipality_phone="14 0777",
    )
    # The servers read their settings from the environment, like in production.
    env = {
        "ZWW_API_PORT": str(settings.api_port),
        "ZWW_RASA_PORT": str(settings.rasa_port),
        "ZWW_ACTION_PORT": str(settings.action_port),
        "ZWW_DATA_DIR": str(settings.data_dir),
        "ZWW_MUNICIPALITY_PHONE": settings.municipality_phone,
        # Every test request comes from 127.0.0.1; the limit itself is tested in tests/unit.
        "ZWW_RATE_LIMIT_PER_MINUTE": "0",
    }
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    servers = build_servers(settings, latest_model(ROOT / "models"))
    try:
        start_and_wait(servers, timeout=240)
        yield {
            "settings": settings,
            "servers": {s.name: s for s in servers},
            "url": f"http://127.0.0.1:{settings.api_port}",
        }
    finally:
        stop_all(servers)
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def restart(server, timeout: float = 240) -> None:
    """Stop a server and start it again with the same command, port and data."""
    server.stop()
    start_and_wait([server], timeout=timeout)


@pytest.fixture()
def api(stack):
    with httpx.Client(base_url=stack["url"], timeout=30) as client:
        yield client
