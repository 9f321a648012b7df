"""What every channel does with a resident's message before the bot sees it.

One function for all channels (web via REST, Telegram, WhatsApp), so the rules are the same
everywhere:
- personal data (BSN, phone number, e-mail) is masked and a full date of birth becomes an age,
  BEFORE the message reaches the tracker store, slots or logs; the resident is told once, in
  the reply, not to share it and who can help instead;
- a message starting with "/" drives the dialogue only when it is one of the bot's own button
  payloads (bot/domain/buttons.py); anything else ("/restart", "/faq{...}") is read as text;
- two questions in one message are handed to the bot one after the other
  (bot/domain/multi_question.py), so neither is dropped.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage

from bot.domain import buttons, multi_question, privacy, questions
from bot.domain.safety import assess
from bot.domain.safety import message as safety_message
from bot.settings import get_settings

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
# The wegwijzer's fields: what an '/inform{...}' answer button may fill.
FORM_FIELDS = frozenset(questions.fields())


def _printable(text: str) -> str:
    """Control and format characters (newlines, ANSI escapes, zero-width spaces) become
    spaces: nothing a resident types can forge a log line or hide text."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cf") else c for c in text)


def clean_text(text: str | None) -> tuple[str, str | None]:
    """(text the bot may see, notice for the resident or None)."""
    text = " ".join(_printable(text or "").split())
    if text.startswith("/"):
        if buttons.is_bot_payload(text, FORM_FIELDS):
            return text, None
        text = text.lstrip("/").strip()
    settings = get_settings()
    scrubbed = privacy.scrub(text, keep=[settings.municipality_phone])
    notices = []
    if scrubbed.found:
        notices.append(safety_message("personal_data", settings.contact, settings.safety_texts))
    if scrubbed.ages:
        notices.append(
            safety_message(
                "birth_date", settings.contact, settings.safety_texts, age=scrubbed.ages[0]
            )
        )
    return scrubbed.text, " ".join(notices) or None


def _copy(message: UserMessage, text: str) -> UserMessage:
    """The same resident, channel and metadata, another text (and its own message id)."""
    return UserMessage(
        text,
        message.output_channel,
        message.sender_id,
        input_channel=message.input_channel,
        metadata=message.metadata,
    )


def guarded(on_new_message: OnNewMessage) -> OnNewMessage:
    """Wrap a channel's on_new_message with clean_text."""

    async def handle(message: UserMessage) -> Any:
        text, notice = clean_text(message.text)
        if notice and message.output_channel is not None:
            await message.output_channel.send_text_message(message.sender_id, notice)
        if not text:  # only a "/" or similar: nothing to understand
            if message.output_channel is not None:
                settings = get_settings()
                await message.output_channel.send_text_message(
                    message.sender_id,
                    safety_message("empty_message", settings.contact, settings.safety_texts),
                )
            return None
        # Two questions in one message are answered both, in order (never cut when the
        # message holds a crisis: that answer comes first).
        parts = [text] if assess(text).kind else multi_question.split(text)
        result = None
        for i, part in enumerate(parts):
            message.text = part
            result = await on_new_message(message if i == 0 else _copy(message, part))
        return result

    return handle
