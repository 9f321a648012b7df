"""The wegwijzer actions with real rasa-sdk trackers: what a resident types -> slot events."""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.wegwijzer import (
    FAILURES_SLOT,
    MAX_FAILURES,
    MENTIONED_SLOT,
    PERSON_SLOT,
    UNKNOWN,
    ActionResetWegwijzer,
    ActionWegwijzerAdvice,
    ValidateWegwijzerForm,
    answers_from_slots,
)
from bot.domain import questions
from bot.domain.advice import render_advice
from bot.domain.eligibility import evaluate
from bot.settings import get_settings
from tests.actions.conftest import make_tracker, run_action, user_event

FORM = {"name": "wegwijzer_form"}


def answer_turn(text, requested, slots=None, intent="inform", confidence=0.9, **parse):
    """A tracker right after the resident answered `requested` with `text` (from_text mapping
    has put the raw text in the slot, as Rasa does before validation)."""
    slots = {**(slots or {}), "requested_slot": requested, requested: text}
    events = [
        user_event(text, intent, confidence, **parse),
        {"event": "slot", "name": requested, "value": text},
    ]
    return make_tracker(events, slots=slots, active_loop=FORM)


def validate(tracker, domain):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateWegwijzerForm().run(dispatcher, tracker, domain))
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, dispatcher.messages


@pytest.mark.parametrize(
    "requested,text,expected",
    [
        ("for_whom", "mijn moeder", "relative"),
        ("for_whom", "voor mezelf", "self"),
        ("age", "ze is 84", 84),
        ("age", "zesenzeventig", 76),
        ("permanent_full_day_care", "nee hoor", False),
        ("needs", "hulp bij douchen en schoonmaken", ["nursing_care", "household"]),
        ("living_preference", "thuis blijven wonen", "home"),
    ],
)
def test_free_text_answers_fill_the_slot(domain, requested, text, expected):
    slots, messages = validate(answer_turn(text, requested), domain)
    value = slots[requested]
    assert (sorted(value) == sorted(expected)) if isinstance(expected, list) else value == expected
    assert slots[FAILURES_SLOT] == 0 and messages == []


def test_weet_ik_niet_is_a_valid_answer(domain):
    slots, _ = validate(
        answer_turn("weet ik niet", "permanent_full_day_care", {"for_whom": "self", "age": 80}),
        domain,
    )
    assert slots["permanent_full_day_care"] == UNKNOWN
    # Unknown whether the Wlz applies: the indication question is not asked next.
    assert slots["requested_slot"] == "needs"


def test_next_question_follows_the_engine(domain):
    base = {"for_whom": "relative", "age": 84}
    slots, _ = validate(answer_turn("ja", "permanent_full_day_care", base, intent="affirm"), domain)
    assert slots["requested_slot"] == "has_wlz_indication"
    slots, _ = validate(answer_turn("nee", "permanent_full_day_care", base, intent="deny"), domain)
    assert slots["requested_slot"] == "needs"


def test_correction_of_an_earlier_answer(domain):
    tracker = answer_turn(
        "nee, ze is 87", "permanent_full_day_care", {"for_whom": "relative", "age": 84}
    )
    slots, messages = validate(tracker, domain)
    assert slots["age"] == 87 and slots["permanent_full_day_care"] is None
    assert "87" in messages[0]["text"]
    assert slots["requested_slot"] == "permanent_full_day_care"


def test_faq_in_between_is_answered_and_the_question_stays(domain):
    selector = {"faq": {"response": {"intent_response_key": "faq/vpt", "confidence": 0.95}}}
    tracker = answer_turn(
        "wat is een vpt eigenlijk?",
        "living_preference",
        {
            "for_whom": "self",
            "age": 80,
            "permanent_full_day_care": True,
            "has_wlz_indication": True,
            "needs": ["nursing_care"],
        },
        intent="faq",
        confidence=0.95,
        response_selector=selector,
    )
    slots, messages = validate(tracker, domain)
    assert messages[0]["response"] == "utter_faq/vpt"
    assert slots["living_preference"] is None and slots["requested_slot"] == "living_preference"


def test_unclear_answer_gets_an_example_then_a_person(domain):
    slots, messages = validate(answer_turn("blauw", "age", {"for_whom": "self"}), domain)
    assert messages[0]["text"] == questions.not_understood("age")
    assert slots["age"] is None and slots[FAILURES_SLOT] == 1

    tracker = answer_turn("paars", "age", {"for_whom": "self", FAILURES_SLOT: MAX_FAILURES - 1})
    slots, messages = validate(tracker, domain)
    assert any("medewerker" in (m.get("text") or "") for m in messages)
    assert any((m.get("custom") or {}).get("handoff") for m in messages)
    assert slots[FAILURES_SLOT] == 0


def test_cleared_slots_are_not_validated_against_the_last_message(domain):
    # Right after the reset at the start, every slot was set to None in this turn.
    events = [user_event("welke zorg past bij mij?", "start_wegwijzer")]
    events += [{"event": "slot", "name": f, "value": None} for f in questions.fields()]
    tracker = make_tracker(events, slots={"requested_slot": None}, active_loop=FORM)
    slots, messages = validate(tracker, domain)
    assert messages == []
    assert all(slots.get(f) is None for f in questions.fields())
    # Nothing answered yet: the first question is "voor wie" (rasa-sdk names it, or leaves it
    # to Rasa's form, which asks the first one of the domain).
    assert slots.get("requested_slot", "for_whom") == "for_whom"
    assert domain["forms"]["wegwijzer_form"]["required_slots"][0] == "for_whom"


@pytest.mark.parametrize(
    "for_whom,expected", [("self", "Hoe oud bent u?"), ("relative", "Hoe oud is de persoon")]
)
def test_questions_are_worded_for_who_needs_care(domain, for_whom, expected):
    from actions.wegwijzer import ActionAskAge

    messages, _ = run_action(ActionAskAge(), make_tracker([], slots={"for_whom": for_whom}), domain)
    assert messages[0]["text"].startswith(expected)


def test_advice_renders_the_engine_output(domain):
    answers = {
        "for_whom": "relative",
        "age": 84,
        "permanent_full_day_care": True,
        "has_wlz_indication": False,
        "needs": ["nursing_care"],
        "living_preference": "institution",
        "urgent": True,
        "terminal": False,
    }
    messages, _ = run_action(ActionWegwijzerAdvice(), make_tracker([], slots=answers), domain)
    expected = render_advice(
        evaluate(answers, "uw naaste"), "uw naaste", get_settings().contact, set()
    )
    assert [m["text"] for m in messages[:-1]] == [m["text"] for m in expected]
    assert messages[-1]["custom"] == {"answer_key": "wegwijzer/advice"}
    assert "CIZ" in messages[0]["text"]
    assert any("24 uur" in m["text"] for m in messages)


def test_unknown_answers_are_left_out_of_the_engine_input():
    answers, unknown = answers_from_slots(
        {"age": 80, "permanent_full_day_care": UNKNOWN, "needs": "raw text"}
    )
    assert answers == {"age": 80} and unknown == {"permanent_full_day_care"}


def test_reset_clears_every_question(domain):
    _, events = run_action(ActionResetWegwijzer(), make_tracker([]), domain)
    assert {e["name"] for e in events} == set(questions.fields()) | {
        FAILURES_SLOT,
        PERSON_SLOT,
        MENTIONED_SLOT,
    }
    assert all(e["value"] in (None, 0) for e in events)


def test_question_with_an_answer_word_is_answered_not_parsed(domain):
    # "thuis" would read as living_preference=home; the resident is asking a question.
    selector = {"faq": {"response": {"intent_response_key": "faq/mpt", "confidence": 0.9}}}
    tracker = answer_turn(
        "wat is een modulair pakket thuis?",
        "living_preference",
        {
            "for_whom": "relative",
            "age": 84,
            "permanent_full_day_care": True,
            "has_wlz_indication": False,
            "needs": ["supervision"],
        },
        intent="faq",
        confidence=0.97,
        response_selector=selector,
    )
    slots, messages = validate(tracker, domain)
    assert messages[0]["response"] == "utter_faq/mpt"
    assert slots["living_preference"] is None


def test_answer_with_a_question_word_elsewhere_is_still_an_answer(domain):
    slots, _ = validate(
        answer_turn(
            "thuis blijven wonen",
            "living_preference",
            {
                "for_whom": "self",
                "age": 80,
                "permanent_full_day_care": True,
                "has_wlz_indication": True,
                "needs": ["nursing_care"],
            },
            intent="faq",
            confidence=0.9,
        ),
        domain,
    )
    assert slots["living_preference"] == "home"


# --------------------------------------------------------------------------- issue 11 (1, 5)
def test_date_of_birth_is_read_as_an_age_not_as_the_day(domain):
    from datetime import date

    today = date.today()
    expected = today.year - 1941 - ((today.month, today.day) < (3, 12))
    slots, messages = validate(
        answer_turn("geboren 12-03-1941", "age", {"for_whom": "relative"}), domain
    )
    assert slots["age"] == expected and messages == []
    assert slots["requested_slot"] != "age"


@pytest.mark.parametrize(
    "text,reason,says",
    [
        ("130", "too_old", "120"),
        ("geboren in 2090", "future_birth_date", "toekomst"),
        ("bouwjaar 38", "short_year", "1938"),
    ],
)
def test_impossible_age_is_asked_again_with_the_reason(domain, text, reason, says):
    slots, messages = validate(answer_turn(text, "age", {"for_whom": "self"}), domain)
    assert messages[0]["text"] == questions.not_understood("age", reason)
    assert says in messages[0]["text"]
    assert slots["age"] is None and slots[FAILURES_SLOT] == 1
    assert slots["requested_slot"] == "age"


def test_soms_for_whole_day_care_is_asked_again_not_taken_as_no(domain):
    slots, messages = validate(
        answer_turn("soms", "permanent_full_day_care", {"for_whom": "relative", "age": 84}), domain
    )
    assert slots["permanent_full_day_care"] is None
    assert slots["requested_slot"] == "permanent_full_day_care"
    assert messages[0]["text"] == questions.not_understood("permanent_full_day_care", "sometimes")
    assert "'ja', 'nee' of 'weet ik niet'" in messages[0]["text"]


def test_unusable_answers_in_a_row_still_end_with_a_person(domain):
    tracker = answer_turn(
        "soms", "urgent", {"for_whom": "self", "age": 80, FAILURES_SLOT: MAX_FAILURES - 1}
    )
    slots, messages = validate(tracker, domain)
    assert any((m.get("custom") or {}).get("handoff") for m in messages)
    assert slots[FAILURES_SLOT] == 0


@pytest.mark.parametrize(
    "text,expected",
    [
        ("dat ik als mantelzorger af en toe vrij ben", ["respite"]),
        (
            "alles eigenlijk",
            [
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
            ],
        ),
    ],
)
def test_needs_as_residents_say_them_fill_the_slot(domain, text, expected):
    slots, messages = validate(
        answer_turn(
            text, "needs", {"for_whom": "self", "age": 80, "permanent_full_day_care": False}
        ),
        domain,
    )
    assert slots["needs"] == expected and messages == []
