"""Helpers to run actions against real rasa-sdk trackers built from event lists."""

from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def domain():
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def user_event(
    text, intent, confidence=0.9, entities=None, response_selector=None, intent_ranking=None
):
    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
        "intent_ranking": intent_ranking or [{"name": intent, "confidence": confidence}],
    }
    if response_selector:
        parse["response_selector"] = response_selector
    return {"event": "user", "text": text, "parse_data": parse}


def make_tracker(events, slots=None, active_loop=None):
    latest = next((e["parse_data"] for e in reversed(events) if e["event"] == "user"), {})
    return Tracker(
        sender_id="test-session-000000",
        slots=dict(slots or {}),
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop=active_loop or {},
        latest_action_name="action_listen",
    )


def run_action(action, tracker, domain):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, domain)
    return dispatcher.messages, events
