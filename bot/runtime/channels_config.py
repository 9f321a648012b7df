"""Which chat channels are on (web, Telegram, WhatsApp) and the Rasa credentials file for them.

A channel is on only when all its environment variables are set. Rasa's own `${VAR}`
substitution in credentials.yml cannot express that: an unset variable stops `rasa run` with
an error. So the launcher writes a credentials file per run with only the channels that are on.
No Rasa import here: the launcher runs before Rasa does.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseSettings, SecretStr, validator

from bot.storage.private import private_dir

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BASE_CREDENTIALS = PROJECT_ROOT / "credentials.yml"

# Class paths of the connectors in rasa_ext/channels/; Rasa loads a channel by class path.
REST_CONNECTOR = "rasa_ext.channels.rest.RestInput"  # listed in credentials.yml
TELEGRAM_CONNECTOR = "rasa_ext.channels.telegram.TelegramInput"
WHATSAPP_CONNECTOR = "rasa_ext.channels.whatsapp.WhatsAppInput"
# The connectors keep Rasa's channel names, so the webhook paths are Rasa's documented ones.
TELEGRAM_WEBHOOK_PATH = "/webhooks/telegram/webhook"
WHATSAPP_WEBHOOK_PATH = "/webhooks/twilio/webhook"

# Telegram: "<bot id>:<secret>" (what BotFather hands out); the secret token may only use
# these characters (Bot API, setWebhook.secret_token).
_TELEGRAM_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_TELEGRAM_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def _present(value) -> bool:
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    return bool(value and str(value).strip())


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value().strip() if value else ""


class ChannelSettings(BaseSettings):
    """Settings of the Telegram and WhatsApp channels, from ZWW_* environment variables."""

    public_url: str = ""
    telegram_token: SecretStr | None = None
    telegram_secret_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    twilio_account_sid: str = ""
    twilio_auth_token: SecretStr | None = None
    twilio_whatsapp_number: str = ""
    twilio_api_url: str = "https://api.twilio.com"

    class Config:
        env_prefix = "ZWW_"

    @validator("public_url", "telegram_api_url", "twilio_api_url")
    def _http_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("geef een volledig adres, bijvoorbeeld https://zorg.voorbeeldstad.nl")
        return value

    @validator("telegram_token")
    def _telegram_token_format(cls, value: SecretStr | None) -> SecretStr | None:
        # aiogram refuses a malformed token inside Rasa; saying it here is clearer.
        if _present(value) and not _TELEGRAM_TOKEN.match(_secret(value)):
            raise ValueError("dit is geen token van BotFather (vorm: 123456789:ABC...)")
        return value

    @validator("telegram_secret_token")
    def _telegram_secret_format(cls, value: SecretStr | None) -> SecretStr | None:
        if _present(value) and not _TELEGRAM_SECRET.match(_secret(value)):
            raise ValueError("gebruik 1 tot 256 tekens: letters, cijfers, _ en -")
        return value

    @validator("twilio_whatsapp_number")
    def _whatsapp_address(cls, value: str) -> str:
        # Twilio addresses WhatsApp numbers as "whatsapp:+31..."; accept the bare number too.
        value = value.strip().replace(" ", "")
        if value and not value.startswith("whatsapp:"):
            value = f"whatsapp:{value}"
        if value and not re.match(r"^whatsapp:\+\d{6,15}$", value):
            raise ValueError("gebruik het internationale nummer, bijvoorbeeld +14155238886")
        return value


@dataclass(frozen=True)
class ChannelStatus:
    name: str
    on: bool
    missing: list[str]  # environment variables still needed to switch the channel on


def _status(
    name: str, settings: ChannelSettings, own: list[str], shared: list[str]
) -> ChannelStatus:
    missing = [f"ZWW_{f.upper()}" for f in own + shared if not _present(getattr(settings, f))]
    # A channel none of whose own variables is set is simply not in use: no complaint.
    untouched = all(not _present(getattr(settings, f)) for f in own)
    return ChannelStatus(name, not missing, [] if untouched else missing)


def channel_statuses(settings: ChannelSettings) -> list[ChannelStatus]:
    return [
        _status("telegram", settings, ["telegram_token", "telegram_secret_token"], ["public_url"]),
        _status(
            "whatsapp",
            settings,
            ["twilio_account_sid", "twilio_auth_token", "twilio_whatsapp_number"],
            ["public_url"],
        ),
    ]


def enabled_channels(settings: ChannelSettings) -> list[str]:
    return [status.name for status in channel_statuses(settings) if status.on]


def summary(settings: ChannelSettings) -> str:
    """One line for the launcher, e.g. 'Kanalen: web, telegram (aan), whatsapp (uit)'."""
    parts = ["web"]
    for status in channel_statuses(settings):
        if status.on:
            parts.append(f"{status.name} (aan)")
        elif status.missing:
            parts.append(f"{status.name} (uit, ontbreekt: {', '.join(status.missing)})")
        else:
            parts.append(f"{status.name} (uit)")
    return "Kanalen: " + ", ".join(parts)


def write_credentials(settings: ChannelSettings, target_path: Path) -> list[str]:
    """Write a Rasa credentials file: credentials.yml plus every channel that is on.

    Returns the names of the channels that are on. The file holds tokens, so only the owner
    may read it.
    """
    credentials = yaml.safe_load(BASE_CREDENTIALS.read_text(encoding="utf-8")) or {}
    enabled = enabled_channels(settings)
    if "telegram" in enabled:
        credentials[TELEGRAM_CONNECTOR] = {
            "access_token": _secret(settings.telegram_token),
            "secret_token": _secret(settings.telegram_secret_token),
            "webhook_url": settings.public_url + TELEGRAM_WEBHOOK_PATH,
            "api_url": settings.telegram_api_url,
        }
    if "whatsapp" in enabled:
        credentials[WHATSAPP_CONNECTOR] = {
            "account_sid": settings.twilio_account_sid.strip(),
            "auth_token": _secret(settings.twilio_auth_token),
            "twilio_number": settings.twilio_whatsapp_number,
            "webhook_url": settings.public_url + WHATSAPP_WEBHOOK_PATH,
            "api_url": settings.twilio_api_url,
        }
    target = Path(target_path)
    private_dir(target.parent)
    # Created with mode 0600 from the start, so the tokens are never readable by others.
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        yaml.safe_dump(credentials, handle, sort_keys=False, allow_unicode=True)
    os.chmod(target, 0o600)  # O_CREAT's mode does not apply to an existing file
    return enabled
