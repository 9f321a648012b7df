"""JSON log lines for the API process, with personal data masked in every record.

Stdlib only: a JSON formatter is a few lines, not worth another pinned package.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import IO

from bot.domain.privacy import Redactor

# Loggers whose records this process writes: our own, the bot/ domain code the API imports,
# and uvicorn's (errors with tracebacks).
OWN_LOGGERS = ("api", "bot")
SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")

# Attributes every LogRecord has; anything else was passed with `extra=` and is a field.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class RedactingFilter(logging.Filter):
    """Masks BSN, phone numbers and e-mail addresses in the message, its args, extra fields
    and the formatted exception. It rewrites the record itself, so every handler after this
    one sees the masked version too."""

    def __init__(self, keep_phones: Iterable[str] = ()) -> None:
        super().__init__()
        self.redact = Redactor(keep=keep_phones)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a wrong format string must not turn logging into a crash
            message = f"{record.msg} {record.args!r}"
        record.msg = self.redact(message)
        record.args = None
        for name, value in list(vars(record).items()):
            if name not in _STANDARD and isinstance(value, str):
                setattr(record, name, self.redact(value))
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, timezone.utc)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False, default=str)


def setup_logging(
    level: str = "INFO", keep_phones: Iterable[str] = (), stream: IO[str] | None = None
) -> logging.Handler:
    """Installs one JSON handler on our loggers and the redaction on every handler of this
    process that exists now (uvicorn's are set up before the app is imported). Safe to call
    again: the previous handler and filters are replaced."""
    redaction = RedactingFilter(keep_phones)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(redaction)
    handler.set_name("zww-json")
    for name in OWN_LOGGERS:
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if h.get_name() == "zww-json"]:
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(level.upper())
    for name in ("", *SERVER_LOGGERS):
        for existing in logging.getLogger(name).handlers:
            for old_filter in [f for f in existing.filters if isinstance(f, RedactingFilter)]:
                existing.removeFilter(old_filter)
            existing.addFilter(redaction)
    return handler
