"""Routes whose body must be declared JSON."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from api.errors import NotJson

JSON_MEDIA_TYPE = "application/json"


def is_json(content_type: str | None) -> bool:
    """`application/json`, with or without parameters such as a charset."""
    return (content_type or "").split(";", 1)[0].strip().lower() == JSON_MEDIA_TYPE


class JsonBodyRoute(APIRoute):
    """415 for a route with a body that is not sent as `application/json`, before the body is
    read. FastAPI would read a body without Content-Type as JSON anyway; requiring the
    header also means a browser on another site cannot send the body as a "simple" request
    (text/plain or a form) without the CORS preflight."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self.body_field is None:
            return handler

        async def json_only(request: Request) -> Response:
            if not is_json(request.headers.get("content-type")):
                raise NotJson()
            return await handler(request)

        return json_only
