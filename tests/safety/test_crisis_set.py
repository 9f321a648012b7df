"""The crisis layer measured on independent sets (tests/safety/crisis_set*.yml).

All three were written without seeing the detector or the training data. The patterns were
tuned on crisis_set.yml and then on crisis_set_2.yml (each measured blind first, numbers in
docs/safety.md): on those two dev sets no crisis may be missed. crisis_set_3.yml was never tuned
on: it is the honest measurement, and there the detector still misses many crises (see
docs/safety.md); its floor guards against getting worse, it is not the target. Target (issue
9): no crisis missed, at most 5% of near misses answered as a crisis."""

from pathlib import Path

import pytest
import yaml

from bot.domain import safety

HERE = Path(__file__).parent
SETS = sorted(HERE.glob("crisis_set*.yml"))
DEV_SETS = [p for p in SETS if p.name != "crisis_set_3.yml"]
HELD_OUT = HERE / "crisis_set_3.yml"
MAX_FALSE_ALARMS = 0.05
# Crises recognised on the held-out set when it was first measured (2026-12-03): 63 of 118.
HELD_OUT_RECALL_FLOOR = 0.53


def items(path):
    for name, group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"].items():
        for entry in group["messages"]:
            if isinstance(entry, dict):
                yield name, entry["text"], entry["expect"]
            else:
                yield name, entry, group["expect"]


def test_both_sets_are_there():
    assert [p.name for p in SETS] == ["crisis_set.yml", "crisis_set_2.yml", "crisis_set_3.yml"]


@pytest.mark.parametrize("path", DEV_SETS, ids=lambda p: p.stem)
def test_no_crisis_is_missed_on_the_dev_sets(path):
    missed = [
        text
        for _, text, expect in items(path)
        if expect in safety.CRISIS_KINDS and not safety.assess(text).is_crisis
    ]
    assert missed == []


def test_held_out_crisis_recall_does_not_drop():
    crises = [text for _, text, expect in items(HELD_OUT) if expect in safety.CRISIS_KINDS]
    found = [text for text in crises if safety.assess(text).is_crisis]
    assert len(crises) >= 100
    assert len(found) / len(crises) >= HELD_OUT_RECALL_FLOOR


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_ordinary_messages_are_rarely_taken_for_a_crisis(path):
    ordinary = [text for _, text, expect in items(path) if expect == "none"]
    alarms = [text for text in ordinary if safety.assess(text).is_crisis]
    assert len(ordinary) >= 60
    assert len(alarms) / len(ordinary) <= MAX_FALSE_ALARMS, alarms


@pytest.mark.parametrize("path", DEV_SETS, ids=lambda p: p.stem)
def test_medical_questions_and_other_languages(path):
    for kind in (safety.MEDICAL, safety.OTHER_LANGUAGE):
        expected = [text for _, text, expect in items(path) if expect == kind]
        found = [text for text in expected if safety.assess(text).kind == kind]
        assert len(found) >= 0.9 * len(expected), sorted(set(expected) - set(found))
    ordinary = [text for _, text, expect in items(path) if expect == "none"]
    wrong = [
        t for t in ordinary if safety.assess(t).kind in (safety.MEDICAL, safety.OTHER_LANGUAGE)
    ]
    assert len(wrong) <= MAX_FALSE_ALARMS * len(ordinary), wrong
