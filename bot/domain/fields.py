"""The wegwijzer's input fields: the one definition of what the check asks.

Each field has a name (the SPEC's eligibility input field, the slot of `wegwijzer_form` and the
JSON key of POST /api/eligibility), a kind, its allowed values or range and a description.
FIELDS is in question order: the form asks in this order and the engine lists `missing` in it.

Everything else is derived from this file or checked against it:
  * eligibility/models.py builds InputField and EligibilityInput from FIELDS;
  * answers.py reads answers per kind and checks answer_keywords.yml against FIELDS at load;
  * questions.py checks that questions.yml has one question per field at load;
  * eligibility/engine.py checks that rules.yml's `fields:` are exactly these at load;
  * tests/unit/test_fields.py checks domain.yml (slots, required_slots, action_ask_*).

Adding a yes/no question: add a FieldSpec here, its question in questions.yml, its entry in
rules.yml (`fields:`, plus the rules that use it) and the slot, required_slots entry and
action_ask_ in domain.yml (tests/unit/test_fields.py says what is missing). Its own phrases in
answer_keywords.yml are optional (the generic yes / no words work). Other kinds also need a
reader in answers.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

BOOL = "bool"
INT = "int"
ENUM = "enum"
LIST = "list"
KINDS = (BOOL, INT, ENUM, LIST)


class ForWhom(str, Enum):
    self = "self"
    relative = "relative"


class Need(str, Enum):
    household = "household"
    home_adaptation = "home_adaptation"
    aids = "aids"
    transport = "transport"
    guidance = "guidance"
    day_activities = "day_activities"
    nursing_care = "nursing_care"
    supervision = "supervision"
    respite = "respite"
    meals = "meals"


class LivingPreference(str, Enum):
    home = "home"
    institution = "institution"


@dataclass(frozen=True)
class FieldSpec:
    """One input field. `choices` is the enum of allowed values (kind enum) or of allowed
    items (kind list, each item at most once); `range` the lowest and highest whole number
    (kind int)."""

    name: str
    kind: str
    description: str
    choices: type[Enum] | None = None
    range: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: unknown kind {self.kind!r}")
        if (self.choices is not None) != (self.kind in (ENUM, LIST)):
            raise ValueError(f"{self.name}: choices are for enum and list fields only")
        if (self.range is not None) != (self.kind == INT):
            raise ValueError(f"{self.name}: a range is for int fields only")

    @property
    def values(self) -> tuple[str, ...]:
        """Allowed values (enum) or items (list), as plain strings."""
        return tuple(m.value for m in self.choices) if self.choices is not None else ()


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "for_whom",
        ENUM,
        "Asking for themselves (`self`) or for someone else " "(`relative`).",
        choices=ForWhom,
    ),
    FieldSpec(
        "age",
        INT,
        "Age in years (whole number 0-120) of the person who needs care.",
        range=(0, 120),
    ),
    FieldSpec("permanent_full_day_care", BOOL, "Blijvend de hele dag zorg of toezicht nodig."),
    FieldSpec("has_wlz_indication", BOOL, "Already has a Wlz-indicatie from the CIZ."),
    FieldSpec(
        "needs",
        LIST,
        "Kinds of help needed, each at most once. An empty list means " "nothing specific.",
        choices=Need,
    ),
    FieldSpec(
        "living_preference",
        ENUM,
        "Keep living at home (`home`) or move to an " "institution (`institution`).",
        choices=LivingPreference,
    ),
    FieldSpec("home_safe", BOOL, "Care at home can be given safely and responsibly."),
    FieldSpec("single_provider", BOOL, "Wants all care from one provider."),
    FieldSpec("self_arranged", BOOL, "Wants to choose and contract own carers (pgb)."),
    FieldSpec(
        "informal_care_available",
        BOOL,
        "Family, friends or neighbours (mantelzorgers) " "can take on part of the care.",
    ),
    FieldSpec("urgent", BOOL, "Care is needed very soon."),
    FieldSpec("terminal", BOOL, "Last phase of life expected."),
)

BY_NAME: dict[str, FieldSpec] = {f.name: f for f in FIELDS}
if len(BY_NAME) != len(FIELDS):
    raise ValueError("fields.py: a field name is used twice")

#: Field names in question order.
NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
BOOL_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind == BOOL)
NEEDS: tuple[str, ...] = BY_NAME["needs"].values
AGE_MIN, AGE_MAX = BY_NAME["age"].range  # type: ignore[misc]


def spec(name: str) -> FieldSpec:
    """The field called `name`; ValueError for a name that is not a field."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown field: {name!r}") from None


def check_names(
    names: Any, where: str, *, kinds: tuple[str, ...] = KINDS, exact: bool = True
) -> None:
    """Fail at load time when a data file names other fields than this registry: exactly the
    fields of these kinds (exact) or a subset of them."""
    want = {f.name for f in FIELDS if f.kind in kinds}
    got = set(names)
    unknown, absent = got - want, want - got
    if unknown or (exact and absent):
        raise ValueError(
            f"{where}: fields must match bot/domain/fields.py; unknown: "
            f"{sorted(unknown)}, missing: {sorted(absent) if exact else []}"
        )


def check_values(values: Any, name: str, where: str, *, exact: bool = True) -> None:
    """Fail at load time when a data file names other values (enum / list items) of a field
    than the registry allows: exactly those values (exact) or a subset."""
    want = set(spec(name).values)
    got = {str(v) for v in values}
    unknown, absent = got - want, want - got
    if unknown or (exact and absent):
        raise ValueError(
            f"{where}: values of {name} must match bot/domain/fields.py; unknown: "
            f"{sorted(unknown)}, missing: {sorted(absent) if exact else []}"
        )
