"""The demo page, the widget and the API documentation (with its own CSP)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from api import deps
from api.privacy_page import privacy_html
from bot.settings import Settings

STATIC = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(include_in_schema=False)


def docs_html(app: FastAPI) -> str:
    """Swagger UI's page; its inline script is allowed by hash in the /docs CSP."""
    assert app.openapi_url is not None, "the /docs page needs the OpenAPI schema"
    return get_swagger_ui_html(
        openapi_url=app.openapi_url, title=f"{app.title} - documentatie"
    ).body.decode()


@router.get("/docs")
async def docs(request: Request):
    return HTMLResponse(request.app.state.docs_html)


@router.get("/")
async def demo_page():
    return FileResponse(STATIC / "index.html", media_type="text/html")


@router.get("/widget.js")
async def widget():
    return FileResponse(STATIC / "widget.js", media_type="text/javascript")


@router.get("/privacy")
async def privacy(settings: Settings = Depends(deps.settings)):
    """What is stored, for how long, who is responsible, how to remove it (from the settings)."""
    return HTMLResponse(privacy_html(settings))
