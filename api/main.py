"""Public HTTP edge: chat relay, eligibility check, feedback, forgetting a conversation,
health, demo page and widget.

Rasa and the action server listen on 127.0.0.1 only; this app is the one public surface.
"""
from __future__ import annotations

import asyncio
import logging
import secrets
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI, Path as PathParam, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.access_log import AccessLogMiddleware, remember_session
from api.answer_keys import AnswerKeys, load_faq_keys
from api.logging_setup import setup_logging
from api.rasa_client import DialogueUnavailable, RasaClient, to_messages
from api.rate_limit import RateLimitMiddleware, SlidingWindowLimiter
from api.schemas import (
    MAX_MESSAGE_CHARS,
    SESSION_ID_PATTERN,
    ChatRequest,
    ChatResponse,
    ErrorResponse,
    FeedbackRequest,
    FeedbackResponse,
    is_session_id,
)
from api.security import BodySizeLimitMiddleware, SecurityHeadersMiddleware, docs_csp, page_csp
from bot.runtime import spacy_pipeline
from bot.domain.eligibility import EligibilityInput, EligibilityOutput, evaluate
from bot.storage.feedback_store import FeedbackStore
from bot.settings import Settings, get_settings
from bot.storage.tracker_db import TrackerDatabase

STATIC = Path(__file__).with_name("static")
UNAVAILABLE = (
    "De chat is even niet bereikbaar. Probeer het over een paar minuten opnieuw. "
    "Heeft u nu hulp nodig? Neem dan contact op met de gemeente."
)
TOO_LONG = f"Uw bericht is te lang. Gebruik maximaal {MAX_MESSAGE_CHARS} tekens."
INVALID = "De aanvraag is niet geldig."
FEEDBACK_UNAVAILABLE = "Uw beoordeling kon nu niet worden opgeslagen. Probeer het later opnieuw."
DELETE_UNAVAILABLE = "Het gesprek kon nu niet worden verwijderd. Probeer het later opnieuw."
SERVER_ERROR = "Er ging iets mis. Probeer het later opnieuw."
HTTP_ERRORS = {
    400: "De aanvraag kon niet worden gelezen.",
    404: "Dit adres bestaat niet.",
    405: "Deze methode is hier niet toegestaan.",
}
# A database that is down, locked too long, or a data directory that cannot be written.
STORE_ERRORS = (SQLAlchemyError, OSError)
RATE_LIMITED_PREFIXES = ("/api/chat", "/api/feedback", "/api/eligibility", "/api/session/")

ERROR_413 = {"model": ErrorResponse, "description": "De aanvraag of het bericht is te groot."}
ERROR_429 = {"model": ErrorResponse,
             "description": "Te veel aanvragen van dit adres; de header Retry-After zegt hoe "
                            "lang u moet wachten (ZWW_RATE_LIMIT_PER_MINUTE)."}

logger = logging.getLogger("api")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    # The municipality's own number is public contact information, not personal data.
    setup_logging(settings.log_level, keep_phones=[settings.municipality_phone])
    answer_keys = AnswerKeys(load_faq_keys())
    feedback = FeedbackStore.from_settings(settings)
    tracker = TrackerDatabase.from_settings(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.rasa = RasaClient(settings.rasa_base_url, settings.rasa_timeout_seconds)
        app.state.http = httpx.AsyncClient(timeout=2.0)
        yield
        await app.state.rasa.close()
        await app.state.http.aclose()
        feedback.dispose()
        tracker.dispose()

    app = FastAPI(
        title="Zorgwegwijzer API",
        description="Chat en wegwijzer voor zorg en ondersteuning thuis.",
        version="0.1.0",
        lifespan=lifespan,
        # /docs is served below with its own CSP; ReDoc and the OAuth2 page are not used.
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    docs_html = get_swagger_ui_html(
        openapi_url=app.openapi_url, title=f"{app.title} - documentatie"
    ).body.decode()

    # Added inner to outer: the access log sees every answer, also 413/429 and CORS
    # rejections; CORS headers are on 413/429 too, so a widget elsewhere can read them.
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    if settings.rate_limit_per_minute:
        app.add_middleware(
            RateLimitMiddleware,
            limiter=SlidingWindowLimiter(settings.rate_limit_per_minute),
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
    app.add_middleware(SecurityHeadersMiddleware, per_path={
        "/": {"Content-Security-Policy": page_csp(settings.allowed_origins,
                                                  settings.frame_ancestors)},
        "/docs": {"Content-Security-Policy": docs_csp(docs_html)},
        # The widget is loaded by <script src> from municipal websites on other origins.
        "/widget.js": {"Cross-Origin-Resource-Policy": "cross-origin"},
    })
    app.add_middleware(AccessLogMiddleware)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"] if p != "body"), "message": e["msg"]}
            for e in exc.errors()
        ]
        return JSONResponse(
            status_code=422,
            content=jsonable_encoder({"detail": INVALID, "errors": errors}),
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = HTTP_ERRORS.get(exc.status_code, "De aanvraag kon niet worden verwerkt.")
        return JSONResponse(status_code=exc.status_code, content={"detail": detail},
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> JSONResponse:
        # Starlette re-raises after this, so uvicorn still logs the traceback (redacted).
        return JSONResponse(status_code=500, content={"detail": SERVER_ERROR})

    @app.post(
        "/api/chat",
        response_model=ChatResponse,
        response_model_exclude_none=True,
        responses={413: ERROR_413, 429: ERROR_429, 503: {"model": ErrorResponse}},
    )
    async def chat(body: ChatRequest, request: Request):
        if len(body.message) > MAX_MESSAGE_CHARS:
            return JSONResponse(status_code=413, content={"detail": TOO_LONG})
        # Random and unguessable: knowing a session id means reading that conversation.
        session_id = body.session_id or secrets.token_urlsafe(24)
        remember_session(request.scope.setdefault("state", {}), session_id)
        try:
            rasa_messages = await request.app.state.rasa.send(session_id, body.message)
        except DialogueUnavailable as error:
            logger.warning("rasa unreachable (%s)", type(error.__cause__ or error).__name__)
            return JSONResponse(status_code=503, content={"detail": UNAVAILABLE})
        messages = to_messages(rasa_messages)
        for message in messages:
            key = message.get("answer_key") or answer_keys.key_for(message["text"])
            if key:
                message["answer_key"] = key
        return {"session_id": session_id, "messages": messages}

    @app.post("/api/eligibility", response_model=EligibilityOutput,
              summary="Welke wet, welk loket en welk pakket past",
              responses={413: ERROR_413, 429: ERROR_429})
    async def eligibility(body: EligibilityInput):
        # Same engine as the chat's wegwijzer: the rules live once, in bot/domain/eligibility.
        return evaluate(body)

    @app.post(
        "/api/feedback", status_code=201, response_model=FeedbackResponse,
        summary="Duim omhoog of omlaag voor een antwoord",
        description="Bewaart alleen de session_id, de answer_key en de tijd (UTC), nooit de "
                    "tekst van een bericht. Een tweede beoordeling van hetzelfde antwoord "
                    "in hetzelfde gesprek vervangt de eerste.",
        responses={413: ERROR_413, 429: ERROR_429, 503: {"model": ErrorResponse}},
    )
    async def give_feedback(body: FeedbackRequest, request: Request):
        remember_session(request.scope.setdefault("state", {}), body.session_id)
        try:
            await asyncio.to_thread(feedback.add, body.session_id, body.answer_key, body.rating)
        except STORE_ERRORS as error:
            logger.error("feedback not stored (%s)", type(error).__name__)
            return JSONResponse(status_code=503, content={"detail": FEEDBACK_UNAVAILABLE})
        return {"status": "ok"}

    @app.delete(
        "/api/session/{session_id}", status_code=204, response_class=Response,
        summary="Gesprek en feedback verwijderen",
        description="Verwijdert het gesprek uit de opslag van Rasa en de feedback van dit "
                    "gesprek. Altijd 204, ook als er niets was: zo verraadt het antwoord niet "
                    "of een gesprek bestond. Een nieuw bericht met dezelfde session_id begint "
                    "een nieuw gesprek.",
        responses={422: {"description": "Ongeldige session_id."}, 429: ERROR_429,
                   503: {"model": ErrorResponse}},
    )
    async def forget_session(
        request: Request,
        session_id: str = PathParam(..., regex=SESSION_ID_PATTERN),
    ):
        if not is_session_id(session_id):
            return JSONResponse(status_code=422, content={
                "detail": INVALID,
                "errors": [{"field": "session_id", "message": "ongeldige session_id"}],
            })
        remember_session(request.scope.setdefault("state", {}), session_id)
        try:
            await asyncio.to_thread(tracker.delete_conversation, session_id)
            await asyncio.to_thread(feedback.delete_session, session_id)
        except STORE_ERRORS as error:
            logger.error("conversation not deleted (%s)", type(error).__name__)
            return JSONResponse(status_code=503, content={"detail": DELETE_UNAVAILABLE})
        return Response(status_code=204)

    @app.get("/api/health")
    async def health(request: Request):
        async def up(url: str) -> bool:
            try:
                return (await request.app.state.http.get(url)).status_code == 200
            except httpx.HTTPError:
                return False

        rasa_up, actions_up = await asyncio.gather(
            request.app.state.rasa.is_up(), up(f"{settings.action_url}/health")
        )
        info = spacy_pipeline.read_info()
        body = {
            "status": "ok" if rasa_up and actions_up else "degraded",
            "api": "ok",
            "rasa": "ok" if rasa_up else "onbereikbaar",
            "action_server": "ok" if actions_up else "onbereikbaar",
            "spacy_pipeline": info.pipeline if info else None,
            "spacy_official_model": info.official if info else None,
            "spacy_notice": info.notice() if info else "spaCy-pipeline is nog niet gebouwd",
        }
        return JSONResponse(status_code=200 if body["status"] == "ok" else 503, content=body)

    @app.get("/docs", include_in_schema=False)
    async def docs():
        return HTMLResponse(docs_html)

    @app.get("/", include_in_schema=False)
    async def demo_page():
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/widget.js", include_in_schema=False)
    async def widget():
        return FileResponse(STATIC / "widget.js", media_type="text/javascript")

    return app


app = create_app()
