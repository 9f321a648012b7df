"""The zorgkantoor lookup as chat text: what the resident is told for each lookup result.

Pure domain code (no Rasa): actions/zorgkantoor.py calls these and only sends the texts.
The texts live in texts.yml beside this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.domain.eligibility.engine import join_dutch

from .lookup import Ambiguous, InvalidQuery, Match, NotFound, by_gemeente_code, extract_query, find

TEXTS_FILE = Path(__file__).with_name("texts.yml")
MAX_OPTIONS = 4


@lru_cache(maxsize=1)
def texts() -> dict[str, str]:
    return yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Reading:
    """What a resident's reply gave: `query` (PC4 or place name, never a full postcode) when
    it pins down one region, else `problem`: the text that says what to type instead."""

    query: str | None
    problem: str | None = None


def _single_region(result: Match | Ambiguous | NotFound) -> Match | None:
    if isinstance(result, Match):
        return result
    if isinstance(result, Ambiguous) and len(result.region_codes) == 1:
        return result.options[0]
    return None


def _lookup(query: str) -> Match | Ambiguous | NotFound:
    try:
        return find(query)
    except InvalidQuery:
        return NotFound("nothing_to_look_up")


def _problem(result: Ambiguous | NotFound) -> str:
    t = texts()
    if isinstance(result, Ambiguous):
        options = [m.gemeente_name for m in result.options[:MAX_OPTIONS]]
        return t["ambiguous"].format(place=result.place, options=join_dutch(options, "of"))
    if result.reason == "unknown_postcode":
        return t["unknown_postcode"].format(postcode=result.searched)
    if result.reason == "unknown_place":
        text = t["unknown_place"]
        if result.suggestions:
            text += " " + t["suggest"].format(
                suggestions=join_dutch(list(result.suggestions), "of")
            )
        return text
    return t["nothing_found"]


def read_place(text: str) -> Reading:
    """Read a postcode or place from a reply ("3511 AB", "in tilburg", "Zwole")."""
    query = extract_query(text) or (text or "").strip()
    if not query:
        return Reading(None, texts()["nothing_found"])
    result = _lookup(query)
    if _single_region(result) is not None:
        return Reading(query)
    assert not isinstance(result, Match)
    return Reading(None, _problem(result))


def place_in(text: str) -> str | None:
    """The postcode (PC4) or place in a question, when it pins down one region."""
    query = extract_query(text or "")
    return query if query and _single_region(_lookup(query)) is not None else None


def answer(query: str) -> str:
    """The region of a query that read_place or place_in accepted, with what to do next."""
    match = _single_region(_lookup(query))
    if match is None:
        return texts()["gave_up"]
    t = texts()
    place = (
        f"Postcode {match.postcode4}" if match.postcode4 else (match.place or match.gemeente_name)
    )
    parts = [t["found"].format(place=place, region=match.region_name)]
    if match.contact:
        parts.append(t["contact"].format(organisation=match.contact.organisation))
        if match.contact.phone:
            parts.append(t["contact_phone"].format(phone=match.contact.phone))
        if match.contact.website:
            parts.append(t["contact_website"].format(website=match.contact.website))
    else:
        parts.append(t["no_contact"])
    parts.append(t["what_it_does"])
    return " ".join(parts)


def gave_up() -> str:
    return texts()["gave_up"]


def ask(municipality_gemeente: str = "") -> str:
    """The question for a postcode or woonplaats; with the municipality's own region first
    when it is configured (ZWW_MUNICIPALITY_GEMEENTE)."""
    t = texts()
    text = t["ask"]
    default = _default_region(municipality_gemeente)
    if default is not None:
        text += " " + t["ask_default"].format(
            gemeente=default.gemeente_name, region=default.region_name
        )
    return text


def _default_region(gemeente: str) -> Match | None:
    gemeente = (gemeente or "").strip()
    if not gemeente:
        return None
    if gemeente.upper().startswith("GM"):
        result = by_gemeente_code(gemeente.upper())
        return result if isinstance(result, Match) else None
    return _single_region(_lookup(gemeente))
