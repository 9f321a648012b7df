"""The FAQ content as a municipality edits it: complete, short, unique, linked correctly."""

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from bot.domain import buttons, topics

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
TOPICS = (
    [t["id"] for t in yaml.safe_load((SHARED / "spec" / "topics.yml").read_text())["topics"]]
    if (SHARED / "spec" / "topics.yml").exists()
    else topics.topic_ids()
)
PAYLOAD = re.compile(r'^/ask_topic\{\{"topic":"([a-z_]+)"\}\}$')
MAX_WORDS = 80


def load_data():
    examples, responses = defaultdict(list), {}
    for path in sorted((ROOT / "data").rglob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in doc.get("nlu", []) or []:
            if "intent" in block:
                examples[block["intent"]] += [
                    line.strip()[2:].strip()
                    for line in block["examples"].splitlines()
                    if line.strip()
                ]
        responses.update(doc.get("responses", {}) or {})
    return examples, responses


EXAMPLES, RESPONSES = load_data()


def test_every_topic_has_examples_an_answer_and_a_title():
    for topic in TOPICS:
        assert len(EXAMPLES[f"faq/{topic}"]) >= 15, topic
        assert f"utter_faq/{topic}" in RESPONSES, topic
        assert topics.title(topic), topic
    assert sorted(topics.topic_ids()) == sorted(TOPICS)


@pytest.mark.parametrize(
    "intent",
    [
        "greet",
        "goodbye",
        "thank",
        "affirm",
        "deny",
        "bot_challenge",
        "out_of_scope",
        "human_handoff",
        "start_wegwijzer",
    ],
)
def test_core_intents_have_enough_examples(intent):
    assert len(EXAMPLES[intent]) >= 20


def test_no_example_sits_in_two_intents():
    seen = {}
    for intent, lines in EXAMPLES.items():
        for line in lines:
            key = re.sub(r"[^\w ]", "", line.lower()).strip()
            assert seen.setdefault(key, intent) == intent, f"{line!r}: {seen[key]} and {intent}"


def test_answers_are_short_and_never_ask_for_a_bsn():
    for key, variants in RESPONSES.items():
        if not key.startswith("utter_faq/"):
            continue
        text = variants[0]["text"]
        assert len(text.split()) <= MAX_WORDS, (key, len(text.split()))
        assert "BSN" not in text or "geen" in text.lower(), key


def test_follow_up_buttons_point_to_real_topics():
    # Double braces: Rasa fills {slot} placeholders in responses; {{..}} comes out as {..}.
    for key, variants in RESPONSES.items():
        for button in variants[0].get("buttons", []) or []:
            if button == buttons.FIND_ZORGKANTOOR:  # the lookup flow, not a topic
                continue
            match = PAYLOAD.match(button["payload"])
            assert match and match.group(1) in TOPICS, (key, button)
            assert 0 < len(button["title"]) <= 30, (key, button["title"])


@pytest.mark.parametrize(
    "topic,follow_up", [("vpt", "verschil_vpt_mpt"), ("pgb_wlz", "pgb_voorwaarden")]
)
def test_required_follow_ups(topic, follow_up):
    payloads = [b["payload"] for b in RESPONSES[f"utter_faq/{topic}"][0].get("buttons", [])]
    assert f'/ask_topic{{{{"topic":"{follow_up}"}}}}' in payloads


@pytest.mark.skipif(
    not (SHARED / "tools" / "seed_overlap.py").exists(),
    reason="../shared/tools/seed_overlap.py is not beside the project",
)
def test_no_sentence_is_copied_from_the_sources():
    result = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "seed_overlap.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:]


BARE_YES_NO = re.compile(r"^\W*(ja|nee)\b", re.IGNORECASE)


def test_no_answer_opens_with_a_bare_yes_or_no():
    # A bare "Ja."/"Nee." turns a mismatched question into advice ("wat is dagbesteding" ->
    # "Ja, ..."; "moet de morfine omhoog?" -> "Ja. ..."). Open with a statement instead.
    answers = topics.faq_responses()
    assert answers, "no utter_faq responses found"
    wrong = [
        (topic, text[:40])
        for topic, variants in answers.items()
        for text in variants
        if BARE_YES_NO.match(text)
    ]
    assert not wrong, wrong


def _wegwijzer_texts():
    """Every sentence the check says itself: questions, explanations, its own sentences."""
    data = yaml.safe_load((ROOT / "bot" / "domain" / "questions.yml").read_text(encoding="utf-8"))
    yield from {**data.pop("said"), **data.pop("unclear")}.items()
    for field, spec in data.items():
        for part in ("self", "relative", "person", "explain"):
            if part in spec:
                yield f"{field}.{part}", spec[part]


def test_the_checks_own_sentences_are_short_and_polite():
    for key, text in _wegwijzer_texts():
        assert len(text.split()) <= MAX_WORDS, key
        assert not re.search(r"\b(je|jij|jouw)\b", text, re.IGNORECASE), f"{key}: u-form"


def test_the_reasons_about_a_relative_name_that_person():
    rules = yaml.safe_load(
        (ROOT / "bot" / "domain" / "eligibility" / "rules.yml").read_text(encoding="utf-8")
    )
    variants = [r["why_relative"] for r in rules["route_rules"] if "why_relative" in r]
    variants += [
        r["why_relative"]
        for spec in rules["packages"].values()
        for r in spec["rules"]
        if "why_relative" in r
    ]
    assert len(variants) >= 5
    for text in variants:
        assert not text.startswith("U heeft") and not text.startswith("U wilt"), text
    # Every reason that speaks of "U heeft ..." (the resident's own situation) has one.
    for rule in rules["route_rules"]:
        if rule["why"].startswith("U heeft"):
            assert "{Person}" in rule.get("why_relative", ""), rule["id"]
    data = yaml.safe_load((ROOT / "bot" / "domain" / "questions.yml").read_text(encoding="utf-8"))
    for field, spec in data.items():
        if isinstance(spec, dict) and "person" in spec:
            assert "{person}" in spec["person"], field
