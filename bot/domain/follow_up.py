"""A follow-up that leans on the answer before it ("moet ik dat zelf betalen?", "wie brengt
hem daar naar toe", "hoeveel uur is dat") is read in the light of that answer.

On its own such a message is unclear to the classifier. Read after an answer it usually asks
about one aspect of that answer, or about one of the follow-up topics the answer offers as
buttons. This module decides (no Rasa import), in this order:
  1. an aspect word ("betalen", "vervoer", "hoeveel uur") that the previous answer itself
     speaks about: those sentences of it are the reply;
  2. an aspect word that a follow-up topic is about: that topic;
  3. the response selector's ranking of the message, restricted to the previous topic and its
     follow-ups: the best of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Words that point back to the previous answer, or a message that opens like a follow-up.
_POINTS_BACK = re.compile(
    r"\b(?:dat|dit|die|deze|het|daar\w*|hier\w*|er(?:van|over|voor|mee|bij)|hem|haar)\b",
    re.IGNORECASE,
)
_OPENS_A_FOLLOW_UP = re.compile(r"^\s*(?:en|maar|ook|dus|of|wat\s+als|en\s+als|en\s+dan)\b", re.I)
MAX_WORDS = 14  # a longer message carries its own topic
MIN_RANK_CONFIDENCE = 0.05  # a candidate ranked below this is no better than a guess
# Aspect: the words in the message, and the words in an answer or topic title about it.
ASPECTS: Sequence[tuple[re.Pattern[str], tuple[str, ...]]] = tuple(
    (re.compile(pattern, re.IGNORECASE), hints)
    for pattern, hints in (
        (
            r"\b(?:betal\w*|kost\w*|vergoed\w*|geld|prijs|eigen\s+bijdrage|verzekering)\b",
            ("betaal", "kosten", "kost ", "vergoed", "eigen bijdrage", "rekening"),
        ),
        (r"\b(?:vervoer|brengt|brengen|halen|ophalen|taxi|rijden)\b", ("vervoer", "taxi")),
        (r"\b(?:hoeveel\s+uur|hoe\s+lang|hoe\s+vaak|uren)\b", (" uur", "dagdeel", "weken")),
        (
            r"\b(?:niet\s+mee\s+eens|oneens|bezwaar|klacht\w*|ontevreden)\b",
            ("klacht", "bezwaar", "niet eens"),
        ),
        (r"\b(?:verschil|anders\s+dan|vergelijk\w*)\b", ("verschil",)),
        (r"\b(?:voorwaarde\w*|recht\s+op|in\s+aanmerking)\b", ("voorwaarde", "recht op")),
        (
            r"\b(?:aanvragen|aanvraag|waar\s+vraag|hoe\s+vraag|hoe\s+regel|waar\s+moet\s+ik\s+zijn)\b",
            ("aanvra", "vraagt u", "contact op", "meldt u"),
        ),
    )
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


@dataclass(frozen=True)
class Reading:
    """`sentences` of the previous answer that answer the follow-up, or a `topic` to answer."""

    sentences: tuple[str, ...] = ()
    topic: str | None = None


def is_follow_up(text: str) -> bool:
    if not isinstance(text, str) or text.startswith("/"):
        return False
    words = text.split()
    if not words or len(words) > MAX_WORDS:
        return False
    return bool(_POINTS_BACK.search(text) or _OPENS_A_FOLLOW_UP.search(text))


def read(
    text: str,
    previous: str,
    previous_answer: str,
    follow_ups: Sequence[str],
    ranking: Iterable[Mapping[str, Any]],
    titles: Mapping[str, str],
    use_ranking: bool = True,
) -> Reading | None:
    """What a follow-up to the answer on `previous` asks (see the module docstring), or None.
    Without `use_ranking` only an aspect word decides (the message was confidently read as
    something else, e.g. out of scope)."""
    aspects = [hints for pattern, hints in ASPECTS if pattern.search(text)]
    sentences = [s.strip() for s in _SENTENCE.findall(previous_answer) if s.strip()]
    for hints in aspects:
        found: list[str] = []
        for i, sentence in enumerate(sentences):
            if any(h in f" {sentence.lower()}" for h in hints):
                # "Heeft u een Wlz-indicatie? Dan gaat de rekening ...": keep the condition.
                if sentence.startswith("Dan ") and i and sentences[i - 1].endswith("?"):
                    if sentences[i - 1] not in found:
                        found.append(sentences[i - 1])
                found.append(sentence)
        if found:
            return Reading(sentences=tuple(found))
    candidates = [previous, *[t for t in follow_ups if t != previous]]
    for hints in aspects:
        for topic in candidates[1:]:
            about = f"{topic.replace('_', ' ')} {titles.get(topic, '')}".lower()
            if any(h.strip() in about for h in hints):
                return Reading(topic=topic)
    for item in ranking if use_ranking else ():  # best first
        topic = str(item.get("intent_response_key", "")).split("/", 1)[-1]
        if topic in candidates and (item.get("confidence") or 0) >= MIN_RANK_CONFIDENCE:
            return Reading(topic=topic)
    return None
