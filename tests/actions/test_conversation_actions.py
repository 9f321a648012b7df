from actions.conversation import (
    ActionAnswerTopic,
    ActionClarify,
    ActionDefaultFallback,
    ActionHumanHandoff,
    ActionOutOfScope,
    candidate_topics,
)
from bot.domain.topics import ask_topic_payload, title
from bot.settings import get_settings
from tests.actions.conftest import make_tracker, run_action, user_event


def test_handoff_gives_contact_from_settings_and_a_marker(domain, monkeypatch):
    monkeypatch.setenv("ZWW_MUNICIPALITY_PHONE", "14 0999")
    get_settings.cache_clear()
    try:
        tracker = make_tracker([user_event("ik wil een medewerker spreken", "human_handoff")])
        messages, _ = run_action(ActionHumanHandoff(), tracker, domain)
    finally:
        get_settings.cache_clear()
    assert "14 0999" in messages[0]["text"]
    assert messages[1]["custom"]["handoff"]["phone"] == "14 0999"


def test_answer_topic_utters_the_faq_response(domain):
    entity = {"entity": "topic", "value": "verschil_vpt_mpt"}
    tracker = make_tracker(
        [user_event(ask_topic_payload("verschil_vpt_mpt"), "ask_topic", entities=[entity])]
    )
    messages, _ = run_action(ActionAnswerTopic(), tracker, domain)
    assert messages[0]["response"] == "utter_faq/verschil_vpt_mpt"


def test_answer_topic_without_topic_shows_menu(domain):
    messages, _ = run_action(
        ActionAnswerTopic(), make_tracker([user_event("menu", "ask_topic")]), domain
    )
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert ask_topic_payload("wmo_wat") in payloads and "/start_wegwijzer" in payloads


def test_answer_topic_ignores_unknown_topic(domain):
    entity = {"entity": "topic", "value": "bestaat_niet"}
    tracker = make_tracker([user_event("/ask_topic", "ask_topic", entities=[entity])])
    messages, _ = run_action(ActionAnswerTopic(), tracker, domain)
    assert "response" not in messages[0] or messages[0]["response"] is None
    assert all("bestaat_niet" not in b["payload"] for b in messages[0]["buttons"])


def ranking(*keys):
    return {"faq": {"ranking": [{"intent_response_key": k, "confidence": 0.3} for k in keys]}}


def test_clarify_offers_likely_topics_with_readable_titles(domain):
    tracker = make_tracker(
        [
            user_event(
                "pgb geld",
                "nlu_fallback",
                0.4,
                response_selector=ranking("faq/pgb_hoogte", "faq/pgb_svb"),
            )
        ]
    )
    messages, _ = run_action(ActionClarify(), tracker, domain)
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles[:2] == [title("pgb_hoogte"), title("pgb_svb")]
    assert titles[-1] == "Iets anders"


def test_clarify_puts_entity_hint_first():
    message = {
        "entities": [{"entity": "aid", "value": "scootmobiel"}],
        "response_selector": ranking("faq/hulpmiddelen", "faq/woningaanpassing"),
    }
    assert candidate_topics(message) == ["rolstoel", "hulpmiddelen", "woningaanpassing"]


def test_second_miss_offers_wegwijzer_and_person(domain):
    events = [
        user_event("blabla", "nlu_fallback", 0.2),
        {"event": "action", "name": "action_clarify"},
        user_event("nog steeds onduidelijk", "nlu_fallback", 0.2),
    ]
    messages, _ = run_action(ActionClarify(), make_tracker(events), domain)
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["/start_wegwijzer", "/human_handoff"]


def test_default_fallback_is_dutch_and_rewinds(domain):
    messages, events = run_action(
        ActionDefaultFallback(), make_tracker([user_event("x", "greet")]), domain
    )
    assert messages[0]["text"].startswith("Sorry, dat begreep ik niet")
    assert events == [{"event": "rewind"}]


def test_domain_term_settles_an_unsure_topic(domain):
    tracker = make_tracker(
        [
            user_event(
                "wie betaalt een scootmobiel",
                "nlu_fallback",
                0.4,
                entities=[{"entity": "aid", "value": "scootmobiel"}],
                response_selector=ranking(
                    "faq/hulpmiddelen", "faq/rolstoel", "faq/woningaanpassing"
                ),
            )
        ]
    )
    messages, _ = run_action(ActionClarify(), tracker, domain)
    assert messages[0]["response"] == "utter_faq/rolstoel"


def test_domain_term_outside_the_likely_topics_does_not_decide(domain):
    tracker = make_tracker(
        [
            user_event(
                "pgb en scootmobiel",
                "nlu_fallback",
                0.4,
                entities=[{"entity": "aid", "value": "scootmobiel"}],
                response_selector=ranking("faq/pgb_hoogte", "faq/pgb_svb"),
            )
        ]
    )
    messages, _ = run_action(ActionClarify(), tracker, domain)
    assert messages[0].get("buttons")


def test_out_of_scope_refers_to_the_right_desk_with_a_ratable_key(domain):
    tracker = make_tracker([user_event("wanneer krijg ik zorgtoeslag", "out_of_scope")])
    messages, events = run_action(ActionOutOfScope(), tracker, domain)
    assert "Toeslagen" in messages[0]["text"]
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["/human_handoff", "/start_wegwijzer"]
    assert messages[1]["custom"] == {"answer_key": "referral/toeslagen"}
    assert events == []


def test_out_of_scope_without_a_known_subject_names_the_municipality(domain):
    tracker = make_tracker([user_event("wat is je lievelingskleur", "out_of_scope")])
    messages, _ = run_action(ActionOutOfScope(), tracker, domain)
    assert get_settings().municipality_name in messages[0]["text"]
    assert messages[1]["custom"] == {"answer_key": "referral/general"}
