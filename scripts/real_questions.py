"""Scores the real-question set (tests/nlu/real_questions.yml) the way a resident meets it.

Each question gets one of four outcomes, from the whole NLU pipeline of the trained model
(fallbacks and the safety layer included) and the clarify action's own choice of buttons:
- right:   answered at once with one of the acceptable labels;
- offered: the bot asks "bedoelt u ...?" and one of the buttons is an acceptable label;
- asked:   the bot asks, but no button is right;
- wrong:   answered at once with a label that is not acceptable (a confident wrong answer).
Used by scripts/evaluate.py (make eval); `python scripts/real_questions.py` prints the scores.
"""

from __future__ import annotations

import asyncio
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from actions.conversation import candidate_intents, candidate_topics  # noqa: E402
from actions.wegwijzer import FAQ_CONFIDENCE  # noqa: E402
from bot.domain import topics  # noqa: E402
from rasa_ext.wegwijzer_change import CHANGE_INTENT  # noqa: E402

REAL = ROOT / "tests" / "nlu" / "real_questions.yml"
OUTCOMES = ("right", "offered", "asked", "wrong")


@dataclass(frozen=True)
class Scored:
    text: str
    labels: tuple
    predicted: str
    outcome: str


def predicted_label(parse: dict[str, Any]) -> str:
    intent = (parse.get("intent") or {}).get("name") or "none"
    selected = ((parse.get("response_selector") or {}).get("faq") or {}).get("response", {})
    if intent == "faq":
        return selected.get("intent_response_key") or "faq"
    if intent == CHANGE_INTENT:
        # A fresh conversation has no check to change: action_wegwijzer_change answers the
        # FAQ topic when the selector is sure of it, and otherwise offers the check.
        if (selected.get("confidence") or 0) >= FAQ_CONFIDENCE:
            return selected.get("intent_response_key") or "faq"
        return "start_wegwijzer"
    return topics.label_of_intent(intent)


def outcome(parse: dict[str, Any], labels: list[str]) -> tuple[str, str]:
    label = predicted_label(parse)
    if label != "nlu_fallback":
        return label, "right" if label in labels else "wrong"
    offered = [f"faq/{t}" for t in candidate_topics(parse)] + candidate_intents(parse)
    return label, "offered" if any(o in labels for o in offered[:3]) else "asked"


def load(path: Path = REAL) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


async def _parse_all(model: Path, texts: list[str]) -> list[dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(t) for t in texts]


def score(model: Path, path: Path = REAL) -> list[Scored]:
    questions = load(path)
    parses = asyncio.run(_parse_all(model, [q["text"] for q in questions]))
    rows = []
    for q, parse in zip(questions, parses, strict=False):
        label, result = outcome(parse, q["labels"])
        rows.append(Scored(q["text"], tuple(q["labels"]), label, result))
    return rows


def summary(rows: list[Scored]) -> dict[str, float]:
    counts = Counter(r.outcome for r in rows)
    total = len(rows) or 1
    shares = {o: counts[o] / total for o in OUTCOMES}
    oos = [r for r in rows if r.labels == ("out_of_scope",)]
    shares["out_of_scope_recognised"] = (
        sum(r.outcome == "right" for r in oos) / len(oos) if oos else 0.0
    )
    shares["n"] = len(rows)
    return shares


def per_label(rows: list[Scored]) -> dict[str, Counter]:
    table: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        table[r.labels[0]][r.outcome] += 1
    return table


def report_lines(rows: list[Scored]) -> list[str]:
    s = summary(rows)
    lines = [
        "## Echte vragen (tests/nlu/real_questions.yml)",
        "",
        f"{s['n']:.0f} vragen van openbare Nederlandse pagina's, nooit getraind. Per vraag één "
        "uitkomst: meteen goed beantwoord, gevraagd met het goede onderwerp als knop, gevraagd "
        "zonder het goede onderwerp, of meteen fout beantwoord.",
        "",
        f"- Meteen goed: **{s['right']:.3f}**",
        f"- Goed of goed aangeboden: **{s['right'] + s['offered']:.3f}**",
        f"- Gevraagd zonder goed onderwerp: {s['asked']:.3f}",
        f"- Meteen fout beantwoord: **{s['wrong']:.3f}**",
        f"- Buiten het onderwerp herkend: **{s['out_of_scope_recognised']:.3f}**",
        "",
        "### Per label (eerste label van de vraag)",
        "",
        "| label | n | goed | aangeboden | gevraagd | fout |",
        "|---|---|---|---|---|---|",
    ]
    for label, c in sorted(per_label(rows).items()):
        lines.append(
            f"| {label} | {sum(c.values())} | {c['right']} | {c['offered']} | "
            f"{c['asked']} | {c['wrong']} |"
        )
    wrong = [r for r in rows if r.outcome == "wrong"]
    lines += ["", "### Meteen fout beantwoord", "", "| vraag | goed | voorspeld |", "|---|---|---|"]
    lines += [
        f"| {r.text.replace('|', '/')} | {', '.join(r.labels)} | {r.predicted} |" for r in wrong
    ]
    return lines + [""]


def main() -> None:
    from bot.runtime.launcher import latest_model
    from bot.settings import get_settings

    rows = score(latest_model(get_settings().models_dir))
    for key, value in summary(rows).items():
        print(f"{key}: {value:.3f}")
    if "-v" in sys.argv:
        for r in rows:
            if r.outcome != "right":
                print(f"  {r.outcome:8} {r.predicted:35} {list(r.labels)}  {r.text}")


if __name__ == "__main__":
    main()
