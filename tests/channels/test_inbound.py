"""The inbound rules every channel applies (rasa_ext/channels/inbound.py)."""

import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from rasa_ext.channels.inbound import clean_text, guarded


@pytest.mark.parametrize(
    "text,expected",
    [
        ("/restart", "restart"),
        ("/session_start", "session_start"),
        ('/faq{"topic":"wmo_wat"}', 'faq{"topic":"wmo_wat"}'),
        ("/start_wegwijzer", "/start_wegwijzer"),
        ('/ask_topic{"topic":"wmo_wat"}', '/ask_topic{"topic":"wmo_wat"}'),
        ('/inform{"age": 84}', '/inform{"age": 84}'),
        ("wat is de wmo", "wat is de wmo"),
    ],
)
def test_only_the_bots_own_payloads_keep_their_slash(text, expected):
    assert clean_text(text) == (expected, None)


def test_personal_data_is_masked_and_a_notice_given():
    text, notice = clean_text("mijn bsn is 123456782, bel 06-12345678 of mail a@b.nl")
    assert "123456782" not in text and "12345678" not in text and "a@b.nl" not in text
    assert "[BSN]" in text
    assert "BSN" in notice and "terugbellen" in notice


def test_municipal_number_and_helplines_are_not_personal_data():
    assert clean_text("ik heb 14 0123 gebeld en 0800-0113") == (
        "ik heb 14 0123 gebeld en 0800-0113",
        None,
    )


def test_date_of_birth_becomes_an_age():
    text, notice = clean_text("geboren 12-03-1941")
    assert "1941" not in text and text.endswith("jaar")
    assert "geboortedatum" in notice


def _run(text):
    received, channel = [], CollectingOutputChannel()

    async def on_new_message(message):
        received.append(message.text)

    asyncio.run(guarded(on_new_message)(UserMessage(text, channel, "s1")))
    return received, [m["text"] for m in channel.messages]


def test_guarded_passes_the_clean_text_and_sends_the_notice_first():
    received, sent = _run("bel me op 0612345678, hoe vraag ik een pgb aan")
    assert received == ["bel me op [telefoon], hoe vraag ik een pgb aan"]
    assert len(sent) == 1 and "telefoonnummer" in sent[0]


def test_a_lone_slash_gets_a_short_reply_and_reaches_nobody():
    received, sent = _run("/")
    assert received == [] and sent and "gewone woorden" in sent[0]


def test_control_characters_cannot_forge_log_lines():
    text, _ = clean_text("hoi\n2026-01-01 ERROR forged\x1b[31m rood\u200b")
    assert "\n" not in text and "\x1b" not in text and "\u200b" not in text
    assert text == "hoi 2026-01-01 ERROR forged [31m rood"


def test_the_age_made_from_a_birth_date_is_read_as_that_age():
    from datetime import date

    from bot.domain.answers import parse_answer
    from bot.domain.privacy import scrub

    for typed in ("geboren 12-03-1941", "ze is geboren op 12 maart 1941", "12-03-1941"):
        text = scrub(typed, today=date(2026, 12, 3)).text
        assert parse_answer("age", text).value == 85, text


def test_two_questions_reach_the_bot_one_after_the_other():
    received, _ = _run("wat is een pgb? en hoe vraag ik dat aan?")
    assert received == ["wat is een pgb?", "en hoe vraag ik dat aan?"]
    received, _ = _run("wat is een vpt en wat is een mpt?")
    assert received == ["wat is een vpt?", "wat is een mpt?"]


def test_one_question_and_a_crisis_are_never_cut():
    assert _run("mijn moeder is 84. kan zij een pgb krijgen?")[0] == [
        "mijn moeder is 84. kan zij een pgb krijgen?"
    ]
    text = "wat is een pgb? ik wil niet meer leven, wat moet ik doen?"
    assert _run(text)[0] == [text]  # the crisis answer comes first, whole
