"""SafetyGuard: the crisis layer inside Rasa's NLU pipeline, after every classifier.

The trained classifiers cannot be trusted to never miss "ik wil dood" (they answered it with
care topics), so a reviewed rule list (bot/domain/safety.py) has the last word:
- a crisis (suicide, emergency, violence) -> intent `crisis`, whatever was predicted;
- a request for medical advice -> `medical_question`; a message in another language ->
  `other_language`;
- the trained intent `crisis` (data/nlu/crisis.yml) counts when its confidence in the ranking
  reaches `crisis_confidence` (config.yml): it catches phrasings no rule was written for;
  known near misses veto it (bot/domain/safety_patterns.yml, `trained_classifier.ordinary`);
- otherwise a trained prediction of one of these intents is replaced by the next intent in
  the ranking.
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
CRISIS_INTENT = "crisis"
DEFAULT_CRISIS_CONFIDENCE = 0.6


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
        return cls(float(config.get("crisis_confidence", DEFAULT_CRISIS_CONFIDENCE)))

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"crisis_confidence": DEFAULT_CRISIS_CONFIDENCE}

    def __init__(self, crisis_confidence: float = DEFAULT_CRISIS_CONFIDENCE) -> None:
        self.crisis_confidence = crisis_confidence

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._guard(message)
        return messages

    def _guard(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        if text.startswith("/"):  # a button payload of the bot itself: nothing to check
            return
        full_ranking = message.get(INTENT_RANKING) or []
        # Read from the ranking, not the top intent: the fallback classifiers may have
        # replaced a confident-enough crisis prediction by nlu_fallback.
        crisis_score = max(
            (
                r.get(PREDICTED_CONFIDENCE_KEY) or 0.0
                for r in full_ranking
                if r.get(INTENT_NAME_KEY) == CRISIS_INTENT
            ),
            default=0.0,
        )
        kind = safety.assess(text, trained_crisis=crisis_score >= self.crisis_confidence).kind
        ranking = [r for r in full_ranking if r.get(INTENT_NAME_KEY) not in SAFETY_INTENTS]
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
