"""GET /api/health: the API, Rasa, the action server and the spaCy pipeline."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from api import deps, texts
from api.rasa_client import RasaClient
from bot.runtime import spacy_pipeline
from bot.settings import Settings

router = APIRouter()


@router.get("/api/health")
async def health(
    request: Request,
    settings: Settings = Depends(deps.settings),
    rasa: RasaClient = Depends(deps.rasa),
):
    async def up(url: str) -> bool:
        try:
            return (await request.app.state.http.get(url)).status_code == 200
        except httpx.HTTPError:
            return False

    rasa_up, actions_up = await asyncio.gather(rasa.is_up(), up(f"{settings.action_url}/health"))
    info = spacy_pipeline.read_info()
    body = {
        "status": "ok" if rasa_up and actions_up else "degraded",
        "api": "ok",
        "rasa": "ok" if rasa_up else texts.UNREACHABLE,
        "action_server": "ok" if actions_up else texts.UNREACHABLE,
        "spacy_pipeline": info.pipeline if info else None,
        "spacy_official_model": info.official if info else None,
        "spacy_notice": info.notice() if info else texts.NO_SPACY_PIPELINE,
    }
    return JSONResponse(status_code=200 if body["status"] == "ok" else 503, content=body)
