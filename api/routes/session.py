"""DELETE /api/session/{session_id}: forget a conversation and its feedback."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from api import deps, texts
from api.answer_keys import GivenAnswers
from api.errors import STORE_ERRORS, ConversationNotDeleted
from api.routes.responses import ERROR_429, ERROR_503
from bot.storage.feedback_store import FeedbackStore
from bot.storage.tracker_db import TrackerDatabase

logger = logging.getLogger("api")
router = APIRouter()


@router.delete(
    "/api/session/{session_id}",
    status_code=204,
    response_class=Response,
    summary="Gesprek en feedback verwijderen",
    description="Verwijdert het gesprek uit de opslag van Rasa en de feedback van dit "
    "gesprek. Altijd 204, ook als er niets was: zo verraadt het antwoord niet "
    "of een gesprek bestond. Een nieuw bericht met dezelfde session_id begint "
    "een nieuw gesprek.",
    responses={422: {"description": texts.DOC_422_SESSION}, 429: ERROR_429, 503: ERROR_503},
)
async def forget_session(
    session_id: str = Depends(deps.session_in_path),
    tracker: TrackerDatabase = Depends(deps.tracker),
    store: FeedbackStore = Depends(deps.feedback_store),
    given: GivenAnswers = Depends(deps.given_answers),
):
    given.forget(session_id)
    try:
        await asyncio.to_thread(tracker.delete_conversation, session_id)
        await asyncio.to_thread(store.delete_session, session_id)
    except STORE_ERRORS as error:
        logger.error("conversation not deleted (%s)", type(error).__name__)
        raise ConversationNotDeleted() from error
    return Response(status_code=204)
