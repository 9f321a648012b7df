"""Feedback: the SQLite store, POST /api/feedback, and the answer_key in chat answers."""

import sqlite3
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from bot.domain.topics import faq_responses
from bot.runtime.launcher import free_port
from bot.settings import Settings
from bot.storage.feedback_store import FeedbackStore

SESSION = "Feedback_session-0001"


@pytest.fixture()
def client(tmp_path):
    settings = Settings(
        rasa_port=free_port(), action_port=free_port(), data_dir=tmp_path, rate_limit_per_minute=0
    )
    with TestClient(create_app(settings)) as c:
        yield c


def answered(client, answer_key, session_id=SESSION):
    """The bot gives this answer in this conversation: only such an answer can be rated."""
    client.app.state.rasa = FakeRasa(
        [
            {"recipient_id": "x", "text": "Antwoord"},
            {"recipient_id": "x", "custom": {"answer_key": answer_key}},
        ]
    )
    r = client.post("/api/chat", json={"session_id": session_id, "message": "vraag"})
    assert r.status_code == 200


def stored(tmp_path) -> list[tuple]:
    with sqlite3.connect(tmp_path / "feedback.db") as db:
        return db.execute(
            "SELECT session_id, answer_key, rating, created_at FROM feedback ORDER BY id"
        ).fetchall()


# --- the store ---------------------------------------------------------------------------


def test_database_is_created_on_first_use_in_wal_mode(tmp_path):
    store = FeedbackStore(f"sqlite:///{tmp_path / 'sub' / 'feedback.db'}")
    assert store.delete_session(SESSION) == 0
    assert not (tmp_path / "sub" / "feedback.db").exists()  # deleting created nothing
    store.add(SESSION, "faq/vpt", "up")
    with sqlite3.connect(tmp_path / "sub" / "feedback.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        columns = [row[1] for row in db.execute("PRAGMA table_info(feedback)")]
    assert columns == ["id", "session_id", "answer_key", "rating", "created_at"]


def test_second_vote_on_the_same_answer_replaces_the_first(tmp_path):
    store = FeedbackStore(f"sqlite:///{tmp_path / 'feedback.db'}")
    store.add(SESSION, "faq/vpt", "up")
    store.add(SESSION, "faq/vpt", "down")
    store.add(SESSION, "faq/mpt", "up")
    assert [(r["answer_key"], r["rating"]) for r in store.rows(SESSION)] == [
        ("faq/vpt", "down"),
        ("faq/mpt", "up"),
    ]


def test_delete_session_and_purge_by_age(tmp_path):
    store = FeedbackStore(f"sqlite:///{tmp_path / 'feedback.db'}")
    now = datetime(2024, 5, 1, 12, 0)
    store.add(SESSION, "faq/vpt", "up", at=now - timedelta(days=40))
    store.add(SESSION, "faq/mpt", "up", at=now - timedelta(days=2))
    store.add("Other_session_00001", "faq/vpt", "down", at=now - timedelta(days=1))
    assert store.purge_older_than(now - timedelta(days=30)) == 1
    assert [r["answer_key"] for r in store.rows(SESSION)] == ["faq/mpt"]
    assert store.delete_session(SESSION) == 1
    assert store.rows(SESSION) == [] and len(store.rows("Other_session_00001")) == 1


def test_unknown_rating_is_refused_by_the_store(tmp_path):
    with pytest.raises(ValueError):
        FeedbackStore(f"sqlite:///{tmp_path / 'f.db'}").add(SESSION, "faq/vpt", "meh")


# --- the endpoint ------------------------------------------------------------------------


def test_feedback_is_201_and_stored_without_text(client, tmp_path):
    answered(client, "faq/dagbesteding")
    r = client.post(
        "/api/feedback",
        json={"session_id": SESSION, "answer_key": "faq/dagbesteding", "rating": "up"},
    )
    assert r.status_code == 201 and r.json() == {"status": "ok"}
    ((session_id, answer_key, rating, created_at),) = stored(tmp_path)
    assert (session_id, answer_key, rating) == (SESSION, "faq/dagbesteding", "up")
    age = datetime.utcnow() - datetime.fromisoformat(created_at)
    assert timedelta(0) <= age < timedelta(hours=1)  # UTC, not local time


@pytest.mark.parametrize(
    "body,field",
    [
        ({"answer_key": "faq/x", "rating": "up"}, "session_id"),
        ({"session_id": "kort", "answer_key": "faq/x", "rating": "up"}, "session_id"),
        ({"session_id": SESSION + "\n", "answer_key": "faq/x", "rating": "up"}, "session_id"),
        ({"session_id": SESSION, "answer_key": "FAQ/X", "rating": "up"}, "answer_key"),
        ({"session_id": SESSION, "answer_key": "faq/x y", "rating": "up"}, "answer_key"),
        ({"session_id": SESSION, "answer_key": "faq/x\n", "rating": "up"}, "answer_key"),
        ({"session_id": SESSION, "answer_key": "a" * 101, "rating": "up"}, "answer_key"),
        ({"session_id": SESSION, "answer_key": "", "rating": "up"}, "answer_key"),
        ({"session_id": SESSION, "answer_key": "faq/x", "rating": "goed"}, "rating"),
        ({"session_id": SESSION, "answer_key": "faq/x", "rating": 1}, "rating"),
        ({"session_id": SESSION, "answer_key": "faq/x", "rating": "up", "text": "hoi"}, "text"),
        ({"session_id": 12345678901234567, "answer_key": "faq/x", "rating": "up"}, "session_id"),
    ],
)
def test_invalid_feedback_is_422_and_stores_nothing(client, tmp_path, body, field):
    r = client.post("/api/feedback", json=body)
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == field
    assert not (tmp_path / "feedback.db").exists()


def test_store_failure_is_503_in_dutch(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    settings = Settings(
        rasa_port=free_port(), action_port=free_port(), data_dir=blocker, rate_limit_per_minute=0
    )
    with TestClient(create_app(settings)) as c:
        answered(c, "faq/vpt")
        r = c.post(
            "/api/feedback", json={"session_id": SESSION, "answer_key": "faq/vpt", "rating": "down"}
        )
    assert r.status_code == 503 and "niet worden opgeslagen" in r.json()["detail"]


# --- answer keys (sent by the actions as custom JSON) -------------------------------------------------------------------------


def faq_texts() -> dict[str, str]:
    return {topic: texts[0] for topic, texts in faq_responses().items()}


class FakeRasa:
    def __init__(self, answers):
        self.answers = answers

    async def send(self, session_id, message):
        return self.answers

    async def close(self):
        pass


def test_chat_answers_carry_answer_keys_that_feedback_accepts(client):
    faq = faq_texts()["dagbesteding"]
    client.app.state.rasa = FakeRasa(
        [
            {"recipient_id": "x", "text": faq},
            # As Rasa's REST channel passes on the action's json_message: an item of its own.
            {"recipient_id": "x", "custom": {"answer_key": "faq/dagbesteding"}},
            {
                "recipient_id": "x",
                "text": "Kan ik u nog ergens mee helpen?",
                "buttons": [{"title": "Ja", "payload": "/affirm"}],
            },
        ]
    )
    r = client.post("/api/chat", json={"message": "wat is dagbesteding"})
    assert r.status_code == 200
    first, second = r.json()["messages"]
    assert first["answer_key"] == "faq/dagbesteding"
    assert "answer_key" not in second
    vote = {
        "session_id": r.json()["session_id"],
        "answer_key": first["answer_key"],
        "rating": "down",
    }
    assert client.post("/api/feedback", json=vote).status_code == 201


def test_the_gateway_does_not_guess_keys_from_answer_text(client):
    # Only the action knows which answer it gave; a FAQ text without the marker has no key.
    client.app.state.rasa = FakeRasa([{"recipient_id": "x", "text": faq_texts()["dagbesteding"]}])
    (message,) = client.post("/api/chat", json={"message": "wat is dagbesteding"}).json()[
        "messages"
    ]
    assert "answer_key" not in message


def test_advice_marker_names_the_advice(client):
    client.app.state.rasa = FakeRasa(
        [
            {"recipient_id": "x", "text": "Waar kunt u terecht?"},
            {"recipient_id": "x", "text": "Let op"},
            {"recipient_id": "x", "custom": {"answer_key": "wegwijzer/advice"}},
        ]
    )
    r = client.post("/api/chat", json={"message": "nee"})
    messages = r.json()["messages"]
    assert [m.get("answer_key") for m in messages] == [None, "wegwijzer/advice"]
    vote = {"session_id": r.json()["session_id"], "answer_key": "wegwijzer/advice", "rating": "up"}
    assert client.post("/api/feedback", json=vote).status_code == 201


def test_answer_key_is_documented_in_the_openapi_schema(client):
    schema = client.get("/openapi.json").json()
    assert "answer_key" in schema["components"]["schemas"]["BotMessage"]["properties"]
    assert "/api/feedback" in schema["paths"] and "/api/session/{session_id}" in schema["paths"]
    assert "429" in schema["paths"]["/api/chat"]["post"]["responses"]
