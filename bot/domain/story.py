"""Facts a resident tells in passing, for the wegwijzer: in a story before the check ("mijn vader
van 84 heeft de hele dag toezicht nodig, hij heeft nog geen indicatie"), beside the answer to
another question ("voor mijn moeder, ze is 84"), or after the advice ("ze wil toch thuis
blijven", "ook vervoer", "nee, geen huishouden").

An answer to a question may be read generously (the question gives the context); a story may
not: only phrases that say one thing count, so "woont thuis" is no wish to stay at home and
"al 3 jaar ziek" no age. The phrases live in answer_keywords.yml under `statements`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from bot.domain import answers
from bot.domain import fields as registry

# Part of a message up to and including a "?" is a question; the rest is told.
_CLAUSE = re.compile(r"[^.!?;\n]+[.!?;\n]*")


@dataclass(frozen=True)
class Story:
    """What a message tells: `facts` are slot values by field (only fields it clearly says
    something about); `person` is how the advice names a relative ("vader"); needs the message
    adds to or takes out of earlier ones ("ook vervoer", "geen huishouden")."""

    facts: dict[str, Any] = field(default_factory=dict)
    person: str | None = None
    add_needs: tuple[str, ...] = ()
    remove_needs: tuple[str, ...] = ()
    mentioned: tuple[str, ...] = ()  # questions the words point to (rules.yml chat_ask_when)

    def __bool__(self) -> bool:
        return bool(self.facts or self.add_needs or self.remove_needs)


@lru_cache(maxsize=1)
def _kw() -> dict:
    raw = answers.raw_keywords()
    spec = raw["statements"]
    for section in ("bool_fields", "statement_bool_fields"):
        registry.check_names(
            spec[section],
            f"answer_keywords.yml statements.{section}",
            kinds=(registry.BOOL,),
            exact=False,
        )
    registry.check_values(
        spec["living_preference"], "living_preference", "answer_keywords.yml statements"
    )
    registry.check_names(spec["mentions"], "answer_keywords.yml statements.mentions", exact=False)
    as_bool = {"true": True, "false": False}

    def table(mapping: Mapping[str, Any]) -> list[tuple[Any, tuple[str, ...]]]:
        return [(label, p) for label, items in mapping.items() for p in answers.phrases(items)]

    def bools(section: str) -> dict[str, list]:
        return {
            f: [(as_bool[k], p) for k, items in v.items() for p in answers.phrases(items)]
            for f, v in spec[section].items()
        }

    def flat(key: str) -> list[tuple[bool, tuple[str, ...]]]:
        return [(True, p) for p in answers.phrases(spec[key])]

    relative_words = {w for w in raw["for_whom"]["relative"] if " " not in w} | set(spec["persons"])
    return {
        "relative_words": relative_words,
        "relative_verbs": set(spec["relative_verbs"]),
        "relative_prepositions": set(spec["relative_prepositions"]),
        "self": flat("self_phrases"),
        "persons": dict(spec["persons"]),
        "age_before": set(spec["age_before"]),
        "age_after": flat("age_after"),
        "age_fillers": set(spec["age_fillers"]),
        "not_age_after": flat("not_age_after"),
        "birth_words": flat_of(raw["age_dates"]["birth_words"]),
        "care_words": flat("care_words"),
        "bool_fields": bools("bool_fields"),
        "statement_bool_fields": bools("statement_bool_fields"),
        "living": table(spec["living_preference"]),
        "removers_before": flat("need_removers_before"),
        "removers_after": flat("need_removers_after"),
        "remover_blockers": set(spec["need_remover_blockers"]),
        "adders": flat("need_adders"),
        "change_markers": flat("change_markers"),
        "confused": flat("confused"),
        "about_advice": flat("about_advice"),
        "needs": table(raw["needs"]),
        "mentions": {f: flat_of(items) for f, items in spec["mentions"].items()},
    }


def flat_of(items: Sequence[str]) -> list[tuple[bool, tuple[str, ...]]]:
    return [(True, p) for p in answers.phrases(items)]


def _has(tokens: Sequence[str], table) -> bool:
    return bool(answers.find(tokens, table))


# --------------------------------------------------------------------------- public API
def read_story(text: str, today: date | None = None) -> Story:
    """The facts a message tells (see the module docstring)."""
    if not isinstance(text, str) or not text.strip() or text.strip().startswith("/"):
        return Story()
    today = today or date.today()
    kw = _kw()
    tokens = answers.tokenize(text)
    facts: dict[str, Any] = {}

    who, person = _who(tokens)
    if who is not None:
        facts["for_whom"] = who

    age = _age(tokens, today)
    if age is not None:
        facts["age"] = age

    for name, table in kw["bool_fields"].items():
        value = _bool(tokens, table)
        if value is not None and (
            name != "permanent_full_day_care" or _has(tokens, kw["care_words"])
        ):
            facts[name] = value
    told = [answers.tokenize(c) for c in _CLAUSE.findall(text) if "?" not in c]
    for name, table in kw["statement_bool_fields"].items():
        values = {v for clause in told if (v := _bool(clause, table)) is not None}
        if len(values) == 1:
            facts[name] = values.pop()

    living = _living(tokens)
    if living is not None:
        facts["living_preference"] = living

    add, remove = _need_changes(tokens)
    needs = [n for n in add if n not in remove]
    if needs:
        facts["needs"] = needs
    return Story(
        facts=facts,
        person=person,
        add_needs=tuple(needs) if _has(tokens, kw["adders"]) else (),
        remove_needs=tuple(remove),
        mentioned=tuple(f for f, table in kw["mentions"].items() if _has(tokens, table)),
    )


def is_change(text: str) -> bool:
    """A message that changes earlier answers: a fact and a word that marks a change."""
    if not isinstance(text, str):
        return False
    tokens = answers.tokenize(text)
    return bool(read_story(text)) and _has(tokens, _kw()["change_markers"])


def asks_about_advice(text: str) -> bool:
    """ "klopt dat advies dan nog?": the message is about the advice just given."""
    return isinstance(text, str) and _has(answers.tokenize(text), _kw()["about_advice"])


def is_confused(text: str) -> bool:
    """ "dat snap ik niet", "kan het simpeler?": the resident asks what the question means."""
    return isinstance(text, str) and _has(answers.tokenize(text), _kw()["confused"])


def person_of(text: str) -> str | None:
    """How to name the relative in this message ("vader" for "voor mijn pa"), if any."""
    if not isinstance(text, str):
        return None
    persons = _kw()["persons"]
    tokens = answers.tokenize(text)
    for i, tok in enumerate(tokens):
        if tok in persons and i > 0 and tokens[i - 1] in ("mijn", "onze", "ons", "voor", "m"):
            return persons[tok]
    return None


def merge_needs(current: Sequence[str] | None, story: Story, replace: bool) -> list[str] | None:
    """The needs after this message: added, taken out, or (replace) as newly named. None when
    the message says nothing about needs."""
    if not (story.add_needs or story.remove_needs or "needs" in story.facts):
        return None
    base = list(current or [])
    if replace and "needs" in story.facts and not story.add_needs:
        base = list(story.facts["needs"])
    for need in story.add_needs:
        if need not in base:
            base.append(need)
    kept = [n for n in base if n not in story.remove_needs]
    return [n for n in registry.NEEDS if n in kept]  # registry order: same answer, same text


# --------------------------------------------------------------------------- readers
def _who(tokens: Sequence[str]) -> tuple[str | None, str | None]:
    kw = _kw()
    relative, person = False, None
    for i, tok in enumerate(tokens):
        if tok not in kw["relative_words"]:
            continue
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1 : i + 4]
        preposition = tokens[i - 2] if i >= 2 else ""
        if before in ("mijn", "onze", "ons") and (
            set(after) & kw["relative_verbs"] or preposition in kw["relative_prepositions"]
        ):
            relative = True  # "mijn vader heeft ...", "de thuiszorg stopt bij mijn moeder"
        elif before == "voor":
            relative = True  # "voor oma"
        if relative:
            person = kw["persons"].get(tok)
            break
    if relative:
        return "relative", person
    ik_ben_age = any(
        tokens[i : i + 2] == ["ik", "ben"] and any(t.isdigit() for t in tokens[i + 2 : i + 4])
        for i in range(len(tokens))
    )
    if _has(tokens, kw["self"]) or ik_ben_age:
        return "self", None
    return None, None


def _age(tokens: Sequence[str], today: date) -> int | None:
    kw = _kw()
    for i, tok in enumerate(tokens):
        if tok.isdigit() and len(tok) == 4:
            before = tokens[max(0, i - 3) : i]
            if _has(before, kw["birth_words"]) or (before and before[-1] in ("van", "uit")):
                born = answers.birth_age(tokens[max(0, i - 2) : i + 1], today)
                if isinstance(born, int):
                    return born
    if _has(tokens, kw["birth_words"]):
        born = answers.birth_age(tokens, today)
        if isinstance(born, int):
            return born
    for start, end, value in answers.numbers_in(tokens):
        if not registry.AGE_MIN <= value <= registry.AGE_MAX or len(tokens[start]) == 4:
            continue
        rest = tokens[end : end + 3]
        if _starts_with(rest, kw["not_age_after"]):
            continue
        # "ik ben eigenlijk 76", "ze is dus 18": filler words between do not matter.
        j = start - 1
        while j > 0 and tokens[j] in kw["age_fillers"]:
            j -= 1
        before = tokens[j] if j >= 0 else ""
        if before in kw["age_before"] or _starts_with(rest, kw["age_after"]):
            return value
        if before in kw["relative_words"]:  # "mijn vader 84, ..."
            return value
    return None


def _starts_with(tokens: Sequence[str], table) -> bool:
    return any(m.start == 0 for m in answers.find(tokens, table))


def _bool(tokens: Sequence[str], table) -> bool | None:
    found = {
        (not m.label) if answers.negated(tokens, m.start) else m.label
        for m in answers.find(tokens, table)
    }
    return found.pop() if len(found) == 1 else None


def _living(tokens: Sequence[str]) -> str | None:
    votes = set()
    for m in answers.find(tokens, _kw()["living"]):
        option = m.label
        # "niet naar een verpleeghuis" is a phrase of its own; a negation before another
        # phrase flips it ("wil niet thuis blijven").
        if answers.negated(tokens, m.start) and tokens[m.start] not in ("niet", "geen"):
            option = "institution" if option == "home" else "home"
        votes.add(option)
    return votes.pop() if len(votes) == 1 else None


def _need_changes(tokens: Sequence[str]) -> tuple[list[str], list[str]]:
    """Kinds of help named, and those taken out ("geen huishouden", "vervoer hoeft niet")."""
    kw = _kw()
    add: list[str] = []
    remove: list[str] = []
    for m in answers.find(tokens, kw["needs"]):
        before = tokens[max(0, m.start - 3) : m.start]
        after = tokens[m.end : m.end + 4]
        removed = any(
            r.end == len(before) and not set(before[: r.start]) & kw["remover_blockers"]
            for r in answers.find(before, kw["removers_before"])
        )
        removed = removed or _starts_with(after, kw["removers_after"])
        target = remove if removed else add
        if m.label not in target:
            target.append(m.label)
    return add, remove
