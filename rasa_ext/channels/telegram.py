"""Telegram connector: Rasa's TelegramInput/TelegramOutput with what a public service needs.

Added to Rasa's connector:
- every webhook call must carry the secret token Telegram got at setWebhook
  (header X-Telegram-Bot-Api-Secret-Token); other calls get 403 and never reach the bot;
- the webhook is registered in the background after start-up, with a timeout: Rasa's version
  registers it while the server is being built, which stops or stalls Rasa without internet;
- the Bot API address is configurable (tests use a local fake of the Bot API);
- /start greets; long answers are split at 4096 characters; buttons are an inline keyboard
  with one button per row (long Dutch titles stay readable on a phone).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from aiogram import Bot
from aiogram.bot.api import Methods, TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Update
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.telegram import TelegramInput as RasaTelegramInput
from rasa.core.channels.telegram import TelegramOutput as RasaTelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.domain.local_content import split_local_info
from rasa_ext.channels.formatting import platform_json, split_message
from rasa_ext.channels.inbound import guarded
from rasa_ext.channels.replies import resolve_typed_choice

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org"
MESSAGE_LIMIT = 4096  # characters per message (Bot API sendMessage)
CALLBACK_DATA_LIMIT = 64  # bytes of callback_data per button (Bot API)
API_TIMEOUT_SECONDS = 10
# Registration is retried for a while, so a network that comes up after Rasa still works.
REGISTRATION_DELAYS_SECONDS = (0, 30, 120, 600)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
START_COMMAND = "/start"
GREET_PAYLOAD = "/greet"
UPDATE_TYPES = ["message", "edited_message", "callback_query"]


def inline_keyboard(buttons: list[dict[str, Any]]) -> InlineKeyboardMarkup:
    """One button per row. A payload longer than Telegram allows is sent as the button's
    number, which the input side maps back like a typed '2' (channels/replies.py)."""
    markup = InlineKeyboardMarkup()
    for number, button in enumerate(buttons, start=1):
        payload = str(button.get("payload") or button.get("title", ""))
        data = payload if len(payload.encode("utf-8")) <= CALLBACK_DATA_LIMIT else str(number)
        markup.row(InlineKeyboardButton(button.get("title", payload), callback_data=data))
    return markup


class TelegramOutput(RasaTelegramOutput):
    def __init__(self, access_token: str, api_url: str = DEFAULT_API_URL) -> None:
        # Rasa's __init__ passes only the token; the API server is fixed at construction.
        Bot.__init__(
            self,
            access_token,
            server=TelegramAPIServer.from_base(api_url),
            timeout=API_TIMEOUT_SECONDS,
        )

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        # Local information (rasa_ext/nlg.py) is its own message, after the national answer.
        for part in split_local_info(message):
            await super().send_response(recipient_id, part)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        # Rasa sends each paragraph as its own message; one answer stays one message here.
        for part in split_message(text, MESSAGE_LIMIT):
            await self._send(recipient_id, part)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        parts = split_message(text, MESSAGE_LIMIT) or ["…"]
        for part in parts[:-1]:
            await self._send(recipient_id, part)
        # The keyboard goes with the last part, right under the question it answers.
        await self._send(recipient_id, parts[-1], reply_markup=inline_keyboard(buttons))

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        json_message = platform_json(json_message)
        if json_message:
            await super().send_custom_json(recipient_id, json_message, **kwargs)

    async def _send(self, chat_id: str, text: str, **kwargs: Any) -> None:
        # A failed send (resident blocked the bot, network) is logged and the conversation
        # goes on: raising here would stop Rasa before it stores the conversation.
        try:
            await self.send_message(chat_id, text, **kwargs)
        except (TelegramAPIError, aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.error("Telegram message not sent: %s: %s", type(error).__name__, error)


class TelegramInput(RasaTelegramInput):
    """Rasa's Telegram channel (same name and webhook path) with a secret-token check."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramInput:
        if not credentials:
            cls.raise_missing_credentials_exception()
        assert credentials  # the call above raises; Rasa ships no types, so mypy cannot tell
        missing = [
            key
            for key in ("access_token", "secret_token", "webhook_url")
            if not credentials.get(key)
        ]
        if missing:
            # Without a secret token anyone could post messages in a resident's name.
            raise RasaException(f"Telegram channel needs {', '.join(missing)} in credentials.")
        return cls(
            credentials["access_token"],
            credentials["secret_token"],
            credentials["webhook_url"],
            credentials.get("api_url") or DEFAULT_API_URL,
        )

    def __init__(
        self, access_token: str, secret_token: str, webhook_url: str, api_url: str = DEFAULT_API_URL
    ) -> None:
        # debug_mode=False: an error in one conversation must not answer Telegram with a 500
        # (Telegram would resend the same update again and again).
        super().__init__(access_token, verify=None, webhook_url=webhook_url, debug_mode=False)
        self.secret_token = secret_token
        self.api_url = api_url

    def get_output_channel(self) -> TelegramOutput:
        # Unlike Rasa's version this does not call Telegram; see register_webhook.
        return TelegramOutput(self.access_token, self.api_url)

    def comes_from_telegram(self, request: Request) -> bool:
        sent = request.headers.get(SECRET_HEADER, "")
        return hmac.compare_digest(sent.encode("utf-8"), self.secret_token.encode("utf-8"))

    async def register_webhook(self, bot: Bot) -> bool:
        """Tell Telegram where to post updates, with the secret token. False on failure."""
        # aiogram 2.15 predates setWebhook's secret_token, so the method is called directly.
        params = {
            "url": self.webhook_url,
            "secret_token": self.secret_token,
            "allowed_updates": json.dumps(UPDATE_TYPES),
        }
        try:
            await asyncio.wait_for(
                bot.request(Methods.SET_WEBHOOK, params), API_TIMEOUT_SECONDS + 5
            )
        except (TelegramAPIError, aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.warning(
                "Telegram webhook not registered yet (%s: %s).", type(error).__name__, error
            )
            return False
        logger.info("Telegram webhook registered for %s.", self.webhook_url)
        return True

    async def keep_registering(self, bot: Bot) -> None:
        for delay in REGISTRATION_DELAYS_SECONDS:
            await asyncio.sleep(delay)
            if await self.register_webhook(bot):
                return
        logger.error(
            "Telegram webhook could not be registered. Telegram sends no messages "
            "until it is; see docs/channels.md to register it by hand."
        )

    @staticmethod
    def incoming_text(update: Update) -> tuple[str, str] | None:
        """(chat id, text for the bot) of an update, or None when it holds nothing to answer
        (a photo, a sticker, a member joining ...)."""
        if update.callback_query is not None:
            query = update.callback_query
            if query.message is None or not query.data:
                return None
            return str(query.message.chat.id), query.data
        message = update.message or update.edited_message
        if message is None or not (message.text or "").strip():
            return None
        text = message.text
        # "/start", "/start@BotName" or "/start <deep link>": the resident opened the chat.
        if text.split()[0].split("@")[0] == START_COMMAND:
            text = GREET_PAYLOAD
        return str(message.chat.id), text

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = guarded(on_new_message)  # same inbound rules as every channel
        telegram_webhook = Blueprint("telegram_webhook", __name__)
        out_channel = self.get_output_channel()
        background: dict[str, asyncio.Task] = {}

        @telegram_webhook.listener("after_server_start")
        async def start_registration(app, loop) -> None:  # noqa: ARG001
            background["registration"] = loop.create_task(self.keep_registering(out_channel))

        @telegram_webhook.listener("before_server_stop")
        async def stop(app, loop) -> None:  # noqa: ARG001
            task = background.get("registration")
            if task is not None:
                task.cancel()
            await out_channel.session.close()

        @telegram_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if not self.comes_from_telegram(request):
                logger.warning("Telegram webhook call without the right secret token refused.")
                return response.json({"detail": "Geen toegang."}, status=403)
            try:
                update = Update(**json.loads(request.body or b"{}"))
            except (ValueError, TypeError):
                return response.json({"detail": "Dit bericht kan ik niet lezen."}, status=400)
            incoming = self.incoming_text(update)
            if incoming is None:
                return response.json({"status": "ok"})
            chat_id, text = incoming
            if update.callback_query is not None:
                await self._stop_button_spinner(out_channel, update.callback_query.id)
            agent = getattr(request.app.ctx, "agent", None)
            text = await resolve_typed_choice(agent, chat_id, text)
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        out_channel,
                        chat_id,
                        input_channel=self.name(),
                        metadata=self.get_metadata(request),
                    )
                )
            except Exception:  # noqa: BLE001 - logged; Telegram must not resend the update
                logger.exception("Telegram message could not be handled.")
            return response.json({"status": "ok"})

        return telegram_webhook

    @staticmethod
    async def _stop_button_spinner(bot: Bot, callback_query_id: str) -> None:
        # Telegram shows a spinner on a tapped button until the query is answered.
        try:
            await bot.answer_callback_query(callback_query_id)
        except (TelegramAPIError, aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.debug("answerCallbackQuery failed: %s", error)
