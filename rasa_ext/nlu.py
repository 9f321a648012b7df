"""ResponseSelectorFallback: an unsure FAQ answer is treated like an unsure intent.

Rasa's FallbackClassifier only looks at intent confidence, and the `faq` intent itself is
nearly always certain; the doubt is in which of the 60 topics is meant (the ResponseSelector).
Below the threshold we predict `nlu_fallback`, exactly as FallbackClassifier does, so the
bot's clarify action offers the likely topics instead of answering the wrong one, and
`rasa test nlu` still scores the underlying prediction (it undoes fallback predictions).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import THRESHOLD_KEY, FallbackClassifier
from rasa.nlu.constants import RESPONSE_SELECTOR_PROPERTY_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

RETRIEVAL_INTENT_KEY = "retrieval_intent"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ResponseSelectorFallback(FallbackClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {THRESHOLD_KEY: 0.4, RETRIEVAL_INTENT_KEY: "faq"}

    def _should_fallback(self, message: Message) -> bool:
        retrieval_intent = self.component_config[RETRIEVAL_INTENT_KEY]
        if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != retrieval_intent:
            return False
        selected = (message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}).get(retrieval_intent) or {}
        confidence = (selected.get("response") or {}).get(PREDICTED_CONFIDENCE_KEY)
        return confidence is not None and confidence < self.component_config[THRESHOLD_KEY]
