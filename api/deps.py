"""FastAPI dependencies: what the routes share, taken from the app built by create_app."""

from __future__ import annotations

from fastapi import Path, Request

from api.answer_keys import GivenAnswers
from api.rasa_client import RasaClient
from api.schemas import SessionId
from bot.settings import Settings
from bot.storage.feedback_store import FeedbackStore
from bot.storage.tracker_db import TrackerDatabase


def settings(request: Request) -> Settings:
    return request.app.state.settings


def rasa(request: Request) -> RasaClient:
    # Read per request: tests put a fake in app.state.rasa.
    return request.app.state.rasa


def feedback_store(request: Request) -> FeedbackStore:
    return request.app.state.feedback


def tracker(request: Request) -> TrackerDatabase:
    return request.app.state.tracker


def given_answers(request: Request) -> GivenAnswers:
    return request.app.state.given_answers


def session_in_path(
    session_id: SessionId = Path(..., description="De session_id van het gesprek."),
) -> str:
    """The validated session id of a /api/session/{session_id} path (the access log hashes a
    session id in a path by itself)."""
    return session_id
