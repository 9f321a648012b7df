"""The municipality's own information per FAQ topic (ZWW_LOCAL_CONTENT), checked before use.

The file is written by a content editor, not a developer:

    local_answers:
      dagbesteding: "In Voorbeeldstad meldt u zich voor dagbesteding bij ..."

Every problem is reported in plain Dutch and names the entry (`local_answers.dagbesteding`),
all problems at once, so an editor can fix the file in one go. No Rasa import: the launcher
checks the file before it starts anything, `scripts/check_content.py` checks it on request, and
the Rasa server (rasa_ext/nlg.py) reads it again whenever it changes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.domain import topics
from bot.domain.privacy import BSN

ROOT_KEY = "local_answers"
MAX_WORDS = 80
# How a local text is marked when it is shown, on every channel.
LOCAL_PREFIX = "Lokale informatie: "
# Key in a message's custom JSON that carries the local text from the Rasa server to the
# channel that shows it as its own message (rasa_ext/nlg.py -> api/rasa_client.py and the
# Telegram / WhatsApp connectors).
LOCAL_INFO_KEY = "local_info"

# Anything that looks like an HTML or XML tag, comment or entity: a content file is plain text.
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?][^<>]*>|&[A-Za-z]+;|&#\d+;")
_WORD = re.compile(r"\S+")
# A number as written, digits with single spaces, dots or dashes between them. The log
# redactor (bot/domain/privacy.py) masks any nine digits, also inside a longer number such as
# "0800 123 45 67"; here a number is BSN-like only when all of it is a BSN as that detector
# reads it, so public phone numbers (10 or 11 digits, or 14 0XXX) stay allowed.
_NUMBER = re.compile(r"(?<!\d)\d(?:[ .\-]?\d)*(?!\d)")
_WHOLE_BSN = re.compile(BSN)


def bsn_like(text: str) -> str | None:
    """The first number in `text` that could be a BSN, else None."""
    for number in _NUMBER.finditer(text):
        if _WHOLE_BSN.fullmatch(number.group(0)):
            return number.group(0)
    return None


class LocalContentError(ValueError):
    """The local content file cannot be used; `problems` are Dutch sentences, one per entry."""

    def __init__(self, path: Path | None, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        where = f" in {path}" if path else ""
        lines = "\n".join(f"- {problem}" for problem in problems)
        super().__init__(f"De lokale informatie{where} is niet gebruikt:\n{lines}")


@dataclass(frozen=True)
class LocalContent:
    """Checked local texts, by topic id."""

    answers: Mapping[str, str] = field(default_factory=dict)

    def text_for(self, topic_id: str) -> str | None:
        return self.answers.get(topic_id)

    def message_for(self, topic_id: str) -> str | None:
        """The local text as the resident sees it: marked as local information."""
        text = self.text_for(topic_id)
        return f"{LOCAL_PREFIX}{text}" if text else None


EMPTY = LocalContent()


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML would silently keep only the last of two entries with the same topic."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise LocalContentError(
                None,
                [
                    f"{ROOT_KEY}.{key}: dit onderwerp staat twee keer in het bestand "
                    f"(regel {key_node.start_mark.line + 1}). Houd er één over."
                ],
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _suggestion(key: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return f" Bedoelt u '{close[0]}'?" if close else ""


def problems_of_text(entry: str, text: Any) -> list[str]:
    """What is wrong with one local text (empty list: nothing)."""
    if not isinstance(text, str):
        return [f"{entry}: dit is geen tekst. Zet de tekst tussen aanhalingstekens."]
    if not text.strip():
        return [f"{entry}: de tekst is leeg. Vul een tekst in of haal de regel weg."]
    found = []
    words = len(_WORD.findall(text))
    if words > MAX_WORDS:
        found.append(
            f"{entry}: de tekst is te lang ({words} woorden). Houd het bij hoogstens "
            f"{MAX_WORDS} woorden."
        )
    markup = _MARKUP.search(text)
    if markup:
        found.append(
            f"{entry}: de tekst bevat HTML of opmaak ('{markup.group(0)}'). Gebruik gewone "
            "tekst; de kanalen tonen geen HTML."
        )
    if bsn_like(text):
        found.append(
            f"{entry}: de tekst bevat een getal van negen cijfers dat op een BSN lijkt. "
            "Zet nooit een BSN in een antwoord; een telefoonnummer mag wel."
        )
    return found


def parse(data: Any, known_topics: Iterable[str] | None = None) -> LocalContent:
    """Check parsed YAML and return the local texts; LocalContentError lists every problem."""
    known = list(known_topics) if known_topics is not None else topics.topic_ids()
    if data is None:
        return EMPTY  # an empty file: no local information (yet)
    if not isinstance(data, dict) or ROOT_KEY not in data:
        raise LocalContentError(
            None,
            [f"het bestand moet beginnen met '{ROOT_KEY}:' met daaronder per onderwerp een tekst."],
        )
    problems = [
        f"'{key}': onbekend onderdeel; alleen '{ROOT_KEY}' hoort in dit bestand."
        for key in data
        if key != ROOT_KEY
    ]
    entries = data[ROOT_KEY]
    if entries is None:
        entries = {}
    if not isinstance(entries, dict):
        raise LocalContentError(
            None,
            problems + [f"{ROOT_KEY}: zet onder '{ROOT_KEY}:' per regel 'onderwerp: \"tekst\"'."],
        )
    answers: dict[str, str] = {}
    for raw_key, text in entries.items():
        key = str(raw_key)
        entry = f"{ROOT_KEY}.{key}"
        found = problems_of_text(entry, text)
        if key not in known:
            found.insert(
                0,
                f"{entry}: '{key}' is geen bekend onderwerp.{_suggestion(key, known)} De "
                "onderwerpen staan in bot/domain/topic_titles.yml.",
            )
        if found:
            problems.extend(found)
        else:
            answers[key] = " ".join(str(text).split())
    if problems:
        raise LocalContentError(None, problems)
    return LocalContent(answers)


def load(path: Path, known_topics: Iterable[str] | None = None) -> LocalContent:
    """Read and check a local content file; LocalContentError (Dutch) when it cannot be used."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LocalContentError(path, ["het bestand bestaat niet."]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise LocalContentError(path, [f"het bestand kan niet worden gelezen ({error})."]) from None
    try:
        data = yaml.load(raw, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except LocalContentError as error:
        raise LocalContentError(path, error.problems) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" bij regel {mark.line + 1}" if mark is not None else ""
        raise LocalContentError(
            path,
            [
                f"de opmaak van het bestand klopt niet{line}. Controleer de inspringing en "
                "zet elke tekst tussen aanhalingstekens."
            ],
        ) from None
    try:
        return parse(data, known_topics)
    except LocalContentError as error:
        raise LocalContentError(path, error.problems) from None


def split_local_info(message: dict[str, Any]) -> list[dict[str, Any]]:
    """One outgoing message with local information in its custom JSON -> two messages: the
    national answer, then the local text as its own message. The answer's buttons move to the
    local message, so the follow-up choices stay last. Any other message is returned as is."""
    custom = message.get("custom")
    if not isinstance(custom, dict) or not isinstance(custom.get(LOCAL_INFO_KEY), str):
        return [message]
    rest = {k: v for k, v in custom.items() if k != LOCAL_INFO_KEY}
    national = {k: v for k, v in message.items() if k not in {"custom", "buttons"}}
    if rest:
        national["custom"] = rest
    local: dict[str, Any] = {"text": custom[LOCAL_INFO_KEY]}
    if message.get("buttons"):
        local["buttons"] = message["buttons"]
    return [national, local]
