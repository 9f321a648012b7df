"""Actions of the safety layer: crisis help, medical referral, another language.

Thin: what is recognised is decided in bot/domain/safety.py (run inside Rasa by
rasa_ext/safety.py); the texts and helpline numbers live in bot/domain/safety_texts.yml."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.domain import buttons, safety, topics
from bot.settings import get_settings

WEGWIJZER_FORM = "wegwijzer_form"
# A medical question may also touch a care topic ("wie helpt met de morfine thuis"): that
# topic is offered as a button when the FAQ ranking is at least this sure of it.
TOPIC_OFFER_CONFIDENCE = 0.5


def _text(key: str, **values: Any) -> str:
    settings = get_settings()
    return safety.message(key, settings.contact, settings.safety_texts, **values)


def _kind(tracker: Tracker) -> str | None:
    latest = tracker.latest_message or {}
    kind = (latest.get("safety") or {}).get("kind")
    return kind or safety.assess(latest.get("text") or "").kind


def _in_wegwijzer(tracker: Tracker) -> bool:
    return (tracker.active_loop or {}).get("name") == WEGWIJZER_FORM


class ActionCrisisHelp(Action):
    """113, 112 or Veilig Thuis first; then the municipality, and the way back."""

    def name(self) -> str:
        return "action_crisis_help"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        kind = _kind(tracker)
        # Recognised as a crisis by the pipeline but not by the rules (should not happen):
        # the suicide text names 113 and 112, the safest single answer.
        dispatcher.utter_message(
            text=_text(f"crisis.{kind if kind in safety.CRISIS_KINDS else safety.SUICIDE}")
        )
        offered = [buttons.HUMAN_HANDOFF]
        if _in_wegwijzer(tracker):
            offered.insert(
                0,
                {
                    "title": _text("buttons.resume_wegwijzer"),
                    "payload": buttons.RESUME_WEGWIJZER_PAYLOAD,
                },
            )
        dispatcher.utter_message(text=_text("crisis.after"), buttons=offered)
        dispatcher.utter_message(json_message={"handoff": get_settings().contact})
        return []


class ActionMedicalReferral(Action):
    """No medical advice: the huisarts (or huisartsenpost); the care topic that does apply."""

    def name(self) -> str:
        return "action_medical_referral"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        dispatcher.utter_message(text=_text("medical"))
        topic = _likely_topic(tracker.latest_message or {})
        if topic and not _in_wegwijzer(tracker):
            dispatcher.utter_message(
                text=_text("medical_topic"), buttons=[topics.topic_button(topic)]
            )
        return []


def _likely_topic(latest: dict[str, Any]) -> str | None:
    selected = ((latest.get("response_selector") or {}).get("faq") or {}).get("response") or {}
    key = selected.get("intent_response_key") or ""
    topic = key.split("/", 1)[1] if key.startswith("faq/") else None
    if topic and topics.is_topic(topic) and selected.get("confidence", 0) >= TOPIC_OFFER_CONFIDENCE:
        return topic
    return None


class ActionOtherLanguage(Action):
    """The bot speaks Dutch only: say so in English and Dutch, with the municipality's contact."""

    def name(self) -> str:
        return "action_other_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        dispatcher.utter_message(text=_text("other_language"), buttons=[buttons.HUMAN_HANDOFF])
        dispatcher.utter_message(json_message={"handoff": get_settings().contact})
        return []
