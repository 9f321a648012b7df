"""A stable key per bot answer, so feedback can name the answer without storing its text.

"faq/<topic>" when the text is one of the FAQ answers in data/faq/*.yml. The wegwijzer's
advice is marked by its action ("wegwijzer/advice", see api/rasa_client.py). Questions and
small talk get no key: there is no answer to rate.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from bot.domain.topics import FAQ_DIR, faq_responses


def _normal(text: str) -> str:
    # YAML block scalars end with a newline; Rasa may pass it on or not.
    return text.strip()


def load_faq_keys(faq_dir: Path = FAQ_DIR) -> dict[str, str]:
    """Every variant text of every utter_faq/<topic> response -> "faq/<topic>"."""
    return {text: f"faq/{topic}"
            for topic, texts in faq_responses(faq_dir).items() for text in texts}


class AnswerKeys:
    def __init__(self, faq_keys: dict[str, str]) -> None:
        self._faq = faq_keys

    def __len__(self) -> int:
        return len(self._faq)

    def key_for(self, text: str) -> Optional[str]:
        return self._faq.get(_normal(text))
