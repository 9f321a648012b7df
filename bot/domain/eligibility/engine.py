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

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Set, Union

import yaml

from bot.domain import fields as registry

from .models import EligibilityInput, EligibilityOutput, Need, Package, Route

RULES_FILE = Path(__file__).with_name("rules.yml")

# The one question order (bot/domain/fields.py): the form asks in it, `missing` is listed in it.
QUESTION_ORDER: tuple = registry.NAMES

# Derived facts that conditions may test like fields, with the input field they come from.
_DERIVED = {"age_under_18": "age", "has_needs": "needs"}
_SOURCES = {"000", "001", "002", "003", "004"}

InputLike = Union[EligibilityInput, Mapping[str, Any]]


# --------------------------------------------------------------------------- loading
@lru_cache(maxsize=1)
def rules() -> dict:
    """rules.yml, loaded and checked once."""
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    _check(data)
    return data


def labels() -> dict:
    return rules()["labels"]


def _check(data: dict) -> None:
    # Fail at load time, not in the middle of a conversation, when the rule book has a typo.
    def cond(c: Any, where: str) -> None:
        if not isinstance(c, dict):
            raise ValueError(f"{where}: condition must be a mapping, got {c!r}")
        for key, value in c.items():
            if key in ("any", "all"):
                for sub in value:
                    cond(sub, where)
            elif key == "not":
                cond(value, where)
            elif key == "needs_any":
                _check_needs(value, where)
            elif key not in QUESTION_ORDER and key not in _DERIVED:
                raise ValueError(f"{where}: unknown field {key!r} in condition")

    def sources(s: Any, where: str) -> None:
        if not s or not set(s) <= _SOURCES:
            raise ValueError(f"{where}: sources must be a non-empty subset of {_SOURCES}")

    registry.check_names(data["fields"], "rules.yml fields")
    for name, spec in data["fields"].items():
        cond(spec.get("ask_when", {}), f"fields.{name}")
    for key, route in data["routes"].items():
        for step in route["next_steps"]:
            cond(step.get("when", {}), f"routes.{key}")
    laws = {r["law"] for r in data["routes"].values()}
    for rule in data["route_rules"]:
        where = f"route_rules.{rule['id']}"
        cond(rule.get("when", {}), where)
        sources(rule.get("sources"), where)
        if not str(rule.get("why", "")).strip():
            raise ValueError(f"{where}: empty why")
        if rule["route"] not in data["routes"] and rule["route"] not in laws:
            raise ValueError(f"{where}: unknown route {rule['route']!r}")
        if "needs" in rule:
            _check_needs(rule["needs"], where)
    cond(data["packages_when"], "packages_when")
    for code, spec in data["packages"].items():
        sources(spec.get("sources"), f"packages.{code}")
        for rule in spec["rules"]:
            cond(rule["when"], f"packages.{code}")
            if rule["fit"] not in ("recommended", "possible", "not_possible"):
                raise ValueError(f"packages.{code}: bad fit {rule['fit']!r}")
            if not str(rule.get("why", "")).strip():
                raise ValueError(f"packages.{code}: empty why")
    for note in data["notes"]:
        cond(note["when"], f"notes.{note['id']}")
        sources(note.get("sources"), f"notes.{note['id']}")


def _check_needs(needs: Iterable[str], where: str) -> None:
    unknown = set(needs) - {n.value for n in Need}
    if unknown:
        raise ValueError(f"{where}: unknown needs {sorted(unknown)}")


# --------------------------------------------------------------------------- conditions
def _facts(inp: EligibilityInput) -> Dict[str, Any]:
    facts = inp.dict()
    facts["age_under_18"] = None if inp.age is None else inp.age < 18
    facts["has_needs"] = None if inp.needs is None else bool(inp.needs)
    return facts


def _holds(cond: Mapping[str, Any], facts: Mapping[str, Any],
           open_fields: Set[str] = frozenset()) -> Optional[bool]:
    """Kleene AND over the condition's parts: True, False, or None (depends on open fields)."""
    result: Optional[bool] = True
    for key, expected in cond.items():
        part = _atom(key, expected, facts, open_fields)
        if part is False:
            return False
        if part is None:
            result = None
    return result


def _atom(key: str, expected: Any, facts: Mapping[str, Any],
          open_fields: Set[str]) -> Optional[bool]:
    if key == "all":
        return _kleene_all([_holds(c, facts, open_fields) for c in expected])
    if key == "any":
        return _kleene_any([_holds(c, facts, open_fields) for c in expected])
    if key == "not":
        inner = _holds(expected, facts, open_fields)
        return None if inner is None else not inner
    if key == "needs_any":
        if "needs" in open_fields:
            return None
        return bool(facts["needs"]) and bool(set(facts["needs"]) & set(expected))
    if _DERIVED.get(key, key) in open_fields:
        return None
    allowed = expected if isinstance(expected, list) else [expected]
    return facts[key] in allowed


def _kleene_all(parts: List[Optional[bool]]) -> Optional[bool]:
    if any(p is False for p in parts):
        return False
    return None if any(p is None for p in parts) else True


def _kleene_any(parts: List[Optional[bool]]) -> Optional[bool]:
    if any(p is True for p in parts):
        return True
    return None if any(p is None for p in parts) else False


# --------------------------------------------------------------------------- public API
def coerce_input(inp: InputLike) -> EligibilityInput:
    """Accept a model or a plain dict (validated, so bad input raises ValidationError)."""
    if isinstance(inp, EligibilityInput):
        return inp
    return EligibilityInput.parse_obj(dict(inp))


def evaluate(inp: InputLike) -> EligibilityOutput:
    """Apply rules.yml to the answers: routes, packages, notes and missing fields."""
    data = rules()
    model = coerce_input(inp)
    facts = _facts(model)
    return EligibilityOutput(
        routes=_routes(data, facts),
        packages=_packages(data, facts),
        notes=[n["text"] for n in data["notes"] if _holds(n["when"], facts)],
        missing=missing_fields(model),
    )


def missing_fields(inp: InputLike, unknown: Iterable[str] = ()) -> List[str]:
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
    spec = rules()["fields"]
    return [f for f in unanswered
            if _holds(spec[f].get("ask_when", {}), facts, open_fields) is not False]


def needed_after(answers: Mapping[str, Any], unknown: Iterable[str] = ()) -> List[str]:
    """What the chat form should still ask: missing fields, minus those answered "weet ik
    niet", where "weet ik niet" counts as a final answer (see missing_fields)."""
    unknown = set(unknown)
    known = {k: v for k, v in answers.items()
             if k in QUESTION_ORDER and k not in unknown and v is not None}
    return [f for f in missing_fields(known, unknown) if f not in unknown]


def note_id(text: str) -> Optional[str]:
    """The id in rules.yml of a note text produced by evaluate() (used by the advice)."""
    for note in rules()["notes"]:
        if note["text"] == text:
            return note["id"]
    return None


# --------------------------------------------------------------------------- builders
def join_dutch(words: List[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " en " + words[-1]


def _routes(data: dict, facts: Mapping[str, Any]) -> List[Route]:
    need_labels = data["labels"]["needs"]
    asked = list(facts["needs"] or [])
    found: Dict[str, Dict[str, Any]] = {}
    for rule in data["route_rules"]:
        if not _holds(rule.get("when", {}), facts):
            continue
        covered = []
        if "needs" in rule:
            # Keep the canonical order of the rule, not of the input: same answer, same text.
            covered = [n for n in rule["needs"] if n in asked]
            if not covered:
                continue
        key = rule["route"]
        if key not in data["routes"]:
            # `route: <law>` joins the route of that law opened by an earlier rule.
            key = next((k for k in found if data["routes"][k]["law"] == key), None)
            if key is None:
                continue
        entry = found.setdefault(key, {"why": [], "sources": set()})
        why = rule["why"].replace("{needs}", join_dutch([need_labels[n] for n in covered]))
        if why not in entry["why"]:
            entry["why"].append(why)
        entry["sources"].update(rule["sources"])

    routes = []
    for key, spec in data["routes"].items():  # rules.yml order: deterministic output
        if key not in found:
            continue
        steps = [s["text"] for s in spec["next_steps"] if _holds(s.get("when", {}), facts)]
        routes.append(Route(law=spec["law"], desk=spec["desk"],
                            why=" ".join(found[key]["why"]),
                            next_steps=steps, sources=sorted(found[key]["sources"])))
    return routes


def _packages(data: dict, facts: Mapping[str, Any]) -> List[Package]:
    if not _holds(data["packages_when"], facts):
        return []
    packages = []
    for code, spec in data["packages"].items():
        rule = next((r for r in spec["rules"] if _holds(r["when"], facts)), None)
        if rule is not None:
            packages.append(Package(code=code, fit=rule["fit"], why=rule["why"],
                                    sources=sorted(spec["sources"])))
    return packages
