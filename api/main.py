"""Public HTTP edge: chat relay, eligibility check, feedback, forgetting a conversation,
health, demo page and widget.

Rasa and the action server listen on 127.0.0.1 only; this app is the one public surface.
Routes live in api/routes/, shared things in api/deps.py, error answers in api/errors.py and
the API's Dutch texts in api/texts.py.
"""

from __future__ import annotations

from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import errors
from api.access_log import AccessLogMiddleware
from api.answer_keys import GivenAnswers
from api.logging_setup import setup_logging
from api.rasa_client import RasaClient
from api.rate_limit import RateLimitMiddleware, RedisSlidingWindowLimiter, SlidingWindowLimiter
from api.routes import ROUTERS
from api.routes.pages import docs_html
from api.security import (
    ADMIN_CSP,
    BodySizeLimitMiddleware,
    SecurityHeadersMiddleware,
    docs_csp,
    page_csp,
)
from bot.settings import Settings, get_settings
from bot.storage.feedback_store import FeedbackStore, feedback_db_url
from bot.storage.insights import InsightsBuilder
from bot.storage.tracker_db import TrackerDatabase, tracker_db_url

RATE_LIMITED_PREFIXES = (
    "/api/chat",
    "/api/feedback",
    "/api/eligibility",
    "/api/session/",
    "/api/zorgkantoor",
    # Every request to the admin page, so the token cannot be guessed at speed.
    "/beheer",
)


@asynccontextmanager
async def lifespan(app: FastAPI):
    settings: Settings = app.state.settings
    app.state.rasa = RasaClient(settings.rasa_base_urls, settings.rasa_timeout_seconds)
    app.state.http = httpx.AsyncClient(timeout=2.0)
    yield
    await app.state.rasa.close()
    await app.state.http.aclose()
    app.state.feedback.dispose()
    app.state.tracker.dispose()
    app.state.insights.dispose()
    if isinstance(app.state.limiter, RedisSlidingWindowLimiter):
        await app.state.limiter.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    # The municipality's own number is public contact information, not personal data.
    setup_logging(settings.log_level, keep_phones=[settings.municipality_phone])
    app = FastAPI(
        title="Zorgwegwijzer API",
        description="Chat en wegwijzer voor zorg en ondersteuning thuis.",
        version="0.1.0",
        lifespan=lifespan,
        # /docs is served by api/routes/pages.py with its own CSP; ReDoc and the OAuth2 page
        # are not used.
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        # /api/chat/ is a 404, not a 307 to an address built from the client's Host header.
        redirect_slashes=False,
    )
    app.state.settings = settings
    app.state.feedback = FeedbackStore.from_settings(settings)
    app.state.tracker = TrackerDatabase.from_settings(settings)
    app.state.insights = InsightsBuilder(tracker_db_url(settings), feedback_db_url(settings))
    app.state.given_answers = GivenAnswers()
    app.state.docs_html = docs_html(app)
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router)
    _add_middleware(app, settings)
    return app


def limiter(settings: Settings) -> SlidingWindowLimiter | RedisSlidingWindowLimiter:
    """Shared by every API process through Redis when one is configured, else per process."""
    if settings.lock_store_url:
        return RedisSlidingWindowLimiter(settings.lock_store_url, settings.rate_limit_per_minute)
    return SlidingWindowLimiter(settings.rate_limit_per_minute)


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    # Added inner to outer: the access log sees every answer, also 413/429 and CORS
    # rejections; CORS headers are on 413/429 too, so a widget elsewhere can read them.
    # The rate limit is middleware, not a dependency, so it also counts bodies that are too
    # large or cannot be parsed (FastAPI answers those before any dependency runs).
    app.add_middleware(errors.UnexpectedErrorMiddleware)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.state.limiter = limiter(settings) if settings.rate_limit_per_minute else None
    if app.state.limiter is not None:
        app.add_middleware(
            RateLimitMiddleware,
            limiter=app.state.limiter,
            prefixes=RATE_LIMITED_PREFIXES,
            trust_proxy=settings.trust_proxy,
        )
    if settings.allowed_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.allowed_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type"],
        )
    app.add_middleware(
        SecurityHeadersMiddleware,
        per_path={
            "/": {
                "Content-Security-Policy": page_csp(
                    settings.allowed_origins, settings.frame_ancestors
                )
            },
            "/docs": {"Content-Security-Policy": docs_csp(app.state.docs_html)},
            "/beheer": {"Content-Security-Policy": ADMIN_CSP},
            "/privacy": {
                "Content-Security-Policy": page_csp(
                    settings.allowed_origins, settings.frame_ancestors
                )
            },
            # The widget is loaded by <script src> from municipal websites on other origins.
            "/widget.js": {"Cross-Origin-Resource-Policy": "cross-origin"},
        },
    )
    app.add_middleware(AccessLogMiddleware)


app = create_app()
