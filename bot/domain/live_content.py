"""Answer texts the running bot reads from files, again as soon as a file changes.

Two kinds, both editable without a retrain:
- the national answers: the `responses:` of the FAQ files (data/faq/*.yml). They are part of
  the trained model too, but the running bot takes them from the files (rasa_ext/nlg.py);
- the municipality's local information (ZWW_LOCAL_CONTENT, bot/domain/local_content.py).

A change is noticed by a cheap check of the files' modification time and size, at most once
per `interval` seconds, when the bot is about to answer. A file that cannot be used is
reported (log, in Dutch) and the previous valid content stays in use. No Rasa import.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml

from bot.domain import local_content
from bot.domain.local_content import LocalContent, LocalContentError

logger = logging.getLogger(__name__)

T = TypeVar("T")
CHECK_INTERVAL_SECONDS = 1.0

Responses = dict[str, list[dict[str, Any]]]


class ContentError(ValueError):
    """A content file cannot be used; the message is Dutch and names the file and entry."""


def _signature(paths: list[Path]) -> tuple:
    stamp: list[tuple[str, int | None, int | None]] = []
    for path in paths:
        try:
            info = path.stat()
            stamp.append((str(path), info.st_mtime_ns, info.st_size))
        except OSError:
            stamp.append((str(path), None, None))
    return tuple(stamp)


class Reloading(Generic[T]):
    """A value loaded from files and loaded again when one of them changes.

    `files` says which files to watch (called at every check, so a new file in a folder is
    seen too); `load` reads them and raises on content that cannot be used.
    """

    def __init__(
        self,
        name: str,
        files: Callable[[], list[Path]],
        load: Callable[[], T],
        fallback: T,
        interval: float = CHECK_INTERVAL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self._files = files
        self._load = load
        self._interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._value = fallback
        self._signature: tuple | None = None
        self._checked_at: float | None = None
        self.last_error: str | None = None
        self.reload()

    def reload(self) -> bool:
        """Load now. True when the new content is in use; on an error the previous stays."""
        with self._lock:
            return self._reload_locked(_signature(self._files()))

    def _reload_locked(self, signature: tuple) -> bool:
        self._signature = signature
        self._checked_at = self._clock()
        try:
            value = self._load()
        except (ContentError, LocalContentError) as error:
            self.last_error = str(error)
            logger.error("%s: de vorige versie blijft in gebruik. %s", self.name, error)
            return False
        self._value = value
        if self.last_error is not None:
            logger.info("%s: de nieuwe versie is in gebruik.", self.name)
        self.last_error = None
        return True

    def get(self) -> T:
        """The current value; reloads first when a file changed since the last check."""
        now = self._clock()
        if self._checked_at is not None and now - self._checked_at < self._interval:
            return self._value
        with self._lock:
            signature = _signature(self._files())
            if signature != self._signature:
                logger.info("%s: bestand gewijzigd, opnieuw gelezen.", self.name)
                self._reload_locked(signature)
            self._checked_at = now
            return self._value


# --- national answers ---------------------------------------------------------------------


def answer_files(faq_dir: Path) -> list[Path]:
    return sorted(Path(faq_dir).glob("*.yml"))


def _check_variant(file: Path, name: str, index: int, variant: Any) -> list[str]:
    entry = f"{file.name}: {name}" + (f" (variant {index + 1})" if index else "")
    if not isinstance(variant, dict) or not isinstance(variant.get("text"), str):
        return [f"{entry}: er staat geen 'text:' met een tekst."]
    problems = local_content.problems_of_text(entry, variant["text"])
    buttons = variant.get("buttons", [])
    if not isinstance(buttons, list) or not all(
        isinstance(b, dict)
        and isinstance(b.get("title"), str)
        and isinstance(b.get("payload"), str)
        for b in buttons
    ):
        problems.append(f"{entry}: elke knop heeft een 'title:' en een 'payload:' nodig.")
    return problems


def load_national_responses(faq_dir: Path) -> Responses:
    """The `responses:` of every FAQ file in `faq_dir`, checked; ContentError lists problems."""
    if not Path(faq_dir).is_dir():
        raise ContentError(f"De map met landelijke antwoorden bestaat niet: {faq_dir}")
    responses: Responses = {}
    problems: list[str] = []
    for file in answer_files(faq_dir):
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = f" bij regel {mark.line + 1}" if mark is not None else ""
            problems.append(
                f"{file.name}: de opmaak van het bestand klopt niet{line}. Controleer de "
                "inspringing."
            )
            continue
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"{file.name}: het bestand kan niet worden gelezen ({error}).")
            continue
        found = data.get("responses") if isinstance(data, dict) else None
        if found is None:
            continue
        if not isinstance(found, dict):
            problems.append(f"{file.name}: onder 'responses:' hoort per antwoord een naam.")
            continue
        for name, variants in found.items():
            if not isinstance(variants, list) or not variants:
                problems.append(f"{file.name}: {name}: er staat geen antwoord onder.")
                continue
            entry_problems = [
                p for i, v in enumerate(variants) for p in _check_variant(file, name, i, v)
            ]
            problems.extend(entry_problems)
            if not entry_problems:
                responses[str(name)] = variants
    if problems:
        lines = "\n".join(f"- {p}" for p in problems)
        raise ContentError(f"De landelijke antwoorden in {faq_dir} zijn niet gebruikt:\n{lines}")
    return responses


def national_answers(faq_dir: Path, interval: float = CHECK_INTERVAL_SECONDS) -> Reloading:
    return Reloading(
        "Landelijke antwoorden",
        lambda: answer_files(faq_dir),
        lambda: load_national_responses(faq_dir),
        fallback={},
        interval=interval,
    )


def local_answers(
    path: Path | None,
    interval: float = CHECK_INTERVAL_SECONDS,
    clock: Callable[[], float] = time.monotonic,
) -> Reloading:
    """The local information of ZWW_LOCAL_CONTENT (nothing when no file is set)."""
    if path is None:
        return Reloading(
            "Lokale informatie", list, lambda: local_content.EMPTY, local_content.EMPTY, interval
        )
    file = Path(path)

    def load() -> LocalContent:
        return local_content.load(file)

    return Reloading(
        "Lokale informatie", lambda: [file], load, local_content.EMPTY, interval, clock
    )
