"""POST /api/feedback: thumbs up or down for one answer."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Depends, Request

from api import deps
from api.access_log import remember_session
from api.answer_keys import GivenAnswers
from api.errors import STORE_ERRORS, FeedbackNotStored, invalid_field
from api.routes.json_body import JsonBodyRoute
from api.routes.responses import ERROR_413, ERROR_415, ERROR_429, ERROR_503
from api.schemas import FeedbackRequest, FeedbackResponse
from bot.storage.feedback_store import FeedbackStore

logger = logging.getLogger("api")
router = APIRouter(route_class=JsonBodyRoute)


@router.post(
    "/api/feedback",
    status_code=201,
    response_model=FeedbackResponse,
    summary="Duim omhoog of omlaag voor een antwoord",
    description="Bewaart alleen de session_id, de answer_key en de tijd (UTC), nooit de "
    "tekst van een bericht. Alleen een antwoord dat de bot in dit gesprek gaf "
    "(answer_key uit POST /api/chat) kan worden beoordeeld. Een tweede "
    "beoordeling van hetzelfde antwoord in hetzelfde gesprek vervangt de eerste.",
    responses={413: ERROR_413, 415: ERROR_415, 429: ERROR_429, 503: ERROR_503},
)
async def give_feedback(
    body: FeedbackRequest,
    request: Request,
    store: FeedbackStore = Depends(deps.feedback_store),
    given: GivenAnswers = Depends(deps.given_answers),
):
    remember_session(request, body.session_id)
    if not given.was_given(body.session_id, body.answer_key):
        raise invalid_field("answer_key", "value_error.answer_not_given")
    try:
        await asyncio.to_thread(store.add, body.session_id, body.answer_key, body.rating)
    except STORE_ERRORS as error:
        logger.error("feedback not stored (%s)", type(error).__name__)
        raise FeedbackNotStored() from error
    return {"status": "ok"}
