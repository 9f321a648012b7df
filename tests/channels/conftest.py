"""Real Rasa server and action server with the Telegram and WhatsApp connectors switched on,
talking to a local fake of both platforms' APIs."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import yaml

from bot.runtime.channels_config import ChannelSettings, enabled_channels
from bot.runtime.launcher import build_servers, free_port, latest_model, start_and_wait, stop_all
from bot.settings import Settings
from tests.channels.fake_platforms import FakePlatforms

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_URL = "https://zorgwegwijzer.voorbeeldstad.example"
TELEGRAM_TOKEN = "123456789:TEST-token_for_the_fake_api"
TELEGRAM_SECRET = "test-secret_0123456789"
TWILIO_SID = "AC00000000000000000000000000000001"
TWILIO_AUTH = "test-auth-token-0123456789abcdef"
TWILIO_NUMBER = "whatsapp:+14155238886"


def response_text(name: str) -> str:
    """First text of a response, read from domain.yml or data/faq/*.yml (no copies in tests).

    Stripped: a YAML block scalar ends in a newline, which no messaging app shows.
    """
    for path in [ROOT / "domain.yml", *sorted((ROOT / "data" / "faq").glob("*.yml"))]:
        responses = yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}
        if name in responses:
            return responses[name][0]["text"].strip()
    raise KeyError(name)


def response_buttons(name: str) -> list:
    """Buttons of a response as Rasa sends them: payloads written with {{..}} in the YAML
    (so Rasa does not read them as slot placeholders) come out with single braces."""
    for path in [ROOT / "domain.yml", *sorted((ROOT / "data" / "faq").glob("*.yml"))]:
        responses = yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}
        if name in responses:
            return [
                {**b, "payload": b["payload"].replace("{{", "{").replace("}}", "}")}
                for b in responses[name][0].get("buttons") or []
            ]
    raise KeyError(name)


@pytest.fixture(scope="session")
def platforms():
    fake = FakePlatforms().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def channel_settings(platforms) -> ChannelSettings:
    return ChannelSettings(
        public_url=PUBLIC_URL,
        telegram_token=TELEGRAM_TOKEN,
        telegram_secret_token=TELEGRAM_SECRET,
        telegram_api_url=platforms.url,
        twilio_account_sid=TWILIO_SID,
        twilio_auth_token=TWILIO_AUTH,
        twilio_whatsapp_number=TWILIO_NUMBER,
        twilio_api_url=platforms.url,
    )


@pytest.fixture(scope="session")
def channel_stack(tmp_path_factory, platforms, channel_settings):
    # The launcher writes the credentials file from the settings, like `make run` does.
    settings = Settings(
        rasa_port=free_port(),
        action_port=free_port(),
        api_port=free_port(),
        data_dir=tmp_path_factory.mktemp("var"),
        **channel_settings.dict(),
    )
    assert enabled_channels(settings) == ["telegram", "whatsapp"]
    action, rasa, _api = build_servers(settings, latest_model(ROOT / "models"))
    servers = [action, rasa]
    try:
        start_and_wait(servers, timeout=240)
        yield {
            "settings": settings,
            "rasa": rasa,
            "url": settings.rasa_base_url,
            "tracker_db": Path(settings.data_dir) / "tracker.db",
        }
    finally:
        stop_all(servers)


@pytest.fixture()
def rasa_http(channel_stack, platforms):
    platforms.clear()
    with httpx.Client(base_url=channel_stack["url"], timeout=60) as client:
        yield client
