"""POST /api/eligibility: the wegwijzer's engine as an API."""

from fastapi import APIRouter

from api.routes.json_body import JsonBodyRoute
from api.routes.responses import ERROR_413, ERROR_415, ERROR_429
from bot.domain.eligibility import EligibilityInput, EligibilityOutput, evaluate

router = APIRouter(route_class=JsonBodyRoute)


@router.post(
    "/api/eligibility",
    response_model=EligibilityOutput,
    summary="Welke wet, welk loket en welk pakket past",
    responses={413: ERROR_413, 415: ERROR_415, 429: ERROR_429},
)
async def eligibility(body: EligibilityInput):
    # Same engine as the chat's wegwijzer: the rules live once, in bot/domain/eligibility.
    return evaluate(body)
