"""Structured JSON logs: one line per request, no resident text, personal data masked."""

import hashlib
import io
import json
import logging

import pytest
from fastapi.testclient import TestClient

from api.logging_setup import RedactingFilter, setup_logging
from api.main import create_app
from bot.runtime.launcher import free_port
from bot.settings import Settings

SESSION = "Zx81_secret-session-id-0042"


@pytest.fixture()
def log():
    stream = io.StringIO()
    # Most verbose level: resident text must not show up at ANY level.
    setup_logging("DEBUG", keep_phones=["020 123 4567"], stream=stream)
    yield stream


def lines(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.fixture()
def client(tmp_path):
    settings = Settings(
        rasa_port=free_port(),
        action_port=free_port(),
        data_dir=tmp_path,
        rate_limit_per_minute=0,
        municipality_phone="020 123 4567",
    )
    app = create_app(settings)
    with TestClient(app) as c:
        yield c


def access_lines(stream) -> list[dict]:
    return [line for line in lines(stream) if line["logger"] == "api.access"]


def test_one_json_line_per_request_without_query_string(client, log):
    client.get("/api/health?bsn=123456782&email=jan@voorbeeld.nl")
    client.post("/api/eligibility", json={"age": 80})
    first, second = access_lines(log)
    assert first["method"] == "GET" and first["path"] == "/api/health"
    assert first["status"] == 503 and isinstance(first["latency_ms"], float)
    assert second["path"] == "/api/eligibility" and second["status"] == 200
    assert first["level"] == "INFO" and first["time"].endswith("Z")
    assert "123456782" not in log.getvalue() and "voorbeeld" not in log.getvalue()


def test_session_id_is_logged_hashed_never_in_clear(client, log):
    client.post("/api/chat", json={"session_id": SESSION, "message": "hallo"})
    client.delete(f"/api/session/{SESSION}")
    chat, delete = access_lines(log)
    expected = hashlib.sha256(SESSION.encode()).hexdigest()[:12]
    assert chat["session"] == expected and delete["session"] == expected
    assert delete["path"] == "/api/session/{session_id}"
    assert SESSION not in log.getvalue()


def test_resident_message_is_never_logged(client, log):
    text = "mijn moeder Geertruida woont alleen, bsn 123456782"
    client.post("/api/chat", json={"message": text})
    client.post("/api/chat", json={"message": text + " x" * 600})  # 413
    client.post("/api/chat", json={"message": text, "extra": 1})  # 422
    output = log.getvalue()
    assert "Geertruida" not in output and "123456782" not in output
    assert [line["status"] for line in access_lines(log)] == [503, 413, 422]


def test_filter_masks_message_args_extras_and_exceptions(log):
    logger = logging.getLogger("api.test")
    logger.info("bsn %s tel %s", "123456782", "06-12345678", extra={"note": "mail jan@x.nl"})
    try:
        raise ValueError("kon 0031 6 12345678 niet bellen")
    except ValueError:
        logger.exception("fout voor %s", "marie@voorbeeld.nl")
    info, error = lines(log)
    assert info["message"] == "bsn [BSN] tel [telefoon]"
    assert info["note"] == "mail [e-mail]"
    assert error["message"] == "fout voor [e-mail]"
    assert "[telefoon]" in error["exception"] and "12345678" not in error["exception"]


def test_municipality_number_is_not_masked(log):
    logging.getLogger("api.test").warning("bel de gemeente: 020 123 4567 of 14 0123")
    assert lines(log)[0]["message"] == "bel de gemeente: 020 123 4567 of 14 0123"


def test_bot_domain_logs_are_redacted_too(log):
    logging.getLogger("bot.something").warning("antwoord aan 06 1234 5678")
    assert lines(log)[0]["message"] == "antwoord aan [telefoon]"


def test_uvicorn_handlers_get_the_filter(log):
    # uvicorn configures its handlers before it imports the app; they must mask as well.
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    uvicorn_error = logging.getLogger("uvicorn.error")
    uvicorn_error.addHandler(handler)
    try:
        setup_logging("INFO", stream=io.StringIO())
        uvicorn_error.error("Exception in ASGI application: %s", "bsn 1234.56.782")
    finally:
        uvicorn_error.removeHandler(handler)
    assert stream.getvalue().strip() == "Exception in ASGI application: bsn [BSN]"
    assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1


def test_setup_twice_keeps_one_handler(log):
    setup_logging("INFO", stream=log)
    logging.getLogger("api.test").warning("eens")
    assert len(lines(log)) == 1


def test_a_broken_format_string_is_still_logged_and_masked(log):
    logging.getLogger("api.test").warning("twee plekken %s %s", "jan@voorbeeld.nl")
    message = lines(log)[0]["message"]
    assert "twee plekken" in message and "[e-mail]" in message and "voorbeeld" not in message
