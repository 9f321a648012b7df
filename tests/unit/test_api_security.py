"""CORS, body size, session id validation, security headers and Dutch JSON errors."""

import base64
import hashlib
import re

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from bot.runtime.launcher import free_port
from bot.settings import Settings

ALLOWED = "https://www.voorbeeldstad.nl"
VALID_SESSION = "Abcdefgh_ijkl-mnop0123"


def make_client(tmp_path, **overrides) -> TestClient:
    # Rasa and the action server are down: nothing listens on these ports.
    settings = Settings(
        rasa_port=free_port(),
        action_port=free_port(),
        data_dir=tmp_path,
        rate_limit_per_minute=0,
        **overrides,
    )
    return TestClient(create_app(settings))


@pytest.fixture()
def client(tmp_path):
    with make_client(tmp_path, allowed_origins=[ALLOWED]) as c:
        yield c


# --- CORS -------------------------------------------------------------------------------


def test_allowed_origin_gets_the_cors_header(client):
    r = client.post("/api/eligibility", json={}, headers={"Origin": ALLOWED})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == ALLOWED


def test_other_origin_gets_no_cors_header(client):
    r = client.post("/api/eligibility", json={}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers


def test_preflight_allows_only_the_configured_origin(client):
    ask = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    ok = client.options("/api/chat", headers={"Origin": ALLOWED, **ask})
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == ALLOWED
    bad = client.options("/api/chat", headers={"Origin": "https://evil.example", **ask})
    assert bad.status_code == 400 and "access-control-allow-origin" not in bad.headers


def test_without_configured_origins_no_cors_header_at_all(tmp_path):
    with make_client(tmp_path) as c:
        r = c.post("/api/eligibility", json={}, headers={"Origin": ALLOWED})
    assert "access-control-allow-origin" not in r.headers


# --- body size --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/chat", "/api/eligibility", "/api/feedback"])
def test_body_over_the_limit_is_413_json_before_parsing(client, path):
    # Not even valid JSON: the size decides before any parser runs.
    r = client.post(path, content=b"{" * 16385, headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.json() == {"detail": "De aanvraag is te groot."}


def test_chunked_body_without_length_is_counted_too(client):
    def chunks():
        for _ in range(20):
            yield b" " * 1024

    r = client.post("/api/chat", content=chunks(), headers={"Content-Type": "application/json"})
    assert "content-length" not in r.request.headers
    assert r.status_code == 413


def test_longest_allowed_message_fits_in_the_body_limit(client):
    # 1000 emoji, each escaped as a 12-byte surrogate pair: about 12 KB of JSON.
    r = client.post("/api/chat", json={"message": "\U0001f600" * 1000})
    assert len(r.request.content) > 12000
    assert r.status_code == 503  # reached the relay (Rasa is down), not stopped at 413


def test_limit_is_configurable(tmp_path):
    with make_client(tmp_path, max_body_bytes=1024) as c:
        assert c.post("/api/chat", json={"message": "a" * 900}).status_code == 503
        # Same length, but every character is escaped to six bytes: 5.4 KB of JSON.
        r = c.post("/api/chat", json={"message": "\u00e9" * 900})
        assert r.status_code == 413 and r.json()["detail"] == "De aanvraag is te groot."


def test_message_over_1000_characters_keeps_its_own_413_text(client):
    r = client.post("/api/chat", json={"message": "b" * 1001})
    assert r.status_code == 413 and "te lang" in r.json()["detail"]


# --- session id validation ---------------------------------------------------------------


@pytest.mark.parametrize(
    "session_id",
    [
        "kort",
        "a" * 65,
        "a" * 16 + "<script>",
        "a" * 16 + "\n",
        "a" * 16 + " ",
        "ä" * 16,
        "../../etc/passwd_aaaa",
        "a" * 8 + "%2F" + "a" * 8,
    ],
)
def test_invalid_session_ids_never_reach_rasa(client, session_id):
    r = client.post("/api/chat", json={"session_id": session_id, "message": "hallo"})
    # 503 would mean the relay was tried; validation must stop it first.
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "session_id"


@pytest.mark.parametrize("session_id", ["a" * 16, "A-b_" * 16, VALID_SESSION])
def test_valid_session_ids_pass_validation(client, session_id):
    r = client.post("/api/chat", json={"session_id": session_id, "message": "hallo"})
    assert r.status_code == 503


def test_lone_surrogate_in_message_is_422(client):
    r = client.post(
        "/api/chat",
        content=b'{"message": "hoi \\ud800"}',
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "message"


# --- security headers --------------------------------------------------------------------


def csp(response) -> dict:
    policy = response.headers["content-security-policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/"),
        ("GET", "/widget.js"),
        ("GET", "/api/health"),
        ("GET", "/docs"),
        ("GET", "/openapi.json"),
        ("POST", "/api/eligibility"),
        ("GET", "/bestaat-niet"),
    ],
)
def test_every_response_has_nosniff_and_no_referrer(client, method, path):
    r = client.request(method, path, json={} if method == "POST" else None)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert "server" not in r.headers


def test_demo_page_csp(client):
    r = client.get("/")
    policy = csp(r)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline or remote scripts
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["connect-src"] == ["'self'", ALLOWED]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def test_demo_page_needs_nothing_the_csp_forbids(client):
    html = client.get("/").text
    # Scripts only by src from our own origin; no inline handlers.
    assert not re.search(r"<script(?![^>]*\bsrc=\"/)[^>]*>", html)
    assert not re.search(r"\son[a-z]+=", html)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)


def test_frame_ancestors_is_configurable(tmp_path):
    with make_client(tmp_path, frame_ancestors="'none'") as c:
        assert csp(c.get("/"))["frame-ancestors"] == ["'none'"]


def test_frame_ancestors_cannot_inject_directives():
    with pytest.raises(ValueError):
        Settings(frame_ancestors="'self'; script-src *")


def test_origins_that_would_break_the_csp_are_left_out(tmp_path):
    origins = ["https://ok.nl", "https://x.nl; script-src *"]
    with make_client(tmp_path, allowed_origins=origins) as c:
        assert csp(c.get("/"))["connect-src"] == ["'self'", "https://ok.nl"]


def test_widget_is_embeddable_cross_origin_and_nothing_else_is(client):
    assert client.get("/widget.js").headers["cross-origin-resource-policy"] == "cross-origin"
    assert "cross-origin-resource-policy" not in client.get("/").headers
    assert "cross-origin-resource-policy" not in client.post("/api/eligibility", json={}).headers


def test_api_answers_are_not_cached_and_not_framable(client):
    r = client.post("/api/eligibility", json={})
    assert r.headers["cache-control"] == "no-store"
    assert csp(r) == {"default-src": ["'none'"], "frame-ancestors": ["'none'"]}


def test_docs_work_under_their_own_csp(client):
    r = client.get("/docs")
    assert r.status_code == 200
    policy = csp(r)
    # Every inline script of the page is allowed by its hash, and nothing else inline.
    inline = re.findall(r"<script>(.*?)</script>", r.text, flags=re.S)
    assert inline
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy["script-src"]
    assert "'unsafe-inline'" not in policy["script-src"]
    for url in re.findall(r"<script src=\"([^\"]+)\"", r.text):
        assert any(url.startswith(src) for src in policy["script-src"] if src.startswith("http"))
    assert client.get("/openapi.json").status_code == 200


def test_redoc_is_not_served(client):
    assert client.get("/redoc").status_code == 404


# --- errors are Dutch JSON ----------------------------------------------------------------


@pytest.mark.parametrize(
    "method,path,status",
    [
        ("GET", "/bestaat-niet", 404),
        ("PUT", "/api/chat", 405),
        ("GET", "/api/feedback", 405),
    ],
)
def test_http_errors_are_dutch_json(client, method, path, status):
    r = client.request(method, path)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/json"
    assert r.json()["detail"] in {
        "Dit adres bestaat niet.",
        "Deze methode is hier niet toegestaan.",
    }


def test_unparseable_body_is_400_dutch_json(client):
    # Nesting deeper than the JSON parser's recursion limit: not a 500.
    r = client.post("/api/chat", content=b"[" * 5000, headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json() == {"detail": "De aanvraag kon niet worden gelezen."}


class BrokenRasa:
    async def send(self, session_id, message):
        raise RuntimeError(f"unexpected bug while handling {message!r}")

    async def close(self):
        pass


def test_unexpected_error_is_500_dutch_json_without_trace(tmp_path):
    settings = Settings(rasa_port=free_port(), action_port=free_port(), data_dir=tmp_path)
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        c.app.state.rasa = BrokenRasa()
        r = c.post("/api/chat", json={"message": "hallo"})
    assert r.status_code == 500
    assert r.json() == {"detail": "Er ging iets mis. Probeer het later opnieuw."}
    assert "RuntimeError" not in r.text and "Traceback" not in r.text
