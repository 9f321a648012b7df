"""SafetyGuard: the crisis layer inside Rasa's NLU pipeline, after every classifier.

The trained classifiers cannot be trusted to never miss "ik wil dood" (they answered it with
care topics), so a reviewed rule list (bot/domain/safety.py) has the last word:
- a crisis (suicide, emergency, violence) -> intent `crisis`, whatever was predicted;
- a request for medical advice -> `medical_question`; a message in another language ->
  `other_language`;
- when the rules see nothing, a trained prediction of one of these intents is replaced by the
  next intent in the ranking: the rules are what tests/safety measures, so they decide.
The kind travels in the parse data as `safety` ({"kind": ...}) for the actions.
Because it runs in NLU, it works the same in the wegwijzer form and on every channel.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.domain import safety

INTENT_RANKING = "intent_ranking"
SAFETY_KEY = "safety"
INTENT_FOR_KIND = {
    **{kind: "crisis" for kind in safety.CRISIS_KINDS},
    safety.MEDICAL: "medical_question",
    safety.OTHER_LANGUAGE: "other_language",
}
SAFETY_INTENTS = frozenset(INTENT_FOR_KIND.values())


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafetyGuard(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyGuard:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._guard(message)
        return messages

    @staticmethod
    def _guard(message: Message) -> None:
        text = message.get(TEXT) or ""
        if text.startswith("/"):  # a button payload of the bot itself: nothing to check
            return
        kind = safety.assess(text).kind
        ranking = [
            r
            for r in (message.get(INTENT_RANKING) or [])
            if r.get(INTENT_NAME_KEY) not in SAFETY_INTENTS
        ]
        if kind is not None:
            intent = {INTENT_NAME_KEY: INTENT_FOR_KIND[kind], PREDICTED_CONFIDENCE_KEY: 1.0}
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING, [intent] + ranking, add_to_output=True)
            message.set(SAFETY_KEY, {"kind": kind}, add_to_output=True)
            return
        predicted: str | None = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if predicted in SAFETY_INTENTS:
            fallback = (
                ranking[0]
                if ranking
                else {INTENT_NAME_KEY: "nlu_fallback", PREDICTED_CONFIDENCE_KEY: 1.0}
            )
            message.set(INTENT, fallback, add_to_output=True)
            message.set(INTENT_RANKING, ranking, add_to_output=True)
