"""Privacy over real HTTP: forgetting a conversation in Rasa's real tracker store, the
retention job, feedback, security headers and what lands in the API log."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from bot.storage.retention import SECONDS_PER_DAY
from tests.e2e.conftest import ROOT, faq_answer

pytestmark = pytest.mark.e2e


@pytest.fixture()
def data_dir(stack):
    return stack["settings"].data_dir


def chat(api, message, session_id=None):
    r = api.post("/api/chat", json={"session_id": session_id, "message": message})
    assert r.status_code == 200, r.text
    return r.json()


def events(data_dir, session_id) -> list[tuple[str, str]]:
    with sqlite3.connect(data_dir / "tracker.db") as db:
        return db.execute(
            "SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id", (session_id,)
        ).fetchall()


def feedback_rows(data_dir, session_id) -> list[tuple]:
    with sqlite3.connect(data_dir / "feedback.db") as db:
        return db.execute(
            "SELECT answer_key, rating FROM feedback WHERE session_id = ?", (session_id,)
        ).fetchall()


def in_form(rows) -> bool:
    return any(
        t == "active_loop" and json.loads(d).get("name") == "wegwijzer_form" for t, d in rows
    )


def test_delete_makes_rasa_forget_the_conversation(api, data_dir):
    fresh = chat(api, "/greet")["messages"]
    answered = chat(api, "wat is dagbesteding?")
    session_id = answered["session_id"]
    chat(api, "/start_wegwijzer", session_id)
    assert in_form(events(data_dir, session_id))
    vote = {
        "session_id": session_id,
        "answer_key": answered["messages"][0]["answer_key"],
        "rating": "up",
    }
    assert api.post("/api/feedback", json=vote).status_code == 201
    assert feedback_rows(data_dir, session_id) == [(vote["answer_key"], "up")]

    assert api.delete(f"/api/session/{session_id}").status_code == 204

    assert events(data_dir, session_id) == []
    assert feedback_rows(data_dir, session_id) == []
    # Same session id, new message: Rasa starts from nothing (no form, one user turn) and
    # answers exactly like in a brand-new conversation.
    again = chat(api, "/greet", session_id)
    assert again["messages"] == fresh
    rows = events(data_dir, session_id)
    assert not in_form(rows)
    assert [t for t, _ in rows].count("user") == 1


def test_delete_of_an_unknown_conversation_is_204(api):
    assert api.delete("/api/session/Unknown_conversation_0001").status_code == 204


def test_retention_job_removes_only_inactive_conversations(api, data_dir):
    old = chat(api, "wat is dagbesteding?")["session_id"]
    recent = chat(api, "wat is dagbesteding?")["session_id"]
    with sqlite3.connect(data_dir / "tracker.db") as db:
        db.execute(
            "UPDATE events SET timestamp = timestamp - ? WHERE sender_id = ?",
            (40 * SECONDS_PER_DAY, old),
        )
    out = subprocess.run(
        [sys.executable, "-m", "bot.storage.retention", "--days", "30"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "ZWW_DATA_DIR": str(data_dir)},
    ).stdout
    assert "Gesprekken verwijderd: 1 " in out
    assert events(data_dir, old) == [] and events(data_dir, recent)
    chat(api, "hallo", old)
    assert [t for t, _ in events(data_dir, old)].count("user") == 1


def test_faq_answer_has_its_answer_key(api):
    message = chat(api, "wat is dagbesteding?")["messages"][0]
    assert message["text"] == faq_answer("dagbesteding")
    assert message["answer_key"] == "faq/dagbesteding"


def test_security_headers_over_real_http(api):
    page = api.get("/")
    assert "server" not in page.headers  # uvicorn runs with --no-server-header
    assert "script-src 'self';" in page.headers["content-security-policy"]
    widget = api.get("/widget.js")
    assert widget.headers["cross-origin-resource-policy"] == "cross-origin"
    for r in (page, widget, api.get("/api/health")):
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert "server" not in r.headers


def test_api_log_is_json_without_resident_text(api, data_dir):
    marker = "Wilhelmina-Zonnebloem"
    session_id = chat(api, f"ik ben {marker}, bsn 123456782, bel 06-12345678")["session_id"]
    log = (data_dir / "logs" / "api.log").read_text(errors="replace")
    assert marker not in log and "123456782" not in log and "12345678" not in log
    access = [
        json.loads(line)
        for line in log.splitlines()
        if line.startswith("{") and '"api.access"' in line
    ]
    assert any(a["path"] == "/api/chat" and a["status"] == 200 for a in access)
    assert session_id not in log
