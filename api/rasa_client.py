"""Relay to Rasa's REST channel through one pooled async HTTP client.

With several Rasa servers (ZWW_RASA_URLS, all on one tracker store and one Redis lock store)
a conversation stays on one server: its session id picks the first server by a stable hash
(the same in every API process and after a restart, unlike Python's salted hash()). Two
servers never take one conversation at the same moment that way; Rasa's RedisLockStore has a
known race when they do (RasaHQ/rasa#9213). When that server does not answer (no connection,
or a 5xx), the next one in the ring takes the message: the conversation is in the shared
tracker store, so it continues there.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import httpx

from bot.domain.local_content import LOCAL_INFO_KEY

logger = logging.getLogger("api")


class DialogueUnavailable(Exception):
    """Rasa could not be reached or gave no usable answer."""


def sticky_order(session_id: str, count: int) -> list[int]:
    """The servers to try for one session, sticky first: a stable hash of the session id."""
    digest = hashlib.blake2b(session_id.encode("utf-8"), digest_size=8).digest()
    first = int.from_bytes(digest, "big") % count
    return [(first + step) % count for step in range(count)]


class _TryNext(Exception):
    """This server did not answer; another one may."""


def _failed(item: Any) -> bool:
    """The marker of rasa_ext/channels/rest.py: handling the message failed inside Rasa."""
    return (
        isinstance(item, dict)
        and isinstance(item.get("custom"), dict)
        and (item["custom"].get("unavailable") is True)
    )


class RasaClient:
    def __init__(self, base_urls: str | list[str], timeout: float) -> None:
        urls = [base_urls] if isinstance(base_urls, str) else list(base_urls)
        if not urls:
            raise ValueError("at least one Rasa URL")
        self.base_urls = [url.rstrip("/") for url in urls]
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=3.0),
            # Idle connections are dropped (2 s) before Rasa's server closes them (Sanic's
            # keep-alive is 5 s): never send a message on a connection that is being closed.
            limits=httpx.Limits(
                max_connections=100, max_keepalive_connections=20, keepalive_expiry=2.0
            ),
        )

    async def close(self) -> None:
        await self._client.aclose()

    def servers_for(self, session_id: str) -> list[str]:
        return [self.base_urls[i] for i in sticky_order(session_id, len(self.base_urls))]

    async def send(self, session_id: str, message: str) -> list[dict[str, Any]]:
        last: BaseException | None = None
        for base_url in self.servers_for(session_id):
            try:
                return await self._send_to(base_url, session_id, message)
            except _TryNext as error:
                last = error.__cause__ or error
                if len(self.base_urls) > 1:
                    logger.warning(
                        "rasa server unavailable, trying the next (%s)", type(last).__name__
                    )
        raise DialogueUnavailable(str(last)) from last

    async def _send_to(self, base_url: str, session_id: str, message: str) -> list[dict[str, Any]]:
        try:
            response = await self._client.post(
                f"{base_url}/webhooks/rest/webhook",
                json={"sender": session_id, "message": message},
            )
        except httpx.ReadTimeout as error:
            # Rasa got the message and is still at it: another server would wait for the
            # conversation's lock and then handle the same message a second time.
            raise DialogueUnavailable(str(error)) from error
        except (httpx.TransportError, httpx.InvalidURL) as error:
            # Not reached, or the connection broke: a server that was killed or is restarting.
            raise _TryNext() from error
        if response.status_code >= 500:
            raise _TryNext() from httpx.HTTPStatusError(
                f"Rasa answered {response.status_code}", request=response.request, response=response
            )
        try:
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise DialogueUnavailable(str(error)) from error
        if not isinstance(data, list):
            raise DialogueUnavailable("unexpected answer from Rasa")
        if any(_failed(item) for item in data):
            # Rasa could not process or store the message (rasa_ext/channels/rest.py): the
            # conversation is as it was before this message, so another server may take it.
            raise _TryNext() from DialogueUnavailable("Rasa could not handle the message")
        return data

    async def servers_up(self) -> list[bool]:
        return [await self._up(url) for url in self.base_urls]

    async def is_up(self) -> bool:
        """At least one Rasa server answers (the others take over a conversation)."""
        return any(await self.servers_up())

    async def _up(self, base_url: str) -> bool:
        try:
            return (await self._client.get(f"{base_url}/", timeout=2.0)).status_code == 200
        except httpx.HTTPError:
            return False


def to_messages(rasa_messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rasa REST output -> the public shape: text + buttons, plus markers that actions send
    as custom JSON: `handoff` (a website can pass the conversation to its live chat) and
    `answer_key` (which answer the resident can rate), and `local_info`: the municipality's
    own text for the answer's topic (rasa_ext/nlg.py), shown as its own message right after
    the answer and marked `local`; the answer's buttons move under it, so they stay last."""
    messages: list[dict[str, Any]] = []
    for item in rasa_messages:
        if item.get("text") is not None:
            buttons = [
                {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                for b in item.get("buttons") or []
            ]
            # Response texts written as YAML block scalars end in a newline; it means nothing.
            messages.append({"text": str(item["text"]).strip(), "buttons": buttons})
        custom: dict | None = item.get("custom")
        if not isinstance(custom, dict):
            continue
        if isinstance(custom.get("handoff"), dict):
            if not messages:
                messages.append({"text": "", "buttons": []})
            messages[-1]["handoff"] = custom["handoff"]
        if isinstance(custom.get("answer_key"), str) and messages:
            messages[-1]["answer_key"] = custom["answer_key"]
        local = custom.get(LOCAL_INFO_KEY)
        if isinstance(local, str) and local.strip():
            moved: list[dict[str, str]] = []
            if messages:
                moved, messages[-1]["buttons"] = messages[-1]["buttons"], []
            messages.append({"text": local.strip(), "buttons": moved, "local": True})
    return messages
