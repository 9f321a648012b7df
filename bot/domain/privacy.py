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
