"""Forgetting conversations: DELETE /api/session/{id}, bot.storage.tracker_db and bot.storage.retention.

Here against an SQLite file with Rasa's `events` schema; tests/e2e/test_privacy_http.py does
the same against the store of a running Rasa server.
"""

import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta

import pytest
import yaml
from fastapi.testclient import TestClient

from api.main import create_app
from bot.runtime.launcher import endpoints_file, free_port
from bot.settings import PROJECT_ROOT, Settings
from bot.storage.feedback_store import FeedbackStore
from bot.storage.retention import SECONDS_PER_DAY, purge
from bot.storage.tracker_db import TrackerDatabase, rasa_endpoint_config, tracker_db_url

ALICE = "Alice_session_000001"
BOB = "Bob_session_00000002"

# The table as Rasa 3.6's SQLTrackerStore creates it.
RASA_EVENTS = """CREATE TABLE events (
    id INTEGER NOT NULL PRIMARY KEY, sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255),
    action_name VARCHAR(255), data TEXT)"""


def add_events(path, sender_id, timestamps):
    with sqlite3.connect(path) as db:
        db.execute(RASA_EVENTS.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))
        db.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, data)"
            " VALUES (?, 'user', ?, '{}')",
            [(sender_id, ts) for ts in timestamps],
        )


class FakeRasa:
    """Rasa's REST answers with one rateable answer (faq/vpt), so feedback can be given."""

    async def send(self, session_id, message):
        return [
            {"recipient_id": session_id, "text": "Antwoord"},
            {"custom": {"answer_key": "faq/vpt"}},
        ]

    async def close(self):
        pass


def senders(path) -> dict:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id"))


@pytest.fixture()
def settings(tmp_path):
    return Settings(
        rasa_port=free_port(), action_port=free_port(), data_dir=tmp_path, rate_limit_per_minute=0
    )


# --- where the tracker store is ----------------------------------------------------------


def test_sqlite_location_is_the_one_rasa_gets_from_the_launcher(settings, tmp_path):
    written = yaml.safe_load(endpoints_file(settings).read_text())["tracker_store"]
    assert written == {"type": "SQL", "dialect": "sqlite", "db": str(tmp_path / "tracker.db")}
    assert tracker_db_url(settings) == f"sqlite:///{tmp_path / 'tracker.db'}"


def test_a_database_url_goes_to_rasa_and_to_the_deletion_code_alike(tmp_path):
    url = "postgresql://zww:geheim@db.internal:5432/rasa"
    s = Settings(data_dir=tmp_path, rasa_port=free_port(), tracker_db_url=url)
    assert yaml.safe_load(endpoints_file(s).read_text())["tracker_store"] == {
        "type": "rasa_ext.tracker_store.StrictSQLTrackerStore",
        "dialect": "postgresql",
        "url": "db.internal",
        "port": 5432,
        "db": "rasa",
        "username": "zww",
        "password": "geheim",
    }
    assert tracker_db_url(s) == url


def test_project_endpoints_file_uses_the_sql_store():
    configured = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())["tracker_store"]
    assert rasa_endpoint_config(Settings(), configured)["dialect"] == "sqlite"


# --- deleting ----------------------------------------------------------------------------


def test_delete_conversation_removes_only_that_conversation(tmp_path):
    db = tmp_path / "tracker.db"
    add_events(db, ALICE, [1.0, 2.0, 3.0])
    add_events(db, BOB, [1.0])
    assert TrackerDatabase(f"sqlite:///{db}").delete_conversation(ALICE) == 3
    assert senders(db) == {BOB: 1}


def test_nothing_stored_yet_means_nothing_to_delete_and_no_file_created(tmp_path):
    tracker = TrackerDatabase(f"sqlite:///{tmp_path / 'tracker.db'}")
    assert tracker.delete_conversation(ALICE) == 0
    assert tracker.purge_inactive_since(time.time()).conversations == 0
    assert not (tmp_path / "tracker.db").exists()


def test_delete_endpoint_removes_conversation_and_feedback(settings, tmp_path):
    add_events(tmp_path / "tracker.db", ALICE, [1.0, 2.0])
    add_events(tmp_path / "tracker.db", BOB, [1.0])
    with TestClient(create_app(settings)) as c:
        c.app.state.rasa = FakeRasa()
        for session_id in (ALICE, BOB):
            assert c.post(
                "/api/chat", json={"session_id": session_id, "message": "vpt?"}
            ).is_success
            vote = {"session_id": session_id, "answer_key": "faq/vpt", "rating": "up"}
            assert c.post("/api/feedback", json=vote).status_code == 201
        r = c.delete(f"/api/session/{ALICE}")
    assert r.status_code == 204 and r.content == b""
    assert senders(tmp_path / "tracker.db") == {BOB: 1}
    store = FeedbackStore(f"sqlite:///{tmp_path / 'feedback.db'}")
    assert store.rows(ALICE) == [] and len(store.rows(BOB)) == 1


def test_delete_is_204_also_when_nothing_existed(settings, tmp_path):
    add_events(tmp_path / "tracker.db", BOB, [1.0])
    with TestClient(create_app(settings)) as c:
        unknown = c.delete("/api/session/Never_existed_00000001")
        again = c.delete(f"/api/session/{BOB}"), c.delete(f"/api/session/{BOB}")
    assert unknown.status_code == 204
    assert [r.status_code for r in again] == [204, 204]


@pytest.mark.parametrize(
    "session_id",
    [
        "kort",
        "a" * 65,
        "a" * 16 + "%0A",
        "a" * 16 + "%20",
        "a" * 16 + "'--",
        "%2e%2e%2f" + "a" * 16,
    ],
)
def test_delete_with_invalid_session_id_is_refused(settings, tmp_path, session_id):
    add_events(tmp_path / "tracker.db", BOB, [1.0])
    with TestClient(create_app(settings)) as c:
        r = c.delete(f"/api/session/{session_id}")
    assert r.status_code in (404, 422)
    assert "detail" in r.json()
    assert senders(tmp_path / "tracker.db") == {BOB: 1}


def test_delete_when_the_store_is_unusable_is_503_in_dutch(settings, tmp_path):
    (tmp_path / "tracker.db").write_bytes(b"this is not a database" * 100)
    with TestClient(create_app(settings)) as c:
        r = c.delete(f"/api/session/{ALICE}")
    assert r.status_code == 503 and "niet worden verwijderd" in r.json()["detail"]


# --- retention ---------------------------------------------------------------------------


def test_purge_removes_conversations_whose_last_event_is_old(settings, tmp_path):
    now = 1_700_000_000.0
    day = SECONDS_PER_DAY
    db = tmp_path / "tracker.db"
    add_events(db, "Old_conversation_0001", [now - 60 * day, now - 40 * day])
    add_events(db, ALICE, [now - 60 * day, now - 1 * day])  # started long ago, still active
    add_events(db, BOB, [now - 29 * day])
    store = FeedbackStore.from_settings(settings)
    now_utc = datetime.utcfromtimestamp(now)
    store.add("Old_conversation_0001", "faq/vpt", "up", at=now_utc - timedelta(days=40))
    store.add(ALICE, "faq/vpt", "up", at=now_utc - timedelta(days=2))

    result = purge(settings, days=30, now=now)

    assert (result.conversations, result.events, result.feedback) == (1, 2, 1)
    assert senders(db) == {ALICE: 2, BOB: 1}
    assert store.rows("Old_conversation_0001") == [] and len(store.rows(ALICE)) == 1


def test_retention_cli_prints_counts(settings, tmp_path):
    add_events(tmp_path / "tracker.db", ALICE, [time.time() - 100 * SECONDS_PER_DAY])
    add_events(tmp_path / "tracker.db", BOB, [time.time()])
    out = subprocess.run(
        [sys.executable, "-m", "bot.storage.retention", "--days", "30"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={
            "ZWW_DATA_DIR": str(tmp_path),
            "PATH": "/usr/bin:/bin",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        },
    ).stdout
    assert "Gesprekken verwijderd: 1 (1 gebeurtenissen)" in out
    assert "Feedback verwijderd: 0" in out
    assert senders(tmp_path / "tracker.db") == {BOB: 1}


@pytest.mark.parametrize("days", ["0", "-3", "dertig"])
def test_retention_cli_refuses_nonsense_days(days, tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "bot.storage.retention", "--days", days],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={"ZWW_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert r.returncode == 2 and "--days" in r.stderr


def test_retention_cli_reports_an_unusable_store_without_a_traceback(tmp_path):
    (tmp_path / "tracker.db").write_bytes(b"this is not a database" * 100)
    r = subprocess.run(
        [sys.executable, "-m", "bot.storage.retention", "--days", "30"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={
            "ZWW_DATA_DIR": str(tmp_path),
            "PATH": "/usr/bin:/bin",
            "ZWW_TRACKER_DB_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
        },
    )
    assert r.returncode == 1
    assert "Opruimen mislukt" in r.stderr and "Traceback" not in r.stderr
