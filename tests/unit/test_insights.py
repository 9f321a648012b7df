"""bot.storage.insights on a real SQLite tracker store filled with events the real bot wrote.

tests/unit/data/rasa_events.json was recorded from the trained bot (Rasa 3.6, action server,
API) on 2026-12-04 with seven conversations: FAQ questions and a topic button, an unsure
question, two out-of-scope questions, a phone number typed (masked at the channel edge), a
request for a person, two wegwijzer runs that stopped (one at "needs", one with "stop" at
"age"), one more started wegwijzer and a zorgkantoor lookup. Tests that need an advice, another
channel or a name in a question add events copied from recorded ones.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from bot.domain.privacy import redact_for_review
from bot.settings import PROJECT_ROOT, Settings
from bot.storage.feedback_store import FeedbackStore
from bot.storage.insights import (
    InsightsBuilder,
    Period,
    ensure_index,
    events,
    hour_of,
    json_text,
    local_day_of_hour,
    to_csv,
)
from bot.storage.retention import purge
from bot.storage.tracker_db import TrackerDatabase

RECORDED = Path(__file__).parent / "data" / "rasa_events.json"
DAY = date(2026, 12, 4)
ONE_DAY = Period(DAY, DAY)
# Rasa 3.6's SQLTrackerStore table.
RASA_EVENTS = """CREATE TABLE IF NOT EXISTS events (
    id INTEGER NOT NULL PRIMARY KEY, sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255),
    action_name VARCHAR(255), data TEXT)"""
STOPPED_AT_AGE = "s64Ht_h0HetwPX3R-E1tRMghqPJAaWsA"  # "stop" while asked the age
UNSURE_SENDER = "uA3vKZG4uBSp8rZ7vbze39ILqp5Ky3wV"


def recorded() -> list[dict]:
    return json.loads(RECORDED.read_text(encoding="utf-8"))


def write(db: Path, rows: list[dict]) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(RASA_EVENTS)
        conn.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data)"
            " VALUES (:sender_id, :type_name, :timestamp, :intent_name, :action_name, :data)",
            rows,
        )


def first(kind: str, where=lambda d: True) -> dict:
    return next(r for r in recorded() if r["type_name"] == kind and where(json.loads(r["data"])))


def like(template: dict, sender: str, ts: float, **changes) -> dict:
    """A copy of a recorded event for another conversation, time and content."""
    data = json.loads(template["data"])
    row = dict(template, sender_id=sender, timestamp=ts)
    for key, value in changes.items():
        if key in ("intent_name", "action_name"):
            row[key] = value
        else:
            data[key] = value
    data["timestamp"] = ts
    row["data"] = json.dumps(data)
    return row


def user_says(sender: str, ts: float, text: str, intent: str, channel: str = "rest") -> dict:
    template = first("user")
    row = like(template, sender, ts, text=text, input_channel=channel, intent_name=intent)
    data = json.loads(row["data"])
    data["parse_data"]["intent"] = {"name": intent, "confidence": 0.9}
    row["data"] = json.dumps(data)
    return row


def advice_conversation(sender: str, ts: float) -> list[dict]:
    """A wegwijzer run to the advice, made of recorded event shapes."""
    action = first("action")
    slot = first("slot", lambda d: d.get("name") == "requested_slot")
    bot_key = first("bot", lambda d: bool((d.get("data") or {}).get("custom")))
    started = first("session_started")
    rows = [
        like(started, sender, ts),
        user_says(sender, ts + 1, "welke zorg past bij mij?", "start_wegwijzer"),
        like(
            action,
            sender,
            ts + 2,
            name="action_reset_wegwijzer",
            action_name="action_reset_wegwijzer",
        ),
    ]
    for n, field in enumerate(("for_whom", "age", "permanent_full_day_care")):
        rows.append(like(slot, sender, ts + 3 + n, value=field))
    rows.append(like(slot, sender, ts + 7, value=None))
    rows.append(
        like(
            action,
            sender,
            ts + 8,
            name="action_wegwijzer_advice",
            action_name="action_wegwijzer_advice",
        )
    )
    advice = like(bot_key, sender, ts + 9)
    data = json.loads(advice["data"])
    data["data"]["custom"] = {"answer_key": "wegwijzer/advice"}
    advice["data"] = json.dumps(data)
    rows.append(advice)
    return rows


@pytest.fixture()
def store(tmp_path):
    db = tmp_path / "tracker.db"
    write(db, recorded())
    return tmp_path


def build(path: Path, period: Period = ONE_DAY, keep: bool = False):
    builder = InsightsBuilder(
        f"sqlite:///{path / 'tracker.db'}", f"sqlite:///{path / 'feedback.db'}"
    )
    try:
        return builder.build(period, keep_unanswered=keep)
    finally:
        builder.dispose()


# --- numbers from the recorded conversations ------------------------------------------------


def test_conversations_messages_unsure_and_handoffs_of_the_day(store):
    ins = build(store)
    (day,) = ins.days
    assert day.day == DAY
    assert day.conversations == 7
    assert day.messages == 22
    assert (day.unsure, day.out_of_scope) == (1, 3)
    assert day.unsure_share == pytest.approx(4 / 22)
    # "ik wil een medewerker spreken" and the typed phone number ("bel me") both got a person.
    assert day.handoffs == 2
    assert ins.totals["conversations"] == 7


def test_a_period_without_those_days_counts_nothing(store):
    ins = build(store, Period(date(2026, 11, 1), date(2026, 12, 3)))
    assert len(ins.days) == 33
    assert sum(d.conversations + d.messages for d in ins.days) == 0
    assert ins.topics == [] and ins.channels == []


def test_most_given_answers_with_readable_titles(store):
    topics = {t.key: (t.title, t.count) for t in build(store).topics}
    assert topics["referral/general"][1] == 2
    assert topics["faq/pgb_wlz"] == ("Wat een Wlz-pgb is", 1)
    # A topic button answers via action_answer_topic: it counts like a typed question.
    assert topics["faq/vpt"][1] == 1
    assert topics["zorgkantoor/regio"][1] == 1
    assert list(topics)[0] == "referral/general"  # most given first


def test_wegwijzer_funnel_shows_where_people_stop(store):
    steps = {s.field: s for s in build(store).funnel}
    assert steps["start"].reached == 3
    assert steps["for_whom"].reached == 3 and steps["age"].reached == 3
    assert steps["needs"].reached == 1
    # One stopped at the age with "stop", one left while asked the age, one at "needs".
    assert steps["age"].stopped == 2
    assert steps["needs"].stopped == 1
    assert steps["advice"].reached == 0


def test_an_advice_ends_the_funnel_and_is_no_dropout(store):
    ts = first("session_started")["timestamp"] + 60
    write(store / "tracker.db", advice_conversation("Advice_session_0000001", ts))
    ins = build(store)
    steps = {s.field: s for s in ins.funnel}
    assert steps["start"].reached == 4
    assert steps["advice"].reached == 1
    assert steps["permanent_full_day_care"].reached == 2
    assert steps["permanent_full_day_care"].stopped == 0  # the advice came after it
    assert {t.key: t.count for t in ins.topics}["wegwijzer/advice"] == 1
    assert ins.totals["wegwijzer_advice"] == 1


def test_channels_from_input_channel(store):
    ts = first("session_started")["timestamp"] + 5
    write(
        store / "tracker.db",
        [
            user_says("Telegram_chat_000000001", ts, "wat is de wmo", "faq", "telegram"),
            user_says("Telegram_chat_000000001", ts + 9, "dank", "thank", "telegram"),
            user_says("Whatsapp_hash_00000001", ts, "hallo", "greet", "twilio"),
        ],
    )
    channels = {c.channel: (c.title, c.conversations, c.messages) for c in build(store).channels}
    assert channels == {
        "rest": ("Website (chat)", 7, 22),
        "telegram": ("Telegram", 1, 2),
        "twilio": ("WhatsApp", 1, 1),
    }


def test_feedback_per_answer_in_the_period(store):
    fb = FeedbackStore(f"sqlite:///{store / 'feedback.db'}")
    noon = datetime(2026, 12, 4, 11, 0)
    fb.add("A_session_00000000001", "faq/vpt", "up", at=noon)
    fb.add("B_session_00000000001", "faq/vpt", "up", at=noon)
    fb.add("C_session_00000000001", "faq/vpt", "down", at=noon)
    fb.add("C_session_00000000001", "faq/pgb_wlz", "down", at=noon)
    fb.add("D_session_00000000001", "faq/pgb_wlz", "up", at=noon - timedelta(days=3))
    fb.dispose()
    rows = {f.key: (f.title, f.up, f.down) for f in build(store).feedback}
    assert rows == {
        "faq/vpt": ("Volledig pakket thuis (vpt)", 2, 1),
        "faq/pgb_wlz": ("Wat een Wlz-pgb is", 0, 1),
    }


def test_nothing_stored_yet_gives_empty_insights_and_creates_no_files(tmp_path):
    ins = build(tmp_path, keep=True)
    assert ins.totals["conversations"] == 0 and ins.unanswered == []
    assert not (tmp_path / "tracker.db").exists() and not (tmp_path / "feedback.db").exists()


def test_days_are_local_dutch_days():
    # 23:30 UTC on 3 December is 00:30 on 4 December in Amsterdam (winter time, UTC+1).
    hour = int(datetime(2026, 12, 3, 23, 30).timestamp() // 3600)
    utc_hour = int((datetime(2026, 12, 3, 23, 30) - datetime(1970, 1, 1)).total_seconds() // 3600)
    assert local_day_of_hour(utc_hour) == date(2026, 12, 4)
    assert hour  # the local clock of the test machine does not matter
    begin, after = Period(DAY, DAY).epoch_bounds()
    assert after - begin == 86400


def test_period_parsing():
    today = date(2026, 12, 4)
    assert Period.parse(None, None, today=today) == Period(date(2026, 11, 5), today)
    assert Period.parse("2026-12-01", "2026-12-02") == Period(date(2026, 12, 1), date(2026, 12, 2))
    for start, end in (
        ("2026-12-05", "2026-12-01"),
        ("gisteren", None),
        ("2020-01-01", "2026-01-01"),
    ):
        with pytest.raises(ValueError):
            Period.parse(start, end, today=today)


# --- unanswered questions ----------------------------------------------------------------------


def test_unanswered_questions_only_when_turned_on(store):
    assert build(store, keep=False).unanswered is None
    listed = build(store, keep=True).unanswered
    assert [(u.kind, u.text) for u in listed] == [
        ("out_of_scope", "hoe vraag ik huurtoeslag aan?"),
        ("out_of_scope", "qwerty asdf"),
        ("out_of_scope", "blablabla xyz"),
        ("unsure", "ik heb een vraag over dinges"),
    ]


def test_unanswered_questions_are_redacted_and_buttons_left_out(store):
    ts = first("session_started")["timestamp"] + 100
    write(
        store / "tracker.db",
        [
            user_says(
                "Names_session_0000001",
                ts,
                "Mijn moeder Ans de Vries woont op 3511 AB, bel 06-12345678 of ans@voorbeeld.nl",
                "nlu_fallback",
            ),
            user_says("Names_session_0000001", ts + 5, "/nlu_fallback", "nlu_fallback"),
        ],
    )
    newest = build(store, keep=True).unanswered[0]
    assert newest.text == "Mijn moeder [naam] woont op [postcode], bel [telefoon] of [e-mail]"
    assert all(u.text != "/nlu_fallback" for u in build(store, keep=True).unanswered)


def test_session_delete_removes_the_unanswered_questions_of_that_conversation(store):
    assert any(u.text == "ik heb een vraag over dinges" for u in build(store, keep=True).unanswered)
    TrackerDatabase(f"sqlite:///{store / 'tracker.db'}").delete_conversation(UNSURE_SENDER)
    texts = [u.text for u in build(store, keep=True).unanswered]
    assert texts == ["hoe vraag ik huurtoeslag aan?"]


def test_purge_removes_unanswered_questions_older_than_the_retention(store):
    settings = Settings(data_dir=store, rate_limit_per_minute=0)
    last = max(r["timestamp"] for r in recorded())
    purge(settings, days=30, now=last + 29 * 86400)
    assert len(build(store, keep=True).unanswered) == 4
    purge(settings, days=30, now=last + 31 * 86400)
    assert build(store, keep=True).unanswered == []


def test_purge_without_days_uses_the_retention_setting(store):
    last = max(r["timestamp"] for r in recorded())
    # The recorded conversations are from 2026-12-04; with 1 day they are gone once a day passed.
    env = {
        "ZWW_DATA_DIR": str(store),
        "ZWW_RETENTION_DAYS": "1",
        "PATH": "/usr/bin:/bin",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot.storage.retention"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    removed = time.time() - last > 86400
    assert ("Gesprekken verwijderd: 7" in result.stdout) == removed
    env["ZWW_RETENTION_DAYS"] = "3650"
    assert (
        "Gesprekken verwijderd: 0"
        in subprocess.run(
            [sys.executable, "-m", "bot.storage.retention"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ik heet ria jansen en woon hier", "ik heet [naam] en woon hier"),
        ("Mevrouw Jansen wil hulp", "Mevrouw [naam] wil hulp"),
        ("dhr. van den Berg belt", "dhr. [naam] belt"),
        ("mijn moeder kan niet meer", "mijn moeder kan niet meer"),
        ("Hoe zit het met de Wlz bij Piet?", "Hoe zit het met de Wlz bij [naam]?"),
        ("ik ben 84 en woon in 8011", "ik ben 84 en woon in [postcode]"),
        ("postcode 8011 in zwolle", "postcode [postcode] in zwolle"),
        ("bsn 123456782", "bsn [BSN]"),
        ("wat kost het in 2026?", "wat kost het in 2026?"),
        ("Wat is een pgb? Kan de Wmo dat?", "Wat is een pgb? Kan de Wmo dat?"),
    ],
)
def test_review_redaction(text, expected):
    assert redact_for_review(text) == expected


# --- CSV and SQL dialects ------------------------------------------------------------------------


def test_csv_has_one_row_per_number(store):
    rows = list(csv.DictReader(io.StringIO(to_csv(build(store, keep=True)))))
    assert {"onderdeel", "datum", "sleutel", "naam", "waarde"} == set(rows[0])
    by = {(r["onderdeel"], r["datum"], r["sleutel"]): r["waarde"] for r in rows}
    assert by[("gesprekken", "2026-12-04", "")] == "7"
    assert by[("antwoorden", "", "faq/vpt")] == "1"
    assert by[("wegwijzer_gestopt", "", "age")] == "2"
    assert by[("kanaal_gesprekken", "", "rest")] == "7"
    # The texts of questions are never exported.
    assert "dinges" not in to_csv(build(store, keep=True))


def test_the_json_and_hour_functions_compile_for_postgresql_and_sqlite():
    query = sa.select(
        json_text(events.c.data, "data", "custom", "answer_key"), hour_of(events.c.timestamp)
    )
    pg = str(query.compile(dialect=postgresql.dialect()))
    lite = str(query.compile(dialect=sqlite.dialect()))
    assert "CAST(events.data AS json) #>> '{data,custom,answer_key}'" in pg
    assert "floor(events.timestamp / 3600)" in pg
    assert "json_extract(events.data, '$.data.custom.answer_key')" in lite


def test_the_bench_data_generator_writes_rasa_shaped_events(tmp_path):
    sys.path.insert(0, str(PROJECT_ROOT))
    from scripts.insights_data import generate

    now = datetime(2026, 12, 4, 12).timestamp()
    count = generate(
        tmp_path / "tracker.db", 200, days=10, feedback_out=tmp_path / "feedback.db", now=now
    )
    assert count > 200 * 8
    ins = build(tmp_path, Period(date(2026, 11, 20), date(2026, 12, 4)))
    assert ins.totals["conversations"] == 200
    assert ins.funnel[0].reached > 0 and ins.funnel[-1].reached > 0
    assert {c.channel for c in ins.channels} <= {"rest", "twilio", "telegram"}
    assert ins.feedback
    # Every generated user event has the size of a real one (Rasa's rankings included).
    with sqlite3.connect(tmp_path / "tracker.db") as conn:
        size = conn.execute(
            "SELECT AVG(LENGTH(data)) FROM events WHERE type_name='user'"
        ).fetchone()[0]
    assert size > 2000


def test_json_paths_are_never_mixed_up_by_the_statement_cache(tmp_path):
    write(tmp_path / "tracker.db", recorded())
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'tracker.db'}", future=True)
    user = events.c.type_name == "user"
    with engine.connect() as conn:
        texts = {
            r[0] for r in conn.execute(sa.select(json_text(events.c.data, "text")).where(user))
        }
        channels = {
            r[0]
            for r in conn.execute(sa.select(json_text(events.c.data, "input_channel")).where(user))
        }
    engine.dispose()
    assert channels == {"rest"}
    assert "wat is een pgb?" in texts


def test_postgresql_gives_the_same_insights_as_sqlite(store, postgres_server):
    """The same recorded events in PostgreSQL (table as Rasa creates it) and in SQLite, on the
    private PostgreSQL of the test run (tests/support/services.py)."""
    # A schema of its own (dropped afterwards): the test never touches an existing `events`.
    base = postgres_server.url
    schema = f"zww_test_{os.getpid()}"
    admin = sa.create_engine(base, future=True)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    engine = sa.create_engine(url, future=True)
    table = sa.Table(
        "events",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False, index=True),
        sa.Column("type_name", sa.String(255), nullable=False),
        sa.Column("timestamp", sa.Float),
        sa.Column("intent_name", sa.String(255)),
        sa.Column("action_name", sa.String(255)),
        sa.Column("data", sa.Text),
    )
    ts = first("session_started")["timestamp"] + 60
    extra = advice_conversation("Advice_session_0000001", ts)
    extra.append(
        user_says("Telegram_chat_000000001", ts, "Ik heet Piet, wat nu", "nlu_fallback", "telegram")
    )
    write(store / "tracker.db", extra)
    table.create(engine)
    try:
        with engine.begin() as conn:
            conn.execute(sa.insert(table), recorded() + extra)
        assert ensure_index(engine)
        pg = InsightsBuilder(url, f"sqlite:///{store / 'feedback.db'}")
        try:
            from_pg = pg.build(ONE_DAY, keep_unanswered=True).as_dict()
        finally:
            pg.dispose()
        assert from_pg == build(store, keep=True).as_dict()
        assert from_pg["totals"]["wegwijzer_advice"] == 1
        assert TrackerDatabase(url).delete_conversation(UNSURE_SENDER) > 0
        pg = InsightsBuilder(url, f"sqlite:///{store / 'feedback.db'}")
        try:
            texts = [u.text for u in pg.build(ONE_DAY, keep_unanswered=True).unanswered]
        finally:
            pg.dispose()
        assert "ik heb een vraag over dinges" not in texts and "Ik heet [naam], wat nu" in texts
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
