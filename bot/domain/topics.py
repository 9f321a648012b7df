"""FAQ topics: their readable titles and the domain terms that point to them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

_HERE = Path(__file__).parent
TITLES_FILE = _HERE / "topic_titles.yml"
TERMS_FILE = _HERE / "domain_terms.yml"
# The answers live beside their example questions, where a municipality edits them.
FAQ_DIR = _HERE.parents[1] / "data" / "faq"
FAQ_RESPONSE_PREFIX = "utter_faq/"
# The one topic answered by a flow instead of a fixed text: the zorgkantoor depends on where
# the resident lives (rasa_ext/zorgkantoor.py renames the prediction to this intent).
ZORGKANTOOR_LOOKUP_TOPIC = "zorgkantoor_vinden"
FIND_ZORGKANTOOR = "find_zorgkantoor"


def label_of_intent(intent: str) -> str:
    """The topic label a prediction stands for, for scoring: the lookup flow answers
    faq/zorgkantoor_vinden."""
    return f"faq/{ZORGKANTOOR_LOOKUP_TOPIC}" if intent == FIND_ZORGKANTOOR else intent


@dataclass(frozen=True)
class Term:
    label: str  # entity name: law, care_package, aid
    id: str  # normalised value
    topic: str  # FAQ topic it points to
    spellings: tuple[str, ...]


@lru_cache(maxsize=1)
def titles() -> dict[str, str]:
    return yaml.safe_load(TITLES_FILE.read_text(encoding="utf-8"))


def topic_ids() -> list[str]:
    return list(titles())


def title(topic_id: str) -> str | None:
    return titles().get(topic_id)


def is_topic(topic_id: object) -> bool:
    return isinstance(topic_id, str) and topic_id in titles()


def faq_responses(faq_dir: Path = FAQ_DIR) -> dict[str, list[str]]:
    """Topic id -> the texts of its answer (one per response variant), as Rasa sends them:
    without the newline a YAML block scalar ends with."""
    answers: dict[str, list[str]] = {}
    for path in sorted(faq_dir.glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses")
        for name, variants in (responses or {}).items():
            if name.startswith(FAQ_RESPONSE_PREFIX):
                answers[name[len(FAQ_RESPONSE_PREFIX) :]] = [
                    v["text"].strip()
                    for v in variants or []
                    if isinstance(v, dict) and isinstance(v.get("text"), str)
                ]
    return answers


def faq_answer(topic_id: str, faq_dir: Path = FAQ_DIR) -> str:
    """The (first) answer text of a topic."""
    return faq_responses(faq_dir)[topic_id][0]


def load_terms(terms_file: Path = TERMS_FILE) -> list[Term]:
    data = yaml.safe_load(terms_file.read_text(encoding="utf-8"))
    return [
        Term(label, term_id, spec["topic"], tuple(spec["terms"]))
        for label, ids in data.items()
        for term_id, spec in ids.items()
    ]


@lru_cache(maxsize=1)
def _topic_by_spelling() -> dict[str, str]:
    return {spelling.lower(): term.topic for term in load_terms() for spelling in term.spellings}


def topics_for_terms(texts: Iterable[str]) -> list[str]:
    """FAQ topics hinted at by entity texts found in a message (order kept, no repeats)."""
    found: list[str] = []
    for text in texts:
        topic = _topic_by_spelling().get(str(text).lower())
        if topic and topic not in found:
            found.append(topic)
    return found


def topic_button(topic_id: str) -> dict:
    """A button that answers a topic directly (no NLU guess involved)."""
    return {"title": title(topic_id) or topic_id, "payload": ask_topic_payload(topic_id)}


def ask_topic_payload(topic_id: str) -> str:
    return f'/ask_topic{{"topic":"{topic_id}"}}'
