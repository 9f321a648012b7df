"""Transport helpers shared by the connectors: message limits, buttons as text, masking."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

# Cut points from best to worst: keep paragraphs, then lines, then sentences, then words whole.
_CUT_POINTS = ("\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ")


def split_message(text: str, limit: int) -> list[str]:
    """Split `text` into parts of at most `limit` characters, at the most natural place."""
    if limit < 1:
        raise ValueError("limit must be positive")
    rest = text.strip()
    parts: list[str] = []
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = 0
        for mark in _CUT_POINTS:
            position = window.rfind(mark)
            # A paragraph break near the start would leave a tiny part; look for a later,
            # smaller break first. Any space will do before cutting inside a word.
            if position >= limit // 2 or (mark == " " and position > 0):
                # Sentence marks stay with the sentence they end; only the space goes.
                cut = position + len(mark.rstrip())
                break
        if cut <= 0 or cut > limit:
            cut = limit
        head, rest = rest[:cut].rstrip(), rest[cut:].strip()
        if head:
            parts.append(head)
    if rest:
        parts.append(rest)
    return parts


def numbered_list(buttons: Sequence[dict[str, Any]]) -> str:
    """Buttons as text for channels without buttons: '1. Ja\\n2. Nee'."""
    return "\n".join(
        f"{number}. {button.get('title', '')}" for number, button in enumerate(buttons, start=1)
    )


_NUMBER_REPLY = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


def chosen_payload(reply: str, buttons: Sequence[dict[str, Any]]) -> str | None:
    """The payload of the button a typed reply picks: its number ('2') or its exact title.

    None when the reply picks no button, so it goes to the bot as typed.
    """
    if not buttons or reply is None:
        return None
    number = _NUMBER_REPLY.match(reply)
    if number:
        index = int(number.group(1)) - 1
        return buttons[index].get("payload") if 0 <= index < len(buttons) else None
    wanted = " ".join(reply.split()).casefold()
    for button in buttons:
        if " ".join(str(button.get("title", "")).split()).casefold() == wanted:
            return button.get("payload")
    return None


def mask_phone(address: str | None) -> str:
    """'whatsapp:+31612345678' -> 'whatsapp:+31*****5678', for logs."""
    if not address:
        return "?"
    prefix, _, number = address.rpartition(":")
    digits = number.lstrip("+")
    if len(digits) <= 6:
        masked = "*" * len(digits)
    else:
        masked = digits[:2] + "*" * (len(digits) - 6) + digits[-4:]
    plus = "+" if number.startswith("+") else ""
    return f"{prefix}{':' if prefix else ''}{plus}{masked}"


# Custom JSON keys meant for the web gateway only (api/rasa_client.py): which answer can be
# rated and the municipality's contact for a live-chat hand-off. A platform must not get them.
# `local_info` is shown as its own message before this point (split_local_info); never as JSON.
GATEWAY_ONLY_KEYS = frozenset({"answer_key", "handoff", "local_info"})


def platform_json(json_message: dict[str, Any]) -> dict[str, Any]:
    """The part of a custom JSON message that is meant for the chat platform itself."""
    return {k: v for k, v in json_message.items() if k not in GATEWAY_ONLY_KEYS}
