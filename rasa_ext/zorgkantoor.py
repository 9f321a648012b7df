"""ZorgkantoorRouter: "welk zorgkantoor hoort bij 8011?" goes to the lookup flow, not a fixed text.

The topic zorgkantoor_vinden is learned like every FAQ topic (data/faq). Its answer depends on
where the resident lives, so instead of the fixed text the bot looks the region up
(bot/domain/zorgkantoor). This component renames that prediction to the intent
`find_zorgkantoor`, which the rules in data/rules/zorgkantoor.yml send to the lookup. A message
that names the zorgkantoor together with a postcode or place ("zorgkantoor voor Zwolle") is a
lookup too, even when the classifier was unsure which zorgkantoor topic was meant.
It runs before SafetyGuard, so the crisis layer still has the last word.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import RESPONSE_SELECTOR_PROPERTY_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.domain import topics, zorgkantoor

# Phone typing: "zorgkantor", "zorg kantoor".
_MENTIONS_ZORGKANTOOR = re.compile(r"zorg\s?kanto+r", re.IGNORECASE)
# "Zorgkantoor zoeken", "welk zorgkantoor hoort bij mij": a lookup even without a place (the
# flow then asks for it), also when the classifier picked another zorgkantoor topic.
_ASKS_FOR_LOOKUP = re.compile(
    r"zorg\s?kanto+r\s+(?:zoeken|vinden|opzoeken)\b|\bwelke?\s+zorg\s?kanto+r\b.{0,30}"
    r"\b(?:hoort|heb|hebben|is\s+van|bij\s+mij|bij\s+ons)\b",
    re.IGNORECASE,
)
# Unsure predictions a named place may settle; a confident other topic is left alone.
_SETTLED_BY_A_PLACE = ("nlu_fallback", "faq")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ZorgkantoorRouter(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ZorgkantoorRouter:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if is_lookup(message.get(TEXT) or "", message.get(INTENT) or {}, _selected(message)):
                confidence = (message.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY) or 1.0
                intent = {
                    INTENT_NAME_KEY: topics.FIND_ZORGKANTOOR,
                    PREDICTED_CONFIDENCE_KEY: confidence,
                }
                message.set(INTENT, intent, add_to_output=True)
        return messages


def _selected(message: Message) -> str | None:
    faq = (message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}).get("faq") or {}
    return (faq.get("response") or {}).get("intent_response_key")


def is_lookup(text: str, intent: dict, selected_topic_key: str | None) -> bool:
    if text.startswith("/"):  # a button payload: its intent is already exact
        return False
    name = intent.get(INTENT_NAME_KEY)
    if name == "faq" and selected_topic_key == f"faq/{topics.ZORGKANTOOR_LOOKUP_TOPIC}":
        return True
    if name not in _SETTLED_BY_A_PLACE:
        return False
    if _ASKS_FOR_LOOKUP.search(text):
        return True
    return (
        bool(_MENTIONS_ZORGKANTOOR.search(text))
        and zorgkantoor.extract_query(_MENTIONS_ZORGKANTOOR.sub(" ", text)) is not None
    )
