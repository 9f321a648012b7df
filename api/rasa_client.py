"""Relay to Rasa's REST channel through one pooled async HTTP client."""

from __future__ import annotations

from typing import Any

import httpx

from bot.domain.local_content import LOCAL_INFO_KEY


class DialogueUnavailable(Exception):
    """Rasa could not be reached or gave no usable answer."""


class RasaClient:
    def __init__(self, base_url: str, timeout: float) -> None:
        self._client = httpx.AsyncClient(
            base_url=base_url,
            timeout=httpx.Timeout(timeout, connect=3.0),
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        )

    async def close(self) -> None:
        await self._client.aclose()

    async def send(self, session_id: str, message: str) -> list[dict[str, Any]]:
        try:
            response = await self._client.post(
                "/webhooks/rest/webhook", json={"sender": session_id, "message": message}
            )
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise DialogueUnavailable(str(error)) from error
        if not isinstance(data, list):
            raise DialogueUnavailable("unexpected answer from Rasa")
        return data

    async def is_up(self) -> bool:
        try:
            return (await self._client.get("/", timeout=2.0)).status_code == 200
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
