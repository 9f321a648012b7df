"""Issue 9, "API and log findings": each finding reproduced against the app, then kept fixed.

The numbers in the test names are the numbers of the findings in the issue.
"""

import hashlib
import io
import json
import os
import re
import stat

import pytest
from fastapi.testclient import TestClient

from api import texts
from api.logging_setup import setup_logging
from api.main import create_app
from api.rate_limit import SlidingWindowLimiter, client_key
from bot.runtime.launcher import free_port
from bot.settings import Settings
from bot.storage.feedback_store import FeedbackStore
from bot.storage.tracker_db import rasa_endpoint_config

SESSION = "Findings_session-000001"
JSON = {"Content-Type": "application/json"}
POST_ENDPOINTS = ("/api/chat", "/api/eligibility", "/api/feedback")


class FakeRasa:
    def __init__(self, answers=()):
        self.answers = list(answers)
        self.sent: list[str] = []

    async def send(self, session_id, message):
        self.sent.append(message)
        return self.answers

    async def close(self):
        pass


@pytest.fixture()
def client(tmp_path):
    settings = Settings(
        rasa_port=free_port(), action_port=free_port(), data_dir=tmp_path, rate_limit_per_minute=0
    )
    with TestClient(create_app(settings)) as c:
        yield c


def has_security_headers(response) -> bool:
    return (
        response.headers.get("x-content-type-options") == "nosniff"
        and response.headers.get("referrer-policy") == "no-referrer"
        and "content-security-policy" in response.headers
    )


# --- 1. a lone surrogate in a JSON key -------------------------------------------------------


@pytest.mark.parametrize("path", POST_ENDPOINTS)
@pytest.mark.parametrize(
    "body",
    [b'{"\\ud800": 1}', b'{"message": "hoi", "\\udfff\\ud800x": 1}', b'{"\\u001b[31m\\n": 1}'],
)
def test_1_surrogate_or_control_characters_in_a_key_are_422_not_500(client, path, body):
    r = client.post(path, content=body, headers=JSON)
    assert r.status_code == 422
    assert has_security_headers(r)
    fields = [e["field"] for e in r.json()["errors"]]
    # Printable ASCII escapes, never the raw character: safe to show and to encode.
    for field in fields:
        assert field.isprintable() and field.encode("ascii")
    assert any("\\u" in field for field in fields)


class BrokenRasa:
    async def send(self, session_id, message):
        raise RuntimeError("unexpected bug")

    async def close(self):
        pass


def test_1_an_unexpected_error_is_dutch_500_json_with_security_headers(tmp_path):
    settings = Settings(
        rasa_port=free_port(),
        action_port=free_port(),
        data_dir=tmp_path,
        allowed_origins=["https://www.voorbeeldstad.nl"],
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        c.app.state.rasa = BrokenRasa()
        r = c.post(
            "/api/chat",
            json={"message": "hallo"},
            headers={"Origin": "https://www.voorbeeldstad.nl"},
        )
    assert r.status_code == 500
    assert r.json() == {"detail": texts.SERVER_ERROR}
    assert has_security_headers(r) and r.headers["cache-control"] == "no-store"
    # The widget on the municipal site can read the Dutch message too.
    assert r.headers["access-control-allow-origin"] == "https://www.voorbeeldstad.nl"


# --- 3. error messages are Dutch ------------------------------------------------------------

ENGLISH = re.compile(
    r"\b(field|value|ensure|required|permitted|valid|type|expected|"
    r"characters|list|none|allowed|string|integer|items)\b",
    re.I,
)


@pytest.mark.parametrize(
    "path,body",
    [
        ("/api/chat", {}),
        ("/api/chat", {"message": 5}),
        ("/api/chat", {"message": None}),
        ("/api/chat", {"message": "hoi", "session_id": "kort", "extra": 1}),
        ("/api/eligibility", {"age": 121, "urgent": "ja", "needs": ["household", "household"]}),
        ("/api/eligibility", {"age": "tachtig", "for_whom": "buurman", "needs": "household"}),
        ("/api/eligibility", {"age": -1, "needs": ["zwemles"], "home_safe": None}),
        ("/api/eligibility", [1, 2]),
        ("/api/feedback", {"session_id": 5, "answer_key": "A" * 200, "rating": "x"}),
        ("/api/feedback", {"session_id": SESSION, "answer_key": "", "rating": 1}),
    ],
)
def test_3_every_field_error_message_is_dutch(client, path, body):
    r = client.post(path, json=body)
    assert r.status_code == 422
    assert r.json()["detail"] == texts.INVALID
    for error in r.json()["errors"]:
        assert error["message"] and not ENGLISH.search(error["message"]), error


def test_3_invalid_json_gets_a_dutch_message(client):
    r = client.post("/api/chat", content=b"{niet json", headers=JSON)
    assert r.status_code == 422
    assert [e["message"] for e in r.json()["errors"]] == [
        texts.FIELD_ERRORS["value_error.jsondecode"]
    ]


def test_3_known_error_types_have_their_own_text(client):
    r = client.post("/api/eligibility", json={"age": 121})
    assert r.json()["errors"] == [
        {"field": "age", "message": "Dit getal mag niet groter zijn dan 120."}
    ]
    r = client.post("/api/chat", json={})
    assert r.json()["errors"] == [{"field": "message", "message": "Dit veld ontbreekt."}]


# --- 5. messages that are empty in effect -----------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "\u200b",
        "\u0000",
        "\u200b\u200d\ufeff",
        " \t\n\r ",
        "\x07\x1b\x7f",
        "\u2028\u3000",
        "\u00ad",
        "\x00 \u200b",
    ],
)
def test_5_messages_without_visible_text_are_empty(client, message):
    client.app.state.rasa = rasa = FakeRasa()
    r = client.post("/api/chat", json={"message": message})
    assert r.status_code == 422
    assert r.json()["errors"] == [
        {"field": "message", "message": texts.FIELD_ERRORS["value_error.message_empty"]}
    ]
    assert rasa.sent == []


def test_5_control_characters_are_removed_except_newline_and_tab(client):
    client.app.state.rasa = rasa = FakeRasa([{"recipient_id": "x", "text": "Dank u."}])
    r = client.post("/api/chat", json={"message": "hallo\x1b[31m\x00 wereld\r\n\tnog\u200b iets"})
    assert r.status_code == 200
    assert rasa.sent == ["hallo[31m wereld\n\tnog\u200b iets"]


# --- 6. rate-limit keys ------------------------------------------------------------------------


def scope(client="203.0.113.7", forwarded=None):
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return {"client": (client, 1234), "headers": headers}


@pytest.mark.parametrize(
    "peer,forwarded,trust,key",
    [
        ("::ffff:198.51.100.7", None, False, "198.51.100.7"),
        ("::ffff:198.51.100.8", None, False, "198.51.100.8"),
        ("10.0.0.2", "::ffff:198.51.100.7", True, "198.51.100.7"),
        ("10.0.0.2", "198.51.100.1:5678", True, "198.51.100.1"),
        ("10.0.0.2", "1.2.3.4, 198.51.100.1:443", True, "198.51.100.1"),
        ("10.0.0.2", "[2001:db8:1:2::1]:443", True, "2001:db8:1:2::/64"),
        ("10.0.0.2", "[2001:db8:1:2::1]", True, "2001:db8:1:2::/64"),
    ],
)
def test_6_client_keys(peer, forwarded, trust, key):
    assert client_key(scope(peer, forwarded), trust_proxy=trust) == key


class Clock:
    now = 1000.0

    def __call__(self):
        return self.now


def test_6_plain_forwarded_ipv6_keys_by_its_64():
    assert client_key(scope("10.0.0.2", "2001:db8:1:2::1"), trust_proxy=True) == "2001:db8:1:2::/64"


def test_6_a_flood_of_new_clients_does_not_reset_a_block():
    clock = Clock()
    limiter = SlidingWindowLimiter(2, window=60, max_clients=10, clock=clock)
    limiter.hit("attacker")
    limiter.hit("attacker")
    assert limiter.hit("attacker") > 0
    for i in range(1000):
        clock.now += 0.01
        limiter.hit(f"other-{i}")
        assert len(limiter) <= 10
    assert limiter.hit("attacker") > 0  # still blocked: eviction skipped it
    clock.now += 60
    assert limiter.hit("attacker") == 0  # the block ends with its window


def test_6_a_table_full_of_blocked_clients_refuses_newcomers_until_a_block_ends():
    clock = Clock()
    limiter = SlidingWindowLimiter(1, window=60, max_clients=3, clock=clock)
    for name in "abc":
        limiter.hit(name)
        limiter.hit(name)  # blocked
    wait = limiter.hit("newcomer")
    assert 0 < wait <= 60 and len(limiter) == 3
    clock.now += 61
    assert limiter.hit("newcomer") == 0


# --- 7. feedback only for answers the bot gave, only as JSON ------------------------------------


def chat_with_key(client, key="faq/dagbesteding", session_id=None):
    client.app.state.rasa = FakeRasa(
        [
            {"recipient_id": "x", "text": "Antwoord"},
            {"recipient_id": "x", "custom": {"answer_key": key}},
        ]
    )
    body = {"message": "vraag"} | ({"session_id": session_id} if session_id else {})
    return client.post("/api/chat", json=body).json()["session_id"]


def test_7_feedback_on_an_answer_the_bot_did_not_give_is_refused(client, tmp_path):
    session_id = chat_with_key(client, "faq/dagbesteding")
    other = chat_with_key(client, "faq/vpt")
    for session, key in [
        (session_id, "faq/vpt"),
        (other, "faq/dagbesteding"),
        (SESSION, "faq/dagbesteding"),
    ]:
        r = client.post(
            "/api/feedback", json={"session_id": session, "answer_key": key, "rating": "down"}
        )
        assert r.status_code == 422
        assert r.json()["errors"] == [
            {"field": "answer_key", "message": texts.FIELD_ERRORS["value_error.answer_not_given"]}
        ]
    assert FeedbackStore.from_settings(client.app.state.settings).rows(session_id) == []
    r = client.post(
        "/api/feedback",
        json={"session_id": session_id, "answer_key": "faq/dagbesteding", "rating": "up"},
    )
    assert r.status_code == 201


def test_7_forgetting_a_conversation_forgets_its_answer_keys(client):
    session_id = chat_with_key(client)
    assert client.delete(f"/api/session/{session_id}").status_code == 204
    r = client.post(
        "/api/feedback",
        json={"session_id": session_id, "answer_key": "faq/dagbesteding", "rating": "up"},
    )
    assert r.status_code == 422


@pytest.mark.parametrize("path", POST_ENDPOINTS)
@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonx",
        "text/json",
    ],
)
def test_7_a_body_that_is_not_declared_json_is_415(client, tmp_path, path, content_type):
    session_id = chat_with_key(client)
    body = json.dumps(
        {
            "session_id": session_id,
            "answer_key": "faq/dagbesteding",
            "rating": "up",
            "message": "hallo",
        }
        if path != "/api/eligibility"
        else {}
    )
    headers = {"Content-Type": content_type} if content_type else {}
    r = client.post(path, content=body.encode(), headers=headers)
    assert r.status_code == 415
    assert r.json() == {"detail": texts.NOT_JSON}
    assert has_security_headers(r)
    assert not (tmp_path / "feedback.db").exists()


def test_7_json_with_a_charset_is_accepted(client):
    session_id = chat_with_key(client)
    body = json.dumps({"session_id": session_id, "answer_key": "faq/dagbesteding", "rating": "up"})
    r = client.post(
        "/api/feedback",
        content=body.encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert r.status_code == 201


# --- 8. no redirects, no raw session ids in any log line ------------------------------------------


@pytest.mark.parametrize(
    "method,path",
    [
        ("POST", "/api/chat/"),
        ("POST", "/api/feedback/"),
        ("GET", "/api/health/"),
        ("GET", "/docs/"),
        ("DELETE", f"/api/session/{SESSION}/"),
        ("GET", "/widget.js/"),
    ],
)
def test_8_trailing_slashes_are_404_without_a_redirect(client, method, path):
    r = client.request(method, path, headers={"Host": "evil.example"}, follow_redirects=False)
    assert r.status_code == 404
    assert "location" not in r.headers
    assert r.json() == {"detail": texts.HTTP_ERRORS[404]}


@pytest.mark.parametrize(
    "method,path,session",
    [
        ("DELETE", f"/api/session/{SESSION}/", SESSION),
        ("GET", f"/api/session/{SESSION}", SESSION),
        ("POST", f"/api/session/{SESSION}", SESSION),
        ("GET", f"/{SESSION}", SESSION),
        ("GET", f"/api/x/{SESSION}/y", SESSION),
    ],
)
def test_8_session_ids_are_hashed_in_the_access_log_on_every_path(client, method, path, session):
    check_access_line(client, method, path, session)


@pytest.mark.parametrize(
    "method,path,session",
    [
        ("DELETE", f"/api/session/{SESSION}", SESSION),
        # Not a valid session id: the value is not logged at all, not even hashed.
        ("DELETE", f"/api/session/{SESSION}%0A", None),
    ],
)
def test_8_matched_session_routes_log_the_hash(client, method, path, session):
    check_access_line(client, method, path, session)


def check_access_line(client, method, path, session):
    stream = io.StringIO()
    setup_logging("DEBUG", stream=stream)
    client.request(method, path)
    (line,) = (
        json.loads(x)
        for x in stream.getvalue().splitlines()
        if json.loads(x)["logger"] == "api.access"
    )
    assert SESSION not in stream.getvalue()
    assert "{session_id}" in line["path"]
    expected = hashlib.sha256(session.encode()).hexdigest()[:12] if session else None
    assert line.get("session") == expected


# --- 9. private file modes ------------------------------------------------------------------------


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture()
def open_umask():
    old = os.umask(0o022)  # the usual default: what made the files world-readable
    yield
    os.umask(old)


def test_9_feedback_database_and_its_directory_are_private(tmp_path, open_umask):
    data = tmp_path / "var"
    store = FeedbackStore(f"sqlite:///{data / 'feedback.db'}")
    store.add(SESSION, "faq/vpt", "up")
    assert mode(data) == 0o700
    files = [p for p in data.iterdir() if p.name.startswith("feedback.db")]
    assert {p.name for p in files} >= {"feedback.db"}
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
    store.dispose()


def test_9_an_existing_feedback_database_is_made_private(tmp_path, open_umask):
    (tmp_path / "feedback.db").touch(mode=0o644)
    FeedbackStore(f"sqlite:///{tmp_path / 'feedback.db'}").add(SESSION, "faq/vpt", "up")
    assert mode(tmp_path / "feedback.db") == 0o600


def test_9_tracker_database_path_given_to_rasa_is_private(tmp_path, open_umask):
    settings = Settings(data_dir=tmp_path / "var", rasa_port=free_port())
    section = rasa_endpoint_config(settings, {"type": "SQL", "dialect": "sqlite"})
    assert mode(tmp_path / "var") == 0o700
    assert mode(section["db"]) == 0o600


def test_9_the_api_creates_its_feedback_database_private(tmp_path, open_umask):
    settings = Settings(
        rasa_port=free_port(),
        action_port=free_port(),
        data_dir=tmp_path / "var",
        rate_limit_per_minute=0,
    )
    with TestClient(create_app(settings)) as c:
        session_id = chat_with_key(c)
        assert (
            c.post(
                "/api/feedback",
                json={"session_id": session_id, "rating": "up", "answer_key": "faq/dagbesteding"},
            ).status_code
            == 201
        )
    assert mode(tmp_path / "var") == 0o700 and mode(tmp_path / "var" / "feedback.db") == 0o600
