from rasa.nlu.classifiers.fallback_classifier import undo_fallback_prediction
from rasa.shared.nlu.training_data.message import Message

from rasa_ext.nlu import ResponseSelectorFallback


def message(intent, intent_conf, faq_conf):
    return Message(
        data={
            "text": "x",
            "intent": {"name": intent, "confidence": intent_conf},
            "intent_ranking": [{"name": intent, "confidence": intent_conf}],
            "response_selector": {
                "faq": {"response": {"intent_response_key": "faq/vpt", "confidence": faq_conf}}
            },
        }
    )


def classify(msg):
    component = ResponseSelectorFallback({**ResponseSelectorFallback.get_default_config()})
    return component.process([msg])[0]


def test_unsure_topic_becomes_nlu_fallback():
    out = classify(message("faq", 0.99, 0.25))
    assert out.get("intent")["name"] == "nlu_fallback"
    # Evaluation can still recover the underlying prediction.
    assert undo_fallback_prediction(out.as_dict())["intent"]["name"] == "faq"


def test_sure_topic_and_other_intents_are_left_alone():
    assert classify(message("faq", 0.99, 0.8)).get("intent")["name"] == "faq"
    assert classify(message("greet", 0.99, 0.1)).get("intent")["name"] == "greet"
