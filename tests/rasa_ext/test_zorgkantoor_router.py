"""ZorgkantoorRouter: zorgkantoor look-ups go to the lookup flow, everything else is left alone."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from rasa_ext.zorgkantoor import ZorgkantoorRouter


def routed(text, intent="faq", topic=None, confidence=0.8):
    data = {"text": text, "intent": {"name": intent, "confidence": confidence}}
    if topic:
        data["response_selector"] = {"faq": {"response": {"intent_response_key": f"faq/{topic}"}}}
    message = Message(data=data)
    ZorgkantoorRouter().process([message])
    return message.get("intent")


def test_the_zorgkantoor_vinden_topic_becomes_the_lookup():
    assert routed("hoe vind ik mijn zorgkantoor", topic="zorgkantoor_vinden") == {
        "name": "find_zorgkantoor",
        "confidence": 0.8,
    }


@pytest.mark.parametrize(
    "text, intent, topic",
    [
        ("welk zorgkantoor hoort bij 8011?", "faq", "zorgkantoor_wat"),
        ("zorgkantoor voor Zwolle", "nlu_fallback", None),
        ("zorgkantor in den bosch", "nlu_fallback", None),
        ("zorgkantoor zoeken", "faq", "zorgkantoor_wat"),
        ("welk zorgkantoor hoort bij mij", "nlu_fallback", None),
    ],
)
def test_the_zorgkantoor_with_a_place_is_a_lookup(text, intent, topic):
    assert routed(text, intent, topic)["name"] == "find_zorgkantoor"


@pytest.mark.parametrize(
    "text, intent, topic",
    [
        ("wat doet een zorgkantoor", "faq", "zorgkantoor_wat"),  # no place named
        ("ik woon in Zwolle en wil dagbesteding", "faq", "dagbesteding"),  # no zorgkantoor
        ("zorgkantoor Zwolle", "out_of_scope", None),  # a confident other intent
        ('/ask_topic{"topic":"zorgkantoor_vinden"}', "ask_topic", None),  # a button
    ],
)
def test_other_messages_keep_their_intent(text, intent, topic):
    assert routed(text, intent, topic)["name"] == intent
