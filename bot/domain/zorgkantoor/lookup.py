"""Run-time lookup: postcode / woonplaats / gemeente -> zorgkantoorregio (stdlib + PyYAML).

Reads the shipped table ``regions.json`` (built by ``scripts/build_zorgkantoor.py``) and the
hand-kept ``contacts.yml``. No geometry, no network, no Rasa. A full postcode ("3511 AB") is
reduced to its four digits at once; the letters and house numbers are never kept or returned.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .names import normalise

HERE = Path(__file__).resolve().parent
TABLE_PATH = HERE / "regions.json"
CONTACTS_PATH = HERE / "contacts.yml"

#: Longest input ``find`` accepts (characters). Longer input raises InvalidQuery.
MAX_QUERY_LENGTH = 200


class InvalidQuery(ValueError):
    """The input is not something we can look up (empty, too long, not text)."""


@dataclass(frozen=True)
class Contact:
    """Who runs the region as zorgkantoor. Only from a cited public source (contacts.yml)."""

    organisation: str
    source_url: str
    checked_on: str
    phone: str | None = None
    website: str | None = None

    def to_dict(self) -> dict:
        return {
            "organisation": self.organisation,
            "phone": self.phone,
            "website": self.website,
            "source_url": self.source_url,
            "checked_on": self.checked_on,
        }


@dataclass(frozen=True)
class Match:
    """One answer: the zorgkantoorregio of a gemeente.

    ``matched_on`` is "postcode", "gemeente", "woonplaats" or "plaats" (a smaller kern from
    GeoNames). ``postcode4`` is the four digits when the query was a postcode, else None.
    ``place`` is the woonplaats name that matched, when the query was a name.
    """

    region_code: str
    region_name: str
    gemeente_code: str
    gemeente_name: str
    matched_on: str
    postcode4: str | None = None
    place: str | None = None
    contact: Contact | None = None

    def to_dict(self) -> dict:
        """The API shape: {"region": {...}, "gemeente": ..., "zorgkantoor": {...}|None, ...}."""
        return {
            "region": {"code": self.region_code, "name": self.region_name},
            "gemeente": self.gemeente_name,
            "gemeente_code": self.gemeente_code,
            "matched_on": self.matched_on,
            "postcode4": self.postcode4,
            "place": self.place,
            "zorgkantoor": self.contact.to_dict() if self.contact else None,
        }


@dataclass(frozen=True)
class Ambiguous:
    """A name found in several gemeenten; ``options`` has one Match per gemeente, main one first."""

    place: str
    options: tuple[Match, ...]

    @property
    def region_codes(self) -> tuple[str, ...]:
        """Distinct regions of the options, in option order (one element: the region is clear)."""
        return tuple(dict.fromkeys(m.region_code for m in self.options))

    def to_dict(self) -> dict:
        return {"place": self.place, "options": [m.to_dict() for m in self.options]}


@dataclass(frozen=True)
class NotFound:
    """Nothing found. ``reason``: "unknown_postcode" (four digits not in the table),
    "unknown_place" (looks like a name, none matched) or "nothing_to_look_up".
    ``searched`` is the PC4 or the normalised name looked for (never a full postcode).
    ``suggestions`` are near spellings of known gemeenten/woonplaatsen ("Zwole" -> "Zwolle")."""

    reason: str
    searched: str | None = None
    suggestions: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return {
            "reason": self.reason,
            "searched": self.searched,
            "suggestions": list(self.suggestions),
        }


Result = Match | Ambiguous | NotFound


# --------------------------------------------------------------------------- data
@functools.lru_cache(maxsize=1)
def _table() -> dict:
    return json.loads(TABLE_PATH.read_text(encoding="utf-8"))


def load_contacts(path: Path = CONTACTS_PATH) -> dict[str, Contact]:
    """Read contacts.yml -> {region code: Contact}. Raises ValueError on a malformed entry."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("contacts") or {}
    regions = _table()["regions"]
    contacts: dict[str, Contact] = {}
    for code, entry in entries.items():
        if code not in regions:
            raise ValueError(f"contacts.yml: unknown region {code}")
        if not isinstance(entry, dict):
            raise ValueError(f"contacts.yml: {code} must be a mapping")
        missing = [k for k in ("organisation", "source_url", "checked_on") if not entry.get(k)]
        if missing:
            raise ValueError(f"contacts.yml: {code} lacks {', '.join(missing)}")
        contacts[code] = Contact(
            organisation=str(entry["organisation"]),
            source_url=str(entry["source_url"]),
            checked_on=str(entry["checked_on"]),
            phone=entry.get("phone"),
            website=entry.get("website"),
        )
    return contacts


@functools.lru_cache(maxsize=1)
def _contacts() -> dict[str, Contact]:
    return load_contacts()


def regions() -> dict[str, str]:
    """All zorgkantoorregio's: {"ZK01": "Amstelland en De Meerlanden", ...} (31 entries)."""
    return dict(_table()["regions"])


def sources() -> list[dict]:
    """The data sources (name, via, licence, date, sha256) for an API "sources" field."""
    return [dict(s) for s in _table()["header"]["sources"]]


def coverage() -> dict:
    """Counts from the build (regions, gemeenten, pc4, woonplaatsen, ...)."""
    return dict(_table()["header"]["coverage"])


def _match(
    gemeente_code: str, matched_on: str, postcode4: str | None = None, place: str | None = None
) -> Match:
    t = _table()
    gem = t["gemeenten"][gemeente_code]
    return Match(
        region_code=gem["region"],
        region_name=t["regions"][gem["region"]],
        gemeente_code=gemeente_code,
        gemeente_name=gem["name"],
        matched_on=matched_on,
        postcode4=postcode4,
        place=place,
        contact=_contacts().get(gem["region"]),
    )


def by_gemeente_code(code: str) -> Match | NotFound:
    """Region of a CBS gemeente code ("GM0363" or "0363"), e.g. for a configured default."""
    code = code.strip().upper()
    if code.isdigit():
        code = "GM" + code.zfill(4)
    if code in _table()["gemeenten"]:
        return _match(code, "gemeente")
    return NotFound("unknown_place", searched=code)


# --------------------------------------------------------------------------- parsing
_FULL_POSTCODE = re.compile(r"(?<![0-9A-Za-z])([0-9]{4})\s?([A-Za-z]{2})(?![A-Za-z0-9])")
_PC4 = re.compile(r"(?<![0-9A-Za-z])([0-9]{4})(?![0-9])")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)

# Words after which a place name is expected.
_TRIGGERS = {
    "in",
    "te",
    "uit",
    "bij",
    "voor",
    "rond",
    "omgeving",
    "gemeente",
    "woonplaats",
    "regio",
    "naar",
    "buurt",
    "plaats",
    "dorp",
    "stad",
}
# Words that are also (small) place names but mean something else in a resident's sentence.
# They only count when written with a capital, not as the first word.
_STOPWORDS = {
    "een",
    "de",
    "het",
    "den",
    "der",
    "des",
    "van",
    "en",
    "of",
    "op",
    "aan",
    "met",
    "om",
    "is",
    "ik",
    "mijn",
    "wij",
    "we",
    "ons",
    "onze",
    "hij",
    "zij",
    "ze",
    "hem",
    "haar",
    "u",
    "uw",
    "wie",
    "wat",
    "welk",
    "welke",
    "waar",
    "hoe",
    "meer",
    "onder",
    "boven",
    "vrij",
    "echt",
    "heel",
    "wel",
    "well",
    "niet",
    "geen",
    "ook",
    "nog",
    "al",
    "dan",
    "dat",
    "die",
    "dit",
    "nederland",
    "anderen",
    "zetten",
    "dieren",
    "hee",
    "waarde",
    "groet",
    "loon",
    "centrum",
    "dingen",
    "hoef",
    "drie",
    "twee",
    "vier",
    "acht",
    "straat",
    "val",
    "warm",
    "ziek",
    "bus",
    "honderd",
    "most",
    "slot",
    "wijk",
    "belt",
    "duur",
    "frankrijk",
    "leest",
    "leg",
    "markt",
    "park",
    "partij",
    "veld",
    "buren",
    "best",
    "zorg",
    "thuis",
    "huis",
    "oost",
    "west",
    "noord",
    "zuid",
    "midden",
    "hoek",
    "laag",
    "hoog",
    "goed",
    "kort",
    "lang",
    "nieuw",
    "oud",
    "oude",
    "nieuwe",
    "groot",
    "klein",
    "kerk",
    "school",
    "molen",
    "dorp",
    "stad",
    "plaats",
    "buurt",
    "regio",
    "gemeente",
    "zorgkantoor",
    "moeder",
    "vader",
    "oma",
    "opa",
    "woont",
    "wonen",
    "woon",
    "hoort",
    "zoeken",
    "vinden",
    "postcode",
    "lelie",
    "roos",
    "ee",
    "ens",
}
# Words that show the text is a sentence, not a (misspelt) place name.
_SENTENCE_WORDS = {
    "ik",
    "mijn",
    "wij",
    "we",
    "ons",
    "onze",
    "u",
    "uw",
    "hij",
    "zij",
    "ze",
    "je",
    "jij",
    "wie",
    "wat",
    "welk",
    "welke",
    "waar",
    "hoe",
    "waarom",
    "zorgkantoor",
    "zorgkantoren",
    "is",
    "ben",
    "bent",
    "zijn",
    "woont",
    "wonen",
    "woon",
    "hoort",
    "zoeken",
    "zoek",
    "vinden",
    "helpen",
    "moet",
    "kan",
    "kun",
    "wil",
    "mag",
    "heb",
    "heeft",
    "hebben",
    "niet",
    "geen",
    "graag",
}
_MAX_NGRAM = 5


def _reduce_postcode(text: str) -> tuple[str | None, bool]:
    """(PC4, was_full_postcode) of the first postcode in text, or (None, False)."""
    m = _FULL_POSTCODE.search(text)
    if m:
        return m.group(1), True
    m = _PC4.search(text)
    if m:
        return m.group(1), False
    return None, False


def _name_candidates(key: str) -> tuple[list[str], str]:
    """Gemeente codes for a normalised name, and what matched ("gemeente"/"woonplaats"/"plaats")."""
    t = _table()
    gem = t["gemeente_names"].get(key, [])
    woon = t["woonplaatsen"].get(key, [])
    codes = list(dict.fromkeys(gem + woon))
    if codes:
        return codes, ("gemeente" if gem and len(codes) == len(gem) else "woonplaats")
    plaats = t["plaatsen"].get(key, [])
    return list(plaats), "plaats"


def _find_name(text: str) -> str | None:
    """The normalised key of the best place name inside text, or None."""
    whole = normalise(text)
    if whole and _name_candidates(whole)[0]:
        return whole
    tokens = [(normalise(m.group()), m.group(), m.start()) for m in _TOKEN.finditer(text)]
    tokens = [(n, raw, pos) for n, raw, pos in tokens if n]
    best: tuple | None = None
    for i in range(len(tokens)):
        for size in range(min(_MAX_NGRAM, len(tokens) - i), 0, -1):
            words = tokens[i : i + size]
            key = " ".join(n for n, _, _ in words)
            codes, kind = _name_candidates(key)
            if not codes:
                continue
            anchored = i > 0 and tokens[i - 1][0] in _TRIGGERS
            capital = words[0][1][:1].isupper() and i > 0
            if kind == "plaats" and not (anchored or capital):
                continue
            if size == 1 and (key in _STOPWORDS or len(key) < 3) and not capital:
                continue
            if all(n in _STOPWORDS for n, _, _ in words) and not capital:
                continue
            tier = {"gemeente": 0, "woonplaats": 0, "plaats": 1}[kind]
            # Rank: after a trigger word, then longer, then gemeente/woonplaats over kern, then later.
            score = (anchored, size, -tier, i)
            if best is None or score > best[0]:
                best = (score, key)
            break  # longest match at this start only
    return best[1] if best else None


def _display(key: str) -> str:
    return _table()["display"].get(key, key)


def _extract(text: str) -> tuple[str, str] | None:
    """("pc4", "3511") or ("name", normalised key) for the postcode/place in text, or None."""
    pc4, full = _reduce_postcode(text)
    if pc4 and full:
        return "pc4", pc4
    rest = _PC4.sub(" ", text) if pc4 else text
    key = _find_name(rest)
    if pc4 and key:
        gem = _table()["pc4"].get(pc4)
        return ("pc4", pc4) if gem in _name_candidates(key)[0] else ("name", key)
    if pc4:
        return "pc4", pc4
    return ("name", key) if key else None


def extract_query(text: str) -> str | None:
    """Find the postcode or place inside a resident's sentence.

    Returns the PC4 ("3511" for "3511 AB", letters dropped), or the place name as written in the
    data ("Tilburg" for "mijn moeder woont in tilburg"), or None. A full postcode wins; a bare
    four-digit number loses to a place name unless it lies in that place's gemeente.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    found = _extract(text[: MAX_QUERY_LENGTH * 2])
    if found is None:
        return None
    kind, value = found
    return value if kind == "pc4" else _display(value)


def _suggest(key: str) -> tuple[str, ...]:
    if not key or len(key) > 40:
        return ()
    t = _table()
    keys = list(t["gemeente_names"]) + list(t["woonplaatsen"])
    close = difflib.get_close_matches(key, keys, n=5, cutoff=0.8)
    return tuple(dict.fromkeys(_display(k) for k in close))


def find(query: str) -> Result:
    """Look up a postcode, woonplaats, gemeente or a sentence that contains one.

    Accepts "3511", "3511 AB", "3511ab", "Zwolle", "'s-Hertogenbosch", "den bosch",
    "mijn moeder woont in Tilburg", "Kerkstraat 12, 8011 AB Zwolle". Returns a Match, an
    Ambiguous (a name in several gemeenten, e.g. "Hengelo") or a NotFound (with suggestions).
    Raises InvalidQuery for non-text, empty or over-long (> MAX_QUERY_LENGTH) input.
    """
    if not isinstance(query, str):
        raise InvalidQuery("query must be text")
    text = query.strip()
    if not text or not any(ch.isalnum() for ch in text):
        raise InvalidQuery("query is empty")
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidQuery(f"query longer than {MAX_QUERY_LENGTH} characters")

    found = _extract(text)
    if found is not None and found[0] == "pc4":
        pc4 = found[1]
        gem = _table()["pc4"].get(pc4)
        if gem is None:
            return NotFound("unknown_postcode", searched=pc4)
        return _match(gem, "postcode", postcode4=pc4)
    if found is not None:
        key = found[1]
        place = _display(key)
        codes, kind = _name_candidates(key)
        if len(codes) == 1:
            return _match(codes[0], kind, place=place)
        return Ambiguous(place, tuple(_match(c, kind, place=place) for c in codes))
    key = normalise(text)
    words = key.split()
    # A short text without sentence words was meant as a name: suggest near spellings.
    if (
        not words
        or len(words) > 5
        or any(w in _SENTENCE_WORDS for w in words)
        or all(w in _STOPWORDS or w in _TRIGGERS for w in words)
    ):
        return NotFound("nothing_to_look_up")
    return NotFound("unknown_place", searched=key, suggestions=_suggest(key))
