"""Request and response models of the public API (pydantic v1, shared with Rasa's pin)."""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from pydantic import BaseModel, Field, PydanticValueError, StrictStr, validator

MAX_MESSAGE_CHARS = 1000
SESSION_ID_ALPHABET = "[A-Za-z0-9_-]"
SESSION_ID_CHARS = SESSION_ID_ALPHABET + "{16,64}"
SESSION_ID_PATTERN = f"^{SESSION_ID_CHARS}$"
ANSWER_KEY_CHARS = r"[a-z0-9_/:-]+"
ANSWER_KEY_PATTERN = f"^{ANSWER_KEY_CHARS}$"
MAX_ANSWER_KEY_CHARS = 100
# The only control characters a message keeps: they shape it. The others can only do harm
# (terminal escapes in a log, NUL in a database) or nothing at all.
KEPT_CONTROLS = "\n\t"


class InputError(PydanticValueError):
    """A check of our own. The `code` names its Dutch text in api/texts.py FIELD_ERRORS;
    the English template is for tracebacks only and never sent."""

    msg_template = "invalid input"


class InvalidSessionId(InputError):
    code = "session_id"


class InvalidAnswerKey(InputError):
    code = "answer_key"


class EmptyMessage(InputError):
    code = "message_empty"


class UnreadableMessage(InputError):
    code = "message_encoding"


def without_controls(text: str) -> str:
    return "".join(c for c in text if c in KEPT_CONTROLS or unicodedata.category(c) != "Cc")


def has_visible_text(text: str) -> bool:
    """Whether anything shows: spaces and separators (Z*), controls and format characters
    such as a zero-width space or a soft hyphen (C*) do not, not even many of them."""
    return any(unicodedata.category(c)[0] not in "CZ" for c in text)


def is_session_id(value: object) -> bool:
    """The pattern on the whole string: pydantic's regex check uses re.match, where `$` also
    matches before a final newline, so "<valid id>\\n" would slip through to Rasa."""
    return isinstance(value, str) and re.fullmatch(SESSION_ID_CHARS, value) is not None


class SessionId(str):
    """A session id, the one definition for request bodies and paths alike: a string (no
    number turned into one) matching the pattern on the whole string."""

    @classmethod
    def __get_validators__(cls):
        yield cls.validate

    @classmethod
    def __modify_schema__(cls, schema: dict) -> None:
        schema.update(type="string", pattern=SESSION_ID_PATTERN, minLength=16, maxLength=64)

    @classmethod
    def validate(cls, value: object) -> str:
        if not is_session_id(value):
            raise InvalidSessionId()
        return value  # type: ignore[return-value]


class ChatRequest(BaseModel):
    session_id: SessionId | None = Field(
        None,
        description="Leeg bij het eerste bericht; daarna de session_id uit het antwoord.",
    )
    # The 1000-character limit is checked in the endpoint: too long is 413, not 422.
    message: StrictStr = Field(..., description="Het bericht van de inwoner.")

    @validator("message")
    def _real_text(cls, value: str) -> str:
        try:
            # JSON may carry lone surrogates ("\ud800"): not text, and Rasa would choke on it.
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise UnreadableMessage() from None
        if not has_visible_text(value):
            raise EmptyMessage()
        return without_controls(value)

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
    buttons: list[Button] = []
    handoff: Contact | None = Field(
        None, description="Aanwezig als de inwoner een medewerker wil spreken."
    )
    answer_key: str | None = Field(
        None,
        description="Vaste sleutel van dit antwoord, voor POST /api/feedback: 'faq/<onderwerp>' "
        "voor een FAQ-antwoord, 'wegwijzer/advice' voor het advies van de wegwijzer. Vragen "
        "en korte reacties hebben geen sleutel.",
        example="faq/dagbesteding",
    )
    local: bool | None = Field(
        None,
        description="true: lokale informatie van de gemeente bij het antwoord hiervoor "
        "(ZWW_LOCAL_CONTENT).",
    )


class ChatResponse(BaseModel):
    session_id: str
    messages: list[BotMessage]


class ErrorResponse(BaseModel):
    detail: str


class FeedbackRequest(BaseModel):
    session_id: SessionId = Field(..., description="De session_id van het gesprek.")
    answer_key: StrictStr = Field(
        ...,
        max_length=MAX_ANSWER_KEY_CHARS,
        regex=ANSWER_KEY_PATTERN,
        description="De answer_key van het beoordeelde antwoord.",
    )
    rating: Literal["up", "down"] = Field(..., description="Duim omhoog of omlaag.")

    @validator("answer_key")
    def _whole_answer_key(cls, value: str) -> str:
        if re.fullmatch(ANSWER_KEY_CHARS, value) is None:
            raise InvalidAnswerKey()
        return value

    class Config:
        extra = "forbid"
        schema_extra = {
            "example": {
                "session_id": "k3Jx9_ZpQ2m8VbT1nW4yR7sA0cE5dF6g",
                "answer_key": "faq/dagbesteding",
                "rating": "up",
            }
        }


class FeedbackResponse(BaseModel):
    status: str = Field("ok", example="ok")
