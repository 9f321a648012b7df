"""A small interpreter for rules.yml: the rules live in the YAML, this file only applies them.

Conditions are evaluated in three-valued logic (True / False / None = "cannot tell yet") so
that the same rule text serves two purposes:
  * evaluate(): every field has a value (None is a value: "not known"), so conditions are
    plainly true or false;
  * missing_fields(): fields not answered yet are "open", and a question is kept while its
    `ask_when` is not definitely false. Kleene logic is monotone, so the list can only shrink
    as answers come in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.domain import fields as registry

from .models import EligibilityInput, EligibilityOutput, Need, Package, Route
from .rulebook import DERIVED, RuleBook

RULES_FILE = Path(__file__).with_name("rules.yml")

# The one question order (bot/domain/fields.py): the form asks in it, `missing` is listed in it.
QUESTION_ORDER: tuple = registry.NAMES

InputLike = EligibilityInput | Mapping[str, Any]
MENTIONED = "_mentioned"  # facts key: fields the resident's words pointed to (chat only)


# --------------------------------------------------------------------------- loading
@lru_cache(maxsize=1)
def rule_book() -> RuleBook:
    """rules.yml, loaded and validated once (bot/domain/eligibility/rulebook.py)."""
    return RuleBook.parse_obj(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def rules() -> dict:
    """The validated rule book as plain data (every optional key filled in)."""
    return rule_book().dict()


def labels() -> dict:
    return rules()["labels"]


# --------------------------------------------------------------------------- conditions
def _facts(inp: EligibilityInput) -> dict[str, Any]:
    facts = inp.dict()
    facts["age_under_18"] = None if facts["age"] is None else facts["age"] < 18
    facts["has_needs"] = None if facts["needs"] is None else bool(facts["needs"])
    return facts


def _holds(
    cond: Mapping[str, Any], facts: Mapping[str, Any], open_fields: Set[str] = frozenset()
) -> bool | None:
    """Kleene AND over the condition's parts: True, False, or None (depends on open fields)."""
    result: bool | None = True
    for key, expected in cond.items():
        part = _atom(key, expected, facts, open_fields)
        if part is False:
            return False
        if part is None:
            result = None
    return result


def _atom(key: str, expected: Any, facts: Mapping[str, Any], open_fields: Set[str]) -> bool | None:
    if key == "all":
        return _kleene_all([_holds(c, facts, open_fields) for c in expected])
    if key == "any":
        return _kleene_any([_holds(c, facts, open_fields) for c in expected])
    if key == "not":
        inner = _holds(expected, facts, open_fields)
        return None if inner is None else not inner
    if key == "mentioned":  # chat only: the resident's words pointed to this question
        return expected in facts.get(MENTIONED, ())
    if key == "needs_any":
        if "needs" in open_fields:
            return None
        return bool(facts["needs"]) and bool(set(facts["needs"]) & set(expected))
    if DERIVED.get(key, key) in open_fields:
        return None
    allowed = expected if isinstance(expected, list) else [expected]
    return facts[key] in allowed


def _kleene_all(parts: list[bool | None]) -> bool | None:
    if any(p is False for p in parts):
        return False
    return None if any(p is None for p in parts) else True


def _kleene_any(parts: list[bool | None]) -> bool | None:
    if any(p is True for p in parts):
        return True
    return None if any(p is None for p in parts) else False


# --------------------------------------------------------------------------- public API
def coerce_input(inp: InputLike) -> EligibilityInput:
    """Accept a model or a plain dict (validated, so bad input raises ValidationError)."""
    if isinstance(inp, EligibilityInput):
        return inp
    return EligibilityInput.parse_obj(dict(inp))


def evaluate(inp: InputLike, person: str | None = None) -> EligibilityOutput:
    """Apply rules.yml to the answers: routes, packages, notes and missing fields.

    `person` ("uw vader") words the reasons about a relative where rules.yml has a
    `why_relative`; the API (no person) always gets the plain `why`."""
    book = rule_book()
    model = coerce_input(inp)
    facts = _facts(model)
    return EligibilityOutput(
        routes=_routes(book, facts, person),
        packages=_packages(book, facts, person),
        notes=[n.text for n in book.notes if _holds(n.when, facts)],
        missing=missing_fields(model),
    )


def missing_fields(inp: InputLike, unknown: Iterable[str] = ()) -> list[str]:
    """Fields not answered yet whose answer can still change the advice, in question order.

    Fields in `unknown` were answered "weet ik niet": they count as final (None), so questions
    that only matter for a particular answer to them drop out. They are themselves still
    listed when they matter (the advice says what to find out); see needed_after().
    """
    model = coerce_input(inp)
    facts = _facts(model)
    frozen = set(unknown)
    unanswered = [f for f in QUESTION_ORDER if facts[f] is None]
    open_fields = set(unanswered) - frozen
    spec = rule_book().fields
    return [f for f in unanswered if _holds(spec[f].ask_when, facts, open_fields) is not False]


def needed_after(
    answers: Mapping[str, Any], unknown: Iterable[str] = (), mentioned: Iterable[str] = ()
) -> list[str]:
    """What the chat form should still ask: missing fields, minus those answered "weet ik
    niet", where "weet ik niet" counts as a final answer (see missing_fields), and minus
    those whose `chat_ask_when` does not hold: a question that only adds a note is asked
    when the situation (or the resident's words, `mentioned`) points to it."""
    unknown = set(unknown)
    known = {
        k: v
        for k, v in answers.items()
        if k in QUESTION_ORDER and k not in unknown and v is not None
    }
    model = coerce_input(known)
    facts = {**_facts(model), MENTIONED: frozenset(mentioned)}
    missing = [f for f in missing_fields(known, unknown) if f not in unknown]
    open_fields = set(missing)
    spec = rule_book().fields
    asked = []
    for f in missing:
        when = spec[f].chat_ask_when
        if when is None or _holds(when, facts, open_fields) is not False:
            asked.append(f)
    return asked


def note_id(text: str) -> str | None:
    """The id in rules.yml of a note text produced by evaluate() (used by the advice)."""
    for note in rule_book().notes:
        if note.text == text:
            return note.id
    return None


# --------------------------------------------------------------------------- builders
def join_dutch(words: list[str], last: str = "en") -> str:
    """ "a, b en c" (or with `last` "of": "a, b of c")."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def _why(rule: Any, person: str | None) -> str:
    if person is None or not rule.why_relative:
        return rule.why
    return rule.why_relative.replace("{Person}", person[:1].upper() + person[1:]).replace(
        "{person}", person
    )


def _routes(book: RuleBook, facts: Mapping[str, Any], person: str | None = None) -> list[Route]:
    need_labels = book.labels.needs
    asked = list(facts["needs"] or [])
    found: dict[str, dict[str, Any]] = {}
    for rule in book.route_rules:
        if not _holds(rule.when, facts):
            continue
        covered: list[Need] = []
        if rule.needs is not None:
            # Keep the canonical order of the rule, not of the input: same answer, same text.
            covered = [n for n in rule.needs if n in asked]
            if not covered:
                continue
        key: str | None = rule.route
        if key not in book.routes:
            # `route: <law>` joins the route of that law opened by an earlier rule.
            key = next((k for k in found if book.routes[k].law == rule.route), None)
            if key is None:
                continue
        entry = found.setdefault(key, {"why": [], "sources": set()})
        why = _why(rule, person).replace("{needs}", join_dutch([need_labels[n] for n in covered]))
        if why not in entry["why"]:
            entry["why"].append(why)
        entry["sources"].update(rule.sources)

    routes = []
    for key, spec in book.routes.items():  # rules.yml order: deterministic output
        if key not in found:
            continue
        steps = [s.text for s in spec.next_steps if _holds(s.when, facts)]
        routes.append(
            Route(
                law=spec.law,
                desk=spec.desk,
                why=" ".join(found[key]["why"]),
                next_steps=steps,
                sources=sorted(found[key]["sources"]),
            )
        )
    return routes


def _packages(book: RuleBook, facts: Mapping[str, Any], person: str | None = None) -> list[Package]:
    if not _holds(book.packages_when, facts):
        return []
    packages = []
    for code, spec in book.packages.items():
        rule = next((r for r in spec.rules if _holds(r.when, facts)), None)
        if rule is not None:
            packages.append(
                Package(
                    code=code, fit=rule.fit, why=_why(rule, person), sources=sorted(spec.sources)
                )
            )
    return packages
