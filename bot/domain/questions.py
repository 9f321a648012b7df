"""The wegwijzer's questions (bot/domain/questions.yml), worded for the resident or for a relative."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from bot.domain import fields as registry
from bot.domain.answers import UNCLEAR_REASONS

QUESTIONS_FILE = Path(__file__).with_name("questions.yml")


@lru_cache(maxsize=1)
def _questions() -> dict:
    data = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))
    unclear = data.pop("unclear", {})
    # One question per field of the registry, checked at load (not when it is first asked).
    registry.check_names(data, "questions.yml")
    if set(unclear) != set(UNCLEAR_REASONS):  # a reason without a text fails at load
        raise ValueError(f"questions.yml unclear: must have a text for each of {UNCLEAR_REASONS}")
    data["unclear"] = unclear
    for name, spec in data.items():
        if name == "unclear":
            continue
        missing = {"self", "example"} - set(spec)
        if missing:
            raise ValueError(f"questions.yml {name}: missing {sorted(missing)}")
    return data


def fields() -> list[str]:
    """The fields in question order (bot/domain/fields.py), not in the order of the file."""
    _questions()
    return list(registry.NAMES)


def question(field: str, for_whom: str | None = None) -> dict:
    """The question for a field as a message: {"text": ..., "buttons": [...]}."""
    spec = _questions()[field]
    text = spec.get("relative") if for_whom == "relative" else None
    buttons = [{"title": title, "payload": payload} for title, payload in spec.get("buttons", [])]
    return {"text": text or spec["self"], "buttons": buttons}


def not_understood(field: str, reason: str | None = None) -> str:
    """Said before the question is asked again, with an example of an answer that works; with
    a reason (answers.Unclear) it first says what was wrong with the answer."""
    example = f"U kunt bijvoorbeeld {_questions()[field]['example']} typen."
    if reason is not None:
        return f"{_questions()['unclear'][reason]} {example}"
    return f"Dat begreep ik niet goed. {example}"
