"""WegwijzerChangeRouter: "maar ze is dus 18, klopt dat advies dan nog?" changes the check.

After the advice a resident may correct or add an answer in their own words ("ze wil toch
thuis blijven", "ook vervoer", "nee, geen huishouden"). No classifier learns that from a few
examples, and the same words are a plain FAQ question when there was no check. So this
component marks a message that tells a wegwijzer fact (bot/domain/story.py) together with a
word that marks a change as the intent `change_wegwijzer`; the action decides with the
conversation in view (actions/wegwijzer.py ActionWegwijzerChange: a new advice, more
questions, or, without an earlier check, the FAQ answer the message would have had).
Inside the running check the form reads the same message itself. It runs before SafetyGuard,
so the crisis layer still has the last word.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.domain import story

CHANGE_INTENT = "change_wegwijzer"
# Intents with their own path that a change never overrides.
KEEP = frozenset(
    {
        "crisis",
        "medical_question",
        "other_language",
        "stop",
        "restart_wegwijzer",
        "start_wegwijzer",
        "resume_wegwijzer",
        "human_handoff",
        "find_zorgkantoor",
        "greet",
        "goodbye",
        "bot_challenge",
    }
)
# A question the FAQ classifier is this sure of stays a FAQ question, unless it asks about
# the advice itself ("klopt dat advies nog?").
SURE_FAQ = 0.9


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class WegwijzerChangeRouter(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> WegwijzerChangeRouter:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if is_change_message(message.get(TEXT) or "", message.get(INTENT) or {}):
                intent = {INTENT_NAME_KEY: CHANGE_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
                message.set(INTENT, intent, add_to_output=True)
        return messages


def is_change_message(text: str, intent: dict) -> bool:
    if text.startswith("/") or intent.get(INTENT_NAME_KEY) in KEEP:
        return False
    if not story.is_change(text):
        return False
    sure_faq = (
        intent.get(INTENT_NAME_KEY) == "faq"
        and (intent.get(PREDICTED_CONFIDENCE_KEY) or 0) >= SURE_FAQ
        and text.strip().endswith("?")
    )
    return not sure_faq or story.asks_about_advice(text)
