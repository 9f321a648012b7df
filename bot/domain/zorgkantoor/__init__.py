"""Zorgkantoorregio lookup: postcode, woonplaats or gemeente -> region (offline, open data).

Public API (pure Python, no Rasa import, no network)::

    from bot.domain.zorgkantoor import find, extract_query, Match, Ambiguous, NotFound

    find("3511 AB")                  # -> Match(region_code="ZK23", region_name="Utrecht", ...)
    find("mijn moeder woont in Tilburg")  # -> Match(... "ZK12", "Midden-Brabant" ...)
    find("Hengelo")                  # -> Ambiguous(options=(Match Hengelo (O.), Match Bronckhorst))
    find("Zwole")                    # -> NotFound(reason="unknown_place", suggestions=("Zwolle",))
    find("")                         # raises InvalidQuery (a ValueError) -> API 422
    extract_query("bij 8011 ab")     # -> "8011"  (full postcodes are reduced to PC4 at once)

    match.to_dict()   # {"region": {"code", "name"}, "gemeente", "zorgkantoor": {...}|None, ...}
    sources()         # data sources for the API "sources" field
    regions(), coverage(), by_gemeente_code("GM0363")

Data: regions.json (built by scripts/build_zorgkantoor.py) and contacts.yml (hand-kept, only
entries with a cited public source). See docs/zorgkantoor.md.
"""

from .lookup import (
    MAX_QUERY_LENGTH,
    Ambiguous,
    Contact,
    InvalidQuery,
    Match,
    NotFound,
    Result,
    by_gemeente_code,
    coverage,
    extract_query,
    find,
    load_contacts,
    regions,
    sources,
)
from .names import normalise

__all__ = [
    "MAX_QUERY_LENGTH",
    "Ambiguous",
    "Contact",
    "InvalidQuery",
    "Match",
    "NotFound",
    "Result",
    "by_gemeente_code",
    "coverage",
    "extract_query",
    "find",
    "load_contacts",
    "normalise",
    "regions",
    "sources",
]
