"""Conversation actions: thin adapters between Rasa and the domain code in bot/."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.domain import buttons, follow_up, referrals, topics
from bot.settings import get_settings

MAX_CANDIDATES = 3

WEGWIJZER_BUTTON = buttons.START_WEGWIJZER
CONTACT_BUTTON = buttons.HUMAN_HANDOFF
# Non-FAQ intents that can be offered as a candidate when the bot is unsure.
INTENT_BUTTONS = {"start_wegwijzer": WEGWIJZER_BUTTON, "human_handoff": CONTACT_BUTTON}


def handoff_message() -> dict[str, Any]:
    """Contact details of the municipality, as text plus a machine-readable marker."""
    contact = get_settings().contact
    text = (
        f"U kunt contact opnemen met {contact['name']}. Bel {contact['phone']}, "
        f"{contact['hours']}. Of kijk op {contact['url']}. "
        "Een medewerker helpt u dan verder."
    )
    return {"text": text, "json_message": {"handoff": contact}}


class ActionHumanHandoff(Action):
    def name(self) -> str:
        return "action_human_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        message = handoff_message()
        dispatcher.utter_message(text=message["text"])
        dispatcher.utter_message(json_message=message["json_message"])
        return []


NOT_UNDERSTOOD = (
    "Sorry, dat begreep ik niet. Probeer het in andere woorden. U kunt ook de check doen of "
    "iemand van de gemeente spreken."
)
# Starting points shown when a resident asks what they can ask about.
MENU_TOPICS = [
    "wetten_overzicht",
    "wlz_wanneer",
    "wmo_wat",
    "leveringsvormen",
    "pgb_of_natura",
    "hulpmiddelen",
]


class ActionOutOfScope(Action):
    """A question outside care at home: say where the resident can go instead
    (bot/domain/referrals.yml), never just "I can't help"."""

    def name(self) -> str:
        return "action_out_of_scope"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        # "moet ik dat zelf betalen of de verzekering" after the wijkverpleging answer reads
        # like an insurance question; the answer before it says who pays.
        if answer_follow_up(dispatcher, tracker, use_ranking=False):
            return []
        message = (tracker.latest_message or {}).get("text") or ""
        referral_id, text = referrals.referral_text(message, get_settings().municipality_name)
        dispatcher.utter_message(text=text, buttons=[CONTACT_BUTTON, WEGWIJZER_BUTTON])
        # Rated like any answer: which referral was given shows in the feedback.
        dispatcher.utter_message(json_message={"answer_key": f"referral/{referral_id}"})
        return []


class ActionDefaultFallback(Action):
    """Replaces Rasa's default fallback so the resident never sees an English default."""

    def name(self) -> str:
        return "action_default_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        dispatcher.utter_message(text=NOT_UNDERSTOOD, buttons=[WEGWIJZER_BUTTON, CONTACT_BUTTON])
        # Forget the unclear turn so it does not steer the next prediction.
        return [{"event": "rewind"}]


class ActionAnswerTopic(Action):
    """Answers the topic named in a button payload (/ask_topic{"topic": "<id>"}); without a
    topic it shows where to start."""

    def name(self) -> str:
        return "action_answer_topic"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        topic = next(tracker.get_latest_entity_values("topic"), None)
        if topics.is_topic(topic):
            dispatcher.utter_message(response=f"utter_faq/{topic}")
            return []
        dispatcher.utter_message(
            text=(
                "Ik beantwoord vragen over zorg en ondersteuning thuis: de Wlz, de Wmo, "
                "wijkverpleging, jeugdhulp, pgb, zorg thuis en hulpmiddelen. Stel uw vraag, of "
                "kies een onderwerp. Met de check zoek ik uit waar u terecht kunt."
            ),
            buttons=[topics.topic_button(t) for t in MENU_TOPICS] + [WEGWIJZER_BUTTON],
        )
        return []


def ranked_topics(latest_message: dict[str, Any]) -> list[str]:
    """FAQ topics in the ResponseSelector's order of likelihood."""
    ranking = latest_message.get("response_selector", {}).get("faq", {}).get("ranking", []) or []
    keys = [item.get("intent_response_key", "") for item in ranking]
    return [
        key.split("/", 1)[1]
        for key in keys
        if key.startswith("faq/") and topics.is_topic(key.split("/", 1)[1])
    ]


def hinted_topics(latest_message: dict[str, Any]) -> list[str]:
    """FAQ topics that domain terms in the message (spaCy's entity ruler) point to."""
    return topics.topics_for_terms(e.get("value") for e in latest_message.get("entities", []))


def candidate_topics(latest_message: dict[str, Any]) -> list[str]:
    """Most likely FAQ topics for an unclear message: entity hints first, then the ranking."""
    candidates = hinted_topics(latest_message)
    candidates += [t for t in ranked_topics(latest_message) if t not in candidates]
    return candidates[:MAX_CANDIDATES]


def topic_settled_by_term(latest_message: dict[str, Any]) -> str | None:
    """When the topic is unsure but a domain term in the message (e.g. "scootmobiel")
    points to one of the likely topics, that topic is meant: no need to ask."""
    likely = ranked_topics(latest_message)[:MAX_CANDIDATES]
    matches = [t for t in hinted_topics(latest_message) if t in likely]
    return matches[0] if len(matches) == 1 else None


def candidate_intents(latest_message: dict[str, Any]) -> list[str]:
    ranking = latest_message.get("intent_ranking", []) or []
    return [i["name"] for i in ranking[:3] if i.get("name") in INTENT_BUTTONS]


def previous_user_intent(tracker: Tracker) -> str | None:
    """Intent of the user message before the latest one."""
    seen_latest = False
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        if not seen_latest:
            seen_latest = True
            continue
        return (event.get("parse_data", {}).get("intent") or {}).get("name")
    return None


def previous_answer(tracker: Tracker) -> tuple[str, list[str]] | None:
    """The FAQ topic the bot answered just before the latest message, and the follow-up
    topics that answer offered as buttons."""
    seen_latest = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            if seen_latest:
                return None  # no FAQ answer between the previous message and this one
            seen_latest = True
            continue
        if kind != "bot" or not seen_latest:
            continue
        data = event.get("data") or {}
        key = str((data.get("custom") or {}).get("answer_key") or "")
        if key.startswith("faq/") and topics.is_topic(key[4:]):
            follow_ups = [
                m.group(1)
                for b in data.get("buttons") or []
                if (m := _TOPIC_PAYLOAD.match(str(b.get("payload") or "")))
            ]
            return key[4:], follow_ups
    return None


_TOPIC_PAYLOAD = re.compile(r'^/ask_topic\{"topic":\s*"([a-z_]+)"\}$')


def answer_follow_up(
    dispatcher: CollectingDispatcher, tracker: Tracker, use_ranking: bool = True
) -> bool:
    """ "moet ik dat zelf betalen?" right after an answer: read it in the light of that answer
    (bot/domain/follow_up.py). True when it was answered."""
    latest = tracker.latest_message or {}
    text = latest.get("text") or ""
    previous = previous_answer(tracker) if follow_up.is_follow_up(text) else None
    if previous is None:
        return False
    topic, follow_ups = previous
    ranking = (latest.get("response_selector") or {}).get("faq", {}).get("ranking") or []
    reading = follow_up.read(
        text, topic, topics.faq_answer(topic), follow_ups, ranking, topics.titles(), use_ranking
    )
    if reading is None:
        return False
    if reading.topic is not None:
        dispatcher.utter_message(response=f"utter_faq/{reading.topic}")
        return True
    dispatcher.utter_message(
        text=f"Over {topics.title(topic) or topic}: " + " ".join(reading.sentences),
        buttons=[topics.topic_button(t) for t in follow_ups][:MAX_CANDIDATES] + [CONTACT_BUTTON],
    )
    dispatcher.utter_message(json_message={"answer_key": f"faq/{topic}"})
    return True


class ActionClarify(Action):
    """Two-stage fallback: first offer the likely topics, after a second miss offer the
    wegwijzer and contact with a person."""

    def name(self) -> str:
        return "action_clarify"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        latest = tracker.latest_message or {}
        if answer_follow_up(dispatcher, tracker):
            return []
        if previous_user_intent(tracker) == "nlu_fallback":
            dispatcher.utter_message(
                text=(
                    "Het lukt mij niet goed om uw vraag te begrijpen. Met de korte check zoek ik "
                    "uit waar u terecht kunt. U kunt ook iemand van de gemeente spreken."
                ),
                buttons=[WEGWIJZER_BUTTON, CONTACT_BUTTON],
            )
            return []

        settled = topic_settled_by_term(latest)
        if settled:
            dispatcher.utter_message(response=f"utter_faq/{settled}")
            return []

        offered = [topics.topic_button(t) for t in candidate_topics(latest)]
        offered += [INTENT_BUTTONS[i] for i in candidate_intents(latest)]
        # "Iets anders" counts as a second miss: the next step offers the wegwijzer and a person.
        offered = offered[:MAX_CANDIDATES] + [buttons.SOMETHING_ELSE]
        if len(offered) == 1:
            dispatcher.utter_message(
                text=NOT_UNDERSTOOD, buttons=[WEGWIJZER_BUTTON, CONTACT_BUTTON]
            )
            return []
        dispatcher.utter_message(
            text="Ik weet niet zeker wat u bedoelt. Gaat uw vraag over een van deze onderwerpen?",
            buttons=offered,
        )
        return []
