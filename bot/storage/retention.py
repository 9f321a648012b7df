"""Removes old conversations and feedback: `python -m bot.storage.retention [--days 30]`.

Without --days the retention period of the settings is used (ZWW_RETENTION_DAYS, default 30),
the same number the /privacy page tells residents.

A conversation is removed when its LAST event is older than N days, so a resident who is still
talking never loses the start of the conversation. Feedback rows are removed when they are
older than N days. Meant for a daily cron job or systemd timer.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy.exc import SQLAlchemyError

from bot.settings import Settings, get_settings
from bot.storage.feedback_store import FeedbackStore, feedback_db_url
from bot.storage.tracker_db import TrackerDatabase, describe, tracker_db_url

SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class RetentionResult:
    conversations: int
    events: int
    feedback: int


def purge(settings: Settings, days: int, now: float | None = None) -> RetentionResult:
    now = time.time() if now is None else now
    tracker = TrackerDatabase.from_settings(settings)
    store = FeedbackStore.from_settings(settings)
    try:
        removed = tracker.purge_inactive_since(now - days * SECONDS_PER_DAY)
        tracker.ensure_insights_index()
        now_utc = datetime.fromtimestamp(now, timezone.utc).replace(tzinfo=None)
        feedback_rows = store.purge_older_than(now_utc - timedelta(days=days))
    finally:
        tracker.dispose()
        store.dispose()
    return RetentionResult(removed.conversations, removed.events, feedback_rows)


def _positive_days(value: str) -> int:
    days = int(value)
    if days < 1:
        raise argparse.ArgumentTypeError("kies 1 dag of meer")
    return days


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bot.storage.retention",
        description="Verwijder gesprekken en feedback die ouder zijn dan een aantal dagen.",
    )
    parser.add_argument(
        "--days",
        type=_positive_days,
        default=None,
        help="bewaartermijn in dagen (1 of meer); standaard ZWW_RETENTION_DAYS",
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    days = args.days if args.days is not None else settings.retention_days
    try:
        result = purge(settings, days)
    except (SQLAlchemyError, OSError) as error:
        # The URL may hold a password: name the database without it.
        print(
            f"Opruimen mislukt ({type(error).__name__}) in {describe(tracker_db_url(settings))} "
            f"of {describe(feedback_db_url(settings))}.",
            file=sys.stderr,
        )
        raise SystemExit(1) from error
    print(f"Gesprekken verwijderd: {result.conversations} ({result.events} gebeurtenissen)")
    print(f"Feedback verwijderd: {result.feedback}")


if __name__ == "__main__":
    main()
