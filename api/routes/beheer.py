"""/beheer: insights for the municipality, behind ZWW_ADMIN_TOKEN.

How a browser gets in, given that plain navigation cannot send a Bearer header:
  * GET /beheer without a valid `Authorization: Bearer` header answers 401 with a small page
    that holds only the token field and the period: no data at all. Its script (served by
    this app, /beheer/beheer.js) keeps the token in the page's memory, never in a cookie or
    storage, and sends it as a Bearer header to /beheer/api/report, which returns the report
    rendered on the server. So there is no session to steal, no CSRF (a cookie-less header
    cannot be sent by another site), and closing the tab logs out.
  * GET /beheer with the header (curl, a script) answers 200 with the report in the page.
  * /beheer/api/insights (JSON) and /beheer/api/insights.csv need the header too.
The whole prefix is 404 while no token is set, rate limited (api/main.py), never cached and
marked noindex (api/security.py); the public page does not link here.
"""

from __future__ import annotations

import asyncio
import hmac
from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from api import deps
from api.errors import InvalidInput
from api.insights_page import report_html, shell_html
from bot.settings import Settings
from bot.storage.insights import Insights, InsightsBuilder, Period, to_csv

STATIC = Path(__file__).resolve().parent.parent / "static"
PREFIX = "/beheer"

router = APIRouter(include_in_schema=False)


def enabled(settings: Settings = Depends(deps.settings)) -> Settings:
    if not settings.admin_enabled:
        raise HTTPException(status_code=404, detail="Niet gevonden.")
    return settings


def token_ok(request: Request, settings: Settings) -> bool:
    """Constant-time comparison of the Bearer token (hmac.compare_digest on bytes)."""
    assert settings.admin_token is not None
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    expected = settings.admin_token.get_secret_value().encode()
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), expected)


def authorized(request: Request, settings: Settings = Depends(enabled)) -> Settings:
    if not token_ok(request, settings):
        raise HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"})
    return settings


def builder(request: Request) -> InsightsBuilder:
    return request.app.state.insights


def period(
    start: str | None = Query(None, alias="from", description="Eerste dag, JJJJ-MM-DD."),
    end: str | None = Query(None, alias="to", description="Laatste dag, JJJJ-MM-DD."),
) -> Period:
    try:
        return Period.parse(start, end)
    except ValueError as error:
        raise InvalidInput([{"field": "from", "message": str(error)}]) from error


async def _insights(settings: Settings, build: InsightsBuilder, chosen: Period) -> Insights:
    return await asyncio.to_thread(
        build.build, chosen, settings.keep_unanswered, (settings.municipality_phone,)
    )


@router.get(PREFIX)
async def page(
    request: Request,
    settings: Settings = Depends(enabled),
    build: InsightsBuilder = Depends(builder),
    chosen: Period = Depends(period),
):
    shell = shell_html(settings.municipality_name, chosen.start.isoformat(), chosen.end.isoformat())
    if not token_ok(request, settings):
        return HTMLResponse(shell, status_code=401, headers={"WWW-Authenticate": "Bearer"})
    report = report_html(await _insights(settings, build, chosen))
    marker = '<div id="report"></div>'
    filled = f'<div id="report">{report}</div>'
    return HTMLResponse(shell.replace(marker, filled))


@router.get(f"{PREFIX}/beheer.js")
async def script(_: Settings = Depends(enabled)):
    return FileResponse(STATIC / "beheer.js", media_type="text/javascript")


@router.get(f"{PREFIX}/beheer.css")
async def style(_: Settings = Depends(enabled)):
    return FileResponse(STATIC / "beheer.css", media_type="text/css")


@router.get(f"{PREFIX}/api/report")
async def report(
    settings: Settings = Depends(authorized),
    build: InsightsBuilder = Depends(builder),
    chosen: Period = Depends(period),
):
    return HTMLResponse(report_html(await _insights(settings, build, chosen)))


@router.get(f"{PREFIX}/api/insights")
async def insights_json(
    settings: Settings = Depends(authorized),
    build: InsightsBuilder = Depends(builder),
    chosen: Period = Depends(period),
):
    return JSONResponse((await _insights(settings, build, chosen)).as_dict())


@router.get(f"{PREFIX}/api/insights.csv")
async def insights_csv(
    settings: Settings = Depends(authorized),
    build: InsightsBuilder = Depends(builder),
    chosen: Period = Depends(period),
):
    name = f"zorgwegwijzer-inzicht-{chosen.start.isoformat()}-{chosen.end.isoformat()}.csv"
    return Response(
        # A BOM so that Excel reads the UTF-8 (é in "Eén aanbieder") correctly.
        "\ufeff" + to_csv(await _insights(settings, build, chosen)),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
