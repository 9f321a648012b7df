"""Removes old conversations and feedback: `python -m bot.retention --days 30`.

A conversation is removed when its LAST event is older than N days, so a resident who is still
talking never loses the start of the conversation. Feedback rows are removed when they are
older than N days. Meant for a daily cron job or systemd timer.
"""
from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Optional

from bot.feedback_store import FeedbackStore
from bot.settings import Settings, get_settings
from bot.tracker_db import TrackerDatabase

SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class RetentionResult:
    conversations: int
    events: int
    feedback: int


def purge(settings: Settings, days: int, now: Optional[float] = None) -> RetentionResult:
    now = time.time() if now is None else now
    tracker = TrackerDatabase.from_settings(settings)
    store = FeedbackStore.from_settings(settings)
    try:
        removed = tracker.purge_inactive_since(now - days * SECONDS_PER_DAY)
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


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bot.retention",
        description="Verwijder gesprekken en feedback die ouder zijn dan een aantal dagen.",
    )
    parser.add_argument("--days", type=_positive_days, required=True,
                        help="bewaartermijn in dagen (1 of meer)")
    args = parser.parse_args(argv)
    result = purge(get_settings(), args.days)
    print(f"Gesprekken verwijderd: {result.conversations} ({result.events} gebeurtenissen)")
    print(f"Feedback verwijderd: {result.feedback}")


if __name__ == "__main__":
    main()
