"""Error answers as documented in OpenAPI, shared by the routes."""

from api import texts
from api.schemas import ErrorResponse

ERROR_413 = {"model": ErrorResponse, "description": texts.DOC_413}
ERROR_415 = {"model": ErrorResponse, "description": texts.DOC_415}
ERROR_429 = {"model": ErrorResponse, "description": texts.DOC_429}
ERROR_503 = {"model": ErrorResponse}
