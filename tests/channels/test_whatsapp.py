"""WhatsApp via Twilio: signed form posts as Twilio sends them, posted to the running Rasa
server's webhook; the answers are read from the local fake of Twilio's REST API."""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import sqlite3

import pytest
from twilio.request_validator import RequestValidator

from rasa_ext.channels.whatsapp import WhatsAppInput, WhatsAppOutput
from tests.channels.conftest import (
    PUBLIC_URL,
    TWILIO_AUTH,
    TWILIO_NUMBER,
    TWILIO_SID,
    response_buttons,
    response_text,
)

pytestmark = pytest.mark.e2e
WEBHOOK = "/webhooks/twilio/webhook"
_phones = itertools.count(31612345678)  # test numbers only
_message_ids = itertools.count(1)


def new_phone() -> str:
    return f"whatsapp:+{next(_phones)}"


def form(phone: str, body: str) -> dict:
    """The fields Twilio posts for an incoming WhatsApp text."""
    return {
        "SmsMessageSid": f"SM{next(_message_ids):032d}",
        "NumMedia": "0",
        "ProfileName": "Test",
        "SmsSid": f"SM{next(_message_ids):032d}",
        "WaId": phone.removeprefix("whatsapp:+"),
        "SmsStatus": "received",
        "Body": body,
        "To": TWILIO_NUMBER,
        "NumSegments": "1",
        "ReferralNumMedia": "0",
        "MessageSid": f"SM{next(_message_ids):032d}",
        "AccountSid": TWILIO_SID,
        "From": phone,
        "ApiVersion": "2010-04-01",
    }


def signature(params: dict, url: str = PUBLIC_URL + WEBHOOK, token: str = TWILIO_AUTH) -> str:
    return RequestValidator(token).compute_signature(url, params)


def post(rasa_http, params: dict, sig: str | None = "computed"):
    headers = {}
    if sig == "computed":
        headers["X-Twilio-Signature"] = signature(params)
    elif sig is not None:
        headers["X-Twilio-Signature"] = sig
    return rasa_http.post(WEBHOOK, data=params, headers=headers)


def bodies(platforms, phone: str) -> list:
    return [c["params"]["Body"] for c in platforms.recorded("twilio") if c["params"]["To"] == phone]


def say(rasa_http, platforms, phone: str, text: str) -> list:
    platforms.clear()
    reply = post(rasa_http, form(phone, text))
    assert reply.status_code == 200, reply.text
    return bodies(platforms, phone)


def listed(name: str) -> str:
    return "\n".join(f"{i}. {b['title']}" for i, b in enumerate(response_buttons(name), 1))


def test_faq_answer_is_sent_through_the_twilio_api(rasa_http, platforms):
    phone = new_phone()
    reply = post(rasa_http, form(phone, "wat is dagbesteding?"))
    assert reply.status_code == 200
    assert "<Response" in reply.text  # empty TwiML: the answer goes through the REST API
    [call] = platforms.recorded("twilio")
    # The answer's related topics follow as a numbered list.
    assert call["params"]["Body"] == (
        response_text("utter_faq/dagbesteding") + "\n\n" + listed("utter_faq/dagbesteding")
    )
    assert call["params"]["To"] == phone
    assert call["params"]["From"] == TWILIO_NUMBER
    assert call["account_sid"] == TWILIO_SID and call["auth"] == (TWILIO_SID, TWILIO_AUTH)


def test_buttons_are_a_numbered_list(rasa_http, platforms):
    phone = new_phone()
    assert say(rasa_http, platforms, phone, "hallo") == [
        response_text("utter_greet") + "\n\n" + listed("utter_greet")
    ]


def test_a_number_picks_the_button_of_the_last_question(rasa_http, platforms):
    phone = new_phone()
    say(rasa_http, platforms, phone, "hallo")
    # "1" is "Welke zorg past bij mij?": the wegwijzer starts.
    answers = say(rasa_http, platforms, phone, "1")
    assert answers[0] == response_text("utter_wegwijzer_intro")
    assert answers[1] == "Voor wie zoekt u zorg?\n\n1. Voor mezelf\n2. Voor iemand anders"
    # "2" is "Voor iemand anders": the next question is asked about the other person.
    assert say(rasa_http, platforms, phone, "2") == ["Hoe oud is de persoon die zorg nodig heeft?"]


def user_texts(channel_stack, phone: str) -> list:
    """What the dialogue received from this resident, read from the tracker database."""
    conversation = WhatsAppInput(TWILIO_SID, TWILIO_AUTH, TWILIO_NUMBER, "").conversation_id(phone)
    with sqlite3.connect(channel_stack["tracker_db"]) as db:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' " "ORDER BY id",
            (conversation,),
        ).fetchall()
    return [json.loads(data)["text"] for (data,) in rows]


def test_the_exact_title_picks_the_button(rasa_http, platforms, channel_stack):
    phone = new_phone()
    say(rasa_http, platforms, phone, "wat is dagbesteding?")
    answers = say(rasa_http, platforms, phone, "vervoer naar DAGBESTEDING")
    assert answers[0].startswith(response_text("utter_faq/vervoer_dagbesteding"))
    # The dialogue got the button's payload, not the typed words.
    [button] = response_buttons("utter_faq/dagbesteding")
    assert user_texts(channel_stack, phone)[-1] == button["payload"]


def test_a_number_after_an_answer_without_buttons_is_plain_text(rasa_http, platforms):
    phone = new_phone()
    say(rasa_http, platforms, phone, "hallo")
    assert say(rasa_http, platforms, phone, "doei") == [response_text("utter_goodbye")]
    # The greeting's buttons are no longer on screen: "1" must not start the wegwijzer.
    answers = say(rasa_http, platforms, phone, "1")
    assert answers and response_text("utter_wegwijzer_intro") not in answers


@pytest.mark.parametrize(
    "forgery", ["no signature", "wrong token", "changed body", "local url signed"]
)
def test_unsigned_or_forged_post_is_refused(rasa_http, platforms, forgery):
    phone = new_phone()
    params = form(phone, "wat is dagbesteding?")
    if forgery == "no signature":
        reply = post(rasa_http, params, sig=None)
    elif forgery == "wrong token":
        reply = post(rasa_http, params, sig=signature(params, token="not-the-auth-token"))
    elif forgery == "changed body":
        sig = signature(params)
        reply = post(rasa_http, {**params, "Body": "hallo"}, sig=sig)
    else:  # signed for Rasa's own address instead of the public URL Twilio calls
        reply = post(
            rasa_http, params, sig=signature(params, url=str(rasa_http.base_url) + WEBHOOK)
        )
    assert reply.status_code == 403
    assert reply.json()["detail"]
    assert platforms.recorded() == []


def test_media_without_text_gets_no_answer(rasa_http, platforms):
    params = {
        **form(new_phone(), ""),
        "NumMedia": "1",
        "MediaContentType0": "image/jpeg",
        "MediaUrl0": "https://api.twilio.com/x",
    }
    assert post(rasa_http, params).status_code == 200
    assert platforms.recorded() == []


def test_phone_numbers_are_not_stored_or_logged(rasa_http, platforms, channel_stack):
    phone = new_phone()
    say(rasa_http, platforms, phone, "wat is dagbesteding?")
    number = phone.removeprefix("whatsapp:+")
    stored = channel_stack["tracker_db"].read_bytes()
    assert stored  # the conversation is stored ...
    assert number.encode() not in stored  # ... under a pseudonym
    assert number not in channel_stack["rasa"].log_path.read_text(errors="replace")


# --- output channel against the fake API, without Rasa --------------------------------------


def test_long_answer_is_split_within_twilios_limit(platforms):
    platforms.clear()
    sentence = "Dit is een lange zin over zorg thuis die steeds terugkomt. "
    text = (sentence * 70).strip()  # about 4100 characters, no paragraph breaks
    phone = "whatsapp:+31612345678"
    output = WhatsAppOutput(TWILIO_SID, TWILIO_AUTH, TWILIO_NUMBER, phone, platforms.url)
    asyncio.run(output.send_text_message("pseudonym", text))
    parts = bodies(platforms, phone)
    assert len(parts) == 3
    assert all(len(p) <= 1600 for p in parts)
    assert all(p.endswith(".") for p in parts)  # cut between sentences
    assert " ".join(parts) == text


def test_a_silent_twilio_api_does_not_hang_the_conversation(caplog):
    silent = socket.socket()  # accepts the connection but never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    output = WhatsAppOutput(
        TWILIO_SID,
        TWILIO_AUTH,
        TWILIO_NUMBER,
        "whatsapp:+31612345678",
        "http://127.0.0.1:%d" % silent.getsockname()[1],
    )
    try:
        asyncio.run(output.send_text_message("pseudonym", "Hallo"))
    finally:
        silent.close()
    assert "WhatsApp message to whatsapp:+31*****5678 not sent: TimeoutError" in caplog.text


def test_local_information_is_sent_as_its_own_message_with_the_numbered_list(platforms):
    platforms.clear()
    phone = "whatsapp:+31612345679"
    output = WhatsAppOutput(TWILIO_SID, TWILIO_AUTH, TWILIO_NUMBER, phone, platforms.url)
    message = {
        "text": "Landelijk antwoord.",
        "buttons": [{"title": "Verder", "payload": "/ask_topic"}],
        "custom": {"answer_key": "faq/vpt", "local_info": "Lokale informatie: bel 14 0123."},
    }
    asyncio.run(output.send_response("pseudonym", message))
    assert bodies(platforms, phone) == [
        "Landelijk antwoord.",
        "Lokale informatie: bel 14 0123.\n\n1. Verder",
    ]
