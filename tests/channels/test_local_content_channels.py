"""Local information on Telegram and WhatsApp, through the real Rasa server and action server.

Its own stack (the shared channel stack has no local information), against the same local
fakes of both platforms."""

from __future__ import annotations

import itertools

import httpx
import pytest

from bot.domain.local_content import LOCAL_PREFIX
from bot.runtime.launcher import build_servers, free_port, latest_model, start_and_wait, stop_all
from bot.settings import Settings
from tests.channels.conftest import ROOT, response_buttons, response_text
from tests.channels.test_telegram import post as telegram_post
from tests.channels.test_telegram import sent, text_update
from tests.channels.test_whatsapp import bodies, form, listed
from tests.channels.test_whatsapp import post as whatsapp_post

pytestmark = pytest.mark.e2e
LOCAL = "In Teststad meldt u zich voor dagbesteding bij het wijkteam, telefoon 14 0777."
_chat_ids = itertools.count(8800001)
_phones = itertools.count(31687654321)


@pytest.fixture(scope="module")
def local_rasa(tmp_path_factory, platforms, channel_settings):
    folder = tmp_path_factory.mktemp("local")
    local = folder / "lokaal.yml"
    local.write_text(f'local_answers:\n  dagbesteding: "{LOCAL}"\n', encoding="utf-8")
    settings = Settings(
        rasa_port=free_port(),
        action_port=free_port(),
        api_port=free_port(),
        data_dir=folder / "var",
        local_content=local,
        **channel_settings.dict(),
    )
    action, rasa, _api = build_servers(settings, latest_model(ROOT / "models"))
    try:
        start_and_wait([action, rasa], timeout=240)
        with httpx.Client(base_url=settings.rasa_base_url, timeout=60) as client:
            yield client
    finally:
        stop_all([action, rasa])


def test_telegram_gets_the_local_text_as_a_second_message_with_the_keyboard(local_rasa, platforms):
    platforms.clear()
    chat = next(_chat_ids)
    assert telegram_post(local_rasa, text_update(chat, "wat is dagbesteding?")).status_code == 200
    national, local = sent(platforms, chat)
    assert national["text"] == response_text("utter_faq/dagbesteding")
    assert "reply_markup" not in national
    assert local["text"] == LOCAL_PREFIX + LOCAL
    assert local["reply_markup"]["inline_keyboard"] == [
        [{"text": b["title"], "callback_data": b["payload"]}]
        for b in response_buttons("utter_faq/dagbesteding")
    ]


def test_whatsapp_gets_the_local_text_as_a_second_message_with_the_list(local_rasa, platforms):
    platforms.clear()
    phone = f"whatsapp:+{next(_phones)}"
    assert whatsapp_post(local_rasa, form(phone, "wat is dagbesteding?")).status_code == 200
    assert bodies(platforms, phone) == [
        response_text("utter_faq/dagbesteding"),
        f"{LOCAL_PREFIX}{LOCAL}\n\n{listed('utter_faq/dagbesteding')}",
    ]
