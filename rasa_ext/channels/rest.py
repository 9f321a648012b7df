"""Rasa's REST channel with the shared inbound rules (rasa_ext/channels/inbound.py).

It keeps Rasa's channel name, so the webhook stays /webhooks/rest/webhook (used by api/)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint

from rasa_ext.channels.inbound import guarded


class RestInput(RasaRestInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(guarded(on_new_message))
