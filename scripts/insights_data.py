"""Synthetic conversations for the insights page: a tracker DB in Rasa's own `events` shape.

    python scripts/insights_data.py --conversations 100000 --days 90 --out /tmp/x/tracker.db

Each event is written the way Rasa 3.6's SQLTrackerStore writes it (the columns sender_id,
type_name, timestamp, intent_name, action_name and the event's JSON in `data`), starting from
events recorded from the real bot (tests/unit/data/rasa_events.json), so the rows have the
real size (a user event holds Rasa's whole intent and response ranking, about 2.7 kB).
The mix: FAQ questions, unsure questions ("bedoelt u"), out-of-scope referrals, requests for
a person, the wegwijzer (with people stopping at each question) and the zorgkantoor lookup,
on the website, WhatsApp and Telegram, more in office hours. Feedback rows go into a feedback
DB next to it when --feedback is given.

Only for measuring and for a demo: never point --out at a live tracker store.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import secrets
import sqlite3
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.domain import fields, topics  # noqa: E402

RECORDED = ROOT / "tests" / "unit" / "data" / "rasa_events.json"
RASA_EVENTS = """CREATE TABLE IF NOT EXISTS events (
    id INTEGER NOT NULL PRIMARY KEY, sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255),
    action_name VARCHAR(255), data TEXT)"""
RASA_INDEX = "CREATE INDEX IF NOT EXISTS ix_events_sender_id ON events (sender_id)"
FEEDBACK = """CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER NOT NULL PRIMARY KEY, session_id VARCHAR(64) NOT NULL,
    answer_key VARCHAR(100) NOT NULL, rating VARCHAR(4) NOT NULL, created_at DATETIME NOT NULL)"""

CHANNELS = [("rest", 0.8), ("twilio", 0.12), ("telegram", 0.08)]
KINDS = [
    ("faq", 0.45),
    ("wegwijzer", 0.2),
    ("unsure", 0.12),
    ("out_of_scope", 0.1),
    ("handoff", 0.08),
    ("zorgkantoor", 0.05),
]
UNSURE_TEXTS = [
    "ik heb een vraag over dinges",
    "hoe zit dat nou precies met mijn moeder",
    "kan ik daar iets mee",
    "wat moet ik doen met de brief",
    "mijn vader Henk de Vries woont in 8011 AB en weet het niet meer",
]
OOS_TEXTS = [
    "hoe vraag ik huurtoeslag aan?",
    "wanneer wordt het afval opgehaald",
    "mag mijn dochter Sanne hier parkeren",
    "hoeveel is het eigen risico",
]
# Popular topics first: a few topics get most questions, like on a real site.
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 13, 11, 12, 13, 12, 10, 8, 7, 7, 6, 4, 3, 2]


def _templates() -> dict[str, dict]:
    """One recorded event of each kind, as a dict to copy and fill in."""
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    found: dict[str, dict] = {}
    for row in recorded:
        data = json.loads(row["data"])
        key = row["type_name"]
        if key == "bot" and (data.get("data") or {}).get("custom", {}) and "answer" not in found:
            custom = data["data"]["custom"]
            if "answer_key" in custom:
                found["answer"] = data
                continue
        found.setdefault(key, data)
    return found


class Writer:
    def __init__(self, db: sqlite3.Connection, templates: dict[str, dict], seed: int) -> None:
        self.db = db
        self.t = templates
        self.rows: list[tuple] = []
        self.rng = random.Random(seed)

    def add(self, sender, kind, ts, data, intent=None, action=None) -> None:
        data["timestamp"] = ts
        self.rows.append((sender, kind, ts, intent, action, json.dumps(data)))
        if len(self.rows) >= 20000:
            self.flush()

    def flush(self) -> None:
        self.db.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            self.rows,
        )
        self.rows.clear()

    # -- event makers, each a copy of a recorded event with its own values ----------------
    def action(self, sender, ts, name) -> None:
        data = copy.copy(self.t["action"])
        data["name"] = name
        self.add(sender, "action", ts, data, action=name)

    def user(self, sender, ts, text, intent, channel, answer_key=None) -> None:
        data = copy.deepcopy(self.t["user"])
        data["text"] = text
        data["input_channel"] = channel
        data["message_id"] = secrets.token_hex(16)
        data["parse_data"]["text"] = text
        data["parse_data"]["intent"] = {"name": intent, "confidence": 0.9}
        if answer_key:
            data["parse_data"]["response_selector"]["faq"]["response"]["intent_response_key"] = (
                answer_key
            )
        self.add(sender, "user", ts, data, intent=intent)
        featurization = copy.copy(self.t["user_featurization"])
        self.add(sender, "user_featurization", ts + 0.01, featurization)

    def bot(self, sender, ts, text, answer_key=None) -> None:
        data = copy.deepcopy(self.t["bot"])
        data["text"] = text
        self.add(sender, "bot", ts, data)
        if answer_key:
            extra = copy.deepcopy(self.t["answer"])
            extra["data"]["custom"] = {"answer_key": answer_key}
            self.add(sender, "bot", ts + 0.001, extra)

    def slot(self, sender, ts, name, value) -> None:
        data = copy.copy(self.t["slot"])
        data["name"], data["value"] = name, value
        self.add(sender, "slot", ts, data, action=name)

    def loop(self, sender, ts, name) -> None:
        data = copy.copy(self.t["active_loop"])
        data["name"] = name
        self.add(sender, "active_loop", ts, data, action=name)


def _pick(rng: random.Random, weighted):
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def conversation(w: Writer, sender: str, start: float, channel: str, topic_ids, feedback):
    rng = w.rng
    ts = start
    w.action(sender, ts, "action_session_start")
    w.add(sender, "session_started", ts, copy.copy(w.t["session_started"]))
    w.action(sender, ts, "action_listen")
    kind = _pick(rng, KINDS)

    def step() -> float:
        nonlocal ts
        ts += rng.uniform(5, 90)
        return ts

    def faq_turn() -> None:
        topic = topic_ids[min(int(rng.paretovariate(1.2)) - 1, len(topic_ids) - 1)]
        key = f"faq/{topic}"
        w.user(sender, step(), f"vraag over {topic.replace('_', ' ')}", "faq", channel, key)
        w.action(sender, ts + 0.02, "utter_faq")
        w.bot(sender, ts + 0.03, "Antwoord over " + topic, key)
        w.action(sender, ts + 0.04, "action_listen")
        if rng.random() < 0.08:
            feedback.append((sender, key, "up" if rng.random() < 0.75 else "down", ts + 20))

    if kind == "faq":
        if rng.random() < 0.4:
            w.user(sender, step(), "hallo", "greet", channel)
            w.action(sender, ts + 0.02, "utter_greet")
            w.bot(sender, ts + 0.03, "Hallo!")
            w.action(sender, ts + 0.04, "action_listen")
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
            faq_turn()
    elif kind == "unsure":
        w.user(sender, step(), rng.choice(UNSURE_TEXTS), "nlu_fallback", channel)
        w.action(sender, ts + 0.02, "action_clarify")
        w.bot(sender, ts + 0.03, "Ik weet niet zeker wat u bedoelt.")
        w.action(sender, ts + 0.04, "action_listen")
        if rng.random() < 0.6:
            faq_turn()
    elif kind == "out_of_scope":
        w.user(sender, step(), rng.choice(OOS_TEXTS), "out_of_scope", channel)
        w.action(sender, ts + 0.02, "action_out_of_scope")
        w.bot(sender, ts + 0.03, "Daar kan ik u niet mee helpen.", "referral/general")
        w.action(sender, ts + 0.04, "action_listen")
    elif kind == "handoff":
        w.user(sender, step(), "ik wil een medewerker spreken", "human_handoff", channel)
        w.action(sender, ts + 0.02, "action_human_handoff")
        w.bot(sender, ts + 0.03, "U kunt contact opnemen met de gemeente.")
        w.action(sender, ts + 0.04, "action_listen")
    elif kind == "zorgkantoor":
        w.user(sender, step(), "welk zorgkantoor hoort bij 8011?", "find_zorgkantoor", channel)
        w.action(sender, ts + 0.02, "action_find_zorgkantoor")
        w.bot(sender, ts + 0.03, "Postcode 8011 hoort bij Zwolle.", "zorgkantoor/regio")
        w.action(sender, ts + 0.04, "action_listen")
    else:
        w.user(sender, step(), "welke zorg past bij mij?", "start_wegwijzer", channel)
        w.action(sender, ts + 0.02, "utter_wegwijzer_intro")
        w.bot(sender, ts + 0.03, "Ik stel u een paar korte vragen.")
        w.action(sender, ts + 0.04, "action_reset_wegwijzer")
        w.action(sender, ts + 0.05, "wegwijzer_form")
        w.loop(sender, ts + 0.06, "wegwijzer_form")
        # The engine asks only what can still change the advice: about half the fields.
        asked = [f for f in fields.NAMES if f in ("for_whom", "age") or rng.random() < 0.45]
        finished = True
        for name in asked:
            w.slot(sender, ts + 0.07, "requested_slot", name)
            w.bot(sender, ts + 0.08, "Vraag")
            w.action(sender, ts + 0.09, "action_listen")
            if rng.random() < 0.07:  # stops here
                finished = False
                break
            w.user(sender, step(), "ja", "inform", channel)
            w.slot(sender, ts + 0.02, name, True)
            w.action(sender, ts + 0.03, "wegwijzer_form")
        if finished:
            w.slot(sender, ts + 0.07, "requested_slot", None)
            w.loop(sender, ts + 0.08, None)
            w.action(sender, ts + 0.09, "action_wegwijzer_advice")
            w.bot(sender, ts + 0.1, "Waar kunt u terecht", "wegwijzer/advice")
            w.action(sender, ts + 0.11, "action_listen")
            if rng.random() < 0.15:
                rating = "up" if rng.random() < 0.8 else "down"
                feedback.append((sender, "wegwijzer/advice", rating, ts + 20))


def generate(
    out: Path,
    conversations: int,
    days: int = 90,
    seed: int = 15,
    feedback_out: Path | None = None,
    now: float | None = None,
) -> int:
    """Writes `conversations` conversations ending now; returns the number of events."""
    rng = random.Random(seed)
    now = time.time() if now is None else now
    out.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(out)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    db.execute(RASA_EVENTS)
    db.execute(RASA_INDEX)
    writer = Writer(db, _templates(), seed)
    topic_ids = topics.topic_ids()
    rng.shuffle(topic_ids)
    feedback: list[tuple] = []
    first_day = now - days * 86400
    for _ in range(conversations):
        day = int(rng.uniform(0, days))
        hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
        start = min(first_day + day * 86400 + hour * 3600 + rng.uniform(0, 3600), now - 600)
        channel = _pick(rng, CHANNELS)
        sender = secrets.token_urlsafe(24)
        conversation(writer, sender, start, channel, topic_ids, feedback)
    writer.flush()
    db.commit()
    count = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    db.close()
    if feedback_out is not None:
        fb = sqlite3.connect(feedback_out)
        fb.execute(FEEDBACK)
        fb.executemany(
            "INSERT INTO feedback (session_id, answer_key, rating, created_at) VALUES (?,?,?,?)",
            [
                (s, k, r, datetime.fromtimestamp(t, timezone.utc).replace(tzinfo=None))
                for s, k, r, t in feedback
            ],
        )
        fb.commit()
        fb.close()
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=2000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--out", type=Path, required=True, help="SQLite file to write")
    parser.add_argument("--feedback", type=Path, default=None, help="feedback SQLite file")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    count = generate(args.out, args.conversations, args.days, args.seed, args.feedback)
    took = timedelta(seconds=round(time.perf_counter() - started))
    print(f"{args.conversations} gesprekken, {count} gebeurtenissen in {args.out} ({took})")


if __name__ == "__main__":
    main()
