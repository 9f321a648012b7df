"""Masks personal data (BSN, Dutch phone numbers, e-mail addresses) in free text.

Used for log records: a resident may type a BSN or phone number anywhere, and it may end up in
an error message, a URL path or a library's log line. Pure Python, no dependencies.

Choices:
- BSN: every run of 9 digits is masked, also written with dots, spaces or dashes
  (123456782, 1234.56.782, 123 456 782). The elfproef is deliberately NOT used as a condition:
  it rejects a BSN with a single typo, and a mistyped BSN still points to (nearly) one person.
  The cost of this choice is that an unrelated 9-digit number in a log line is masked too,
  which only makes that line less readable.
- Phone: Dutch numbers, 10 digits starting with 0 or +31/0031 plus 9 digits, with the usual
  separators and "(0)". Municipal short numbers (14 0XX / 14 0XXX) are too short to match,
  and numbers passed as `keep` (the municipality's own contact number) are never masked.
- E-mail: anything shaped like local@domain.tld.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

BSN_MASK = "[BSN]"
PHONE_MASK = "[telefoon]"
EMAIL_MASK = "[e-mail]"

EMAIL = r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+"

# Up to three separator characters between digits: "020 - 123 45 67", "(06) 1234-5678".
_SEP = r"[ \t.\-\u2013()/]{0,3}"
PHONE = (
    r"(?<![\w+])"  # not the tail of a longer number or word
    r"(?:"
    r"(?:\+|00)31" + _SEP + r"(?:\(0\)" + _SEP + r")?[1-9](?:" + _SEP + r"\d){8}"
    r"|\(?0[1-9](?:" + _SEP + r"\d){8}"
    r")"
    r"(?!\d)"
)
BSN = r"(?<!\d)(?:\d[ .\-]?){8}\d(?!\d)"

# One pass, leftmost match wins, alternatives tried in this order at each position: an
# e-mail address may hold digits, and the digits of a phone number (also a kept one, such as
# "+31 20 123 4567") must never be read as a BSN.
PERSONAL_DATA = re.compile(f"(?P<email>{EMAIL})|(?P<phone>{PHONE})|(?P<bsn>{BSN})")


def _national_digits(number: str) -> str:
    """'+31 (0)20 123 4567', '0031201234567' and '020-1234567' all become '0201234567'."""
    digits = re.sub(r"\D", "", number.replace("(0)", ""))
    if number.lstrip().startswith("+31"):
        digits = "0" + digits[2:]
    elif digits.startswith("0031"):
        digits = "0" + digits[4:]
    return digits


class Redactor:
    """Callable that masks personal data; `keep` lists public phone numbers to leave alone."""

    def __init__(self, keep: Iterable[str] = ()) -> None:
        self._keep = {_national_digits(n) for n in keep if n and _national_digits(n)}

    def _mask(self, match: re.Match) -> str:
        if match.group("email"):
            return EMAIL_MASK
        if match.group("phone"):
            kept = _national_digits(match.group(0)) in self._keep
            return match.group(0) if kept else PHONE_MASK
        return BSN_MASK

    def __call__(self, text: str) -> str:
        return PERSONAL_DATA.sub(self._mask, text)

    def masked(self, text: str) -> tuple[str, frozenset]:
        """The text with personal data masked, and which kinds ("email", "phone", "bsn") were."""
        found: set = set()

        def _mask(match: re.Match) -> str:
            masked = self._mask(match)
            if masked != match.group(0):
                found.add(match.lastgroup)
            return masked

        return PERSONAL_DATA.sub(_mask, text), frozenset(found)


redact = Redactor()


# --- Personal data typed by a resident ------------------------------------------------------
_MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november " "december"
).split()
_BIRTH_DATE = re.compile(
    # "geboren (op)" goes too: "ze is geboren op 12-03-1941" -> "ze is 85 jaar".
    r"(?:\bgeboren\s+(?:op\s+)?)?(?<!\d)(?P<d>\d{1,2})\s*(?:[-/.]\s*(?P<m>\d{1,2})\s*[-/.]|\s+(?P<mn>"
    + "|".join(_MONTHS)
    + r")\s+)\s*(?P<y>(?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)


# A full postcode ("3511 AB", "3511ab") points to a street; the bot only ever needs its four
# digits (the zorgkantoor lookup). Lower-case letters after a space are taken only when they are
# not a Dutch word: "in 1941 en 1942" keeps its "en".
_POSTCODE = re.compile(
    r"(?<![\w])(?P<pc4>[1-9]\d{3})(?P<space>\s?)(?P<letters>[A-Za-z]{2})(?![\w])"
)
_TWO_LETTER_WORDS = frozenset(
    "al as bv co da de di du dv eh en er ex ga ha he hé ie ik in is ja je ka la ma mi na ne nl "
    "nu of oh ok om on op pa ps te to tv uk up ut we wo ze zo".split()
)


def _reduce_postcode(match: re.Match) -> str:
    letters = match.group("letters")
    is_word = match.group("space") and letters.islower() and letters in _TWO_LETTER_WORDS
    return match.group(0) if is_word else match.group("pc4")


def reduce_postcodes(text: str) -> str:
    """'Kerkstraat 1, 3511 AB Utrecht' -> 'Kerkstraat 1, 3511 Utrecht'."""
    return _POSTCODE.sub(_reduce_postcode, text)


@dataclass(frozen=True)
class Scrubbed:
    """A resident's message with personal data taken out."""

    text: str
    found: frozenset  # "bsn", "phone", "email" that were masked
    ages: tuple  # ages a full date of birth was turned into


def _age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def scrub(text: str, keep: Iterable[str] = (), today: date | None = None) -> Scrubbed:
    """Mask BSN, phone numbers and e-mail addresses, cut full postcodes to their four
    digits, and turn a full date of birth into an age ("geboren 12-03-1941" -> "85 jaar"): the age is all the bot needs, the date
    would identify the person. Runs at the channel edge, before anything is stored."""
    today = today or date.today()
    ages: list = []

    def _date(match: re.Match) -> str:
        month = (
            int(match.group("m"))
            if match.group("m")
            else _MONTHS.index(match.group("mn").lower()) + 1
        )
        try:
            born = date(int(match.group("y")), month, int(match.group("d")))
        except ValueError:
            return match.group(0)
        if born > today:
            return match.group(0)
        ages.append(_age_on(born, today))
        return f"{ages[-1]} jaar"

    text, found = Redactor(keep).masked(reduce_postcodes(_BIRTH_DATE.sub(_date, text)))
    return Scrubbed(text, found, tuple(ages))


# --- Texts shown to staff (the unanswered questions on /beheer) ----------------------------
NAME_MASK = "[naam]"
POSTCODE_MASK = "[postcode]"

# Four digits that are not a year (1900-2099): `scrub` cuts a full postcode to its four digits
# (what the tracker keeps), and on a review list even those are left out.
_REVIEW_POSTCODE = re.compile(r"(?<![\w.,])(?!19\d\d|20\d\d)[1-9]\d{3}(?![\w]|[.,]\d)")
# Words that introduce a name, in the ways residents write them: "ik heet ria", "mijn naam is
# Jan de Vries", "mevrouw Jansen", "dhr. Bakker", "mijn moeder Ans".
_STRONG_CUE = r"ik\s+heet|mijn\s+naam\s+is|naam\s*:|mevrouw|meneer|mevr\.?|mw\.?|dhr\.?"
# After "ik ben" / "dit is" / a relative, a lower-case word is usually not a name
# ("ik ben 84", "mijn moeder kan niet"): only a capitalised word counts there.
_WEAK_CUE = (
    r"ik\s+ben|dit\s+is|(?:mijn|mn|m'n)\s+(?:moeder|vader|man|vrouw|zoon|dochter|buurvrouw|"
    r"buurman|oma|opa|zus|broer|tante|oom|partner|schoonmoeder|schoonvader)"
)
_PARTICLES = frozenset("van de der den het ter ten te".split())
_PARTICLE = r"(?:(?:van|de|der|den|het|ter|ten|te)\s+)*"
_WORD = r"[^\W\d_][\w'-]*"
_CAP_WORD = r"[A-ZÀ-Ý][\w'-]*"
_NAME_CUE = re.compile(
    rf"\b(?P<cue>(?i:{_STRONG_CUE})\s+)(?P<strong>{_PARTICLE}{_WORD}(?:\s+{_PARTICLE}{_WORD})?)"
    rf"|\b(?P<wcue>(?i:{_WEAK_CUE})\s+)(?P<weak>{_PARTICLE}{_CAP_WORD}(?:\s+{_PARTICLE}{_CAP_WORD})*)"
)
# Words that end a lower-case name after a strong cue: "ik heet ria en ...", "ria uit ...".
_NOT_A_NAME = frozenset(
    "en of maar uit in op te met is ben was woon woont wil wilt heb heeft kan kun kunt "
    "vraag vragen zorg hulp voor bij".split()
)


def _mask_cued_name(match: re.Match) -> str:
    if match.group("wcue") is not None:
        return match.group("wcue") + NAME_MASK
    words = match.group("strong").split()
    name = [w for w in words if w.lower() not in _PARTICLES]
    # A second word is part of the name when capitalised ("Jan Smit"), or when everything is
    # written in lower case and it is not an ordinary word ("ria jansen", not "ria en").
    second = len(name) > 1 and (
        name[1][:1].isupper() or (name[0][:1].islower() and name[1].lower() not in _NOT_A_NAME)
    )
    if len(name) > 1 and not second:
        return (
            match.group("cue")
            + NAME_MASK
            + match.group("strong")[match.group("strong").rindex(name[1]) - 1 :]
        )
    return match.group("cue") + NAME_MASK


# A capitalised word in the middle of a sentence is treated as a name unless it is a known
# word of the domain (Wlz, Wmo, CIZ, pgb, ...), so a name typed without a cue is masked too.
# Over-masking (a place name) is the safe side: the list is read by staff, not residents.
_CAPITALISED = re.compile(r"(?<![\w\[])(?P<word>[A-ZÀ-Ý][a-zà-ÿ'-]+)(?![\w\]])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]\s*|[\"'(]\s*)$")


def _domain_words() -> frozenset:
    words = {
        "wlz", "wmo", "zvw", "ciz", "cak", "pgb", "vpt", "mpt", "svb", "uwv", "cjg", "ggz",
        "ik", "hallo", "hoi", "goedemorgen", "goedemiddag", "goedenavond", "dag", "beste",
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december", "maandag", "dinsdag", "woensdag",
        "donderdag", "vrijdag", "zaterdag", "zondag", "nederland", "nederlands", "gemeente",
    }  # fmt: skip
    return frozenset(words)


_KNOWN_WORDS = _domain_words()


def _mask_capitalised(text: str) -> str:
    def _mask(match: re.Match) -> str:
        word = match.group("word")
        if word.lower() in _KNOWN_WORDS or _SENTENCE_START.search(text[: match.start()]):
            return word
        return NAME_MASK

    return _CAPITALISED.sub(_mask, text)


def redact_for_review(text: str, keep: Iterable[str] = ()) -> str:
    """A resident's message made fit for a list that staff read: BSN, phone numbers, e-mail,
    dates of birth, postcodes and names are masked. Stricter than `scrub` (which runs before
    anything is stored and keeps what the bot needs, such as the four digits of a postcode)."""
    text = scrub(text, keep).text
    text = _REVIEW_POSTCODE.sub(POSTCODE_MASK, text)
    text = _NAME_CUE.sub(_mask_cued_name, text)
    text = _mask_capitalised(text)
    # Two masks in a row ("[naam] [naam]") read as one name.
    return re.sub(r"\[naam\](?:\s+\[naam\])+", NAME_MASK, text)
