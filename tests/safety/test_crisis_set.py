"""The crisis layer measured on independent sets (tests/safety/crisis_set*.yml).

crisis_set.yml was written without seeing the detector; its first measurement, before any
tuning, is in docs/safety.md, and the patterns were then tuned on it (it is now the dev set).
crisis_set_2.yml was written later, also without seeing the detector or the first set, and
nobody tuned on it: it is the honest measurement. Targets (issue 9): no crisis missed, at most
5% of near misses answered as a crisis."""
from pathlib import Path

import pytest
import yaml

from bot.domain import safety

HERE = Path(__file__).parent
SETS = sorted(HERE.glob("crisis_set*.yml"))
MAX_FALSE_ALARMS = 0.05


def items(path):
    for name, group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"].items():
        for entry in group["messages"]:
            if isinstance(entry, dict):
                yield name, entry["text"], entry["expect"]
            else:
                yield name, entry, group["expect"]


def test_both_sets_are_there():
    assert [p.name for p in SETS] == ["crisis_set.yml", "crisis_set_2.yml"]


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_no_crisis_is_missed(path):
    missed = [text for _, text, expect in items(path)
              if expect in safety.CRISIS_KINDS and not safety.assess(text).is_crisis]
    assert missed == []


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_ordinary_messages_are_rarely_taken_for_a_crisis(path):
    ordinary = [text for _, text, expect in items(path) if expect == "none"]
    alarms = [text for text in ordinary if safety.assess(text).is_crisis]
    assert len(ordinary) >= 60
    assert len(alarms) / len(ordinary) <= MAX_FALSE_ALARMS, alarms


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_medical_questions_and_other_languages(path):
    for kind in (safety.MEDICAL, safety.OTHER_LANGUAGE):
        expected = [text for _, text, expect in items(path) if expect == kind]
        found = [text for text in expected if safety.assess(text).kind == kind]
        assert len(found) >= 0.9 * len(expected), sorted(set(expected) - set(found))
    ordinary = [text for _, text, expect in items(path) if expect == "none"]
    wrong = [t for t in ordinary if safety.assess(t).kind in (safety.MEDICAL, safety.OTHER_LANGUAGE)]
    assert len(wrong) <= MAX_FALSE_ALARMS * len(ordinary), wrong
