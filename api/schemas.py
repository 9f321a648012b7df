"""Request and response models of the public API (pydantic v1, shared with Rasa's pin)."""
from __future__ import annotations

from typing import List, Optional

from pydantic import BaseModel, Field, StrictStr, validator

MAX_MESSAGE_CHARS = 1000
SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"


class ChatRequest(BaseModel):
    session_id: Optional[str] = Field(
        None,
        regex=SESSION_ID_PATTERN,
        description="Leeg bij het eerste bericht; daarna de session_id uit het antwoord.",
    )
    # The 1000-character limit is checked in the endpoint: too long is 413, not 422.
    message: StrictStr = Field(..., description="Het bericht van de inwoner.")

    @validator("message")
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("het bericht is leeg")
        return value

    class Config:
        extra = "forbid"
        schema_extra = {"example": {"session_id": None, "message": "wat is dagbesteding?"}}


class Button(BaseModel):
    title: str
    payload: str


class Contact(BaseModel):
    name: str
    phone: str
    hours: str
    url: str


class BotMessage(BaseModel):
    text: str
    buttons: List[Button] = []
    handoff: Optional[Contact] = Field(
        None, description="Aanwezig als de inwoner een medewerker wil spreken."
    )


class ChatResponse(BaseModel):
    session_id: str
    messages: List[BotMessage]


class ErrorResponse(BaseModel):
    detail: str
