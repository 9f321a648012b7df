"""The safety layer: recognises a crisis, a medical question or another language in a message.

It runs before the rest of the bot understands the message (inside Rasa: rasa_ext/safety.py),
also during the wegwijzer, so a resident in crisis always gets 113 / 112 / Veilig Thuis first.

Why rules and not (only) the trained classifier: a missed crisis is the worst error this bot
can make, and a rule list can be read, reviewed and tested phrase by phrase by people who know
crisis work. The patterns live in safety_patterns.yml; tests/safety/ holds an independent set of
crisis and near-miss messages on which both directions are measured (docs/safety.md).

No Rasa import: this is domain code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from re import Pattern

import yaml

PATTERNS_FILE = Path(__file__).with_name("safety_patterns.yml")

SUICIDE, EMERGENCY, VIOLENCE = "suicide", "emergency", "violence"
# A crisis the trained classifier recognised but no rule could name: the answer names 112,
# 113 and Veilig Thuis together.
UNNAMED = "unnamed"
MEDICAL, OTHER_LANGUAGE = "medical", "other_language"
# Checked in this order: a life in danger first. "Hij ligt bewusteloos, hij heeft pillen
# genomen om dood te gaan" is both; 112 comes first in both answers.
RULE_CRISIS_KINDS = (EMERGENCY, SUICIDE, VIOLENCE)
CRISIS_KINDS = RULE_CRISIS_KINDS + (UNNAMED,)
KINDS = RULE_CRISIS_KINDS + (MEDICAL,)

# Chat spellings written out before matching, so the patterns stay readable.
_SPELLINGS = [
    (r"\bm'?n\b|\bmyn\b", "mijn"),
    (r"\bff\b", "even"),
    (r"\bk\b(?=\s+(?:wil|ben|kan|zie|ga|heb|word|weet)\b)", "ik"),
    (r"\bnie\b", "niet"),
    (r"\bdoot\b|\bdod\b", "dood"),
    (r"\bt\b(?=\s+niet\b)", "het"),
]


# Words the patterns depend on, repaired when typed with one letter missing or two letters
# swapped ("lven", "ziten", "bewusteloos"): phone typing. Variants that are words themselves
# ("even" from "leven") are not repaired.
_KEYWORDS = (
    "leven",
    "zitten",
    "sterven",
    "zelfmoord",
    "bewusteloos",
    "ademen",
    "geslagen",
    "mishandeld",
    "reageert",
    "ophangen",
    "medicijnen",
    "bedreigt",
    "verwaarloosd",
)
_REAL_WORDS = {"even", "leen", "zien", "zitte", "steven", "ader", "adem"}


def _typo_variants(word: str) -> set:
    deletions = {word[:i] + word[i + 1 :] for i in range(len(word))}
    swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    return {v for v in deletions | swaps if v != word and len(v) >= 4}


_REPAIRS = {
    variant: word
    for word in _KEYWORDS
    for variant in _typo_variants(word)
    if variant not in _REAL_WORDS
}


def normalise(text: str) -> str:
    """Lower case, no accents, no repeated letters ("dooood"), chat spellings written out."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("\u2019", "'").replace("`", "'")
    text = re.sub(r"([a-z])\1{2,}", r"\1\1", text)
    text = re.sub(r"[^\w'!?.,\s-]", " ", text)
    for pattern, replacement in _SPELLINGS:
        text = re.sub(pattern, replacement, text)
    text = re.sub(r"[a-z]+", lambda m: _REPAIRS.get(m.group(0), m.group(0)), text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class _Kind:
    signals: tuple[Pattern[str], ...]
    exceptions: tuple[Pattern[str], ...]

    def matches(self, text: str) -> bool:
        if not any(p.search(text) for p in self.signals):
            return False
        return not any(p.search(text) for p in self.exceptions)


@dataclass(frozen=True)
class _Patterns:
    kinds: dict[str, _Kind]
    # Ordinary care questions that veto a crisis seen only by the trained classifier.
    ordinary: tuple[Pattern[str], ...]
    # Words that name the kind of a crisis seen only by the trained classifier.
    hints: dict[str, tuple[Pattern[str], ...]]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    spec_file = yaml.safe_load(PATTERNS_FILE.read_text(encoding="utf-8"))
    vocabulary = spec_file.get("vocabulary") or {}
    raw = spec_file["kinds"]
    trained = spec_file.get("trained_classifier") or {}

    def compiled(pattern: str) -> Pattern[str]:
        for name, words in vocabulary.items():
            pattern = pattern.replace(f"<{name}>", words)
        return re.compile(pattern)

    unknown = (set(raw) - set(KINDS)) | (set(trained.get("hints") or {}) - set(RULE_CRISIS_KINDS))
    if unknown:
        raise ValueError(f"{PATTERNS_FILE.name}: onbekende soort(en) {sorted(unknown)}")
    return _Patterns(
        kinds={
            kind: _Kind(
                tuple(compiled(p) for p in spec.get("signals") or []),
                tuple(compiled(p) for p in spec.get("except") or []),
            )
            for kind, spec in raw.items()
        },
        ordinary=tuple(compiled(p) for p in trained.get("ordinary") or []),
        hints={
            kind: tuple(compiled(p) for p in patterns)
            for kind, patterns in (trained.get("hints") or {}).items()
        },
    )


def _kinds() -> dict[str, _Kind]:
    return _patterns().kinds


# --- Another language ------------------------------------------------------------------------
# Function words only: content words such as "app", "burn-out" or "sorry" are common in Dutch
# chat and must not make a Dutch message foreign. Why not a statistical language detector:
# on messages of three to ten words they label Dutch as Afrikaans, German or English too often,
# and a Dutch resident must never be told that the bot does not speak their language.
_DUTCH = set(
    """
ik je jij u uw de het een en van is zijn mijn wat hoe waar wie wanneer waarom kan kun kunt
met voor niet op dat die dit er heeft heb hebben wil wilt moet mag naar ook maar of als bij
aan om te nog al geen wel zo dan hij ze zij we wij ons onze hem haar mij me moeder vader
zorg hulp thuis graag even welke bent ben wordt word krijg krijgt hoeveel vraag hallo dag
""".split()
)
_FOREIGN = {
    "en": set(
        """english speak the you your my can could how what where when who with for to of and please
        i do does have has need about this that are is mother father help care hello hi thanks
        would like want get speak english mom mum dad home pay am""".split()
    ),
    "de": set(
        """beantrage einen bei der sprechen deutsch ich bin meine mein und nicht ist wie kann können sie mir für mutter vater
        hilfe brauche pflege haben habe wo bekomme meiner guten tag danke""".split()
    ),
    "fr": set(
        """parlez francais français je suis ma mon mère mere père pere pour avec est une les des et aide besoin
        comment pouvez vous soins bonjour merci quoi""".split()
    ),
    "pl": set(
        """mówi mowi pan pani po polsku polski czy jest mam moja moj mama tata pomoc się sie jak dla opieka mogę moge
        potrzebuje potrzebuję dzień dzien dobry gdzie matka ojciec""".split()
    ),
    "tr": set(
        """türkçe turkce konuşuyor musunuz bir ve bu için icin annem babam yardım yardim nasıl nasil ne var mı mi ben
        benim merhaba lütfen lutfen bakım bakim istiyorum""".split()
    ),
    "es": set(
        """habla español espanol hola mi madre padre necesito ayuda para con cómo como puedo qué donde""".split()
    ),
    "ar": set(
        """dyali chkoun chi lih wach bghit salam alaikum marhaba shukran ana umi abi mumkin musaada""".split()
    ),
}
_NON_LATIN = re.compile(r"[\u0600-\u06FF\u0400-\u04FF\u0590-\u05FF\u4E00-\u9FFF]")
_LETTERS_NOT_DUTCH = re.compile(r"[ąćęłńśźżışğ]")


def is_other_language(text: str) -> bool:
    """True when the message is clearly not Dutch (Arabic, Cyrillic, … script, or more
    foreign than Dutch function words)."""
    if _NON_LATIN.search(text) and len(_NON_LATIN.findall(text)) >= 3:
        return True
    words = re.findall(r"[^\W\d_]+", text.lower())
    if not words:
        return False
    dutch = sum(w in _DUTCH for w in words)
    foreign = max(sum(w in vocab for w in words) for vocab in _FOREIGN.values())
    if _LETTERS_NOT_DUTCH.search(text.lower()):
        foreign += 2
    return foreign >= 2 and foreign > 2 * dutch


@dataclass(frozen=True)
class Assessment:
    kind: str | None  # one of KINDS or OTHER_LANGUAGE, None for an ordinary message

    @property
    def is_crisis(self) -> bool:
        return self.kind in CRISIS_KINDS


def _trained_crisis_kind(plain: str) -> str | None:
    """The kind of a crisis the trained classifier saw, unless the message is one of the
    ordinary care questions that share its words (those the rules know best)."""
    patterns = _patterns()
    if any(p.search(plain) for p in patterns.ordinary):
        return None
    hinted = [
        kind
        for kind in RULE_CRISIS_KINDS
        if any(p.search(plain) for p in patterns.hints.get(kind, ()))
    ]
    # Exactly one kind named: its helpline first. None or several: all three together.
    return hinted[0] if len(hinted) == 1 else UNNAMED


def assess(text: str, trained_crisis: bool = False) -> Assessment:
    """What, if anything, this message needs before an ordinary answer.

    `trained_crisis`: the trained classifier (intent `crisis`, data/nlu/crisis.yml) is
    confident this is a crisis. The rules still come first; the classifier catches phrasings
    no rule was written for, and the `ordinary` patterns veto it on known near misses."""
    if not text or not text.strip():
        return Assessment(None)
    plain = normalise(text)
    kinds = _kinds()
    for kind in RULE_CRISIS_KINDS:
        if kind in kinds and kinds[kind].matches(plain):
            return Assessment(kind)
    if trained_crisis:
        trained_kind = _trained_crisis_kind(plain)
        if trained_kind is not None:
            return Assessment(trained_kind)
    if MEDICAL in kinds and kinds[MEDICAL].matches(plain):
        return Assessment(MEDICAL)
    if is_other_language(text):
        return Assessment(OTHER_LANGUAGE)
    return Assessment(None)


# --- What the bot says ---------------------------------------------------------------------
TEXTS_FILE = Path(__file__).with_name("safety_texts.yml")


def _merged(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        out[key] = (
            _merged(base[key], value)
            if isinstance(value, dict) and isinstance(base.get(key), dict)
            else value
        )
    return out


@lru_cache(maxsize=4)
def texts(override: Path | None = None) -> dict:
    """The safety texts; a deployment's own file (same keys) replaces entries it names."""
    base = yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8"))
    if override is None:
        return base
    own = yaml.safe_load(Path(override).read_text(encoding="utf-8")) or {}
    unknown = set(own) - set(base)
    if unknown:
        raise ValueError(f"{override}: onbekende tekst(en) {sorted(unknown)}")
    return _merged(base, own)


def message(
    key: str, contact: dict[str, str], override: Path | None = None, **values: object
) -> str:
    """A safety text by dotted key ("crisis.suicide"), with the municipality's contact filled in."""
    entry: object = texts(override)
    for part in key.split("."):
        entry = entry[part]  # type: ignore[index]
    return " ".join(str(entry).split()).format(**contact, **values)
