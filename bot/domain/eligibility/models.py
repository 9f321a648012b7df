"""Input and output of the wegwijzer check (pydantic v1, as Rasa 3.6 pins pydantic < 1.10.10).

Field names are the slot names of `wegwijzer_form` and the JSON of POST /api/eligibility. The
input fields are defined once, in bot/domain/fields.py; InputField and EligibilityInput are built
from that registry.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, StrictBool, ValidationError, conint, constr, create_model

from bot.domain import fields as registry
from bot.domain.fields import ForWhom, LivingPreference, Need  # noqa: F401 (re-exported)


class Law(str, Enum):
    wlz = "wlz"
    wmo = "wmo"
    zvw = "zvw"
    jeugdwet = "jeugdwet"


class Desk(str, Enum):
    ciz = "ciz"
    zorgkantoor = "zorgkantoor"
    gemeente = "gemeente"
    zorgverzekeraar = "zorgverzekeraar"
    huisarts = "huisarts"


class PackageCode(str, Enum):
    vpt = "vpt"
    mpt = "mpt"
    mpt_pgb = "mpt_pgb"
    pgb = "pgb"
    institution = "institution"
    bridging_care = "bridging_care"


class Fit(str, Enum):
    recommended = "recommended"
    possible = "possible"
    not_possible = "not_possible"


# Names of the input fields, in the order the wegwijzer asks them (bot/domain/fields.py).
# Type checkers see plain strings: with use_enum_values that is what the models hold.
if TYPE_CHECKING:
    InputField = str
else:
    InputField = Enum("InputField", [(n, n) for n in registry.NAMES], type=str)
    InputField.__doc__ = "Names of the input fields, in the order the wegwijzer asks them."

# Strict so that true, 84.0 or "84" are rejected instead of silently becoming an age.
Age = conint(strict=True, ge=registry.AGE_MIN, le=registry.AGE_MAX)
# Constrained strings; type checkers see str (pydantic's constr() is not a type to them).
if TYPE_CHECKING:
    SourceId = str
    NonEmptyText = str
else:
    # A source document id from shared/seeds/ (the one pattern: rules.yml is checked with it too).
    SourceId = constr(regex=r"^00[0-4]$")
    NonEmptyText = constr(strip_whitespace=True, min_length=1)


def _field_type(spec: registry.FieldSpec) -> Any:
    if spec.kind == registry.BOOL:
        return StrictBool
    if spec.kind == registry.INT:
        lo, hi = spec.range  # type: ignore[misc]
        return conint(strict=True, ge=lo, le=hi)
    if spec.kind == registry.ENUM:
        return spec.choices
    return list[spec.choices]  # type: ignore[name-defined]


def _field_info(spec: registry.FieldSpec) -> Any:
    # A list item given twice is almost certainly a client bug: reject it instead of merging.
    extra: dict[str, Any] = {"unique_items": True} if spec.kind == registry.LIST else {}
    return Field(None, description=spec.description, **extra)


class _InputBase(BaseModel):
    class Config:
        extra = "forbid"
        use_enum_values = True  # plain strings after validation: easy to compare and dump
        schema_extra = {
            "example": {
                "for_whom": "relative",
                "age": 84,
                "needs": ["nursing_care", "household", "supervision"],
                "permanent_full_day_care": True,
                "has_wlz_indication": True,
                "living_preference": "home",
                "home_safe": True,
                "single_provider": False,
                "self_arranged": False,
                "informal_care_available": True,
                "urgent": False,
                "terminal": False,
            }
        }


_INPUT_FIELDS: dict[str, tuple[Any, Any]] = {
    spec.name: (_field_type(spec) | None, _field_info(spec)) for spec in registry.FIELDS
}

if TYPE_CHECKING:  # type checkers see a plain model; at run time it is built from the registry
    EligibilityInput = _InputBase
else:
    EligibilityInput = create_model(
        "EligibilityInput", __base__=_InputBase, __module__=__name__, **_INPUT_FIELDS
    )
# The fields are those of bot/domain/fields.py, in question order.
EligibilityInput.__doc__ = """What is known about the person who needs care. Every field is optional: what is still
    needed is listed in the output's `missing`."""


def is_valid(field: str, value: Any) -> bool:
    """Whether `value` is a valid answer to `field` (plain JSON data), by EligibilityInput's
    own validation: the one check used by the API, the chat form and the answer reader."""
    registry.spec(field)
    if value is None:
        return False
    try:
        EligibilityInput.parse_obj({field: value})
    except ValidationError:
        return False
    return True


class Route(BaseModel):
    """Where to go: one law and one desk, with the reason and what to do first."""

    law: Law = Field(..., description="The law that applies.")
    desk: Desk = Field(..., description="Where to apply or ask.")
    why: NonEmptyText = Field(
        ...,
        description="Reason in plain Dutch (B1), naming the kinds of help this route covers.",
    )
    next_steps: list[NonEmptyText] = Field(
        ..., min_items=1, description="What to do, first step first."
    )
    sources: list[SourceId] = Field(
        ..., min_items=1, description="Source documents (shared/seeds/) this rests on."
    )

    class Config:
        use_enum_values = True
        schema_extra = {
            "example": {
                "law": "wlz",
                "desk": "zorgkantoor",
                "why": "U heeft blijvend de hele dag zorg of toezicht nodig en al een "
                "Wlz-indicatie. Het zorgkantoor bespreekt met u hoe u de zorg krijgt.",
                "next_steps": [
                    "Neem contact op met het zorgkantoor in uw regio. U vindt het "
                    "met uw postcode."
                ],
                "sources": ["001", "002"],
            }
        }


class Package(BaseModel):
    """A way to receive Wlz care (only on the Wlz route) and how well it fits."""

    code: PackageCode = Field(..., description="Package code.")
    fit: Fit = Field(..., description="How well it fits the answers.")
    why: NonEmptyText = Field(..., description="Reason in plain Dutch (B1).")
    sources: list[SourceId] = Field(
        ..., min_items=1, description="Source documents (shared/seeds/) this rests on."
    )

    class Config:
        use_enum_values = True
        schema_extra = {
            "example": {
                "code": "institution",
                "fit": "recommended",
                "why": "U wilt in een zorginstelling wonen, zoals een verpleeghuis. Met een "
                "Wlz-indicatie voor verblijf kan dat.",
                "sources": ["001", "002"],
            }
        }


class EligibilityOutput(BaseModel):
    """The advice as data: routes, packages (Wlz only), notes and what is still missing."""

    routes: list[Route] = Field(..., description="Where to go, one route per law and desk.")
    packages: list[Package] = Field(..., description="Packages; only on the Wlz route.")
    notes: list[str] = Field(..., description="Extra points of attention, in plain Dutch.")
    missing: list[InputField] = Field(
        ..., description="Fields still needed for a complete advice, in the order to ask them."
    )

    class Config:
        use_enum_values = True
        schema_extra = {
            "example": {
                "routes": [Route.Config.schema_extra["example"]],
                "packages": [
                    Package.Config.schema_extra["example"],
                    {
                        "code": "bridging_care",
                        "fit": "possible",
                        "why": "Zolang er nog geen plek is, krijgt u zorg thuis. Dat heet "
                        "overbruggingszorg.",
                        "sources": ["000", "002"],
                    },
                ],
                "notes": [
                    "In de Wlz betaalt iedereen vanaf 18 jaar een eigen bijdrage. Het CAK "
                    "stuurt de rekening. Hoeveel het is, hangt af van het inkomen."
                ],
                "missing": ["urgent", "terminal"],
            }
        }
