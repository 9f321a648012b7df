"""WhatsApp via Twilio: Rasa's TwilioInput/TwilioOutput with what a public service needs.

Added to Rasa's connector:
- every webhook call must carry a valid X-Twilio-Signature (twilio's RequestValidator over the
  public webhook URL and the form fields); other calls get 403 and never reach the bot;
- the conversation id is a keyed hash of the phone number, so no phone number is stored in
  the tracker database or written to a log; replies go to the number of the request itself;
- WhatsApp has no buttons: they are sent as a numbered list, and a typed number or title picks
  the button (channels/replies.py); long answers are split at Twilio's 1600 characters;
- messages are sent with twilio's asynchronous client (Rasa's blocks the event loop), and the
  Twilio API address is configurable (tests use a local fake of the Twilio REST API).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request, RequestParameters
from sanic.response import HTTPResponse
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot.domain.local_content import split_local_info
from rasa_ext.channels.formatting import mask_phone, numbered_list, platform_json, split_message
from rasa_ext.channels.inbound import guarded
from rasa_ext.channels.replies import resolve_typed_choice

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.twilio.com"
MESSAGE_LIMIT = 1600  # characters per WhatsApp message sent through Twilio
API_TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "X-Twilio-Signature"
CONVERSATION_PREFIX = "whatsapp-"
# twilio's HTTP client logs every request's headers at INFO: ten lines per message. Its own
# logger stays untouched; ours only lets problems through.
_twilio_http_logger = logging.getLogger(f"{__name__}.twilio_http")
_twilio_http_logger.setLevel(logging.WARNING)


def form_fields(request: Request) -> RequestParameters:
    """The posted form with empty fields kept: Sanic's request.form drops them, but Twilio
    signs them too (a photo arrives with an empty Body)."""
    body = request.body.decode("utf-8", errors="replace")
    return RequestParameters(parse_qs(body, keep_blank_values=True))


class WhatsAppOutput(TwilioOutput):
    """Sends to the WhatsApp address the current message came from (`reply_to`)."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        twilio_number: str,
        reply_to: str,
        api_url: str = DEFAULT_API_URL,
    ) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        # A fresh session per request: this object lives for one incoming message only.
        self.http_client = AsyncTwilioHttpClient(pool_connections=False, logger=_twilio_http_logger)
        self.reply_to = reply_to
        self.api_url = api_url.rstrip("/")

    def get_hostname(self, uri: str) -> str:
        # twilio's own hook for choosing the API host (regions, edges); here it also points
        # the client to ZWW_TWILIO_API_URL when that is not the public Twilio API.
        uri = super().get_hostname(uri)
        if self.api_url == DEFAULT_API_URL:
            return uri
        parts = urlsplit(uri)
        return self.api_url + parts.path + (f"?{parts.query}" if parts.query else "")

    async def _send_message(self, message_data: dict[str, Any]) -> Any:
        try:
            # twilio 8.2's async client ignores its own timeout setting, hence wait_for.
            return await asyncio.wait_for(
                self.messages.create_async(**message_data), API_TIMEOUT_SECONDS
            )
        except TwilioRestException as error:
            # Twilio's error text can quote the phone number, so only the codes are logged.
            logger.error(
                "WhatsApp message to %s not sent: HTTP %s, Twilio code %s.",
                mask_phone(self.reply_to),
                error.status,
                error.code,
            )
        except (TwilioException, aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.error(
                "WhatsApp message to %s not sent: %s.",
                mask_phone(self.reply_to),
                type(error).__name__,
            )
        return None

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        # Local information (rasa_ext/nlg.py) is its own message, after the national answer.
        for part in split_local_info(message):
            await super().send_response(recipient_id, part)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        # recipient_id is the pseudonymous conversation id; the address is reply_to.
        for part in split_message(text, MESSAGE_LIMIT):
            await self._send_message(
                {"to": self.reply_to, "from_": self.twilio_number, "body": part}
            )

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_message(recipient_id, f"{text.strip()}\n\n{numbered_list(buttons)}")

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._send_message(
            {"to": self.reply_to, "from_": self.twilio_number, "media_url": [image]}
        )

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        json_message = platform_json(json_message)
        if json_message:
            await super().send_custom_json(self.reply_to, {**json_message, "to": self.reply_to})


class WhatsAppInput(TwilioInput):
    """Rasa's Twilio channel (same name and webhook path) with a signature check."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WhatsAppInput:
        if not credentials:
            cls.raise_missing_credentials_exception()
        assert credentials  # the call above raises; Rasa ships no types, so mypy cannot tell
        required = ("account_sid", "auth_token", "twilio_number", "webhook_url")
        missing = [key for key in required if not credentials.get(key)]
        if missing:
            raise RasaException(f"WhatsApp channel needs {', '.join(missing)} in credentials.")
        return cls(
            credentials["account_sid"],
            credentials["auth_token"],
            credentials["twilio_number"],
            credentials["webhook_url"],
            api_url=credentials.get("api_url") or DEFAULT_API_URL,
        )

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        twilio_number: str,
        webhook_url: str,
        api_url: str = DEFAULT_API_URL,
    ) -> None:
        # debug_mode=False: an error in one conversation is logged, not answered with a 500.
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=False)
        self.webhook_url = webhook_url
        self.api_url = api_url
        self.validator = RequestValidator(auth_token)

    def conversation_id(self, address: str) -> str:
        """A stable pseudonym for a WhatsApp address (HMAC with the auth token as key)."""
        digest = hmac.new(
            self.auth_token.encode("utf-8"), address.encode("utf-8"), hashlib.sha256
        ).hexdigest()
        return CONVERSATION_PREFIX + digest[:32]

    def signed_by_twilio(self, request: Request, fields: RequestParameters) -> bool:
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature:
            return False
        # Twilio signs the URL it called, i.e. the public one, not Rasa's address behind
        # the proxy.
        url = self.webhook_url + (f"?{request.query_string}" if request.query_string else "")
        return self.validator.validate(url, fields, signature)

    def get_output_channel(self, reply_to: str | None = None) -> WhatsAppOutput:
        return WhatsAppOutput(
            self.account_sid, self.auth_token, self.twilio_number, reply_to or "", self.api_url
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = guarded(on_new_message)  # same inbound rules as every channel
        twilio_webhook = Blueprint("twilio_webhook", __name__)
        no_reply = str(MessagingResponse())  # answers go out through the REST API instead

        @twilio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @twilio_webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            fields = form_fields(request)
            if not self.signed_by_twilio(request, fields):
                logger.warning("Twilio webhook call without a valid signature refused.")
                return response.json({"detail": "Geen toegang."}, status=403)
            sender = fields.get("From")
            text = (fields.get("Body") or "").strip()
            if not sender or not text:
                # A photo, voice message or location: nothing the bot can answer.
                return response.text(no_reply, content_type="text/xml")
            conversation_id = self.conversation_id(sender)
            agent = getattr(request.app.ctx, "agent", None)
            text = await resolve_typed_choice(agent, conversation_id, text)
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        self.get_output_channel(sender),
                        conversation_id,
                        input_channel=self.name(),
                        metadata=self.get_metadata(request),
                    )
                )
            except Exception:  # noqa: BLE001 - logged; Twilio would otherwise retry
                logger.exception(
                    "WhatsApp message from %s could not be handled.", mask_phone(sender)
                )
            return response.text(no_reply, content_type="text/xml")

        return twilio_webhook
