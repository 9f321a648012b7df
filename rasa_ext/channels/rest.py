"""Rasa's REST channel with the shared inbound rules (rasa_ext/channels/inbound.py).

It keeps Rasa's channel name, so the webhook stays /webhooks/rest/webhook (used by api/).

Rasa's REST channel answers 200 with whatever was collected when handling a message fails
(the lock store or the tracker store is down): the resident would see no answer, or an answer
that was never stored. Here such a failure (also one that Rasa swallows: a database error in its fail-safe tracker
store, or a custom action that could not be run; see rasa_ext/tracker_store.py) replaces the collected answer by one marker,
`{"custom": {"unavailable": true}}`, which the API turns into its Dutch 503 (or tries the next
Rasa server): an answer is only given for a message that was processed and stored.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint

from rasa_ext import tracker_store
from rasa_ext.channels.inbound import guarded

UNAVAILABLE_MARKER = {"custom": {"unavailable": True}}


def marked_on_failure(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
) -> Callable[[UserMessage], Awaitable[Any]]:
    async def handle(message: UserMessage) -> Any:
        noted: list[BaseException] = []
        token = tracker_store.failures.set(noted)
        try:
            result = await on_new_message(message)
            if noted:
                # Rasa's fail-safe store swallowed a database error (rasa_ext/tracker_store.py).
                raise RuntimeError("the tracker store failed for this message") from noted[0]
            return result
        except BaseException:
            # Also on cancellation (Rasa's request timeout): nothing half-done is sent.
            output = message.output_channel
            if isinstance(output, CollectingOutputChannel):
                output.messages[:] = [dict(UNAVAILABLE_MARKER)]
            raise
        finally:
            tracker_store.failures.reset(token)

    return handle


class RestInput(RasaRestInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        tracker_store.watch_lost_actions()
        return super().blueprint(marked_on_failure(guarded(on_new_message)))
