"""POST /api/chat: relay one message of a resident to Rasa's REST channel."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Depends, Request

from api import deps
from api.access_log import remember_session
from api.answer_keys import GivenAnswers
from api.errors import MessageTooLong
from api.rasa_client import RasaClient, to_messages
from api.routes.json_body import JsonBodyRoute
from api.routes.responses import ERROR_413, ERROR_415, ERROR_429, ERROR_503
from api.schemas import MAX_MESSAGE_CHARS, ChatRequest, ChatResponse

router = APIRouter(route_class=JsonBodyRoute)


@router.post(
    "/api/chat",
    response_model=ChatResponse,
    response_model_exclude_none=True,
    responses={413: ERROR_413, 415: ERROR_415, 429: ERROR_429, 503: ERROR_503},
)
async def chat(
    body: ChatRequest,
    request: Request,
    rasa: RasaClient = Depends(deps.rasa),
    given: GivenAnswers = Depends(deps.given_answers),
):
    if len(body.message) > MAX_MESSAGE_CHARS:
        raise MessageTooLong()  # 413, not 422: the message is fine, only too long
    # Random and unguessable: knowing a session id means reading that conversation.
    session_id = body.session_id or secrets.token_urlsafe(24)
    remember_session(request, session_id)
    # The answer key of a rateable answer arrives with the message (custom JSON of the action).
    messages = to_messages(await rasa.send(session_id, body.message))
    # Only these answers can be rated in this conversation (POST /api/feedback).
    given.remember(session_id, [m["answer_key"] for m in messages if "answer_key" in m])
    return {"session_id": session_id, "messages": messages}
