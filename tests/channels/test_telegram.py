"""Telegram: real-format updates posted to the running Rasa server's webhook; the answers are
read from the local fake of the Bot API."""

from __future__ import annotations

import asyncio
import itertools
import socket

import pytest

from rasa_ext.channels.telegram import (
    CALLBACK_DATA_LIMIT,
    TelegramInput,
    TelegramOutput,
    inline_keyboard,
)
from tests.channels.conftest import (
    PUBLIC_URL,
    TELEGRAM_SECRET,
    TELEGRAM_TOKEN,
    response_buttons,
    response_text,
)

pytestmark = pytest.mark.e2e
WEBHOOK = "/webhooks/telegram/webhook"
_update_ids = itertools.count(500000)
_chat_ids = itertools.count(7000001)


def user(chat_id: int) -> dict:
    return {"id": chat_id, "is_bot": False, "first_name": "Test", "language_code": "nl"}


def text_update(chat_id: int, text: str) -> dict:
    message = {
        "message_id": next(_update_ids),
        "from": user(chat_id),
        "chat": {"id": chat_id, "first_name": "Test", "type": "private"},
        "date": 1700000000,
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}]
    return {"update_id": next(_update_ids), "message": message}


def button_update(chat_id: int, data: str) -> dict:
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": f"cbq-{chat_id}",
            "from": user(chat_id),
            "chat_instance": "-4242",
            "data": data,
            "message": {
                "message_id": 1,
                "from": {"id": 123456789, "is_bot": True, "first_name": "Zorgwegwijzer"},
                "chat": {"id": chat_id, "type": "private"},
                "date": 1700000000,
                "text": "Hallo!",
            },
        },
    }


def post(rasa_http, update: dict, secret: str | None = TELEGRAM_SECRET):
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return rasa_http.post(WEBHOOK, json=update, headers=headers)


def sent(platforms, chat_id: int) -> list:
    return [
        c["params"]
        for c in platforms.recorded("telegram", "sendMessage")
        if c["params"]["chat_id"] == str(chat_id)
    ]


def test_webhook_is_registered_with_the_public_url_and_secret(channel_stack, platforms):
    calls = platforms.wait_for("telegram", "setWebhook")
    assert calls, "Rasa did not register the Telegram webhook"
    call = calls[-1]
    assert call["token"] == TELEGRAM_TOKEN
    assert call["params"]["url"] == PUBLIC_URL + WEBHOOK
    assert call["params"]["secret_token"] == TELEGRAM_SECRET


def test_start_greets_with_an_inline_keyboard(rasa_http, platforms):
    chat = next(_chat_ids)
    assert post(rasa_http, text_update(chat, "/start")).status_code == 200
    [message] = sent(platforms, chat)
    assert message["text"] == response_text("utter_greet")
    keyboard = message["reply_markup"]["inline_keyboard"]
    assert keyboard == [
        [{"text": b["title"], "callback_data": b["payload"]}]
        for b in response_buttons("utter_greet")
    ]


def test_faq_answer_is_the_text_from_the_training_data(rasa_http, platforms):
    chat = next(_chat_ids)
    assert post(rasa_http, text_update(chat, "wat is dagbesteding?")).status_code == 200
    [message] = sent(platforms, chat)
    assert message["text"] == response_text("utter_faq/dagbesteding")
    # The related topics of the answer are buttons on Telegram too.
    assert message["reply_markup"]["inline_keyboard"] == [
        [{"text": b["title"], "callback_data": b["payload"]}]
        for b in response_buttons("utter_faq/dagbesteding")
    ]


def test_tapping_a_button_sends_its_payload(rasa_http, platforms):
    chat = next(_chat_ids)
    post(rasa_http, text_update(chat, "/start"))
    platforms.clear()
    assert post(rasa_http, button_update(chat, "/start_wegwijzer")).status_code == 200
    texts = [m["text"] for m in sent(platforms, chat)]
    assert texts[0] == response_text("utter_wegwijzer_intro")
    assert texts[1] == "Voor wie zoekt u zorg?"
    # The tapped button stops spinning.
    answered = platforms.recorded("telegram", "answerCallbackQuery")
    assert [c["params"]["callback_query_id"] for c in answered] == [f"cbq-{chat}"]


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", TELEGRAM_SECRET + "x"])
def test_update_without_the_secret_token_is_refused(rasa_http, platforms, secret):
    chat = next(_chat_ids)
    reply = post(rasa_http, text_update(chat, "wat is dagbesteding?"), secret=secret)
    assert reply.status_code == 403
    assert reply.json()["detail"]
    assert platforms.recorded() == []


def test_unreadable_update_gets_400_not_500(rasa_http, platforms):
    reply = rasa_http.post(
        WEBHOOK,
        content=b"{no json",
        headers={
            "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET,
            "Content-Type": "application/json",
        },
    )
    assert reply.status_code == 400 and reply.json()["detail"]
    assert platforms.recorded() == []


def test_a_photo_is_accepted_without_an_answer(rasa_http, platforms):
    chat = next(_chat_ids)
    update = text_update(chat, "x")
    del update["message"]["text"]
    update["message"]["photo"] = [
        {"file_id": "f1", "file_unique_id": "u1", "width": 90, "height": 90}
    ]
    assert post(rasa_http, update).status_code == 200
    assert sent(platforms, chat) == []


# --- output channel against the fake API, without Rasa --------------------------------------


def test_long_answer_is_split_within_telegrams_limit(platforms):
    platforms.clear()
    paragraph = "Dit is een lange zin over zorg thuis die steeds terugkomt. " * 20
    text = "\n\n".join([paragraph.strip()] * 8)  # about 9500 characters
    output = TelegramOutput(TELEGRAM_TOKEN, platforms.url)

    async def send():
        try:
            await output.send_text_message("42", text)
        finally:
            await output.session.close()

    asyncio.run(send())
    parts = [c["params"]["text"] for c in platforms.recorded("telegram", "sendMessage")]
    assert len(parts) == 3
    assert all(len(p) <= 4096 for p in parts)
    assert "\n\n".join(parts) == text  # split between paragraphs, nothing lost


def test_payload_too_long_for_telegram_is_sent_as_the_button_number():
    buttons = [
        {"title": "Kort", "payload": "/ask_topic"},
        {"title": "Lang", "payload": '/ask_topic{"topic":"%s"}' % ("x" * 60)},
    ]
    rows = inline_keyboard(buttons).to_python()["inline_keyboard"]
    assert rows == [
        [{"text": "Kort", "callback_data": "/ask_topic"}],
        [{"text": "Lang", "callback_data": "2"}],
    ]
    assert all(len(r[0]["callback_data"].encode()) <= CALLBACK_DATA_LIMIT for r in rows)


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens here any more


@pytest.mark.parametrize("where", ["unreachable", "silent", "refused"])
def test_failed_webhook_registration_is_reported_not_raised(platforms, where):
    """No internet, a server that never answers, or Telegram saying no: Rasa keeps running."""
    silent = socket.socket()  # listens but never answers: only the client's timeout ends it
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    api_url = {
        "unreachable": closed_port_url(),
        "refused": platforms.url,
        "silent": "http://127.0.0.1:%d" % silent.getsockname()[1],
    }[where]
    if where == "refused":
        platforms.telegram_error = {"ok": False, "error_code": 401, "description": "Unauthorized"}
    channel = TelegramInput(TELEGRAM_TOKEN, TELEGRAM_SECRET, PUBLIC_URL + WEBHOOK, api_url)
    output = channel.get_output_channel()

    async def register():
        try:
            return await channel.register_webhook(output)
        finally:
            await output.session.close()

    try:
        assert asyncio.run(register()) is False
    finally:
        platforms.telegram_error = None
        silent.close()


def test_failed_send_is_logged_not_raised(platforms, caplog):
    platforms.telegram_error = {
        "ok": False,
        "error_code": 403,
        "description": "Forbidden: bot was blocked by the user",
    }
    output = TelegramOutput(TELEGRAM_TOKEN, platforms.url)

    async def send():
        try:
            await output.send_text_with_buttons("42", "Vraag?", [{"title": "Ja", "payload": "ja"}])
        finally:
            await output.session.close()

    try:
        asyncio.run(send())  # must not raise: Rasa would not store the conversation
    finally:
        platforms.telegram_error = None
    assert "Telegram message not sent" in caplog.text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("/start", "/greet"),
        ("/start@zww_test_bot", "/greet"),
        ("/start campagne", "/greet"),
        ("/startpagina", "/startpagina"),
        ("wat is dagbesteding?", "wat is dagbesteding?"),
    ],
)
def test_start_command_becomes_the_greeting(text, expected):
    from aiogram.types import Update

    assert TelegramInput.incoming_text(Update(**text_update(5, text))) == ("5", expected)


def test_local_information_is_sent_as_its_own_message_with_the_keyboard(platforms):
    """The NLG puts the municipality's text in custom JSON (rasa_ext/nlg.py); Telegram gets
    the national answer, then the local text with the buttons, and never the JSON itself."""
    platforms.clear()
    output = TelegramOutput(TELEGRAM_TOKEN, platforms.url)
    message = {
        "text": "Landelijk antwoord.",
        "buttons": [{"title": "Verder", "payload": "/ask_topic"}],
        "custom": {"answer_key": "faq/vpt", "local_info": "Lokale informatie: bel 14 0123."},
    }

    async def send():
        try:
            await output.send_response("42", message)
        finally:
            await output.session.close()

    asyncio.run(send())
    calls = [c["params"] for c in platforms.recorded("telegram")]
    assert [c["text"] for c in calls] == ["Landelijk antwoord.", "Lokale informatie: bel 14 0123."]
    assert "reply_markup" not in calls[0]
    assert calls[1]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Verder"
