"""Typed replies to buttons: '2' or a button's title picks that button's payload.

Channels without buttons (WhatsApp) show them as a numbered list, so the resident answers by
typing. Which buttons were on screen is read from the conversation itself (the tracker), so
nothing extra is stored and every channel process sees the same state.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from rasa.shared.core.events import BotUttered, Event, UserUttered

from rasa_ext.channels.formatting import chosen_payload

logger = logging.getLogger(__name__)


def last_offered_buttons(events: Iterable[Event]) -> list[dict[str, Any]]:
    """Buttons of the bot's last message since the resident's last message, else []."""
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            # Buttons from an earlier turn no longer apply: '2' may be an answer ("age").
            return []
        if isinstance(event, BotUttered) and (event.data or {}).get("buttons"):
            return list(event.data["buttons"])
    return []


async def resolve_typed_choice(agent: Any, conversation_id: str, text: str) -> str:
    """The payload picked by `text`, or `text` unchanged when it picks no button."""
    if not text or agent is None or getattr(agent, "tracker_store", None) is None:
        return text
    try:
        tracker = await agent.tracker_store.retrieve(conversation_id)
    except Exception:  # noqa: BLE001 - a broken lookup must not lose the message itself
        logger.exception("Could not read the conversation to map a typed button choice.")
        return text
    if tracker is None:
        return text
    return chosen_payload(text, last_offered_buttons(tracker.events)) or text
