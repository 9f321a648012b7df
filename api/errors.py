"""Domain exceptions of the API and the one place where they, and every other error, become
an HTTP answer: always JSON with a Dutch `detail` (plus `errors` for invalid input)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import texts
from api.rasa_client import DialogueUnavailable

logger = logging.getLogger("api")

# A database that is down, locked too long, or a data directory that cannot be written.
STORE_ERRORS = (SQLAlchemyError, OSError)


class ApiError(Exception):
    """An error the resident's client should see with this status and Dutch detail."""

    status = 500
    detail = texts.SERVER_ERROR

    def __init__(self, errors: list[dict] | None = None) -> None:
        super().__init__(self.detail)
        self.errors = errors


class MessageTooLong(ApiError):
    status, detail = 413, texts.TOO_LONG


class FeedbackNotStored(ApiError):
    status, detail = 503, texts.FEEDBACK_UNAVAILABLE


class ConversationNotDeleted(ApiError):
    status, detail = 503, texts.DELETE_UNAVAILABLE


class InvalidInput(ApiError):
    status, detail = 422, texts.INVALID


def invalid_field(field: str, error_type: str) -> InvalidInput:
    """A 422 like pydantic's, for a check an endpoint makes itself."""
    return InvalidInput([{"field": field, "message": texts.FIELD_ERRORS[error_type]}])


class NotJson(ApiError):
    status, detail = 415, texts.NOT_JSON


def error_response(
    status: int, detail: str, errors: list | None = None, headers: dict | None = None
) -> JSONResponse:
    content: dict[str, Any] = {"detail": detail}
    if errors is not None:
        content["errors"] = errors
    return JSONResponse(status_code=status, content=jsonable_encoder(content), headers=headers)


# Where FastAPI found the value; the field name is what follows.
_LOCATIONS = {"body", "path", "query", "header", "cookie"}
MAX_FIELD_CHARS = 100


def field_name(loc: tuple) -> str:
    """The field of a validation error, safe to echo: a key comes from the client and may hold
    a lone surrogate (which cannot be encoded: a 500) or control characters (which forge
    output where the answer is shown or logged). Those are written as \\uXXXX escapes."""
    parts = list(loc[1:] if loc and loc[0] in _LOCATIONS else loc)
    name = ".".join(str(p) for p in parts)[:MAX_FIELD_CHARS]
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in name)


def field_message(error: Mapping[str, Any]) -> str:
    """The Dutch text for one pydantic error: pydantic's own `msg` is English."""
    template = texts.FIELD_ERRORS.get(error.get("type", ""), texts.FIELD_ERROR_OTHER)
    context = {name: _plain(value) for name, value in (error.get("ctx") or {}).items()}
    try:
        return template.format(**context)
    except (KeyError, IndexError):  # a type whose context lacks a value the text names
        return texts.FIELD_ERROR_OTHER


def _plain(value: Any) -> str:
    """A context value as the client wrote it: enum members by value, lists comma-separated."""
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(_plain(item) for item in value)
    return str(getattr(value, "value", value))


def field_errors(exc: RequestValidationError) -> list[dict]:
    return [{"field": field_name(e["loc"]), "message": field_message(e)} for e in exc.errors()]


async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.detail, exc.errors)


async def _dialogue_unavailable(request: Request, exc: DialogueUnavailable) -> JSONResponse:
    logger.warning("rasa unreachable (%s)", type(exc.__cause__ or exc).__name__)
    return error_response(503, texts.UNAVAILABLE)


async def _invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    return error_response(422, texts.INVALID, field_errors(exc))


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    # Starlette's own detail is English; only the status is passed on.
    detail = texts.HTTP_ERRORS.get(exc.status_code, texts.HTTP_ERROR_OTHER)
    return error_response(exc.status_code, detail, headers=getattr(exc, "headers", None))


async def _server_error(request: Request, exc: Exception) -> JSONResponse:
    # Last resort for an error in a middleware itself: outside the security-header and CORS
    # middleware. Everything inside them is caught by UnexpectedErrorMiddleware.
    return error_response(500, texts.SERVER_ERROR)


class UnexpectedErrorMiddleware:
    """The innermost middleware: a bug in a route or an error handler becomes the Dutch 500
    here, inside the security headers, CORS and access log, so that answer has them all.
    The exception is raised again afterwards, so uvicorn logs the traceback (redacted)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            if not started:
                await error_response(500, texts.SERVER_ERROR)(scope, receive, send)
            raise


def install(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(DialogueUnavailable, _dialogue_unavailable)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _server_error)
