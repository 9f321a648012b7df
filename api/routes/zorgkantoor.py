"""GET /api/zorgkantoor?q=...: the zorgkantoorregio of a postcode, woonplaats or gemeente."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api import texts
from api.errors import InvalidInput
from api.routes.responses import ERROR_429
from api.schemas import ErrorResponse
from bot.domain import zorgkantoor

router = APIRouter()


@router.get(
    "/api/zorgkantoor",
    summary="Welk zorgkantoor hoort bij een postcode of woonplaats",
    responses={
        404: {"model": ErrorResponse, "description": texts.ZORGKANTOOR_NOT_FOUND},
        429: ERROR_429,
    },
)
async def find_zorgkantoor(
    q: str = Query(
        ...,
        max_length=zorgkantoor.MAX_QUERY_LENGTH,
        description="Postcode (4 cijfers is genoeg), woonplaats of gemeente.",
        # FastAPI 0.99 puts these in the parameter's JSON Schema, where examples is a list.
        examples=["3511", "Zwolle"],
    ),
) -> Any:
    try:
        result = zorgkantoor.find(q)
    except zorgkantoor.InvalidQuery:
        raise InvalidInput() from None
    sources = zorgkantoor.sources()
    if isinstance(result, zorgkantoor.Match):
        return {**result.to_dict(), "alternatives": [], "sources": sources}
    if isinstance(result, zorgkantoor.Ambiguous):
        # The gemeente where the name is most used first (most postcodes); the others listed.
        main, *others = result.options
        return {**main.to_dict(), "alternatives": [m.to_dict() for m in others], "sources": sources}
    return JSONResponse(
        status_code=404,
        content={
            "detail": texts.ZORGKANTOOR_NOT_FOUND,
            "suggestions": list(result.suggestions),
        },
    )
