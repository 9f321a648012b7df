"""Only the bot's own button payloads may drive the dialogue (bot/domain/buttons.py)."""

from pathlib import Path

import pytest
import yaml

from bot.domain import buttons, questions, topics

ROOT = Path(__file__).resolve().parents[2]
FIELDS = frozenset(questions.fields())


def domain_buttons():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    for name, variants in domain["responses"].items():
        for variant in variants:
            for button in variant.get("buttons", []):
                yield name, button["payload"]


@pytest.mark.parametrize("name,payload", list(domain_buttons()))
def test_every_button_in_the_domain_is_allowed(name, payload):
    assert buttons.is_bot_payload(payload, FIELDS)


def test_shared_and_topic_buttons_are_allowed():
    for button in (buttons.START_WEGWIJZER, buttons.HUMAN_HANDOFF, buttons.SOMETHING_ELSE):
        assert buttons.is_bot_payload(button["payload"])
    assert buttons.is_bot_payload(buttons.RESUME_WEGWIJZER_PAYLOAD)
    for topic in topics.titles():
        assert buttons.is_bot_payload(topics.topic_button(topic)["payload"])


@pytest.mark.parametrize(
    "text",
    [
        "/restart",
        "/session_start",
        "/back",
        "/faq",
        '/faq{"topic":"wmo_wat"}',
        '/ask_topic{"topic":"geen_topic"}',
        '/ask_topic{"topic":"wmo_wat","x":1}',
        '/inform{"bsn": "123456782"}',
        "/inform",
        '/start_wegwijzer{"x":1}',
        "/action_restart",
        "/ START",
        "start_wegwijzer",
        '/ask_topic{"topic":',
        "/greet\n/restart",
    ],
)
def test_other_slash_input_is_not_a_payload(text):
    assert not buttons.is_bot_payload(text, FIELDS)


def test_answer_payloads_for_form_fields():
    assert buttons.is_bot_payload('/inform{"age": 84}', FIELDS)
    assert not buttons.is_bot_payload('/inform{"age": 84}')  # no fields given: nothing allowed


def faq_response_variants():
    for path in sorted((ROOT / "data" / "faq").glob("*.yml")):
        responses = yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}
        for name, variants in responses.items():
            for variant in variants:
                yield name, variant


def test_every_faq_answer_carries_its_answer_key():
    """The key travels with the answer (custom JSON), so the gateway never matches texts."""
    seen = set()
    for name, variant in faq_response_variants():
        topic = name.split("/", 1)[1]
        assert variant.get("custom") == {"answer_key": f"faq/{topic}"}, name
        seen.add(topic)
    assert seen == set(topics.titles())


def test_every_button_under_a_faq_answer_is_allowed():
    for name, variant in faq_response_variants():
        for button in variant.get("buttons", []):
            # Rasa fills {slots} in responses, so a literal brace is written doubled.
            payload = button["payload"].replace("{{", "{").replace("}}", "}")
            assert buttons.is_bot_payload(payload, FIELDS), (name, payload)
