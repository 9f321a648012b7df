"""The schema of rules.yml: the whole rule book is validated when it is loaded, so a typo
(an unknown key, field, need, note, route, package or source) fails at start-up, not in the
middle of a conversation. Unknown keys are forbidden everywhere.

Conditions (`when`, `ask_when`, `packages_when`) are mappings checked by check_condition();
how they read is explained at the top of rules.yml.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, Field, root_validator, validator

from bot.domain import fields as registry

from .models import Desk, Fit, Law, Need, NonEmptyText, PackageCode, SourceId

# Derived facts that conditions may test like fields, with the input field they come from.
DERIVED = {"age_under_18": "age", "has_needs": "needs"}

Condition = dict[str, Any]
Sources = list[SourceId]


def check_condition(cond: Any, where: str) -> None:
    """A condition names only known fields, derived facts and needs."""
    if not isinstance(cond, dict):
        raise ValueError(f"{where}: condition must be a mapping, got {cond!r}")
    for key, value in cond.items():
        if key in ("any", "all"):
            if not isinstance(value, list):
                raise ValueError(f"{where}: {key} takes a list of conditions")
            for sub in value:
                check_condition(sub, where)
        elif key == "not":
            check_condition(value, where)
        elif key == "needs_any":
            registry.check_values(value, "needs", where, exact=False)
        elif key == "mentioned":
            registry.spec(value)  # a field the resident's own words pointed to
        elif key not in registry.NAMES and key not in DERIVED:
            raise ValueError(f"{where}: unknown field {key!r} in condition")


class _Strict(BaseModel):
    class Config:
        extra = "forbid"
        use_enum_values = True


def _condition_validator(*names: str):
    def check(cls, value, field):  # noqa: ANN001 (pydantic validator signature)
        check_condition(value, f"{cls.__name__}.{field.name}")
        return value

    return validator(*names, allow_reuse=True)(check)


class Labels(_Strict):
    """Dutch words for every law, desk, package, need and fit (all of them required)."""

    laws: dict[Law, str]
    laws_short: dict[Law, str]
    desks: dict[Desk, str]
    packages: dict[PackageCode, str]
    needs: dict[Need, str]
    fits: dict[Fit, str]

    @root_validator(skip_on_failure=True)
    def _complete(cls, values):  # noqa: ANN001
        enums: dict[str, type[Enum]] = {
            "laws": Law,
            "laws_short": Law,
            "desks": Desk,
            "packages": PackageCode,
            "needs": Need,
            "fits": Fit,
        }
        for key, enum in enums.items():
            absent = {m.value for m in enum} - set(values[key])
            if absent:
                raise ValueError(f"labels.{key}: no label for {sorted(absent)}")
        return values


class FieldRule(_Strict):
    """When a question can change the advice, and what the advice says while it is open."""

    label: NonEmptyText
    ask_when: Condition = {}
    depends_on: list[str] = []
    covered_by_note: str | None = None
    # The chat asks this question only in this situation (default: whenever ask_when holds).
    # For a question that only adds a note: the form does not ask what cannot matter to this
    # resident; the story reader still fills it in when the resident says it.
    chat_ask_when: Condition | None = None
    find_out: str

    _ask_when = _condition_validator("ask_when")
    _chat_ask_when = _condition_validator("chat_ask_when")

    @validator("depends_on", each_item=True)
    def _known_field(cls, name):  # noqa: ANN001
        registry.spec(name)
        return name


class Step(_Strict):
    text: NonEmptyText
    when: Condition = {}

    _when = _condition_validator("when")


class RouteSpec(_Strict):
    law: Law
    desk: Desk
    next_steps: list[Step] = Field(..., min_items=1)


class RouteRule(_Strict):
    id: NonEmptyText
    when: Condition = {}
    needs: list[Need] | None = None
    route: str
    why: NonEmptyText
    # The same reason about a relative: "{Person}" is "Uw vader" (or "Uw naaste").
    why_relative: NonEmptyText | None = None
    sources: Sources = Field(..., min_items=1)

    _when = _condition_validator("when")


class PackageRule(_Strict):
    when: Condition
    fit: Fit
    why: NonEmptyText
    why_relative: NonEmptyText | None = None

    _when = _condition_validator("when")


class PackageSpec(_Strict):
    sources: Sources = Field(..., min_items=1)
    rules: list[PackageRule] = Field(..., min_items=1)


class NoteRule(_Strict):
    id: NonEmptyText
    when: Condition
    text: NonEmptyText
    sources: Sources = Field(..., min_items=1)

    _when = _condition_validator("when")


class TopicButton(_Strict):
    """A button to an FAQ topic under the advice, shown when all its conditions hold: the note
    is shown, the route is given, the package has one of these fits, a route of with_law is
    given, no route of without_law is given."""

    topic: NonEmptyText
    note: str | None = None
    route: str | None = None
    package: PackageCode | None = None
    fits: list[Fit] | None = None
    with_law: Law | None = None
    without_law: Law | None = None

    @root_validator(skip_on_failure=True)
    def _one_condition(cls, values):  # noqa: ANN001
        if (values.get("package") is None) != (values.get("fits") is None):
            raise ValueError(f"topic_buttons.{values['topic']}: package and fits go together")
        if not any(values.get(k) is not None for k in ("note", "route", "package")):
            raise ValueError(f"topic_buttons.{values['topic']}: needs a note, route or package")
        return values


class RuleBook(_Strict):
    labels: Labels
    home_packages: list[PackageCode] = Field(..., min_items=1)
    fields: dict[str, FieldRule]
    routes: dict[str, RouteSpec]
    route_rules: list[RouteRule] = Field(..., min_items=1)
    packages_when: Condition
    packages: dict[PackageCode, PackageSpec]
    notes: list[NoteRule]
    topic_buttons: list[TopicButton]

    _packages_when = _condition_validator("packages_when")

    @validator("fields")
    def _registry_fields(cls, value):  # noqa: ANN001
        registry.check_names(value, "rules.yml fields")
        return value

    @root_validator(skip_on_failure=True)
    def _references(cls, values):  # noqa: ANN001
        """Everything a rule points to exists in the rule book."""
        routes, notes = values["routes"], {n.id for n in values["notes"]}
        for key, route in routes.items():
            # The advice finds a route of the output by "<law>_<desk>".
            if key != f"{route.law}_{route.desk}":
                raise ValueError(f"routes.{key}: key must be {route.law}_{route.desk}")
        laws = {r.law for r in routes.values()}
        for rule in values["route_rules"]:
            if rule.route not in routes and rule.route not in laws:
                raise ValueError(f"route_rules.{rule.id}: unknown route {rule.route!r}")
        for name, spec in values["fields"].items():
            if spec.covered_by_note is not None and spec.covered_by_note not in notes:
                raise ValueError(f"fields.{name}: unknown note {spec.covered_by_note!r}")
        unknown = set(values["home_packages"]) - set(values["packages"])
        if unknown:
            raise ValueError(f"home_packages: unknown packages {sorted(unknown)}")
        for button in values["topic_buttons"]:
            if button.note is not None and button.note not in notes:
                raise ValueError(f"topic_buttons.{button.topic}: unknown note {button.note!r}")
            if button.route is not None and button.route not in routes:
                raise ValueError(f"topic_buttons.{button.topic}: unknown route {button.route!r}")
        ids = [n.id for n in values["notes"]] + [r.id for r in values["route_rules"]]
        if len(set(ids)) != len(ids):
            raise ValueError("rules.yml: an id of a note or route rule is used twice")
        return values
