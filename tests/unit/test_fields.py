"""The field registry (bot/domain/fields.py) and everything derived from it or checked against
it: the models, the question order, questions.yml, rules.yml, answer_keywords.yml and domain.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.domain import answers, fields, questions
from bot.domain.eligibility import QUESTION_ORDER, EligibilityInput, InputField, is_valid, rules

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain_yml():
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def test_the_spec_fields_in_question_order():
    assert fields.NAMES == (
        "for_whom",
        "age",
        "permanent_full_day_care",
        "has_wlz_indication",
        "needs",
        "living_preference",
        "home_safe",
        "single_provider",
        "self_arranged",
        "informal_care_available",
        "urgent",
        "terminal",
    )
    assert fields.NEEDS == (
        "household",
        "home_adaptation",
        "aids",
        "transport",
        "guidance",
        "day_activities",
        "nursing_care",
        "supervision",
        "respite",
        "meals",
    )
    assert (fields.AGE_MIN, fields.AGE_MAX) == (0, 120)


def test_models_and_engine_are_derived_from_the_registry():
    assert tuple(EligibilityInput.__fields__) == fields.NAMES
    assert tuple(f.value for f in InputField) == fields.NAMES
    assert QUESTION_ORDER == fields.NAMES
    assert questions.fields() == list(fields.NAMES)
    assert answers.FIELDS == fields.NAMES and answers.BOOL_FIELDS == fields.BOOL_FIELDS
    for spec in fields.FIELDS:
        assert EligibilityInput.__fields__[spec.name].field_info.description == spec.description


@pytest.mark.parametrize(
    "field,value,ok",
    [
        ("age", 0, True),
        ("age", 120, True),
        ("age", 121, False),
        ("age", -1, False),
        ("age", True, False),
        ("age", 84.0, False),
        ("age", "84", False),
        ("urgent", True, True),
        ("urgent", "ja", False),
        ("urgent", 1, False),
        ("for_whom", "self", True),
        ("for_whom", "buurman", False),
        ("living_preference", "home", True),
        ("living_preference", "boot", False),
        ("needs", [], True),
        ("needs", ["aids", "meals"], True),
        ("needs", ["aids", "aids"], False),
        ("needs", "aids", False),
        ("needs", ["vliegen"], False),
        ("terminal", None, False),
    ],
)
def test_one_validation_for_api_form_and_answers(field, value, ok):
    assert is_valid(field, value) is ok
    if not isinstance(value, str):  # text is read as an answer; values are checked as such
        assert (answers.parse_answer(field, value) is not None) is ok


def test_unknown_field_is_refused():
    with pytest.raises(ValueError):
        fields.spec("bsn")
    with pytest.raises(ValueError):
        is_valid("bsn", "1")


def test_data_files_name_exactly_the_registry_fields():
    assert set(rules()["fields"]) == set(fields.NAMES)
    q = yaml.safe_load(questions.QUESTIONS_FILE.read_text(encoding="utf-8"))
    assert set(q) - {"unclear", "said"} == set(fields.NAMES)
    kw = yaml.safe_load(answers.KEYWORDS_FILE.read_text(encoding="utf-8"))
    assert set(kw["bool_fields"]) == set(fields.BOOL_FIELDS)
    assert set(kw["needs"]) == set(fields.NEEDS)


def test_a_typo_in_a_data_file_fails_at_load():
    with pytest.raises(ValueError, match="urgnet"):
        fields.check_names(list(fields.NAMES[:-1]) + ["urgnet", "terminal"], "questions.yml")
    with pytest.raises(ValueError, match="terminal"):
        fields.check_names(fields.NAMES[:-1], "rules.yml fields")
    with pytest.raises(ValueError, match="meal"):
        fields.check_values(["meal"], "needs", "answer_keywords.yml needs", exact=False)
    kw = yaml.safe_load(answers.KEYWORDS_FILE.read_text(encoding="utf-8"))
    kw["bool_fields"]["urgnet"] = kw["bool_fields"].pop("urgent")
    with pytest.raises(ValueError, match="urgnet"):
        answers._check_keywords(kw)


# --------------------------------------------------------------------------- domain.yml
def test_domain_yml_slots_match_the_registry(domain_yml):
    slots = domain_yml["slots"]
    for name in fields.NAMES:
        assert name in slots, f"domain.yml: slot {name} missing"
        mapping = slots[name]["mappings"][0]
        assert mapping["type"] == "from_text"
        assert {"active_loop": "wegwijzer_form", "requested_slot": name} in mapping["conditions"]


def test_domain_yml_required_slots_are_the_registry_in_question_order(domain_yml):
    required = domain_yml["forms"]["wegwijzer_form"]["required_slots"]
    assert tuple(required) == fields.NAMES


def test_domain_yml_has_one_ask_action_per_field(domain_yml):
    form_slots = domain_yml["forms"]["wegwijzer_form"]["required_slots"]
    asks = {a for a in domain_yml["actions"] if a.startswith("action_ask_")}
    wegwijzer_asks = {a for a in asks if a.removeprefix("action_ask_") in form_slots}
    assert wegwijzer_asks == {f"action_ask_{name}" for name in fields.NAMES}
    # The only other question: the zorgkantoor lookup's one slot.
    assert asks - wegwijzer_asks == {"action_ask_zorgkantoor_place"}


def test_actions_register_one_validator_and_one_question_per_field():
    wegwijzer = pytest.importorskip("actions.wegwijzer")
    assert wegwijzer.FIELDS == fields.NAMES
    asks = {
        cls().name()
        for cls in vars(wegwijzer).values()
        if isinstance(cls, type)
        and issubclass(cls, wegwijzer._AskQuestion)
        and cls is not wegwijzer._AskQuestion
    }
    assert asks == {f"action_ask_{name}" for name in fields.NAMES}
    for name in fields.NAMES:
        assert hasattr(wegwijzer.ValidateWegwijzerForm, f"validate_{name}")
