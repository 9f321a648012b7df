"""Two questions in one message ("wat is een pgb? en hoe vraag ik dat aan?") are answered
both, one after the other, instead of one being dropped.

split() cuts a message into its questions; every channel then hands them to the bot in order
(rasa_ext/channels/inbound.py), so the second may lean on the answer to the first (a
follow-up, bot/domain/follow_up.py). It cuts only where it is clear: two or more parts that
each end with "?", or one question with "en" + a question word in the middle ("wat is een vpt
en wat is een mpt?"). A message with a crisis in it is never cut: the crisis comes first.
"""

from __future__ import annotations

import re

MAX_PARTS = 3
MIN_WORDS = 3  # a shorter part ("en?", "echt?") belongs to its neighbour
_QUESTION_END = re.compile(r"(?<=\?)\s+")
_AND_QUESTION = re.compile(
    r"\s+(?:en|of)\s+(?=(?:wat|hoe|waar|wie|wanneer|welke|welk|waarom|hoeveel|kan|kun|mag|moet)\b)",
    re.IGNORECASE,
)


def _words(text: str) -> int:
    return len(text.split())


def split(text: str) -> list[str]:
    """The questions in a message, in order; the message itself when it holds one."""
    if not isinstance(text, str) or text.startswith("/") or text.count("?") == 0:
        return [text]
    parts = [p.strip() for p in _QUESTION_END.split(text.strip()) if p.strip()]
    questions: list[str] = []
    told = ""  # statements before a question are its context ("mijn moeder is 84. ...")
    for part in parts:
        if not part.endswith("?"):
            told = f"{told} {part}".strip()
            continue
        if questions and _words(part) < MIN_WORDS:
            questions[-1] = f"{questions[-1]} {part}"
            continue
        questions.append(f"{told} {part}".strip())
        told = ""
    if told:  # a statement after the last question belongs to it
        if questions:
            questions[-1] = f"{questions[-1]} {told}"
        else:
            questions = [told]
    if len(questions) == 1:
        questions = _split_on_and(questions[0])
    if len(questions) > MAX_PARTS:
        questions = questions[: MAX_PARTS - 1] + [" ".join(questions[MAX_PARTS - 1 :])]
    return questions or [text]


def _split_on_and(question: str) -> list[str]:
    """ "wat is een vpt en wat is een mpt?" -> two questions, when both halves are real ones."""
    match = _AND_QUESTION.search(question)
    if match is None:
        return [question]
    first, second = question[: match.start()].strip(), question[match.end() :].strip()
    if _words(first) < MIN_WORDS or _words(second) < MIN_WORDS:
        return [question]
    return [first.rstrip("?,") + "?", second]
