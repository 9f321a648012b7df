"""Input and output of the wegwijzer check (pydantic v1, as Rasa 3.6 pins pydantic < 1.10.10).

Field names are the slot names of `wegwijzer_form` and the JSON of POST /api/eligibility.
"""
from __future__ import annotations

from enum import Enum
from typing import List, Optional

from pydantic import BaseModel, Field, StrictBool, conint, constr


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


class InputField(str, Enum):
    """Names of the input fields, in the order the wegwijzer asks them."""
    for_whom = "for_whom"
    age = "age"
    permanent_full_day_care = "permanent_full_day_care"
    has_wlz_indication = "has_wlz_indication"
    needs = "needs"
    living_preference = "living_preference"
    home_safe = "home_safe"
    single_provider = "single_provider"
    self_arranged = "self_arranged"
    informal_care_available = "informal_care_available"
    urgent = "urgent"
    terminal = "terminal"


# Strict so that true, 84.0 or "84" are rejected instead of silently becoming an age.
Age = conint(strict=True, ge=0, le=120)
# A source document id from shared/seeds/.
SourceId = constr(regex=r"^00[0-4]$")
NonEmptyText = constr(strip_whitespace=True, min_length=1)


class EligibilityInput(BaseModel):
    """What is known about the person who needs care. Every field is optional: what is still
    needed is listed in the output's `missing`."""

    for_whom: Optional[ForWhom] = Field(
        None, description="Asking for themselves (`self`) or for someone else (`relative`).")
    age: Optional[Age] = Field(  # type: ignore[valid-type]
        None, description="Age in years (whole number 0-120) of the person who needs care.")
    needs: Optional[List[Need]] = Field(
        # A need listed twice is almost certainly a client bug: reject it instead of merging.
        None, unique_items=True, description="Kinds of help needed, each at most once. An "
                                             "empty list means nothing specific.")
    permanent_full_day_care: Optional[StrictBool] = Field(
        None, description="Blijvend de hele dag zorg of toezicht nodig.")
    has_wlz_indication: Optional[StrictBool] = Field(
        None, description="Already has a Wlz-indicatie from the CIZ.")
    living_preference: Optional[LivingPreference] = Field(
        None, description="Keep living at home (`home`) or move to an institution "
                          "(`institution`).")
    single_provider: Optional[StrictBool] = Field(
        None, description="Wants all care from one provider.")
    self_arranged: Optional[StrictBool] = Field(
        None, description="Wants to choose and contract own carers (pgb).")
    informal_care_available: Optional[StrictBool] = Field(
        None, description="Family, friends or neighbours (mantelzorgers) can take on part "
                          "of the care.")
    home_safe: Optional[StrictBool] = Field(
        None, description="Care at home can be given safely and responsibly.")
    urgent: Optional[StrictBool] = Field(None, description="Care is needed very soon.")
    terminal: Optional[StrictBool] = Field(None, description="Last phase of life expected.")

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


class Route(BaseModel):
    """Where to go: one law and one desk, with the reason and what to do first."""
    law: Law = Field(..., description="The law that applies.")
    desk: Desk = Field(..., description="Where to apply or ask.")
    why: NonEmptyText = Field(..., description="Reason in plain Dutch (B1), naming the kinds "  # type: ignore[valid-type]
                                               "of help this route covers.")
    next_steps: List[NonEmptyText] = Field(  # type: ignore[valid-type]
        ..., min_items=1, description="What to do, first step first.")
    sources: List[SourceId] = Field(  # type: ignore[valid-type]
        ..., min_items=1, description="Source documents (shared/seeds/) this rests on.")

    class Config:
        use_enum_values = True
        schema_extra = {
            "example": {
                "law": "wlz",
                "desk": "zorgkantoor",
                "why": "U heeft blijvend de hele dag zorg of toezicht nodig en al een "
                       "Wlz-indicatie. Het zorgkantoor bespreekt met u hoe u de zorg krijgt.",
                "next_steps": ["Neem contact op met het zorgkantoor in uw regio. U vindt het "
                               "met uw postcode."],
                "sources": ["001", "002"],
            }
        }


class Package(BaseModel):
    """A way to receive Wlz care (only on the Wlz route) and how well it fits."""
    code: PackageCode = Field(..., description="Package code.")
    fit: Fit = Field(..., description="How well it fits the answers.")
    why: NonEmptyText = Field(..., description="Reason in plain Dutch (B1).")  # type: ignore[valid-type]
    sources: List[SourceId] = Field(  # type: ignore[valid-type]
        ..., min_items=1, description="Source documents (shared/seeds/) this rests on.")

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
    routes: List[Route] = Field(..., description="Where to go, one route per law and desk.")
    packages: List[Package] = Field(..., description="Packages; only on the Wlz route.")
    notes: List[str] = Field(..., description="Extra points of attention, in plain Dutch.")
    missing: List[InputField] = Field(
        ..., description="Fields still needed for a complete advice, in the order to ask them.")

    class Config:
        use_enum_values = True
        schema_extra = {
            "example": {
                "routes": [Route.Config.schema_extra["example"]],
                "packages": [
                    Package.Config.schema_extra["example"],
                    {"code": "bridging_care", "fit": "possible",
                     "why": "Zolang er nog geen plek is, krijgt u zorg thuis. Dat heet "
                            "overbruggingszorg.",
                     "sources": ["000", "002"]},
                ],
                "notes": ["In de Wlz betaalt iedereen vanaf 18 jaar een eigen bijdrage. Het CAK "
                          "stuurt de rekening. Hoeveel het is, hangt af van het inkomen."],
                "missing": ["urgent", "terminal"],
            }
        }
