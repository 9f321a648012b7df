"""Free-text answers to the wegwijzer questions, in informal Dutch, typed on a phone.

parse_answer(field, text) turns an answer into a slot value (or "unknown" for "weet ik niet");
parse_corrections(text) finds clear corrections of earlier answers in any message.
The words themselves live in answer_keywords.yml; this file only matches them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.domain import fields as registry
from bot.domain.eligibility.models import is_valid

KEYWORDS_FILE = Path(__file__).with_name("answer_keywords.yml")

# The fields and their values come from the registry (bot/domain/fields.py).
FIELDS = registry.NAMES
BOOL_FIELDS = registry.BOOL_FIELDS
NEEDS = registry.NEEDS
NEGATION_WINDOW = 3  # words before a phrase in which "niet"/"geen" flips it


@dataclass(frozen=True)
class Parsed:
    """A recognised answer: `value` is the slot value, or None with unknown=True for
    "weet ik niet"."""

    value: Any = None
    unknown: bool = False


@dataclass(frozen=True)
class Unclear:
    """An answer that was read but cannot be used as it is, with the reason, so that the form
    can say what is wrong when it asks again: "too_old" (an age above the range),
    "future_birth_date", "bad_date" ("31-02-1941"), "short_year" ("bouwjaar 38": which century?) and "sometimes"
    ("soms" to a yes/no question)."""

    reason: str


Reading = Parsed | Unclear | None
UNCLEAR_REASONS = ("too_old", "future_birth_date", "bad_date", "short_year", "sometimes")

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class _Match:
    label: Any
    start: int
    end: int  # exclusive token index
    chars: int  # length of the phrase as written, to prefer the more specific one


# --------------------------------------------------------------------------- keywords
def _phrase(text: str) -> Phrase:
    """A keyword as tokens; a trailing * (prefix match) stays on its last token."""
    tokens: list[str] = []
    for word in str(text).split():
        parts = normalize(word.rstrip("*")).split()
        if word.endswith("*") and parts:
            parts[-1] += "*"
        tokens.extend(parts)
    return tuple(tokens)


def _check_keywords(raw: dict) -> None:
    """answer_keywords.yml names the registry's fields and values, nothing else (at load)."""
    where = "answer_keywords.yml"
    # A yes/no field without its own phrases is read with the generic yes / no words only.
    registry.check_names(
        raw["bool_fields"], f"{where} bool_fields", kinds=(registry.BOOL,), exact=False
    )
    registry.check_names(
        raw["sometimes_means"], f"{where} sometimes_means", kinds=(registry.BOOL,), exact=False
    )
    registry.check_names(
        raw["corrections"]["bool_fields"],
        f"{where} corrections.bool_fields",
        kinds=(registry.BOOL,),
        exact=False,
    )
    for name, spec in {**raw["bool_fields"], **raw["corrections"]["bool_fields"]}.items():
        if set(spec) - {"true", "false"}:
            raise ValueError(f"{where} {name}: only 'true' and 'false' lists")
    registry.check_values(raw["needs"], "needs", f"{where} needs")
    registry.check_values(raw["for_whom"], "for_whom", f"{where} for_whom")
    registry.check_values(
        raw["corrections"]["for_whom"], "for_whom", f"{where} corrections.for_whom"
    )
    registry.check_values(
        raw["living_preference"], "living_preference", f"{where} living_preference"
    )


@lru_cache(maxsize=1)
def _kw() -> dict:
    raw = yaml.safe_load(KEYWORDS_FILE.read_text(encoding="utf-8"))
    _check_keywords(raw)

    def phrases(items: Iterable[str]) -> list[Phrase]:
        return [_phrase(str(p)) for p in items or []]

    def labelled(mapping: dict[Any, Iterable[str]], cast=lambda k: k) -> list[tuple[Any, Phrase]]:
        return [(cast(label), p) for label, items in mapping.items() for p in phrases(items)]

    as_bool = {"true": True, "false": False}.__getitem__
    corr = raw["corrections"]
    return {
        "unknown": [(True, p) for p in phrases(raw["unknown"])],
        "negators": set(raw["negators"]),
        "yes_no": [(True, p) for p in phrases(raw["yes_words"])]
        + [(False, p) for p in phrases(raw["no_words"])],
        "bool_fields": {f: labelled(spec, as_bool) for f, spec in raw["bool_fields"].items()},
        "relative": [("relative", p) for p in phrases(raw["for_whom"]["relative"])],
        "self": [("self", p) for p in phrases(raw["for_whom"]["self"])],
        "relative_words": {p[0] for p in phrases(raw["for_whom"]["relative"]) if len(p) == 1},
        "living_preference": labelled(raw["living_preference"]),
        "needs": labelled(raw["needs"]),
        "needs_none": [(True, p) for p in phrases(raw["needs_none"])],
        "numbers": raw["numbers"],
        "age_before": set(raw["age_context"]["before"]),
        "months": raw["age_dates"]["months"],
        "birth_words": [(True, p) for p in phrases(raw["age_dates"]["birth_words"])],
        "short_year_words": [(True, p) for p in phrases(raw["age_dates"]["short_year_words"])],
        "about_tens": labelled({k: v for k, v in raw["age_about"]["round_number"].items()}),
        "about_any": labelled({k: v for k, v in raw["age_about"]["any_number"].items()}),
        "decade_suffixes": tuple(raw["age_about"]["decade_suffixes"]),
        "decade_offset": int(raw["age_about"]["decade_offset"]),
        "sometimes": [(True, p) for p in phrases(raw["sometimes"])],
        "sometimes_means": {f: bool(v) for f, v in raw["sometimes_means"].items()},
        "needs_all": [(True, p) for p in phrases(raw["needs_all"]["phrases"])],
        "needs_all_except": [(True, p) for p in phrases(raw["needs_all"]["except"])],
        "needs_all_blockers": set(raw["needs_all"]["blockers"]),
        "age_after": set(raw["age_context"]["after"]),
        "markers": [(True, p) for p in phrases(corr["markers"])],
        "corr_self": [("self", p) for p in phrases(corr["for_whom"]["self"])],
        "corr_relative": [("relative", p) for p in phrases(corr["for_whom"]["relative"])],
        "corr_bool": {f: labelled(spec, as_bool) for f, spec in corr["bool_fields"].items()},
        "question_words": set(raw["question_words"]),
    }


def is_question(text: str) -> bool:
    """A question rather than an answer: ends with "?" or starts with a question word."""
    if not isinstance(text, str) or not text.strip():
        return False
    tokens = _tokens(text)
    return text.strip().endswith("?") or bool(tokens and tokens[0] in _kw()["question_words"])


# --------------------------------------------------------------------------- text handling
def normalize(text: str) -> str:
    """Lower case, no accents, "m'n" -> "mijn", punctuation as spaces, "jaaaa" -> "jaa"."""
    t = unicodedata.normalize("NFKD", str(text).lower())
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = re.sub(r"\b([mz])['\u2019`\u00b4]n\b", lambda m: "mijn" if m.group(1) == "m" else "zijn", t)
    t = re.sub(r"['\u2019`\u00b4]", "", t)  # 's ochtends -> s ochtends
    t = re.sub(r"[^a-z0-9]+", " ", t)
    t = re.sub(r"([a-z])\1{2,}", r"\1\1", t)  # stretched letters on a phone
    words = [{"mn": "mijn", "zn": "zijn"}.get(w, w) for w in t.split()]
    return " ".join(words)


def _tokens(text: str) -> list[str]:
    return normalize(text).split()


def _match_at(tokens: Sequence[str], i: int, phrase: Phrase) -> bool:
    if i + len(phrase) > len(tokens):
        return False
    for tok, want in zip(tokens[i : i + len(phrase)], phrase, strict=False):
        if want.endswith("*"):
            if not tok.startswith(want[:-1]):
                return False
        elif tok != want:
            return False
    return True


def _matches(tokens: Sequence[str], table: Sequence[tuple[Any, Phrase]]) -> list[_Match]:
    found = []
    for i in range(len(tokens)):
        for label, phrase in table:
            if phrase and _match_at(tokens, i, phrase):
                found.append(_Match(label, i, i + len(phrase), len(" ".join(phrase))))
    return found


def _leftmost(tokens, table) -> _Match | None:
    """The first phrase in the message; at one place the longest (most specific) one."""
    found = _matches(tokens, table)
    return min(found, key=lambda m: (m.start, -(m.end - m.start), -m.chars)) if found else None


def _non_overlapping(tokens, table) -> list[_Match]:
    """All phrases, longest first where they overlap, in message order."""
    chosen: list[_Match] = []
    for m in sorted(_matches(tokens, table), key=lambda m: (-(m.end - m.start), -m.chars, m.start)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def _negated(tokens: Sequence[str], start: int) -> bool:
    return any(t in _kw()["negators"] for t in tokens[max(0, start - NEGATION_WINDOW) : start])


# --------------------------------------------------------------------------- numbers
def number_word(word: str) -> int | None:
    """Dutch number word (accents stripped) to int, 0-199: "zesenzeventig" -> 76."""
    num = _kw()["numbers"]
    units, teens, tens, hundred = num["units"], num["teens"], num["tens"], num["hundred"]
    if word in units:
        return units[word]
    if word in teens:
        return teens[word]
    if word in tens:
        return tens[word]
    if word.startswith(hundred):
        rest = word[len(hundred) :]
        if not rest:
            return 100
        if rest.startswith("en"):
            rest = rest[2:]
        below = number_word(rest)
        return None if below is None or below >= 100 or below == 0 else 100 + below
    for unit, value in units.items():  # "<unit>en<tens>": vijfentachtig, drieentwintig
        # "tweeentachtig" arrives as "tweentachtig" (stretched letters are squeezed).
        for head in {unit + "en", unit[:-1] + "en" if unit.endswith("ee") else unit + "en"}:
            if value and word.startswith(head) and word[len(head) :] in tens:
                return value + tens[word[len(head) :]]
    return None


def _numbers(tokens: Sequence[str]) -> list[tuple[int, int, int]]:
    """(start, end, value) of every number in the tokens, digits or words."""
    out = []
    i = 0
    while i < len(tokens):
        if tokens[i].isdigit():
            out.append((i, i + 1, int(tokens[i])))
            i += 1
            continue
        for size in (3, 2, 1):  # "zes en zeventig", "honderd en twee" as one number
            joined = "".join(tokens[i : i + size])
            if size > len(tokens) - i:
                continue
            # A lone "een" is nearly always the article ("een jaar of 80"), not 1.
            value = None if joined == "een" else number_word(joined)
            if value is not None:
                out.append((i, i + size, value))
                i += size
                break
        else:
            i += 1
    return out


# --------------------------------------------------------------------------- field parsers
def _parse_for_whom(tokens) -> str | None:
    if _matches(tokens, _kw()["relative"]):
        return "relative"
    if _matches(tokens, _kw()["self"]):
        return "self"
    return None


def _parse_age(text: str, tokens, today: date) -> int | Unclear | None:
    """An age from "84", "ze is 84", a birth date or year (relative to `today`), or an
    approximate age ("eind 80", "in de tachtig", "bijna 90", "tachtiger")."""
    born = _birth_year_age(tokens, today)
    if born is not None:
        return born
    if re.search(r"(?<![\w])-\s*\d", text):
        return None  # "-3": never an age
    kw = _kw()
    if _matches(tokens, kw["short_year_words"]) and any(
        t.isdigit() and len(t) == 2 for t in tokens
    ):
        return Unclear("short_year")  # "bouwjaar 38": 1938, surely, but ask for the age
    decade = _decade_word(tokens)
    numbers = _numbers(tokens)
    if not numbers:
        return decade
    start, _, value = numbers[0]
    value += _about(tokens, start, value)
    if not _age_ok(value):
        return Unclear("too_old") if value > registry.AGE_MAX else None
    return value


def _about(tokens, start: int, value: int) -> int:
    """What an approximation word right before a number adds: "eind 80" -> +8."""
    kw = _kw()
    for table, round_only in ((kw["about_tens"], True), (kw["about_any"], False)):
        if round_only and (value % 10 or value < 10):
            continue
        for m in _matches(tokens[:start], table):
            if m.end == start:
                return int(m.label)
    return 0


def _decade_word(tokens) -> int | None:
    """ "tachtiger", "een 80er", "zeventigers" -> the middle of that decade."""
    kw = _kw()
    for tok in tokens:
        for suffix in kw["decade_suffixes"]:
            if tok.endswith(suffix) and len(tok) > len(suffix):
                head = tok[: -len(suffix)]
                tens = int(head) if head.isdigit() else kw["numbers"]["tens"].get(head)
                if tens and tens % 10 == 0 and 10 <= tens <= 110:
                    return tens + kw["decade_offset"]
    return None


def _birth_year_age(tokens, today: date) -> int | Unclear | None:
    """The age from a birth date ("12-03-1941", "12 maart 1941", "maart 1941") or a birth
    year ("geboren in 1941", "hij is van 1938", "1941")."""
    months = _kw()["months"]
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1 : i + 3]
        if (
            tok.isdigit()
            and len(nxt) == 2
            and (nxt[0].isdigit() or nxt[0] in months)
            and nxt[1].isdigit()
            and len(nxt[1]) in (2, 4)
        ):
            day = int(tok)
            month = int(nxt[0]) if nxt[0].isdigit() else months[nxt[0]]
            year = _full_year(int(nxt[1]), len(nxt[1]), today)
            return _age_on(today, year, month, day)
        if tok in months and nxt[:1] and nxt[0].isdigit() and len(nxt[0]) == 4:
            return _age_on(today, int(nxt[0]), months[tok], None)
    for tok in tokens:
        if tok.isdigit() and len(tok) == 4:
            return _age_on(today, int(tok), None, None)
    if _matches(tokens, _kw()["birth_words"]):
        for tok in tokens:  # "geboren in 41"
            if tok.isdigit() and len(tok) == 2:
                return _age_on(today, _full_year(int(tok), 2, today), None, None)
    return None


def _full_year(year: int, digits: int, today: date) -> int:
    if digits == 4:
        return year
    # "12-03-15": 2015 when that is not in the future, else 1915.
    return 2000 + year if 2000 + year <= today.year else 1900 + year


def _age_on(today: date, year: int, month: int | None, day: int | None) -> int | Unclear | None:
    if month is not None and not 1 <= month <= 12:
        return Unclear("bad_date")
    if day is not None:
        try:
            born = date(year, month or 1, day)
        except ValueError:
            return Unclear("bad_date")  # "31-02-1941": not a date
        if born > today:
            return Unclear("future_birth_date")
        age = today.year - year - ((today.month, today.day) < (born.month, born.day))
    else:
        if year > today.year or (year == today.year and month and month > today.month):
            return Unclear("future_birth_date")
        # Only a year (or month and year): the age this person turns this year, or has.
        age = today.year - year - (1 if month and month > today.month else 0)
    if age > registry.AGE_MAX:
        return Unclear("too_old")
    return age


def _age_ok(value: int) -> bool:
    return registry.AGE_MIN <= value <= registry.AGE_MAX


def _parse_bool(field: str, tokens) -> bool | Unclear | None:
    # "soms" is neither yes nor no: ask on instead of guessing ("soms de hele dag" is not a
    # yes either; "alleen af en toe" to whole-day care is a clear no).
    sometimes = bool(_matches(tokens, _kw()["sometimes"]))
    meaning = _kw()["sometimes_means"].get(field)  # "soms" is a clear answer here
    m = _leftmost(tokens, _kw()["bool_fields"].get(field, []))
    if m is not None:
        value = (not m.label) if _negated(tokens, m.start) else m.label
        return Unclear("sometimes") if value and sometimes and meaning is None else value
    if sometimes:
        return Unclear("sometimes") if meaning is None else meaning
    m = _leftmost(tokens, _kw()["yes_no"])
    return None if m is None else m.label


def _only_generic(field: str, tokens) -> bool:
    """The answer rests on a bare "ja"/"nee"/"niks" only (no word about this question)."""
    if field in BOOL_FIELDS:
        return not _matches(tokens, _kw()["bool_fields"].get(field, []))
    if field == "needs":
        return not _matches(tokens, _kw()["needs"])
    return False


def _parse_living(tokens) -> str | None:
    votes = set()
    for m in _non_overlapping(tokens, _kw()["living_preference"]):
        option = m.label
        if _negated(tokens, m.start):  # "niet meer thuis" -> institution
            option = "institution" if option == "home" else "home"
        votes.add(option)
    return votes.pop() if len(votes) == 1 else None  # both: ambiguous, ask again


def _parse_needs(tokens) -> list[str] | None:
    kw = _kw()
    needs: list[str] = []
    for m in _non_overlapping(tokens, kw["needs"]):
        if m.label not in needs:
            needs.append(m.label)
    every = _leftmost(tokens, kw["needs_all"])
    if (
        every is not None
        and not _negated(tokens, every.start)
        and not set(tokens) & kw["needs_all_blockers"]
    ):
        # "alles eigenlijk" is every kind of help; "alles behalve vervoer" all but that.
        cut = _leftmost(tokens[every.end :], kw["needs_all_except"])
        if cut is None:
            return list(NEEDS)
        left_out = {m.label for m in _non_overlapping(tokens[every.end + cut.end :], kw["needs"])}
        return [n for n in NEEDS if n not in left_out]
    if needs:
        return needs
    if tokens and _matches(tokens, _kw()["needs_none"]):
        return []
    return None


_NOT_A_PAYLOAD = object()


def _from_payload(field: str, text: str) -> Any:
    """Button payloads like '/inform{"age": 84}' carry the value itself: Parsed, None when
    the value is invalid, or _NOT_A_PAYLOAD for ordinary text."""
    if not text.startswith("/") or "{" not in text:
        return _NOT_A_PAYLOAD
    try:
        data = json.loads(text[text.index("{") :])
    except ValueError:
        return _NOT_A_PAYLOAD
    if not isinstance(data, dict) or field not in data:
        return _NOT_A_PAYLOAD
    return _checked(field, data[field])


def _checked(field: str, value: Any) -> Parsed | None:
    """A value given directly (payload): kept only when EligibilityInput accepts it."""
    if registry.spec(field).kind == registry.LIST and isinstance(value, str):
        value = [value]  # one button value for a list field
    return Parsed(value) if is_valid(field, value) else None


def _value(field: str, text: str, tokens, today: date) -> Any:
    if registry.spec(field).kind == registry.BOOL:
        return _parse_bool(field, tokens)  # a new yes/no field needs only its keywords
    if field == "for_whom":
        return _parse_for_whom(tokens)
    if field == "age":
        return _parse_age(text, tokens, today)
    if field == "needs":
        return _parse_needs(tokens)
    if field == "living_preference":
        return _parse_living(tokens)
    raise ValueError(f"no reader for field {field!r} in answers.py")


def parse_answer(field: str, text: Any, today: date | None = None) -> Parsed | None:
    """Parse a free-text (or button) answer to the question for `field`.

    Returns Parsed(value), Parsed(None, unknown=True) for "weet ik niet", or None when the
    answer was not understood or cannot be used (the form then asks again); read_answer()
    also says why an answer cannot be used.
    """
    reading = read_answer(field, text, today)
    return reading if isinstance(reading, Parsed) else None


def read_answer(field: str, text: Any, today: date | None = None) -> Reading:
    """Like parse_answer(), but an answer that was read and cannot be used comes back as
    Unclear(reason): an impossible age ("130", a birth date in the future) or "soms" to a
    yes/no question. Birth dates and years count from `today` (default: date.today())."""
    if field not in FIELDS:
        raise ValueError(f"unknown field: {field!r}")
    today = today or date.today()
    if not isinstance(text, str):
        return _checked(field, text)
    text = text.strip()
    if not text:
        return None
    payload = _from_payload(field, text)
    if payload is not _NOT_A_PAYLOAD:
        return payload
    tokens = _tokens(text)
    if text == "?" or _matches(tokens, _kw()["unknown"]):
        # "weet niet precies, rond de 80" still gives an age; for yes/no and choices the
        # "niet" in "weet ik niet" must not be read as "no".
        if field in ("age", "needs"):
            unknown_spans = _matches(tokens, _kw()["unknown"])
            rest = [
                t
                for i, t in enumerate(tokens)
                if not any(m.start <= i < m.end for m in unknown_spans)
            ]
            value = _value(field, " ".join(rest), rest, today)
            if isinstance(value, Unclear):
                return value
            if value:
                return Parsed(value)
        return Parsed(None, unknown=True)
    value = _value(field, text, tokens, today)
    if value is None:
        return None
    if _only_generic(field, tokens) and set(parse_corrections(text)) - {field}:
        # "nee, ze is 87" while asked about spoed: the "nee" belongs to the correction,
        # not to this question. Not understood here, so the caller applies the correction.
        return None
    if isinstance(value, Unclear):
        return value
    return Parsed(value)


def parse_corrections(text: str) -> dict[str, Any]:
    """Clear corrections of earlier answers in any message: {"age": 87} for "nee, ze is 87".

    Needs a correction marker ("nee", "toch", "sorry", "ik bedoel" ...), skips questions, and
    only uses phrases that point to one field. Needs are never corrected this way: adding or
    replacing would be a guess.
    """
    if not isinstance(text, str) or not text.strip() or text.strip().endswith("?"):
        return {}
    tokens = _tokens(text)
    kw = _kw()
    if not _matches(tokens, kw["markers"]):
        return {}
    found: dict[str, Any] = {}

    for start, end, value in _numbers(tokens):
        before = tokens[start - 1] if start > 0 else ""
        after = tokens[end] if end < len(tokens) else ""
        if (before in kw["age_before"] or after in kw["age_after"]) and _age_ok(value):
            found["age"] = value
            break

    living = _parse_living(tokens)
    if living is not None:
        found["living_preference"] = living

    who = set()
    if _matches(tokens, kw["corr_self"]):
        who.add("self")
    if _matches(tokens, kw["corr_relative"]) or _relative_after_voor(tokens):
        who.add("relative")
    if len(who) == 1:
        found["for_whom"] = who.pop()

    for field, table in kw["corr_bool"].items():
        m = _leftmost(tokens, table)
        if m is not None:
            found[field] = (not m.label) if _negated(tokens, m.start) else m.label
    return found


def _relative_after_voor(tokens) -> bool:
    """ "voor mijn vader", "voor oma", "gaat om mijn man" """
    words = _kw()["relative_words"]
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1 : i + 3]
        if tok == "voor" or (tok == "om" and i > 0 and tokens[i - 1] == "gaat"):
            if nxt[:1] and nxt[0] in words:
                return True
            if len(nxt) == 2 and nxt[0] in ("mijn", "onze", "ons") and nxt[1] in words:
                return True
    return False


# --------------------------------------------------------------------------- shared primitives
# The story reader (bot/domain/story.py) reads the same kind of text with its own phrases;
# these are the primitives it shares with the answer reader, so both normalise alike.
def tokenize(text: str) -> list[str]:
    return _tokens(text)


def phrases(items: Iterable[str]) -> list[Phrase]:
    return [_phrase(str(p)) for p in items or []]


def find(tokens: Sequence[str], table: Sequence[tuple[Any, Phrase]]) -> list[_Match]:
    """Every phrase of the table in the tokens, longest first where they overlap."""
    return _non_overlapping(tokens, table)


def numbers_in(tokens: Sequence[str]) -> list[tuple[int, int, int]]:
    return _numbers(tokens)


def negated(tokens: Sequence[str], start: int) -> bool:
    return _negated(tokens, start)


def birth_age(tokens: Sequence[str], today: date) -> int | Unclear | None:
    return _birth_year_age(tokens, today)


def parse_needs(tokens: Sequence[str]) -> list[str] | None:
    return _parse_needs(tokens)


def raw_keywords() -> dict:
    """answer_keywords.yml as written (the `statements` section is read by story.py)."""
    return yaml.safe_load(KEYWORDS_FILE.read_text(encoding="utf-8"))
