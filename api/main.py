"""Public HTTP edge: chat relay, eligibility check, health, demo page and widget.

Rasa and the action server listen on 127.0.0.1 only; this app is the one public surface.
"""
from __future__ import annotations

import asyncio
import secrets
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse

from api.rasa_client import DialogueUnavailable, RasaClient, to_messages
from api.schemas import MAX_MESSAGE_CHARS, ChatRequest, ChatResponse, ErrorResponse
from bot import spacy_pipeline
from bot.eligibility import EligibilityInput, EligibilityOutput, evaluate
from bot.settings import Settings, get_settings

STATIC = Path(__file__).with_name("static")
UNAVAILABLE = (
    "De chat is even niet bereikbaar. Probeer het over een paar minuten opnieuw. "
    "Heeft u nu hulp nodig? Neem dan contact op met de gemeente."
)
TOO_LONG = f"Uw bericht is te lang. Gebruik maximaal {MAX_MESSAGE_CHARS} tekens."


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.rasa = RasaClient(settings.rasa_base_url, settings.rasa_timeout_seconds)
        app.state.http = httpx.AsyncClient(timeout=2.0)
        yield
        await app.state.rasa.close()
        await app.state.http.aclose()

    app = FastAPI(
        title="Zorgwegwijzer API",
        description="Chat en wegwijzer voor zorg en ondersteuning thuis.",
        version="0.1.0",
        lifespan=lifespan,
    )
    if settings.allowed_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.allowed_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type"],
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"] if p != "body"), "message": e["msg"]}
            for e in exc.errors()
        ]
        return JSONResponse(
            status_code=422,
            content=jsonable_encoder({"detail": "De aanvraag is niet geldig.", "errors": errors}),
        )

    @app.post(
        "/api/chat",
        response_model=ChatResponse,
        response_model_exclude_none=True,
        responses={413: {"model": ErrorResponse}, 503: {"model": ErrorResponse}},
    )
    async def chat(body: ChatRequest, request: Request):
        if len(body.message) > MAX_MESSAGE_CHARS:
            return JSONResponse(status_code=413, content={"detail": TOO_LONG})
        # Random and unguessable: knowing a session id means reading that conversation.
        session_id = body.session_id or secrets.token_urlsafe(24)
        try:
            rasa_messages = await request.app.state.rasa.send(session_id, body.message)
        except DialogueUnavailable:
            return JSONResponse(status_code=503, content={"detail": UNAVAILABLE})
        return {"session_id": session_id, "messages": to_messages(rasa_messages)}

    @app.post("/api/eligibility", response_model=EligibilityOutput,
              summary="Welke wet, welk loket en welk pakket past")
    async def eligibility(body: EligibilityInput):
        # Same engine as the chat's wegwijzer: the rules live once, in bot/eligibility.
        return evaluate(body)

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

    @app.get("/", include_in_schema=False)
    async def demo_page():
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/widget.js", include_in_schema=False)
    async def widget():
        return FileResponse(STATIC / "widget.js", media_type="text/javascript")

    return app


app = create_app()
