"""The wegwijzer (guided check) as a Rasa form. Thin: the engine in bot/domain/eligibility decides
which questions are still needed, bot/domain/answers reads free-text answers, bot/domain/advice words the
advice and bot/domain/questions.yml holds the questions."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import handoff_message
from bot.domain import fields as registry
from bot.domain import questions
from bot.domain.advice import render_advice
from bot.domain.answers import Unclear, is_question, parse_corrections, read_answer
from bot.domain.eligibility import evaluate, is_valid, needed_after

FIELDS = registry.NAMES  # slot names of wegwijzer_form, in question order
UNKNOWN = "unknown"  # slot value for "weet ik niet": answered, but not known
FAILURES_SLOT = "wegwijzer_failures"
MAX_FAILURES = 3  # invalid answers in a row before a person is offered
FAQ_CONFIDENCE = 0.6  # a digression must be a clear FAQ question
ADVICE_KEY = "wegwijzer/advice"


def _is_answer(field: str, value: Any) -> bool:
    """Whether a slot holds a parsed answer (not raw text that still needs validating)."""
    if value is None:
        return False
    return value == UNKNOWN or is_valid(field, value)


def answers_from_slots(slots: dict[str, Any]) -> tuple[dict[str, Any], set]:
    answers, unknown = {}, set()
    for field in FIELDS:
        value = slots.get(field)
        if value == UNKNOWN:
            unknown.add(field)
        elif _is_answer(field, value):
            answers[field] = value
    return answers, unknown


def _digression(tracker: Tracker) -> str | None:
    """The response for a clear question asked in between, e.g. a FAQ."""
    message = tracker.latest_message or {}
    intent = message.get("intent") or {}
    if intent.get("name") == "faq" and intent.get("confidence", 0) >= FAQ_CONFIDENCE:
        selected = (message.get("response_selector") or {}).get("faq", {}).get("response", {})
        key = selected.get("intent_response_key")
        if key and selected.get("confidence", 0) >= FAQ_CONFIDENCE:
            return f"utter_{key}"
    if intent.get("name") == "bot_challenge" and intent.get("confidence", 0) >= FAQ_CONFIDENCE:
        return "utter_iamabot"
    return None


def _describe(field: str, value: Any) -> str:
    if field == "age":
        return f"leeftijd {value} jaar"
    if field == "living_preference":
        return "thuis blijven wonen" if value == "home" else "wonen in een zorginstelling"
    if field == "for_whom":
        return "zorg voor uzelf" if value == "self" else "zorg voor iemand anders"
    return questions.question(field)["text"].rstrip("?") + (": ja" if value else ": nee")


class ValidateWegwijzerForm(FormValidationAction):
    def name(self) -> str:
        return "validate_wegwijzer_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict,
    ) -> list[str]:
        # The engine is the single source of truth: ask exactly what is still missing.
        answers, unknown = answers_from_slots(tracker.slots)
        needed = needed_after(answers, unknown)
        # A slot holding raw text (just answered, not validated yet) must stay in the list so
        # that its validate_ method runs.
        return [
            f
            for f in FIELDS
            if f in needed
            or tracker.slots.get(f) is not None
            and not _is_answer(f, tracker.slots.get(f))
        ]

    def _validate(
        self, field: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        text = (tracker.latest_message or {}).get("text") or ""
        # A clear question in between is answered first, even when it happens to contain a
        # word that could be an answer ("wat is een modulair pakket thuis?").
        response = _digression(tracker) if is_question(text) else None
        if response:
            return self._answer_digression(response, field, dispatcher)

        parsed = read_answer(field, text)
        if isinstance(parsed, Unclear):
            # Read, but not usable ("130", a birth date in the future, "soms"): say why.
            return self._ask_again(field, tracker, dispatcher, parsed.reason)
        if parsed is not None:
            return {field: UNKNOWN if parsed.unknown else parsed.value, FAILURES_SLOT: 0}

        corrections = {
            f: v for f, v in parse_corrections(text).items() if f != field and _is_answer(f, v)
        }
        if corrections:
            changed = ", ".join(_describe(f, v) for f, v in corrections.items())
            dispatcher.utter_message(text=f"Ik heb uw antwoord aangepast: {changed}.")
            return {field: None, **corrections}

        response = _digression(tracker)
        if response:
            return self._answer_digression(response, field, dispatcher)

        return self._ask_again(field, tracker, dispatcher)

    @staticmethod
    def _ask_again(
        field: str, tracker: Tracker, dispatcher: CollectingDispatcher, reason: str | None = None
    ) -> dict[str, Any]:
        """Not understood (or not usable): an example, then the question with its buttons
        again; after MAX_FAILURES in a row a person is offered."""
        failures = int(tracker.get_slot(FAILURES_SLOT) or 0) + 1
        dispatcher.utter_message(text=questions.not_understood(field, reason))
        if failures >= MAX_FAILURES:
            message = handoff_message()
            dispatcher.utter_message(
                text="Lukt het niet met deze vragen? Een medewerker helpt u graag. "
                + message["text"]
            )
            dispatcher.utter_message(json_message=message["json_message"])
            failures = 0
        return {field: None, FAILURES_SLOT: failures}

    @staticmethod
    def _answer_digression(
        response: str, field: str, dispatcher: CollectingDispatcher
    ) -> dict[str, Any]:
        dispatcher.utter_message(response=response)
        dispatcher.utter_message(text="Dan ga ik verder met de check.")
        return {field: None}


def _make_validator(field: str):
    def validate(self, value, dispatcher, tracker, domain):
        # A slot cleared by a reset or a correction is not an answer to read.
        if value is None:
            return {field: None}
        return self._validate(field, dispatcher, tracker)

    validate.__name__ = f"validate_{field}"
    return validate


for _field in FIELDS:
    setattr(ValidateWegwijzerForm, f"validate_{_field}", _make_validator(_field))


class _AskQuestion:
    """Asks one form question, worded for the resident or for a relative. A mixin (not an
    Action) so the action server only registers the concrete per-field classes below."""

    field: str = ""

    def name(self) -> str:
        return f"action_ask_{self.field}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        dispatcher.utter_message(**questions.question(self.field, tracker.get_slot("for_whom")))
        return []


for _field in FIELDS:
    _name = "ActionAsk" + "".join(part.title() for part in _field.split("_"))
    globals()[_name] = type(_name, (_AskQuestion, Action), {"field": _field})


class ActionWegwijzerAdvice(Action):
    def name(self) -> str:
        return "action_wegwijzer_advice"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        answers, _ = answers_from_slots(tracker.slots)
        for message in render_advice(evaluate(answers), tracker.get_slot("for_whom")):
            dispatcher.utter_message(text=message["text"], buttons=message.get("buttons", []))
        # Lets the website offer a rating for the advice as a whole (see api/rasa_client.py).
        dispatcher.utter_message(json_message={"answer_key": ADVICE_KEY})
        return []


class ActionResetWegwijzer(Action):
    def name(self) -> str:
        return "action_reset_wegwijzer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        return [SlotSet(field, None) for field in FIELDS] + [SlotSet(FAILURES_SLOT, 0)]
