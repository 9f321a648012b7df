"""Which channels are on, and the credentials file Rasa gets (no servers needed)."""

from __future__ import annotations

import stat

import pytest
import yaml
from pydantic import ValidationError

from bot.runtime.channels_config import (
    REST_CONNECTOR,
    TELEGRAM_CONNECTOR,
    WHATSAPP_CONNECTOR,
    ChannelSettings,
    enabled_channels,
    summary,
    write_credentials,
)

TELEGRAM = {
    "ZWW_TELEGRAM_TOKEN": "123456789:AAH-test_token",
    "ZWW_TELEGRAM_SECRET_TOKEN": "s3cret-_token",
}
WHATSAPP = {
    "ZWW_TWILIO_ACCOUNT_SID": "AC0123",
    "ZWW_TWILIO_AUTH_TOKEN": "auth-token-4711",
    "ZWW_TWILIO_WHATSAPP_NUMBER": "+14155238886",
}
PUBLIC = {"ZWW_PUBLIC_URL": "https://zorg.voorbeeldstad.example/"}
ALL_VARIABLES = [*TELEGRAM, *WHATSAPP, *PUBLIC, "ZWW_TELEGRAM_API_URL", "ZWW_TWILIO_API_URL"]


@pytest.fixture()
def env(monkeypatch):
    for name in ALL_VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def apply(**variables):
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return ChannelSettings()

    return apply


def test_no_variables_means_web_only(env):
    settings = env()
    assert enabled_channels(settings) == []
    assert summary(settings) == "Kanalen: web, telegram (uit), whatsapp (uit)"


def test_all_variables_switch_both_channels_on(env):
    settings = env(**TELEGRAM, **WHATSAPP, **PUBLIC)
    assert enabled_channels(settings) == ["telegram", "whatsapp"]
    assert summary(settings) == "Kanalen: web, telegram (aan), whatsapp (aan)"


def test_half_configured_channel_stays_off_and_says_what_is_missing(env):
    settings = env(ZWW_TELEGRAM_TOKEN=TELEGRAM["ZWW_TELEGRAM_TOKEN"], **PUBLIC)
    assert enabled_channels(settings) == []
    assert summary(settings) == (
        "Kanalen: web, telegram (uit, ontbreekt: " "ZWW_TELEGRAM_SECRET_TOKEN), whatsapp (uit)"
    )


def test_channels_need_the_public_url(env):
    settings = env(**TELEGRAM)
    assert enabled_channels(settings) == []
    assert "ZWW_PUBLIC_URL" in summary(settings)


def test_empty_variable_counts_as_absent(env):
    assert enabled_channels(env(**{**TELEGRAM, "ZWW_TELEGRAM_SECRET_TOKEN": " "}, **PUBLIC)) == []


@pytest.mark.parametrize(
    "name, value",
    [
        ("ZWW_TELEGRAM_TOKEN", "not a token"),
        ("ZWW_TELEGRAM_SECRET_TOKEN", "no spaces allowed"),
        ("ZWW_TWILIO_WHATSAPP_NUMBER", "0612345678x"),
        ("ZWW_PUBLIC_URL", "zorg.voorbeeldstad.example"),
    ],
)
def test_malformed_values_are_refused_at_start(env, name, value):
    with pytest.raises(ValidationError):
        env(**{name: value})


def test_secrets_do_not_show_in_the_settings_repr(env):
    settings = env(**TELEGRAM, **WHATSAPP, **PUBLIC)
    shown = repr(settings)
    assert TELEGRAM["ZWW_TELEGRAM_TOKEN"] not in shown
    assert WHATSAPP["ZWW_TWILIO_AUTH_TOKEN"] not in shown


def test_credentials_hold_rest_and_only_the_channels_that_are_on(env, tmp_path):
    target = tmp_path / "credentials.yml"
    assert write_credentials(env(**WHATSAPP, **PUBLIC), target) == ["whatsapp"]
    written = yaml.safe_load(target.read_text())
    assert set(written) == {REST_CONNECTOR, WHATSAPP_CONNECTOR}
    assert written[WHATSAPP_CONNECTOR] == {
        "account_sid": "AC0123",
        "auth_token": "auth-token-4711",
        "twilio_number": "whatsapp:+14155238886",
        "webhook_url": "https://zorg.voorbeeldstad.example/webhooks/twilio/webhook",
        "api_url": "https://api.twilio.com",
    }
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_credentials_for_telegram(env, tmp_path):
    target = tmp_path / "credentials.yml"
    assert write_credentials(env(**TELEGRAM, **PUBLIC), target) == ["telegram"]
    written = yaml.safe_load(target.read_text())
    assert set(written) == {REST_CONNECTOR, TELEGRAM_CONNECTOR}
    assert written[TELEGRAM_CONNECTOR] == {
        "access_token": TELEGRAM["ZWW_TELEGRAM_TOKEN"],
        "secret_token": TELEGRAM["ZWW_TELEGRAM_SECRET_TOKEN"],
        "webhook_url": "https://zorg.voorbeeldstad.example/webhooks/telegram/webhook",
        "api_url": "https://api.telegram.org",
    }


def test_rasa_loads_the_generated_credentials_as_our_connectors(env, tmp_path):
    from rasa.core.run import create_http_input_channels

    from rasa_ext.channels.telegram import TelegramInput
    from rasa_ext.channels.whatsapp import WhatsAppInput

    target = tmp_path / "credentials.yml"
    write_credentials(env(**TELEGRAM, **WHATSAPP, **PUBLIC), target)
    loaded = {type(c) for c in create_http_input_channels(None, str(target))}
    from rasa_ext.channels.rest import RestInput

    assert loaded == {RestInput, TelegramInput, WhatsAppInput}


def test_rasa_env_substitution_cannot_leave_a_channel_off(tmp_path, monkeypatch):
    """Why the launcher writes the file: Rasa stops on an unset ${VAR} instead of skipping."""
    from rasa.shared.exceptions import RasaException
    from rasa.shared.utils.io import read_config_file

    monkeypatch.delenv("ZWW_TELEGRAM_TOKEN", raising=False)
    path = tmp_path / "credentials.yml"
    path.write_text("telegram:\n  access_token: ${ZWW_TELEGRAM_TOKEN}\n")
    with pytest.raises(RasaException):
        read_config_file(str(path))
