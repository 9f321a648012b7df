"""SafetyGuard inside Rasa's NLU pipeline: the rules have the last word on safety intents."""

from rasa.shared.nlu.training_data.message import Message

from rasa_ext.safety import SafetyGuard


def parsed(text, intent="faq", confidence=0.9, ranking=None):
    message = Message(
        data={
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
        }
    )
    SafetyGuard().process([message])
    return message


def test_crisis_overrides_any_prediction():
    message = parsed("ik wil niet meer leven", intent="inform", confidence=0.99)
    assert message.get("intent") == {"name": "crisis", "confidence": 1.0}
    assert message.get("safety") == {"kind": "suicide"}
    assert message.get("intent_ranking")[0]["name"] == "crisis"
    assert "safety" in message.as_dict(only_output_properties=True)


def test_medical_and_other_language():
    assert parsed("moet de morfine omhoog?").get("intent")["name"] == "medical_question"
    assert (
        parsed("hello can you help me with care for my mother").get("intent")["name"]
        == "other_language"
    )


def test_ordinary_message_keeps_its_prediction():
    message = parsed("wat is dagbesteding", intent="faq", confidence=0.8)
    assert message.get("intent") == {"name": "faq", "confidence": 0.8}
    assert message.get("safety") is None


def test_a_learned_safety_intent_without_a_rule_match_is_replaced():
    ranking = [{"name": "crisis", "confidence": 0.6}, {"name": "faq", "confidence": 0.3}]
    message = parsed(
        "mijn moeder wil thuis sterven", intent="crisis", confidence=0.6, ranking=ranking
    )
    assert message.get("intent")["name"] == "faq"
    assert [r["name"] for r in message.get("intent_ranking")] == ["faq"]


def test_button_payloads_are_not_checked():
    message = parsed('/inform{"for_whom": "self"}', intent="inform", confidence=1.0)
    assert message.get("intent")["name"] == "inform"


def test_a_confident_trained_crisis_counts_even_after_a_fallback():
    # No rule knows these words; the trained intent does. The fallback classifier had already
    # replaced the top intent, so the guard reads the ranking.
    ranking = [{"name": "crisis", "confidence": 0.8}, {"name": "faq", "confidence": 0.1}]
    message = parsed(
        "iedereen is beter af als ik er straks niet ben, ik heb alles al weggegeven",
        intent="nlu_fallback",
        confidence=0.45,
        ranking=ranking,
    )
    assert message.get("intent") == {"name": "crisis", "confidence": 1.0}
    assert message.get("safety")["kind"] in ("suicide", "unnamed")


def test_a_trained_crisis_below_the_threshold_is_not_a_crisis():
    ranking = [{"name": "crisis", "confidence": 0.55}, {"name": "faq", "confidence": 0.4}]
    message = parsed(
        "alles is zo zwaar geworden", intent="crisis", confidence=0.55, ranking=ranking
    )
    assert message.get("intent")["name"] == "faq"
    assert message.get("safety") is None


def test_the_threshold_comes_from_the_config():
    guard = SafetyGuard(crisis_confidence=0.9)
    ranking = [{"name": "crisis", "confidence": 0.8}, {"name": "faq", "confidence": 0.1}]
    message = Message(
        data={
            "text": "alles is zo zwaar geworden",
            "intent": {"name": "crisis", "confidence": 0.8},
            "intent_ranking": ranking,
        }
    )
    guard.process([message])
    assert message.get("intent")["name"] == "faq"
    assert SafetyGuard.get_default_config()["crisis_confidence"] == 0.6


def test_a_follow_up_about_disagreeing_is_no_crisis():
    # Found in a resident-style run after the wijkverpleging answer: the trained intent took
    # "niet ... eens ben" for a crisis and the resident got 112/113.
    ranking = [{"name": "crisis", "confidence": 0.8}, {"name": "faq", "confidence": 0.1}]
    message = parsed(
        "en als ik het er niet mee eens ben", intent="crisis", confidence=0.8, ranking=ranking
    )
    assert message.get("intent")["name"] != "crisis"
    assert message.get("safety") is None
