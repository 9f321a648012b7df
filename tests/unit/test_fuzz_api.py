"""Property-based fuzzing of the public endpoints with Rasa down.

Hundreds of malformed requests (wrong types, missing and unknown fields, huge strings, any
unicode, nested junk, bytes that are not JSON, wrong content types) to /api/chat,
/api/eligibility, /api/feedback and DELETE /api/session/{id}. The only 5xx allowed is the
documented 503 "chat niet bereikbaar" for a /api/chat body that is otherwise valid.
"""

import json
from urllib.parse import quote

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from api.main import create_app
from api.schemas import MAX_MESSAGE_CHARS, ChatRequest
from api.texts import UNAVAILABLE
from bot.runtime.launcher import free_port
from bot.settings import Settings

MIN_REQUESTS = 500
ENDPOINTS = ("/api/chat", "/api/eligibility", "/api/feedback")
FIELDS = [
    "session_id",
    "message",
    "answer_key",
    "rating",
    "for_whom",
    "age",
    "needs",
    "permanent_full_day_care",
    "has_wlz_indication",
    "living_preference",
    "single_provider",
    "self_arranged",
    "informal_care_available",
    "home_safe",
    "urgent",
    "terminal",
]
CONTENT_TYPES = [
    None,
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
    "application/vnd.api+json",
    "application/json; charset=latin-1",
    "json",
    "*/*",
    "application/json\t;;;",
]

any_text = st.text(st.characters(blacklist_categories=()), max_size=60)  # incl. surrogates
huge_text = st.integers(900, 20_000).map(lambda n: "x" * n)
# A URL path can only carry characters that encode as UTF-8: no lone surrogates (an HTTP
# client cannot even send them; the test client raised before any request was made).
path_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | any_text
    | huge_text
    | st.sampled_from(["up", "down", "self", "home", "faq/vpt", "a" * 16, "household", "0"])
)
junk = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(any_text | st.sampled_from(FIELDS), inner, max_size=4),
    max_leaves=12,
)
field_shaped = st.dictionaries(st.sampled_from(FIELDS) | any_text, junk, max_size=6)


def encode(value) -> bytes:
    return json.dumps(value).encode()


bodies = st.one_of(
    field_shaped.map(encode),
    junk.map(encode),
    st.binary(max_size=300),  # not JSON at all
    st.integers(1, 4000).map(lambda depth: b"[" * depth + b"]" * depth),  # deep nesting
    field_shaped.map(lambda d: encode(d)[:-1]),  # truncated JSON
    field_shaped.map(lambda d: encode(d).decode().encode("utf-16")),  # wrong encoding
    st.builds(
        lambda m, s: encode({"message": m, "session_id": s}),  # almost right
        any_text | huge_text,
        st.none() | any_text,
    ),
)
requests = st.tuples(bodies, st.sampled_from(CONTENT_TYPES))


def valid_chat(body: bytes) -> bool:
    """Would /api/chat accept this body if Rasa were up?"""
    try:
        request = ChatRequest.parse_raw(body)
    except (ValidationError, ValueError):
        return False
    return len(request.message) <= MAX_MESSAGE_CHARS


def check(response, path: str, body: bytes) -> None:
    status = response.status_code
    if status == 503:
        assert path == "/api/chat" and response.json() == {"detail": UNAVAILABLE}
        assert valid_chat(body), body[:200]
    else:
        assert status < 500, (path, status, body[:200])
    if status >= 400:
        detail = response.json()["detail"]
        assert isinstance(detail, str) and detail


def test_fuzzed_requests_never_cause_a_server_error(tmp_path):
    app_settings = Settings(
        rasa_port=free_port(),
        action_port=free_port(),
        data_dir=tmp_path,
        rate_limit_per_minute=0,
        log_level="WARNING",
    )
    sent: list[int] = []  # statuses of the POSTs to ENDPOINTS
    deletes: list[int] = []
    with TestClient(create_app(app_settings)) as client:

        @settings(
            max_examples=200,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(request=requests, session_path=path_text)
        def fuzz(request, session_path):
            body, content_type = request
            headers = {"Content-Type": content_type} if content_type else {}
            for path in ENDPOINTS:
                response = client.post(path, content=body, headers=headers)
                sent.append(response.status_code)
                check(response, path, body)
            response = client.delete("/api/session/" + quote(session_path, safe=""))
            deletes.append(response.status_code)
            assert response.status_code in (204, 404, 405, 422), response.status_code

        fuzz()

    assert len(sent) >= MIN_REQUESTS, len(sent)
    # The fuzzing reached past validation too, not only the parsers.
    assert {400, 413, 422} <= set(sent) and (201 in sent or 200 in sent)
