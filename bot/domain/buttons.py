"""The bot's own buttons and which button payloads a resident's message may carry.

A payload ("/intent" or '/intent{"key": value}') drives the dialogue directly, past the
language understanding. Residents' messages may do that only with the payloads of the bot's
own buttons; anything else that starts with "/" is treated as ordinary text (see
rasa_ext/channels/inbound.py). Every button in domain.yml and in the actions is checked against
this list by tests/unit/test_buttons.py.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.domain import topics

START_WEGWIJZER = {"title": "Welke zorg past bij mij?", "payload": "/start_wegwijzer"}
HUMAN_HANDOFF = {"title": "Ik wil iemand spreken", "payload": "/human_handoff"}
RESUME_WEGWIJZER_PAYLOAD = "/resume_wegwijzer"
SOMETHING_ELSE = {"title": "Iets anders", "payload": "/nlu_fallback"}
FIND_ZORGKANTOOR = {"title": "Welk zorgkantoor?", "payload": "/find_zorgkantoor"}
# Under the advice: the full reasons, which the advice itself leaves out to stay short.
WEGWIJZER_WHY = {"title": "Waarom dit advies?", "payload": "/wegwijzer_why"}

# Intents a button may send without data.
_PLAIN_INTENTS = {
    "start_wegwijzer",
    "restart_wegwijzer",
    "resume_wegwijzer",
    "human_handoff",
    "nlu_fallback",
    "greet",
    "stop",
    "find_zorgkantoor",
    "wegwijzer_why",
}
_PAYLOAD = re.compile(r"^/(?P<intent>[a-z_]+)(?P<data>\{.*\})?$", re.DOTALL)


def _data(raw: str | None) -> dict[str, Any] | None:
    if raw is None:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def is_bot_payload(text: str, form_fields: frozenset[str] = frozenset()) -> bool:
    """True when `text` is exactly a payload one of the bot's buttons can send.

    `form_fields`: slot names a '/inform{...}' answer may fill (the wegwijzer's fields)."""
    match = _PAYLOAD.match(text.strip())
    if not match:
        return False
    intent, data = match.group("intent"), _data(match.group("data"))
    if data is None:
        return False
    if intent in _PLAIN_INTENTS:
        return not data
    if intent == "ask_topic":
        return set(data) <= {"topic"} and (not data or topics.is_topic(data["topic"]))
    if intent == "inform":
        return bool(data) and set(data) <= form_fields
    return False
