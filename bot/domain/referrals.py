"""Where a resident goes with a question outside care at home.

The trained classifier decides that a message is out of scope; this module only says where to
go instead (Toeslagen, the zorgverzekeraar, the huisarts, the CJG, ...), so a resident never
gets a dead end. The referrals and their texts live in referrals.yml, where a content editor
looks. No Rasa import: this is domain code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

REFERRALS_FILE = Path(__file__).with_name("referrals.yml")
GENERAL = "general"


@dataclass(frozen=True)
class Referral:
    id: str
    patterns: tuple[re.Pattern[str], ...]
    text: str

    def matches(self, message: str) -> bool:
        return any(p.search(message) for p in self.patterns)


@lru_cache(maxsize=1)
def referrals() -> tuple[Referral, ...]:
    raw = yaml.safe_load(REFERRALS_FILE.read_text(encoding="utf-8"))["referrals"]
    return tuple(
        Referral(
            id=key,
            patterns=tuple(re.compile(p, re.IGNORECASE) for p in entry["patterns"]),
            text=entry["text"],
        )
        for key, entry in raw.items()
    )


def by_id(referral_id: str) -> Referral:
    return next(r for r in referrals() if r.id == referral_id)


def referral_for(message: str) -> Referral:
    """The first referral whose pattern matches the message, else the general one."""
    text = (message or "").lower()
    return next(
        (r for r in referrals() if r.id != GENERAL and r.matches(text)),
        by_id(GENERAL),
    )


def referral_text(message: str, municipality: str) -> tuple[str, str]:
    """(referral id, the text to show) for an out-of-scope message."""
    referral = referral_for(message)
    return referral.id, referral.text.replace("{name}", municipality)
