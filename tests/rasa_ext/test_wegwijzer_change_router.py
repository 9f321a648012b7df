"""WegwijzerChangeRouter: a wegwijzer fact with a change word becomes change_wegwijzer; other
messages, and intents with their own path, keep their intent."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from rasa_ext.wegwijzer_change import CHANGE_INTENT, WegwijzerChangeRouter


def routed(text, intent="faq", confidence=0.7):
    message = Message(data={"text": text, "intent": {"name": intent, "confidence": confidence}})
    WegwijzerChangeRouter().process([message])
    return message.get("intent")["name"]


@pytest.mark.parametrize(
    "text, intent",
    [
        ("maar ze is dus 18, klopt dat advies dan nog?", "faq"),
        ("ze wil toch thuis blijven", "faq"),
        ("o ja, ook vervoer", "inform"),
        ("nee, geen huishouden", "deny"),
        ("wacht, ik ben eigenlijk 76", "inform"),
        ("eigenlijk heeft hij de hele dag toezicht nodig", "nlu_fallback"),
        # A sure FAQ question that asks about the advice itself is still a change.
        ("maar ze is 18, klopt dat advies dan nog?", "faq"),
    ],
)
def test_changes_of_the_check(text, intent):
    assert routed(text, intent) == CHANGE_INTENT


@pytest.mark.parametrize(
    "text, intent, confidence",
    [
        ("wat is een pgb?", "faq", 0.7),  # no fact
        ("mijn vader van 84 heeft de hele dag toezicht nodig", "inform", 0.9),  # no change word
        ("ik wil dood, ook niet meer thuis blijven", "crisis", 0.9),  # crisis keeps its path
        ("ze wil toch thuis blijven", "stop", 0.9),
        ("/start_wegwijzer", "start_wegwijzer", 1.0),
        ("kan mijn moeder ook thuis blijven wonen met een wlz-indicatie?", "faq", 0.95),  # sure FAQ
    ],
)
def test_other_messages_keep_their_intent(text, intent, confidence):
    assert routed(text, intent, confidence) == intent
