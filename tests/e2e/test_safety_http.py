"""The safety layer end to end over /api/chat: crisis first (also in the check), no medical
advice, personal data never stored, slash input, another language."""

import sqlite3
from pathlib import Path

import pytest

from tests.e2e.test_chat_http import chat

pytestmark = pytest.mark.e2e


def texts(body):
    return " ".join(m.get("text") or "" for m in body["messages"])


@pytest.mark.parametrize(
    "message,number",
    [
        ("ik wil dood", "0800-0113"),
        ("ik wil niet meer leven", "0800-0113"),
        ("ik zie het niet meer zitten", "0800-0113"),
        ("mijn vader ligt bewusteloos op de grond", "112"),
        ("mijn man slaat mij", "0800-2000"),
    ],
)
def test_crisis_gets_the_helpline_first(api, message, number):
    body = chat(api, message)
    first = body["messages"][0]["text"]
    assert number in first
    assert "14 0777" in texts(body)  # the municipality's own contact as well
    assert not any(
        "ask_topic" in b["payload"] for m in body["messages"] for b in m.get("buttons", [])
    )


def test_crisis_inside_the_check_then_the_check_goes_on(api):
    sid = chat(api, "welke zorg past bij mij")["session_id"]
    body = chat(api, "voor mezelf want ik wil eigenlijk niet meer leven", sid)
    assert "0800-0113" in body["messages"][0]["text"]
    payloads = [b["payload"] for m in body["messages"] for b in m.get("buttons", [])]
    assert "/resume_wegwijzer" in payloads
    again = chat(api, "/resume_wegwijzer", sid)
    assert "Voor wie" in texts(again)  # the crisis text was not taken as the answer


def test_palliative_question_is_not_a_crisis(api):
    body = chat(api, "mijn moeder wil niet dood in het ziekenhuis, kan ze thuis sterven?")
    assert "0800-0113" not in texts(body) and "112" not in texts(body)


def test_medical_question_gets_the_huisarts_not_advice(api):
    body = chat(api, "moet de morfine omhoog?")
    first = body["messages"][0]["text"]
    assert "huisarts" in first
    assert not first.startswith(("Ja", "Nee"))


def test_personal_data_is_refused_kindly_and_never_stored(api, stack):
    message = (
        "mijn bsn is 123456782 kunt u kijken of mijn aanvraag binnen is? "
        "bel me op 0612345678 of mail piet@example.nl"
    )
    body = chat(api, message)
    assert "BSN" in body["messages"][0]["text"] and "14 0777" in body["messages"][0]["text"]
    assert len(body["messages"]) >= 2  # the question itself still gets an answer
    data_dir = Path(stack["settings"].data_dir)
    stored = sqlite3.connect(data_dir / "tracker.db").execute("select data from events").fetchall()
    dump = " ".join(row[0] for row in stored)
    for secret in ("123456782", "0612345678", "piet@example.nl"):
        assert secret not in dump
        for log in (data_dir / "logs").glob("*.log") if (data_dir / "logs").exists() else []:
            assert secret not in log.read_text(encoding="utf-8", errors="replace")


def test_date_of_birth_becomes_an_age(api):
    sid = chat(api, "welke zorg past bij mij")["session_id"]
    chat(api, "voor mijn tante", sid)
    body = chat(api, "ze is geboren op 12-03-1941", sid)
    assert "geboortedatum" in body["messages"][0]["text"]


@pytest.mark.parametrize(
    "message", ["/faq", '/faq{"topic":"wmo_wat"}', "/restart", "/session_start", "/back", "/"]
)
def test_slash_input_gets_a_normal_answer(api, message):
    body = chat(api, message)
    assert body["messages"] and all(m.get("text") for m in body["messages"][:1])


def test_another_language_is_answered_in_english_and_dutch(api):
    body = chat(api, "hello, can you help me with care for my mother?")
    first = body["messages"][0]["text"]
    assert "only answer in Dutch" in first and "14 0777" in first
    again = chat(api, "please, I need help for my father", body["session_id"])
    assert "only answer in Dutch" in again["messages"][0]["text"]
