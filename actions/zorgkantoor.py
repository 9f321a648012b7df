"""Zorgkantoor lookup actions: thin adapters over bot/domain/zorgkantoor/answer.py.

Flow (data/rules/zorgkantoor.yml): action_find_zorgkantoor answers at once when the question
names a postcode or place; otherwise it sets zorgkantoor_found=false and the one-question
zorgkantoor_form asks for it. Only the PC4 or place name is kept in a slot (never a full
postcode), and it is cleared as soon as the answer is given.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.domain import buttons
from bot.domain.zorgkantoor import answer
from bot.settings import get_settings

PLACE_SLOT = "zorgkantoor_place"
FOUND_SLOT = "zorgkantoor_found"
FAILURES_SLOT = "zorgkantoor_failures"
# The form's answer when the place could not be read twice: answer how to find it otherwise.
GAVE_UP = "-"
MAX_FAILURES = 2
ANSWER_KEY = "zorgkantoor/regio"


class ActionFindZorgkantoor(Action):
    def name(self) -> str:
        return "action_find_zorgkantoor"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        query = tracker.get_slot(PLACE_SLOT) or _place_in_question(tracker)
        if query is None:
            return [SlotSet(FOUND_SLOT, False), SlotSet(FAILURES_SLOT, 0)]
        text = answer.gave_up() if query == GAVE_UP else answer.answer(query)
        dispatcher.utter_message(text=text, buttons=[buttons.START_WEGWIJZER])
        dispatcher.utter_message(json_message={"answer_key": ANSWER_KEY})
        return [SlotSet(PLACE_SLOT, None), SlotSet(FOUND_SLOT, True), SlotSet(FAILURES_SLOT, 0)]


def _place_in_question(tracker: Tracker) -> str | None:
    text = (tracker.latest_message or {}).get("text") or ""
    return None if text.startswith("/") else answer.place_in(text)


class ActionAskZorgkantoorPlace(Action):
    def name(self) -> str:
        return f"action_ask_{PLACE_SLOT}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        if not tracker.get_slot(FAILURES_SLOT):
            dispatcher.utter_message(text=answer.ask(get_settings().municipality_gemeente))
        return []


class ValidateZorgkantoorForm(FormValidationAction):
    def name(self) -> str:
        return "validate_zorgkantoor_form"

    def validate_zorgkantoor_place(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> dict[str, Any]:
        if value is None:
            return {PLACE_SLOT: None}
        reading = answer.read_place(str(value))
        if reading.query is not None:
            return {PLACE_SLOT: reading.query}
        failures = int(tracker.get_slot(FAILURES_SLOT) or 0) + 1
        if failures >= MAX_FAILURES:
            return {PLACE_SLOT: GAVE_UP, FAILURES_SLOT: 0}
        dispatcher.utter_message(text=reading.problem)
        return {PLACE_SLOT: None, FAILURES_SLOT: failures}
