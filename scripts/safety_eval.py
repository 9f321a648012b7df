"""Scores the crisis test sets (tests/safety/crisis_set*.yml) through the whole trained NLU
pipeline, the way a resident meets it: trained `crisis` intent and rules together
(rasa_ext/safety.py). tests/safety/test_crisis_set.py measures the rules alone, without a model.

Used by scripts/evaluate.py (make eval); `python scripts/safety_eval.py` prints the scores.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.domain import safety  # noqa: E402

SETS_DIR = ROOT / "tests" / "safety"


def items(path: Path) -> list[tuple[str, str]]:
    """(text, expected kind or "none") for every message of a set."""
    rows = []
    for group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"].values():
        for entry in group["messages"]:
            if isinstance(entry, dict):
                rows.append((entry["text"], entry["expect"]))
            else:
                rows.append((entry, group["expect"]))
    return rows


@dataclass(frozen=True)
class SetScore:
    name: str
    crises: int
    caught: int
    ordinary: int
    alarms: int
    missed: tuple[str, ...]
    false_alarms: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.caught / self.crises if self.crises else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.alarms / self.ordinary if self.ordinary else 0.0


async def _parse_all(model: Path, texts: list[str]) -> list[dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(t) for t in texts]


def is_crisis(parse: dict[str, Any]) -> bool:
    return (parse.get("intent") or {}).get("name") == "crisis"


def score(model: Path, paths: list[Path] | None = None) -> list[SetScore]:
    paths = paths or sorted(SETS_DIR.glob("crisis_set*.yml"))
    per_set = {p: items(p) for p in paths}
    texts = [text for rows in per_set.values() for text, _ in rows]
    parses = iter(asyncio.run(_parse_all(model, texts)))
    scores = []
    for path, rows in per_set.items():
        missed, alarms = [], []
        crises = ordinary = 0
        for text, expect in rows:
            flagged = is_crisis(next(parses))
            if expect in safety.CRISIS_KINDS:
                crises += 1
                if not flagged:
                    missed.append(text)
            elif expect == "none":
                ordinary += 1
                if flagged:
                    alarms.append(text)
        scores.append(
            SetScore(
                path.stem,
                crises,
                crises - len(missed),
                ordinary,
                len(alarms),
                tuple(missed),
                tuple(alarms),
            )
        )
    return scores


def report_lines(scores: list[SetScore]) -> list[str]:
    lines = [
        "## Crisisherkenning met het getrainde model (tests/safety)",
        "",
        "Regels en de getrainde intent `crisis` samen, zoals een inwoner het merkt.",
        "",
        "| set | crises herkend | vals alarm |",
        "|---|---|---|",
    ]
    lines += [
        f"| {s.name} | {s.caught}/{s.crises} ({s.recall:.0%}) | "
        f"{s.alarms}/{s.ordinary} ({s.false_alarm_rate:.1%}) |"
        for s in scores
    ]
    for s in scores:
        if s.missed:
            lines += ["", f"Gemist in {s.name}:", ""]
            lines += [f"- {text}" for text in s.missed]
        if s.false_alarms:
            lines += ["", f"Vals alarm in {s.name}:", ""]
            lines += [f"- {text}" for text in s.false_alarms]
    return lines + [""]


def main() -> None:
    from bot.runtime.launcher import latest_model
    from bot.settings import get_settings

    for s in score(latest_model(get_settings().models_dir)):
        print(
            f"{s.name}: crises {s.caught}/{s.crises} ({s.recall:.3f}), "
            f"vals alarm {s.alarms}/{s.ordinary} ({s.false_alarm_rate:.3f})"
        )
        if "-v" in sys.argv:
            for text in s.missed:
                print(f"  gemist: {text}")
            for text in s.false_alarms:
                print(f"  alarm:  {text}")


if __name__ == "__main__":
    main()
