"""The wegwijzer's questions (bot/domain/questions.yml), worded for the resident or for a
relative, with the form's own sentences (what was understood, what changed, explanations)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.domain import fields as registry
from bot.domain.answers import UNCLEAR_REASONS
from bot.domain.eligibility import engine

QUESTIONS_FILE = Path(__file__).with_name("questions.yml")
SAID_KEYS = (
    "noted",
    "noted_more",
    "changed",
    "invite",
    "go_on",
    "unchanged",
    "new_advice",
    "more_questions",
    "no_check_yet",
)
SOMEONE = "de persoon die zorg nodig heeft"


@lru_cache(maxsize=1)
def _questions() -> dict:
    data = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))
    unclear = data.pop("unclear", {})
    said = data.pop("said", {})
    # One question per field of the registry, checked at load (not when it is first asked).
    registry.check_names(data, "questions.yml")
    if set(unclear) != set(UNCLEAR_REASONS):  # a reason without a text fails at load
        raise ValueError(f"questions.yml unclear: must have a text for each of {UNCLEAR_REASONS}")
    if set(said) != set(SAID_KEYS):
        raise ValueError(f"questions.yml said: must have exactly {SAID_KEYS}")
    for name, spec in data.items():
        missing = {"self", "example", "explain", "noted"} - set(spec)
        if missing:
            raise ValueError(f"questions.yml {name}: missing {sorted(missing)}")
        kind = registry.spec(name).kind
        if kind in (registry.BOOL, registry.ENUM, registry.LIST):
            want = (
                {"true", "false"}
                if kind == registry.BOOL
                else {"one", "more", "none"}
                if kind == registry.LIST
                else set(registry.spec(name).values)
            )
            if not isinstance(spec["noted"], dict) or set(spec["noted"]) != want:
                raise ValueError(f"questions.yml {name}: noted needs exactly {sorted(want)}")
    data["unclear"] = unclear
    data["said"] = said
    return data


def fields() -> list[str]:
    """The fields in question order (bot/domain/fields.py), not in the order of the file."""
    _questions()
    return list(registry.NAMES)


def person_phrase(person: str | None) -> str:
    """ "uw vader" for a named relative, else "uw naaste"."""
    return f"uw {person}" if person else "uw naaste"


def question(field: str, for_whom: str | None = None, person: str | None = None) -> dict:
    """The question for a field as a message: {"text": ..., "buttons": [...]}; for a named
    relative ("vader") worded about that person where the question has a `person` form."""
    spec = _questions()[field]
    text = None
    if for_whom == "relative":
        if person and spec.get("person"):
            text = spec["person"].replace("{person}", person_phrase(person))
        else:
            text = spec.get("relative")
    buttons = [{"title": title, "payload": payload} for title, payload in spec.get("buttons", [])]
    return {"text": text or spec["self"], "buttons": buttons}


def not_understood(field: str, reason: str | None = None) -> str:
    """Said before the question is asked again, with an example of an answer that works; with
    a reason (answers.Unclear) it first says what was wrong with the answer."""
    example = f"U kunt bijvoorbeeld {_questions()[field]['example']} typen."
    if reason is not None:
        return f"{_questions()['unclear'][reason]} {example}"
    return f"Dat begreep ik niet goed. {example}"


def explain(field: str) -> str:
    """What the question means, in other words (the question itself follows)."""
    return _questions()[field]["explain"]


def said(key: str, **values: str) -> str:
    text = _questions()["said"][key]
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def noted(field: str, value: Any, person: str | None = None) -> str:
    """One answer as it is repeated back: "84 jaar", "hulp bij toezicht en vervoer"."""
    spec = _questions()[field]["noted"]
    if registry.spec(field).kind == registry.LIST:
        labels = engine.labels()["needs"]
        form = "none" if not value else "one" if len(value) == 1 else "more"
        return spec[form].replace("{value}", engine.join_dutch([labels[n] for n in value or []]))
    if isinstance(spec, Mapping):
        key = str(value).lower() if isinstance(value, bool) else str(value)
        return spec[key].replace("{person}", person_phrase(person) if person else "een ander")
    return spec.replace("{value}", str(value))


def noted_list(values: Mapping[str, Any], person: str | None = None) -> str:
    """Several answers, in question order: "de zorg is voor uw vader, 84 jaar en ..."."""
    parts = [noted(f, values[f], person) for f in registry.NAMES if f in values]
    return engine.join_dutch(parts)
