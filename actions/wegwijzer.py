"""The wegwijzer (guided check) as a Rasa form. Thin: the engine in bot/domain/eligibility
decides which questions are still needed, bot/domain/answers reads answers, bot/domain/story
reads what a resident tells in passing, bot/domain/advice words the advice and
bot/domain/questions.yml holds the questions and the form's own sentences."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import handoff_message
from bot.domain import buttons, questions, referrals
from bot.domain import fields as registry
from bot.domain.advice import render_advice, render_reasons
from bot.domain.answers import Parsed, Unclear, is_question, parse_corrections, read_answer
from bot.domain.eligibility import evaluate, is_valid, needed_after
from bot.domain.story import Story, is_change, is_confused, merge_needs, person_of, read_story
from bot.settings import get_settings

FIELDS = registry.NAMES  # slot names of wegwijzer_form, in question order
UNKNOWN = "unknown"  # slot value for "weet ik niet": answered, but not known
FAILURES_SLOT = "wegwijzer_failures"
PERSON_SLOT = "wegwijzer_person"  # how the relative is named ("vader"), for the wording
MENTIONED_SLOT = "wegwijzer_mentioned"  # questions the resident's words pointed to
FORM = "wegwijzer_form"
ACTION_LISTEN = "action_listen"
MAX_FAILURES = 3  # invalid answers in a row before a person is offered
FAQ_CONFIDENCE = 0.6  # a digression must be a clear FAQ question
ADVICE_KEY = "wegwijzer/advice"
ADVICE_ACTION = "action_wegwijzer_advice"
RESET_ACTION = "action_reset_wegwijzer"
STORY_MESSAGES = 5  # earlier messages read for what the resident already told


def _is_answer(field: str, value: Any) -> bool:
    """Whether a slot holds a parsed answer (not raw text that still needs validating)."""
    if value is None:
        return False
    return value == UNKNOWN or is_valid(field, value)


def answers_from_slots(slots: Mapping[str, Any]) -> tuple[dict[str, Any], set]:
    answers, unknown = {}, set()
    for field in FIELDS:
        value = slots.get(field)
        if value == UNKNOWN:
            unknown.add(field)
        elif _is_answer(field, value):
            answers[field] = value
    return answers, unknown


def _person(slots: Mapping[str, Any]) -> str | None:
    """ "uw vader" (or "uw naaste") when the check is for someone else, else None."""
    if slots.get("for_whom") != "relative":
        return None
    return questions.person_phrase(slots.get(PERSON_SLOT))


def _mentioned(slots: Mapping[str, Any], story: Story | None = None) -> list[str]:
    found = list(slots.get(MENTIONED_SLOT) or [])
    for field in story.mentioned if story else ():
        if field not in found:
            found.append(field)
    return found


def _still_needed(slots: Mapping[str, Any]) -> list[str]:
    answers, unknown = answers_from_slots(slots)
    return needed_after(answers, unknown, _mentioned(slots))


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


def _out_of_scope(tracker: Tracker) -> str | None:
    """The referral for a clear question outside care at home ("zorgtoeslag"), if it is one."""
    message = tracker.latest_message or {}
    intent = message.get("intent") or {}
    if intent.get("name") == "out_of_scope" and intent.get("confidence", 0) >= FAQ_CONFIDENCE:
        return referrals.referral_text(message.get("text") or "", get_settings().municipality_name)[
            1
        ]
    return None


def _story_changes(
    story: Story, slots: Mapping[str, Any], *, may_change: bool, skip: Iterable[str] = ()
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a message adds to the answers (fields not answered yet) and what it changes
    (answered fields, only when `may_change`: the message marks a change). Needs are merged:
    "ook vervoer" adds, "geen huishouden" takes out."""
    added: dict[str, Any] = {}
    changed: dict[str, Any] = {}
    skip = set(skip)
    for field, value in story.facts.items():
        if field in skip or field == "needs":
            continue
        current = slots.get(field)
        if not _is_answer(field, current):
            added[field] = value
        elif may_change and current != value:
            changed[field] = value
    if "needs" not in skip:
        current_needs = slots.get("needs")
        if _is_answer("needs", current_needs) and current_needs != UNKNOWN:
            merged = merge_needs(current_needs, story, replace=False)
            if (
                merged is not None
                and merged != current_needs
                and (may_change or story.add_needs or story.remove_needs)
            ):
                changed["needs"] = merged
        elif "needs" in story.facts:
            added["needs"] = merge_needs([], story, replace=True)
    return added, changed


def _person_events(text: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The person slot when this message names the relative ("voor mijn pa")."""
    person = person_of(text)
    if values.get("for_whom") == "relative" and person:
        return {PERSON_SLOT: person}
    if values.get("for_whom") == "self":
        return {PERSON_SLOT: None}
    return {}


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
        needed = _still_needed(tracker.slots)
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
        slots = {**tracker.slots, field: None}
        # "dat snap ik niet", "kan het simpeler?" is no "nee" and no FAQ question: the
        # question is explained, not counted as a miss.
        if is_confused(text):
            dispatcher.utter_message(text=questions.explain(field))
            return {field: None}
        # A clear question in between is answered first, even when it happens to contain a
        # word that could be an answer ("wat is een modulair pakket thuis?").
        response = _digression(tracker) if is_question(text) else None
        if response:
            return self._answer_digression(response, field, dispatcher)

        parsed = read_answer(field, text)
        story = read_story(text)
        if parsed is None and field in story.facts:
            # Told, not answered in the usual words ("het gaat om mijn stiefvader van 80").
            parsed = Parsed(story.facts[field])
        corrections = parse_corrections(text)
        marked = is_change(text) or bool(corrections)
        added, changed = _story_changes(story, slots, may_change=marked, skip={field})
        # Clear corrections ("nee, ze is 87") also count when the story reader is stricter.
        for f, v in corrections.items():
            if f != field and _is_answer(f, v) and slots.get(f) not in (None, v):
                changed.setdefault(f, v)
        extra = {**added, **changed}
        events: dict[str, Any] = {**extra}
        if story.mentioned:
            events[MENTIONED_SLOT] = _mentioned(tracker.slots, story)

        if isinstance(parsed, Unclear) and not extra:
            # Read, but not usable ("130", a birth date in the future, "soms"): say why.
            return self._ask_again(field, tracker, dispatcher, parsed.reason)
        answered: dict[str, Any] = {}
        if parsed is not None and not isinstance(parsed, Unclear):
            answered = {field: UNKNOWN if parsed.unknown else parsed.value, FAILURES_SLOT: 0}

        if extra:
            self._say_extra(dispatcher, added, changed, {**slots, **answered, **extra})
            events.update(_person_events(text, {**slots, **answered, **extra}))
            return {field: None, **events, **answered}
        if answered:
            return {**answered, **events, **_person_events(text, answered)}

        response = _digression(tracker)
        if response:
            return self._answer_digression(response, field, dispatcher)
        referral = _out_of_scope(tracker)
        if referral:
            dispatcher.utter_message(text=referral)
            dispatcher.utter_message(text=questions.said("go_on"))
            return {field: None}
        return self._ask_again(field, tracker, dispatcher)

    @staticmethod
    def _say_extra(
        dispatcher: CollectingDispatcher,
        added: Mapping[str, Any],
        changed: Mapping[str, Any],
        values: Mapping[str, Any],
    ) -> None:
        person = values.get(PERSON_SLOT) if values.get("for_whom") == "relative" else None
        if changed:
            facts = questions.noted_list(changed, person)
            dispatcher.utter_message(text=questions.said("changed", facts=facts))
        if added:
            facts = questions.noted_list(added, person)
            dispatcher.utter_message(text=questions.said("noted_more", facts=facts))

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
        dispatcher.utter_message(text=questions.said("go_on"))
        return {field: None}


def _make_validator(field: str):
    def validate(self, value, dispatcher, tracker, domain):
        # A slot cleared by a reset or a correction is not an answer to read; a value that is
        # already an answer (filled in from the resident's story before the form started)
        # stays as it is. Only raw text is read.
        if value is None or _is_answer(field, value):
            return {field: value}
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
        dispatcher.utter_message(
            **questions.question(
                self.field, tracker.get_slot("for_whom"), tracker.get_slot(PERSON_SLOT)
            )
        )
        return []


for _field in FIELDS:
    _name = "ActionAsk" + "".join(part.title() for part in _field.split("_"))
    globals()[_name] = type(_name, (_AskQuestion, Action), {"field": _field})


def _say_advice(dispatcher: CollectingDispatcher, slots: Mapping[str, Any]) -> None:
    answers, unknown = answers_from_slots(slots)
    person = _person(slots)
    advice = render_advice(evaluate(answers, person), person, get_settings().contact, unknown)
    for message in advice:
        dispatcher.utter_message(text=message["text"], buttons=message.get("buttons", []))
    # Lets the website offer a rating for the advice as a whole (see api/rasa_client.py).
    dispatcher.utter_message(json_message={"answer_key": ADVICE_KEY})


class ActionWegwijzerAdvice(Action):
    def name(self) -> str:
        return ADVICE_ACTION

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        _say_advice(dispatcher, tracker.slots)
        return []


class ActionWegwijzerWhy(Action):
    """ "Waarom dit advies?": the whole reasons behind the last advice."""

    def name(self) -> str:
        return "action_wegwijzer_why"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        answers, unknown = answers_from_slots(tracker.slots)
        if not answers:
            dispatcher.utter_message(
                text=questions.said("no_check_yet"), buttons=[buttons.START_WEGWIJZER]
            )
            return []
        person = _person(tracker.slots)
        for message in render_reasons(evaluate(answers, person), unknown):
            dispatcher.utter_message(text=message["text"])
        return []


def _user_texts_since_check(tracker: Tracker, include_latest: bool) -> list[str]:
    """The resident's messages since the session started or the last check began or ended,
    oldest first: what they already told."""
    texts: list[str] = []
    events = list(tracker.events)
    skipped_latest = include_latest
    for event in reversed(events):
        kind = event.get("event")
        if kind == "session_started" or (
            kind == "action" and event.get("name") in (ADVICE_ACTION, RESET_ACTION)
        ):
            break
        if kind == "user":
            if not skipped_latest:
                skipped_latest = True
                continue
            text = event.get("text") or ""
            if text and not text.startswith("/"):
                texts.append(text)
            if len(texts) == STORY_MESSAGES:
                break
    return list(reversed(texts))


def prefill(texts: Iterable[str], today: date | None = None) -> tuple[dict[str, Any], Story]:
    """Slot values from what the resident told (later messages win), and the last story."""
    values: dict[str, Any] = {}
    mentioned: list[str] = []
    person = None
    story = Story()
    for text in texts:
        story = read_story(text, today)
        for field, value in story.facts.items():
            values[field] = value
        person = story.person or person
        mentioned += [m for m in story.mentioned if m not in mentioned]
    if values.get("for_whom") == "relative" and person:
        values[PERSON_SLOT] = person
    if mentioned:
        values[MENTIONED_SLOT] = mentioned
    return values, story


class ActionResetWegwijzer(Action):
    """Starts the check afresh, with what the resident already told (the message that
    started it and the ones before, since the last check): those questions are not asked."""

    def name(self) -> str:
        return RESET_ACTION

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        restart = ((tracker.latest_message or {}).get("intent") or {}).get("name") == (
            "restart_wegwijzer"
        )
        latest = (tracker.latest_message or {}).get("text") or ""
        texts = [latest] if restart else _user_texts_since_check(tracker, include_latest=True)
        values, _ = prefill([t for t in texts if t and not t.startswith("/")])
        events = [SlotSet(field, None) for field in FIELDS] + [
            SlotSet(FAILURES_SLOT, 0),
            SlotSet(PERSON_SLOT, None),
            SlotSet(MENTIONED_SLOT, None),
        ]
        known = {f: v for f, v in values.items() if f in FIELDS}
        events += [SlotSet(k, v) for k, v in values.items()]
        if not known:
            return events
        person = values.get(PERSON_SLOT) if known.get("for_whom") == "relative" else None
        dispatcher.utter_message(
            text=questions.said("noted", facts=questions.noted_list(known, person))
        )
        dispatcher.utter_message(text=questions.said("invite"))
        if not _still_needed(values):
            # The story told everything: the advice now, and the form is skipped (the rule
            # would start it next; a form that is complete at once gives no advice).
            _say_advice(dispatcher, values)
            return events + [FollowupAction(ACTION_LISTEN)]
        return events


class ActionWegwijzerChange(Action):
    """A change after the advice ("maar ze is dus 18, klopt dat advies dan nog?", "ze wil
    toch thuis blijven", "ook vervoer"): the answers are updated and a new advice is given,
    or the check goes on when the change opens new questions. Without an earlier check the
    message is what it would otherwise be: a clear FAQ question is answered, else the check
    starts with what it told."""

    def name(self) -> str:
        return "action_wegwijzer_change"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        text = (tracker.latest_message or {}).get("text") or ""
        answers, _ = answers_from_slots(tracker.slots)
        # The rule goes on into the form; every path that does not need it skips it.
        skip_form = [FollowupAction(ACTION_LISTEN)]
        if not answers:
            response = _faq_response(tracker)
            if response:
                dispatcher.utter_message(response=response)
                return skip_form
            dispatcher.utter_message(
                text=questions.said("no_check_yet"), buttons=[buttons.START_WEGWIJZER]
            )
            return skip_form

        story = read_story(text)
        added, changed = _story_changes(story, tracker.slots, may_change=True)
        new = {**added, **changed}
        mentioned = _mentioned(tracker.slots, story)
        if not new:
            dispatcher.utter_message(text=questions.said("unchanged"))
            return skip_form
        slots = {**tracker.slots, **new, MENTIONED_SLOT: mentioned}
        slots.update(_person_events(text, slots))
        person = slots.get(PERSON_SLOT) if slots.get("for_whom") == "relative" else None
        dispatcher.utter_message(
            text=questions.said("changed", facts=questions.noted_list(new, person))
        )
        events = [SlotSet(k, v) for k, v in new.items()]
        events += [SlotSet(MENTIONED_SLOT, mentioned or None)]
        events += [SlotSet(PERSON_SLOT, slots.get(PERSON_SLOT))]
        if _still_needed(slots):
            # The change opens questions (e.g. now 18, or now whole-day care): ask them; the
            # form gives the advice when it is complete.
            dispatcher.utter_message(text=questions.said("more_questions"))
            return events + [SlotSet(FAILURES_SLOT, 0)]
        dispatcher.utter_message(text=questions.said("new_advice"))
        _say_advice(dispatcher, slots)
        return events + skip_form


def _faq_response(tracker: Tracker) -> str | None:
    """The FAQ answer the response selector found for this message, when it is sure."""
    message = tracker.latest_message or {}
    selected = (message.get("response_selector") or {}).get("faq", {}).get("response", {})
    key = selected.get("intent_response_key")
    if key and selected.get("confidence", 0) >= FAQ_CONFIDENCE:
        return f"utter_{key}"
    return None
