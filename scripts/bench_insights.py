"""Time to build /beheer's insights on 100 000 synthetic conversations (`make bench`).

    python scripts/bench_insights.py [--conversations 100000] [--keep DIR]

Writes a tracker DB in Rasa's shape (scripts/insights_data.py, 90 days, real event sizes) in a
temporary directory, creates the insights index as `make purge` does, and times
InsightsBuilder.build for the last 30 days and for all 90 days, three times each; prints the
median. With --keep DIR the data is written there and kept (a second run reuses it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bot.storage.insights import InsightsBuilder, Period, ensure_index  # noqa: E402
from scripts.insights_data import generate  # noqa: E402

RUNS = 3


def bench(directory: Path, conversations: int) -> dict[str, float]:
    tracker = directory / "tracker.db"
    if not tracker.exists():
        started = time.perf_counter()
        count = generate(tracker, conversations, days=90, feedback_out=directory / "feedback.db")
        print(
            f"{conversations} gesprekken, {count} gebeurtenissen geschreven in "
            f"{time.perf_counter() - started:.0f} s ({tracker.stat().st_size / 1e6:.0f} MB)"
        )
    engine = sa.create_engine(f"sqlite:///{tracker}", future=True)
    started = time.perf_counter()
    ensure_index(engine)
    engine.dispose()
    print(f"index klaar in {time.perf_counter() - started:.1f} s")
    builder = InsightsBuilder(f"sqlite:///{tracker}", f"sqlite:///{directory / 'feedback.db'}")
    results = {}
    try:
        for days in (30, 90):
            period = Period.last_days(days)
            times = []
            for _ in range(RUNS):
                started = time.perf_counter()
                insights = builder.build(period, keep_unanswered=True)
                times.append(time.perf_counter() - started)
            results[f"{days} dagen"] = statistics.median(times)
            print(
                f"laatste {days} dagen: {insights.totals['conversations']} gesprekken, "
                f"mediaan {statistics.median(times):.2f} s (runs: "
                + ", ".join(f"{t:.2f}" for t in times)
                + ")"
            )
    finally:
        builder.dispose()
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        bench(args.keep, args.conversations)
        return
    with tempfile.TemporaryDirectory(prefix="zww-insights-") as directory:
        bench(Path(directory), args.conversations)


if __name__ == "__main__":
    main()
