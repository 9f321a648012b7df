"""Safety actions with real rasa-sdk trackers."""

from actions.safety import ActionCrisisHelp, ActionMedicalReferral, ActionOtherLanguage
from tests.actions.conftest import make_tracker, run_action, user_event


def test_crisis_help_names_the_helpline_and_the_municipality(domain):
    tracker = make_tracker([user_event("ik wil dood", "crisis", 1.0)])
    messages, events = run_action(ActionCrisisHelp(), tracker, domain)
    assert "0800-0113" in messages[0]["text"] and "113.nl" in messages[0]["text"]
    assert "14 0123" in messages[1]["text"]
    assert [b["payload"] for b in messages[1]["buttons"]] == ["/human_handoff"]
    assert events == []


def test_crisis_kinds_get_their_own_line(domain):
    for text, number in [
        ("mijn vader ligt bewusteloos op de grond", "112"),
        ("mijn man slaat mij", "0800-2000"),
    ]:
        messages, _ = run_action(
            ActionCrisisHelp(), make_tracker([user_event(text, "crisis", 1.0)]), domain
        )
        assert number in messages[0]["text"]


def test_crisis_during_the_check_offers_the_way_back(domain):
    tracker = make_tracker(
        [user_event("voor mezelf, ik wil niet meer leven", "crisis", 1.0)],
        active_loop={"name": "wegwijzer_form"},
    )
    messages, _ = run_action(ActionCrisisHelp(), tracker, domain)
    assert messages[1]["buttons"][0]["payload"] == "/resume_wegwijzer"


def test_medical_referral_offers_the_care_topic_when_sure(domain):
    selector = {
        "faq": {"response": {"intent_response_key": "faq/wijkverpleging", "confidence": 0.8}}
    }
    tracker = make_tracker(
        [
            user_event(
                "wie geeft de morfine thuis, moet die omhoog?",
                "medical_question",
                1.0,
                response_selector=selector,
            )
        ]
    )
    messages, _ = run_action(ActionMedicalReferral(), tracker, domain)
    assert "huisarts" in messages[0]["text"] and not messages[0]["text"].startswith("Ja")
    assert messages[1]["buttons"][0]["payload"] == '/ask_topic{"topic":"wijkverpleging"}'


def test_medical_referral_without_a_sure_topic_is_one_message(domain):
    tracker = make_tracker([user_event("is dementie erfelijk", "medical_question", 1.0)])
    messages, _ = run_action(ActionMedicalReferral(), tracker, domain)
    assert len(messages) == 1


def test_other_language_answer_is_english_and_dutch(domain):
    tracker = make_tracker([user_event("hello can you help me", "other_language", 1.0)])
    messages, _ = run_action(ActionOtherLanguage(), tracker, domain)
    assert (
        "only answer in Dutch" in messages[0]["text"] and "alleen Nederlands" in messages[0]["text"]
    )
