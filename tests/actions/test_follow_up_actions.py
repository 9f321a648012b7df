"""Follow-ups after an FAQ answer, with real rasa-sdk trackers (actions/conversation.py)."""

from actions.conversation import ActionClarify, ActionOutOfScope
from bot.domain import topics
from tests.actions.conftest import make_tracker, run_action, user_event


def answered(topic, follow_ups):
    """The bot event of an FAQ answer as Rasa records it (answer key and buttons)."""
    return {
        "event": "bot",
        "text": topics.faq_answer(topic),
        "data": {
            "custom": {"answer_key": f"faq/{topic}"},
            "buttons": [topics.topic_button(t) for t in follow_ups],
        },
    }


def conversation(topic, follow_ups, text, intent, **parse):
    return make_tracker(
        [
            user_event(f"wat is {topic}", "faq", 0.95),
            answered(topic, follow_ups),
            user_event(text, intent, 0.7, **parse),
        ]
    )


def test_who_pays_after_the_wijkverpleging_answer(domain):
    # The case: out of scope as an insurance question, a referral before.
    tracker = conversation(
        "wijkverpleging",
        ["pgb_of_natura", "wie_betaalt_wlz_thuis"],
        "moet ik dat zelf betalen of de verzekering",
        "out_of_scope",
    )
    messages, _ = run_action(ActionOutOfScope(), tracker, domain)
    assert messages[0]["text"].startswith("Over ")
    assert "zorgverzekeraar betaalt" in messages[0]["text"]
    assert messages[-1]["custom"] == {"answer_key": "faq/wijkverpleging"}


def test_transport_after_the_dagbesteding_answer(domain):
    tracker = conversation(
        "dagbesteding", ["vervoer_dagbesteding"], "wie brengt hem daar naar toe", "nlu_fallback"
    )
    messages, _ = run_action(ActionClarify(), tracker, domain)
    assert messages == [messages[0]] and messages[0]["response"] == "utter_faq/vervoer_dagbesteding"


def test_a_real_out_of_scope_question_keeps_its_referral(domain):
    tracker = conversation(
        "wijkverpleging",
        ["pgb_of_natura"],
        "en kan ik dat ook bij de tandarts vragen",
        "out_of_scope",
    )
    messages, _ = run_action(ActionOutOfScope(), tracker, domain)
    assert not messages[0]["text"].startswith("Over ")


def test_without_an_answer_before_it_the_bot_asks_as_usual(domain):
    tracker = make_tracker([user_event("hoeveel uur is dat", "nlu_fallback", 0.4)])
    messages, _ = run_action(ActionClarify(), tracker, domain)
    assert "Over " not in (messages[0].get("text") or "")
