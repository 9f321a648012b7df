"""Measures the bot: `python scripts/evaluate.py nlu|stories`.

nlu:     scores the held-out file tests/nlu/holdout.yml (never trained on) with `rasa test nlu`,
         combines intent and response-selector results into one label per question
         (`faq/<topic>` or the intent), writes docs/nlu-report.md and fails when quality drops
         below the floor in tests/nlu/quality_floor.yml.
stories: runs the Rasa test stories in tests/stories with --fail-on-prediction-errors.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import yaml
from sklearn.metrics import precision_recall_fscore_support

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.domain import topics  # noqa: E402
from bot.runtime.launcher import latest_model  # noqa: E402
from bot.settings import get_settings  # noqa: E402
from rasa_ext.wegwijzer_change import CHANGE_INTENT  # noqa: E402
from scripts import real_questions, safety_eval  # noqa: E402

HOLDOUT = ROOT / "tests" / "nlu" / "holdout.yml"
FLOOR = ROOT / "tests" / "nlu" / "quality_floor.yml"
REPORT = ROOT / "docs" / "nlu-report.md"
RESULTS = ROOT / "results"
ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false"}


def run_rasa(args: list[str]) -> None:
    subprocess.run([sys.executable, "-m", "rasa", *args], cwd=ROOT, env=ENV, check=True)


def _load(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def combined_predictions(out: Path) -> list[tuple[str, str, str]]:
    """(text, gold label, predicted label) per held-out question."""
    intents = _load(out / "intent_successes.json") + _load(out / "intent_errors.json")
    selections = _load(out / "response_selection_successes.json") + _load(
        out / "response_selection_errors.json"
    )
    selected = {
        s["text"]: (s.get("intent_response_key_prediction") or {}).get("name") for s in selections
    }
    gold_keys = {s["text"]: s.get("intent_response_key_target") for s in selections}
    rows = []
    for item in intents:
        text = item["text"]
        gold = gold_keys.get(text) or item["intent"]
        predicted = topics.label_of_intent(
            (item.get("intent_prediction") or {}).get("name") or "none"
        )
        # change_wegwijzer in a single message (no check to change) gives the FAQ answer.
        if predicted in ("faq", CHANGE_INTENT):
            predicted = selected.get(text) or predicted
        rows.append((text, gold, predicted))
    return rows


def nlu(write_report: bool = True) -> int:
    out = RESULTS / "nlu"
    model = latest_model(get_settings().models_dir)
    run_rasa(
        [
            "test",
            "nlu",
            "--nlu",
            str(HOLDOUT),
            "--model",
            str(model),
            "--out",
            str(out),
            "--successes",
            "--no-plot",
        ]
    )
    rows = combined_predictions(out)
    if not rows:
        print("Geen resultaten van rasa test nlu gevonden.", file=sys.stderr)
        return 1
    golds = [g for _, g, _ in rows]
    preds = [p for _, _, p in rows]
    labels = sorted(set(golds))
    precision, recall, f1, support = precision_recall_fscore_support(
        golds, preds, labels=labels, zero_division=0
    )
    per_label = {
        label: (p, r, f, s)
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=False)
    }
    accuracy = sum(g == p for g, p in zip(golds, preds, strict=False)) / len(rows)
    fallback_rate = sum(p == "nlu_fallback" for p in preds) / len(rows)
    confused = Counter((g, p) for g, p in zip(golds, preds, strict=False) if g != p)
    topic_f1 = {label: v[2] for label, v in per_label.items() if label.startswith("faq/")}
    weakest = sorted(per_label.items(), key=lambda kv: (kv[1][2], kv[0]))[:5]

    floor = yaml.safe_load(FLOOR.read_text(encoding="utf-8"))
    failures = []
    if accuracy < floor["overall_accuracy"]:
        failures.append(f"nauwkeurigheid {accuracy:.3f} < vloer {floor['overall_accuracy']}")
    low = {label: f for label, f in topic_f1.items() if f < floor["min_topic_f1"]}
    if low:
        failures.append(
            f"{len(low)} onderwerp(en) onder F1 {floor['min_topic_f1']}: "
            + ", ".join(f"{label} {f:.2f}" for label, f in sorted(low.items()))
        )

    real_rows = real_questions.score(model)
    real = real_questions.summary(real_rows)
    if real["right"] < floor["real_right_at_once"]:
        failures.append(
            f"echte vragen meteen goed {real['right']:.3f} < vloer "
            f"{floor['real_right_at_once']}"
        )
    if real["wrong"] > floor["real_answered_wrong_max"]:
        failures.append(
            f"echte vragen fout beantwoord {real['wrong']:.3f} > plafond "
            f"{floor['real_answered_wrong_max']}"
        )
    if real["out_of_scope_recognised"] < floor["real_out_of_scope_recognised"]:
        failures.append(
            f"buiten onderwerp herkend {real['out_of_scope_recognised']:.3f} < vloer "
            f"{floor['real_out_of_scope_recognised']}"
        )

    crisis_scores = safety_eval.score(model)
    for set_score in crisis_scores:
        if set_score.false_alarm_rate > floor["crisis_false_alarm_max"]:
            failures.append(
                f"{set_score.name}: vals crisisalarm {set_score.false_alarm_rate:.3f} > plafond "
                f"{floor['crisis_false_alarm_max']}"
            )
        recall_floor = floor["crisis_recall_min"].get(set_score.name)
        if recall_floor is not None and set_score.recall < recall_floor:
            failures.append(
                f"{set_score.name}: crises herkend {set_score.recall:.3f} < vloer {recall_floor}"
            )

    if write_report:
        lines = [
            "# NLU-kwaliteit op de held-out set",
            "",
            f"Gemeten op {date.today().isoformat()} met `make eval` op `{HOLDOUT.relative_to(ROOT)}` "
            f"({len(rows)} vragen, nooit getraind). Eén label per vraag: `faq/<onderwerp>` "
            "(intent + ResponseSelector) of de intent. Een `nlu_fallback` telt als fout.",
            "",
            f"- Nauwkeurigheid (accuracy): **{accuracy:.3f}**",
            f"- Macro-F1 over onderwerpen: **{sum(topic_f1.values()) / max(len(topic_f1), 1):.3f}**",
            f"- Laagste F1 van een onderwerp: **{min(topic_f1.values(), default=0):.2f}**",
            f"- Aandeel fallback (bot vraagt wat u bedoelt): {fallback_rate:.3f}",
            f"- Vloer in CI: accuracy ≥ {floor['overall_accuracy']}, elk onderwerp F1 ≥ "
            f"{floor['min_topic_f1']}",
            "",
            "## Zwakste labels",
            "",
            "| label | precision | recall | F1 | n |",
            "|---|---|---|---|---|",
            *[
                f"| {label} | {p:.2f} | {r:.2f} | {f:.2f} | {s} |"
                for label, (p, r, f, s) in weakest
            ],
            "",
            "## Meest verwarde paren (echt → voorspeld)",
            "",
            "| echt | voorspeld | aantal |",
            "|---|---|---|",
            *[f"| {g} | {p} | {n} |" for (g, p), n in confused.most_common(10)],
            "",
            "## F1 per label",
            "",
            "| label | F1 | n |",
            "|---|---|---|",
            *[f"| {label} | {v[2]:.2f} | {v[3]} |" for label, v in sorted(per_label.items())],
            "",
            *real_questions.report_lines(real_rows),
            *safety_eval.report_lines(crisis_scores),
        ]
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text("\n".join(lines), encoding="utf-8")
        print(f"Rapport: {REPORT.relative_to(ROOT)}")

    print(
        f"Held-out nauwkeurigheid {accuracy:.3f}; laagste onderwerp-F1 "
        f"{min(topic_f1.values(), default=0):.2f}; fallback {fallback_rate:.3f}"
    )
    print(
        f"Echte vragen: meteen goed {real['right']:.3f}, goed of aangeboden "
        f"{real['right'] + real['offered']:.3f}, fout {real['wrong']:.3f}, buiten onderwerp "
        f"herkend {real['out_of_scope_recognised']:.3f}"
    )
    for set_score in crisis_scores:
        print(
            f"Crisis {set_score.name}: herkend {set_score.caught}/{set_score.crises}, "
            f"vals alarm {set_score.alarms}/{set_score.ordinary}"
        )
    for (g, p), n in confused.most_common(5):
        print(f"  verward: {g} -> {p} ({n}x)")
    if failures:
        print("NLU-kwaliteit onder de vloer: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


def stories() -> int:
    model = latest_model(get_settings().models_dir)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "test",
            "core",
            "--stories",
            "tests/stories",
            "--model",
            str(model),
            "--out",
            str(RESULTS / "core"),
            "--fail-on-prediction-errors",
            "--no-plot",
        ],
        cwd=ROOT,
        env=ENV,
    )
    if result.returncode != 0:
        failed = RESULTS / "core" / "failed_test_stories.yml"
        if failed.exists():
            print(failed.read_text(encoding="utf-8"))
        print("Rasa-teststories: FOUT", file=sys.stderr)
        return 1
    print("Rasa-teststories: alle voorspellingen goed")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["nlu", "stories"])
    args = parser.parse_args()
    sys.exit(nlu() if args.what == "nlu" else stories())


if __name__ == "__main__":
    main()
