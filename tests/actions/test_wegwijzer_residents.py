"""The wegwijzer as residents use it (issue 11), with real rasa-sdk trackers: a story told
before the check, facts given beside an answer, corrections at any point, explanations, and
changes after the advice."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.wegwijzer import (
    MENTIONED_SLOT,
    PERSON_SLOT,
    ActionAskAge,
    ActionResetWegwijzer,
    ActionWegwijzerChange,
    ActionWegwijzerWhy,
    ValidateWegwijzerForm,
)
from bot.domain import buttons, questions
from tests.actions.conftest import make_tracker, run_action, user_event

ACTIVE = {"name": "wegwijzer_form"}


def validate(text, requested, slots=None, intent="inform", confidence=0.9, **parse):
    slots = {**(slots or {}), "requested_slot": requested, requested: text}
    events = [
        user_event(text, intent, confidence, **parse),
        {"event": "slot", "name": requested, "value": text},
    ]
    tracker = make_tracker(events, slots=slots, active_loop=ACTIVE)
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ValidateWegwijzerForm().run(dispatcher, tracker, {}))
    return {e["name"]: e["value"] for e in result if e["event"] == "slot"}, [
        m.get("text") or m.get("response") for m in dispatcher.messages
    ]


def skips_the_form(events):
    return any(e.get("event") == "followup" and e.get("name") == "action_listen" for e in events)


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


# --------------------------------------------------------------------------- pre-fill
def test_the_story_told_before_the_check_is_not_asked_again(domain):
    story = "mijn vader van 84 heeft de hele dag toezicht nodig, hij heeft nog geen indicatie"
    events = [
        {"event": "action", "name": "action_session_start"},
        {"event": "session_started"},
        user_event(story, "inform"),
        {"event": "bot", "text": "Wilt u de check doen?"},
        user_event("/start_wegwijzer", "start_wegwijzer", 1.0),
        {"event": "action", "name": "utter_wegwijzer_intro"},
    ]
    messages, result = run_action(ActionResetWegwijzer(), make_tracker(events), domain)
    slots = slot_events(result)
    assert slots["for_whom"] == "relative" and slots[PERSON_SLOT] == "vader"
    assert slots["age"] == 84
    assert slots["permanent_full_day_care"] is True
    assert slots["has_wlz_indication"] is False
    assert slots["needs"] == ["supervision"]
    # Said back, so the resident can correct it.
    said = messages[0]["text"]
    assert said.startswith("Ik heb al genoteerd:")
    assert "uw vader" in said and "84 jaar" in said and "nog geen Wlz-indicatie" in said
    assert "Typ het gerust" in messages[1]["text"]
    assert not skips_the_form(result)  # the form asks what is left


def test_a_story_that_tells_everything_gets_the_advice_at_once(domain):
    text = "ik ben 80, niet de hele dag zorg nodig, maar ik heb hulp nodig met schoonmaken"
    events = [user_event(text, "inform"), user_event("/start_wegwijzer", "start_wegwijzer", 1.0)]
    messages, result = run_action(ActionResetWegwijzer(), make_tracker(events), domain)
    slots = slot_events(result)
    assert slots["for_whom"] == "self" and slots["age"] == 80 and slots["needs"] == ["household"]
    texts = [m.get("text") or "" for m in messages]
    assert any("Wet maatschappelijke ondersteuning (Wmo)" in t for t in texts)
    assert skips_the_form(result)


def test_a_story_in_the_start_message_itself_counts(domain):
    text = "welke zorg past bij mijn moeder van 91? ze wil absoluut niet naar een verpleeghuis"
    events = [user_event(text, "start_wegwijzer", 0.8)]
    _, result = run_action(ActionResetWegwijzer(), make_tracker(events), domain)
    slots = slot_events(result)
    assert slots["age"] == 91 and slots["living_preference"] == "home"
    assert slots["for_whom"] == "relative" and slots[PERSON_SLOT] == "moeder"


def test_messages_before_an_earlier_check_are_not_reused(domain):
    events = [
        user_event("ik ben 76", "inform"),
        {"event": "action", "name": "action_wegwijzer_advice"},
        user_event("/start_wegwijzer", "start_wegwijzer", 1.0),
    ]
    messages, result = run_action(ActionResetWegwijzer(), make_tracker(events), domain)
    assert slot_events(result)["age"] is None and messages == []


def test_a_prefilled_answer_passes_the_form_as_it_is(domain):
    # At activation Rasa validates slots filled before the form: they are answers, not text.
    events = [user_event("/start_wegwijzer", "start_wegwijzer", 1.0)]
    events += [{"event": "slot", "name": "age", "value": 84}]
    tracker = make_tracker(events, slots={"age": 84, "requested_slot": None}, active_loop=ACTIVE)
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ValidateWegwijzerForm().run(dispatcher, tracker, domain))
    assert slot_events(result).get("age", 84) == 84 and dispatcher.messages == []
    # ... and also when the validator is called with it directly.
    direct = ValidateWegwijzerForm().validate_age(84, dispatcher, tracker, domain)
    assert direct == {"age": 84} and dispatcher.messages == []


# --------------------------------------------------------------------------- in the form
def test_facts_beside_the_answer_are_used_too():
    slots, messages = validate("voor mijn pa, hij is 84 en heeft nog geen indicatie", "for_whom")
    assert slots["for_whom"] == "relative" and slots[PERSON_SLOT] == "vader"
    assert slots["age"] == 84 and slots["has_wlz_indication"] is False
    assert messages[0].startswith("Ik heb ook genoteerd:") and "84 jaar" in messages[0]


def test_a_later_question_is_worded_about_the_named_person(domain):
    tracker = make_tracker([], slots={"for_whom": "relative", PERSON_SLOT: "vader"})
    messages, _ = run_action(ActionAskAge(), tracker, domain)
    assert messages[0]["text"] == "Hoe oud is uw vader?"


def test_age_corrected_while_another_question_is_open():
    # The case: "18 geworden" during a yes/no question got "typ ja of nee" 3 times.
    base = {"for_whom": "relative", "age": 17}
    slots, messages = validate(
        "oh wacht, ze is vorige week 18 geworden", "permanent_full_day_care", base
    )
    assert slots["age"] == 18
    assert slots["permanent_full_day_care"] is None  # asked again, not read as yes/no
    assert messages[0] == "Ik heb uw antwoord aangepast: 18 jaar."


def test_a_correction_is_not_swallowed_as_the_current_answer():
    slots, messages = validate(
        "wacht, ik ben eigenlijk 76", "permanent_full_day_care", {"for_whom": "self", "age": 67}
    )
    assert slots["age"] == 76 and slots["permanent_full_day_care"] is None
    assert "76 jaar" in messages[0]


def test_needs_can_be_added_and_taken_out_later():
    base = {
        "for_whom": "self",
        "age": 80,
        "permanent_full_day_care": False,
        "needs": ["household", "nursing_care"],
    }
    slots, messages = validate("o ja, ook vervoer", "urgent", base)
    assert slots["needs"] == ["household", "transport", "nursing_care"]
    assert "vervoer" in messages[0]
    slots, _ = validate("nee, geen huishouden", "urgent", base)
    assert slots["needs"] == ["nursing_care"]


def test_dat_snap_ik_niet_gets_an_explanation_not_a_failure():
    slots, messages = validate(
        "dat snap ik niet", "permanent_full_day_care", {"for_whom": "self", "age": 80}
    )
    assert messages == [questions.explain("permanent_full_day_care")]
    assert slots["permanent_full_day_care"] is None
    assert "wegwijzer_failures" not in slots


def test_kan_het_simpeler_gets_an_explanation():
    _, messages = validate(
        "kan het simpeler?",
        "has_wlz_indication",
        {"for_whom": "self", "age": 80, "permanent_full_day_care": True},
    )
    assert messages == [questions.explain("has_wlz_indication")]


def test_a_question_outside_care_gets_a_referral_and_the_check_goes_on():
    slots, messages = validate(
        "hoe zit het met zorgtoeslag",
        "needs",
        {"for_whom": "self", "age": 80, "permanent_full_day_care": False},
        intent="out_of_scope",
        confidence=0.9,
    )
    assert "Toeslagen" in messages[0] or "toeslag" in messages[0].lower()
    assert messages[1] == questions.said("go_on")
    assert slots["needs"] is None and "wegwijzer_failures" not in slots


def test_words_pointing_to_the_last_phase_make_it_asked():
    base = {"for_whom": "relative", "age": 70, "permanent_full_day_care": False}
    slots, _ = validate("verzorging, ze is ongeneeslijk ziek", "needs", base)
    assert slots["needs"] == ["nursing_care"]
    assert slots[MENTIONED_SLOT] == ["terminal"]
    assert slots["requested_slot"] == "terminal"
    slots, _ = validate("verzorging", "needs", base)
    assert slots.get("requested_slot") is None  # nothing more to ask: the advice follows


# --------------------------------------------------------------------------- after the advice
ADVISED = {
    "for_whom": "relative",
    PERSON_SLOT: "nichtje",
    "age": 17,
    "permanent_full_day_care": False,
    "needs": ["guidance"],
}


def change(text, slots, intent="change_wegwijzer", **parse):
    tracker = make_tracker([user_event(text, intent, 1.0, **parse)], slots=slots)
    dispatcher = CollectingDispatcher()
    events = ActionWegwijzerChange().run(dispatcher, tracker, {})
    return events, dispatcher.messages


def test_a_change_after_the_advice_gives_a_new_advice():
    events, messages = change("maar ze is dus 18, klopt dat advies dan nog?", ADVISED)
    assert slot_events(events)["age"] == 18
    texts = [m.get("text") or "" for m in messages]
    assert texts[0] == "Ik heb uw antwoord aangepast: 18 jaar."
    assert texts[1] == questions.said("new_advice")
    advice = "\n".join(texts[2:])
    assert "Wet maatschappelijke ondersteuning (Wmo)" in advice and "Jeugdwet" not in advice
    assert "voor uw nichtje" in advice
    assert messages[-1]["custom"] == {"answer_key": "wegwijzer/advice"}
    assert skips_the_form(events)


def test_a_change_that_opens_questions_goes_back_into_the_check():
    events, messages = change("ze heeft toch de hele dag toezicht nodig", ADVISED)
    assert slot_events(events)["permanent_full_day_care"] is True
    assert not skips_the_form(events)  # the rule goes on into the form
    assert messages[-1]["text"] == questions.said("more_questions")


def test_a_wish_changed_after_the_advice():
    wlz = dict(
        ADVISED,
        age=84,
        permanent_full_day_care=True,
        has_wlz_indication=True,
        living_preference="institution",
        informal_care_available=True,
    )
    events, messages = change("ze wil toch thuis blijven", wlz)
    assert slot_events(events)["living_preference"] == "home"
    # Staying at home opens the home-care questions.
    assert not skips_the_form(events)


def test_the_same_answer_again_changes_nothing():
    events, messages = change("maar ze is dus 17", ADVISED)
    assert skips_the_form(events) and not slot_events(events)
    assert messages[0]["text"] == questions.said("unchanged")


def test_without_an_earlier_check_a_clear_faq_question_is_answered():
    selector = {"faq": {"response": {"intent_response_key": "faq/vpt", "confidence": 0.9}}}
    events, messages = change(
        "mijn moeder wil toch thuis blijven, kan dat?", {}, response_selector=selector
    )
    assert skips_the_form(events) and messages[0]["response"] == "utter_faq/vpt"


def test_without_an_earlier_check_the_check_is_offered():
    events, messages = change("ze wil toch thuis blijven", {})
    assert skips_the_form(events)
    assert messages[0]["buttons"] == [buttons.START_WEGWIJZER]


def test_why_gives_the_whole_reasons(domain):
    slots = dict(ADVISED, age=18)
    messages, _ = run_action(ActionWegwijzerWhy(), make_tracker([], slots=slots), domain)
    assert messages[0]["text"].startswith("Waarom dit advies?")
    assert "Wmo" in messages[0]["text"]
