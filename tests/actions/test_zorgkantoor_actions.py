"""The zorgkantoor lookup actions on real rasa-sdk trackers."""

from rasa_sdk.executor import CollectingDispatcher

from actions.zorgkantoor import (
    FAILURES_SLOT,
    FOUND_SLOT,
    GAVE_UP,
    PLACE_SLOT,
    ActionAskZorgkantoorPlace,
    ActionFindZorgkantoor,
    ValidateZorgkantoorForm,
)
from bot.settings import get_settings
from tests.actions.conftest import make_tracker, run_action, user_event


def slots(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_a_question_with_a_postcode_is_answered_at_once(domain):
    tracker = make_tracker([user_event("welk zorgkantoor hoort bij 8011?", "find_zorgkantoor")])
    messages, events = run_action(ActionFindZorgkantoor(), tracker, domain)
    assert "zorgkantoorregio Zwolle" in messages[0]["text"]
    assert "CIZ" in messages[0]["text"]  # no contact on file: how to find it
    assert messages[1]["custom"] == {"answer_key": "zorgkantoor/regio"}
    assert slots(events) == {PLACE_SLOT: None, FOUND_SLOT: True, FAILURES_SLOT: 0}


def test_a_question_with_a_place_in_a_story(domain):
    text = "mijn moeder woont in Tilburg, welk zorgkantoor?"
    messages, _ = run_action(
        ActionFindZorgkantoor(), make_tracker([user_event(text, "find_zorgkantoor")]), domain
    )
    assert "Tilburg hoort bij zorgkantoorregio Midden-Brabant" in messages[0]["text"]


def test_without_a_place_the_form_asks(domain):
    tracker = make_tracker([user_event("zorgkantoor zoeken", "find_zorgkantoor")])
    messages, events = run_action(ActionFindZorgkantoor(), tracker, domain)
    assert messages == []
    assert slots(events)[FOUND_SLOT] is False


def test_the_button_payload_is_not_read_as_a_place(domain):
    tracker = make_tracker([user_event("/find_zorgkantoor", "find_zorgkantoor")])
    _, events = run_action(ActionFindZorgkantoor(), tracker, domain)
    assert slots(events)[FOUND_SLOT] is False


def test_the_question_names_the_municipality_region_when_configured(domain, monkeypatch):
    monkeypatch.setenv("ZWW_MUNICIPALITY_GEMEENTE", "Maastricht")
    get_settings.cache_clear()
    try:
        messages, _ = run_action(ActionAskZorgkantoorPlace(), make_tracker([]), domain)
    finally:
        get_settings.cache_clear()
    assert "postcode of de woonplaats" in messages[0]["text"]
    assert (
        "Woont u in Maastricht? Dan hoort u bij zorgkantoorregio Zuid-Limburg."
        in (messages[0]["text"])
    )


def test_the_question_without_a_configured_municipality(domain):
    messages, _ = run_action(ActionAskZorgkantoorPlace(), make_tracker([]), domain)
    assert "Woont u in" not in messages[0]["text"]


def validate(value, failures=0):
    tracker = make_tracker(
        [user_event(value, "inform")], slots={PLACE_SLOT: value, FAILURES_SLOT: failures}
    )
    dispatcher = CollectingDispatcher()
    result = ValidateZorgkantoorForm().validate_zorgkantoor_place(value, dispatcher, tracker, {})
    return result, dispatcher.messages


def test_a_full_postcode_is_kept_as_four_digits_only():
    result, messages = validate("3511 AB")
    assert result == {PLACE_SLOT: "3511"} and messages == []


def test_a_misspelt_place_gets_a_suggestion_and_is_asked_again():
    result, messages = validate("Zwole")
    assert result == {PLACE_SLOT: None, FAILURES_SLOT: 1}
    assert "Bedoelt u Zwolle?" in messages[0]["text"]


def test_a_place_in_two_regions_asks_which_gemeente():
    result, messages = validate("Hengelo")
    assert result[PLACE_SLOT] is None
    assert "Bronckhorst" in messages[0]["text"]


def test_the_second_miss_ends_with_how_to_find_it_otherwise(domain):
    result, messages = validate("weet ik niet", failures=1)
    assert result == {PLACE_SLOT: GAVE_UP, FAILURES_SLOT: 0} and messages == []
    tracker = make_tracker([user_event("weet ik niet", "inform")], slots={PLACE_SLOT: GAVE_UP})
    answer, _ = run_action(ActionFindZorgkantoor(), tracker, domain)
    assert "besluit van het CIZ" in answer[0]["text"]
