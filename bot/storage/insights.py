"""Insights for the municipality (/beheer), computed from the tracker store and the feedback store.

No FastAPI and no Rasa import: plain SQLAlchemy 1.4 Core on Rasa's `events` table (see
bot/storage/tracker_db.py), so the same queries run on SQLite and PostgreSQL.

What Rasa 3.6 records, and what is read from it (checked against a real conversation log):
  * `session_started`                        one per conversation (a new one after 60 minutes)
  * `user`, column intent_name               every message; `nlu_fallback` = the bot was unsure
    ("Ik weet niet zeker wat u bedoelt", action_clarify), `out_of_scope` = outside the bot's
    subject (a referral); data.input_channel = rest / telegram / twilio
  * `bot`, data.data.custom.answer_key       which answer was given (faq/<topic>, referral/...)
  * `action`, action_name                    action_human_handoff, action_reset_wegwijzer
    (start of the wegwijzer), action_wegwijzer_advice (the advice), action_default_fallback
  * `slot` requested_slot, data.value        the question the wegwijzer asks next

Everything is aggregated in SQL (GROUP BY on the event type, the hour and one JSON field);
only the grouped rows reach Python. Hours are turned into local calendar days in Python: the
Netherlands is a whole number of hours from UTC, so an hour never straddles two days.
Measured on 100 000 synthetic conversations: see scripts/bench_insights.py and the README.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from bot.domain import fields, topics
from bot.domain.privacy import redact_for_review
from bot.storage.feedback_store import feedback
from bot.storage.tracker_db import TABLE

LOCAL_TZ = ZoneInfo("Europe/Amsterdam")
DEFAULT_DAYS = 30
MAX_DAYS = 366
UNANSWERED_LIMIT = 200

UNSURE_INTENTS = ("nlu_fallback",)
OUT_OF_SCOPE_INTENTS = ("out_of_scope",)
HANDOFF_ACTION = "action_human_handoff"
WEGWIJZER_START_ACTION = "action_reset_wegwijzer"
WEGWIJZER_ADVICE_ACTION = "action_wegwijzer_advice"
CHANNEL_TITLES = {"rest": "Website (chat)", "telegram": "Telegram", "twilio": "WhatsApp"}

events = sa.Table(
    TABLE,
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("type_name", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)


# Rasa indexes `events` on sender_id only. This covering index lets every count by type, time,
# intent and action be answered from the index alone (measured: README, "Insights"). Created by
# `make purge` (bot.storage.retention) and `python -m bot.storage.insights --create-index`;
# Rasa ignores it. Without it the numbers are the same, only slower.
INDEX_NAME = "ix_zww_events_type_time"


def ensure_index(engine: Engine) -> bool:
    """Create the insights index when the events table exists; True when it is there."""
    if not sa.inspect(engine).has_table(TABLE):
        return False
    index = sa.Index(
        INDEX_NAME,
        events.c.type_name,
        events.c.timestamp,
        events.c.intent_name,
        events.c.action_name,
        events.c.sender_id,
    )
    with engine.begin() as conn:
        index.create(conn, checkfirst=True)
    return True


# --- two portable SQL functions --------------------------------------------------------------
class json_text(FunctionElement):  # noqa: N801 - reads like the SQL function it stands for
    """A text field from the JSON in a TEXT column: json_text(events.c.data, "data", "custom")."""

    type = sa.String()
    # Not cached: the path is written into the SQL text from the bound values, which are not
    # part of SQLAlchemy's cache key, so a cached statement could carry another path.
    inherit_cache = False


@compiles(json_text)
def _json_text_default(element, compiler, **kw):  # SQLite (json1 is built in since 3.38)
    column, *keys = list(element.clauses)
    path = "$." + ".".join(k.value for k in keys)
    return f"json_extract({compiler.process(column, **kw)}, '{path}')"


@compiles(json_text, "postgresql")
def _json_text_pg(element, compiler, **kw):
    column, *keys = list(element.clauses)
    path = "{" + ",".join(k.value for k in keys) + "}"
    # json, not jsonb: the text is parsed only as far as the path needs (measured 1.5-1.7x
    # faster than building a jsonb value for every row).
    return f"(CAST({compiler.process(column, **kw)} AS json) #>> '{path}')"


class hour_of(FunctionElement):  # noqa: N801
    """Whole hours since the epoch of a float timestamp (floor; timestamps are positive)."""

    type = sa.Integer()
    inherit_cache = True


@compiles(hour_of)
def _hour_default(element, compiler, **kw):
    return f"CAST({compiler.process(list(element.clauses)[0], **kw)} / 3600 AS INTEGER)"


@compiles(hour_of, "postgresql")
def _hour_pg(element, compiler, **kw):
    return f"CAST(floor({compiler.process(list(element.clauses)[0], **kw)} / 3600) AS INTEGER)"


# --- the period ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    start: date  # first day, local time
    end: date  # last day, inclusive

    @classmethod
    def last_days(cls, days: int = DEFAULT_DAYS, today: date | None = None) -> Period:
        today = today or datetime.now(LOCAL_TZ).date()
        return cls(today - timedelta(days=days - 1), today)

    @classmethod
    def parse(cls, start: str | None, end: str | None, today: date | None = None) -> Period:
        """From ISO dates; a missing end is today, a missing start 30 days before the end.
        ValueError (Dutch message) for nonsense."""
        default = cls.last_days(today=today)
        try:
            last = date.fromisoformat(end) if end else default.end
            first = date.fromisoformat(start) if start else last - timedelta(DEFAULT_DAYS - 1)
        except ValueError as error:
            raise ValueError("Geef een datum als JJJJ-MM-DD.") from error
        if first > last:
            raise ValueError("De begindatum ligt na de einddatum.")
        if (last - first).days + 1 > MAX_DAYS:
            raise ValueError(f"Kies een periode van hoogstens {MAX_DAYS} dagen.")
        return cls(first, last)

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(n) for n in range((self.end - self.start).days + 1)]

    def epoch_bounds(self) -> tuple[float, float]:
        begin = datetime.combine(self.start, time.min, LOCAL_TZ)
        after = datetime.combine(self.end + timedelta(1), time.min, LOCAL_TZ)
        return begin.timestamp(), after.timestamp()

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """Naive UTC datetimes, as the feedback store keeps them."""
        begin, after = self.epoch_bounds()
        return (
            datetime.fromtimestamp(begin, timezone.utc).replace(tzinfo=None),
            datetime.fromtimestamp(after, timezone.utc).replace(tzinfo=None),
        )


def local_day_of_hour(hour: int) -> date:
    return datetime.fromtimestamp(hour * 3600, LOCAL_TZ).date()


# --- the result ------------------------------------------------------------------------------
@dataclass
class DayCount:
    day: date
    conversations: int = 0
    messages: int = 0
    unsure: int = 0
    out_of_scope: int = 0
    not_understood: int = 0
    handoffs: int = 0

    @property
    def unsure_share(self) -> float:
        """Share of messages the bot was unsure about or could not place (0-1)."""
        return (self.unsure + self.out_of_scope) / self.messages if self.messages else 0.0


@dataclass
class AnswerCount:
    key: str
    title: str
    count: int


@dataclass
class FeedbackCount:
    key: str
    title: str
    up: int = 0
    down: int = 0


@dataclass
class FunnelStep:
    field: str  # "start", a field name, or "advice"
    title: str
    reached: int
    stopped: int = 0  # conversations whose last question was this one, without an advice


@dataclass
class ChannelCount:
    channel: str
    title: str
    conversations: int
    messages: int


@dataclass
class Unanswered:
    when: datetime  # local time
    kind: str  # "unsure" or "out_of_scope"
    text: str  # redacted


@dataclass
class Insights:
    period: Period
    days: list[DayCount]
    topics: list[AnswerCount]
    feedback: list[FeedbackCount]
    funnel: list[FunnelStep]
    channels: list[ChannelCount]
    unanswered: list[Unanswered] | None = None  # None: the municipality did not turn it on
    totals: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        def row(obj: Any) -> dict[str, Any]:
            out = dict(vars(obj))
            for k, v in out.items():
                if isinstance(v, date | datetime):
                    out[k] = v.isoformat()
            return out

        return {
            "period": {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()},
            "totals": self.totals,
            "days": [{**row(d), "unsure_share": round(d.unsure_share, 4)} for d in self.days],
            "topics": [row(t) for t in self.topics],
            "feedback": [row(f) for f in self.feedback],
            "funnel": [row(s) for s in self.funnel],
            "channels": [row(c) for c in self.channels],
            "unanswered": None if self.unanswered is None else [row(u) for u in self.unanswered],
        }


def answer_title(key: str) -> str:
    """A readable name for an answer key: the topic title, else the key itself."""
    kind, _, rest = key.partition("/")
    if kind == "faq":
        return topics.title(rest) or rest
    names = {
        "wegwijzer/advice": "Advies van de wegwijzer",
        "zorgkantoor/regio": "Zorgkantoor gevonden",
    }
    if key in names:
        return names[key]
    if kind == "referral":
        return f"Doorverwijzing: {rest}"
    return key


FIELD_TITLES = {
    "for_whom": "Voor wie",
    "age": "Leeftijd",
    "permanent_full_day_care": "Blijvend de hele dag zorg",
    "has_wlz_indication": "Wlz-indicatie",
    "needs": "Soort hulp",
    "living_preference": "Thuis of instelling",
    "home_safe": "Thuis veilig",
    "single_provider": "Eén aanbieder",
    "self_arranged": "Zelf regelen (pgb)",
    "informal_care_available": "Mantelzorg",
    "urgent": "Spoed",
    "terminal": "Laatste levensfase",
}


# --- building it -----------------------------------------------------------------------------
class InsightsBuilder:
    """Reads both stores. Blocking: call from a worker thread."""

    def __init__(self, tracker_url: str, feedback_url: str) -> None:
        self._tracker_url = make_url(tracker_url)
        self._feedback_url = make_url(feedback_url)
        self._engines: dict[str, Engine] = {}

    def _engine(self, url: sa.engine.URL) -> Engine | None:
        """None while the store was never written (no SQLite file is created here)."""
        if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
            return None
        key = str(url)
        if key not in self._engines:
            self._engines[key] = sa.create_engine(url, future=True)
        return self._engines[key]

    def dispose(self) -> None:
        for engine in self._engines.values():
            engine.dispose()
        self._engines.clear()

    def build(self, period: Period, keep_unanswered: bool = False, keep: tuple = ()) -> Insights:
        days = {d: DayCount(d) for d in period.days}
        result = Insights(period, list(days.values()), [], [], [], [])
        tracker = self._engine(self._tracker_url)
        if tracker is not None and sa.inspect(tracker).has_table(TABLE):
            begin, after = period.epoch_bounds()
            in_period = sa.and_(events.c.timestamp >= begin, events.c.timestamp < after)

            # One connection, the parts one after the other: running them in parallel threads
            # was not faster on 2 cores (measured), the work is reading and parsing rows.
            with tracker.connect() as conn:
                self._per_day(conn, in_period, days)
                result.topics = self._topics(conn, in_period)
                result.funnel = self._funnel(conn, in_period)
                result.channels = self._channels(conn, in_period)
                if keep_unanswered:
                    result.unanswered = self._unanswered(conn, in_period, keep)
        elif keep_unanswered:
            result.unanswered = []
        result.feedback = self._feedback(period)
        result.totals = {
            "conversations": sum(d.conversations for d in result.days),
            "messages": sum(d.messages for d in result.days),
            "unsure": sum(d.unsure for d in result.days),
            "out_of_scope": sum(d.out_of_scope for d in result.days),
            "handoffs": sum(d.handoffs for d in result.days),
            "wegwijzer_started": result.funnel[0].reached if result.funnel else 0,
            "wegwijzer_advice": result.funnel[-1].reached if result.funnel else 0,
        }
        return result

    def _per_day(self, conn, in_period, days: dict[date, DayCount]) -> None:
        hour = hour_of(events.c.timestamp).label("hour")
        interesting = sa.or_(
            events.c.type_name.in_(("session_started", "user")),
            sa.and_(
                events.c.type_name == "action",
                events.c.action_name.in_((HANDOFF_ACTION, "action_default_fallback")),
            ),
        )
        query = (
            sa.select(
                hour,
                events.c.type_name,
                sa.func.coalesce(events.c.intent_name, events.c.action_name, ""),
                sa.func.count(),
            )
            .where(in_period, interesting)
            .group_by(hour, events.c.type_name, events.c.intent_name, events.c.action_name)
        )
        for hour_value, type_name, name, count in conn.execute(query):
            day = days.get(local_day_of_hour(int(hour_value)))
            if day is None:
                continue
            if type_name == "session_started":
                day.conversations += count
            elif type_name == "user":
                day.messages += count
                if name in UNSURE_INTENTS:
                    day.unsure += count
                elif name in OUT_OF_SCOPE_INTENTS:
                    day.out_of_scope += count
            elif name == HANDOFF_ACTION:
                day.handoffs += count
            else:
                day.not_understood += count

    def _topics(self, conn, in_period) -> list[AnswerCount]:
        key = json_text(events.c.data, "data", "custom", "answer_key").label("key")
        query = (
            sa.select(key, sa.func.count())
            .where(
                in_period,
                events.c.type_name == "bot",
                # Cheap pre-filter before any JSON is parsed: most bot events carry no key.
                events.c.data.like('%"answer_key"%'),
            )
            .group_by(key)
        )
        counts = [(k, n) for k, n in conn.execute(query) if k]
        counts.sort(key=lambda kn: (-kn[1], kn[0]))
        return [AnswerCount(k, answer_title(k), n) for k, n in counts]

    def _funnel(self, conn, in_period) -> list[FunnelStep]:
        """Distinct conversations (sender ids) that started the wegwijzer, were asked each
        question, and got the advice; `stopped` = last question asked without an advice."""
        started = conn.execute(
            sa.select(sa.func.count(sa.distinct(events.c.sender_id))).where(
                in_period,
                events.c.type_name == "action",
                events.c.action_name == WEGWIJZER_START_ACTION,
            )
        ).scalar_one()
        advice_senders = sa.select(events.c.sender_id).where(
            in_period,
            events.c.type_name == "action",
            events.c.action_name == WEGWIJZER_ADVICE_ACTION,
        )
        advised = conn.execute(
            sa.select(sa.func.count(sa.distinct(events.c.sender_id))).where(
                events.c.id.in_(
                    sa.select(events.c.id).where(
                        in_period,
                        events.c.type_name == "action",
                        events.c.action_name == WEGWIJZER_ADVICE_ACTION,
                    )
                )
            )
        ).scalar_one()
        value = json_text(events.c.data, "value")
        # One pass over the questions asked: per conversation and question, and which question
        # was the last one (rn = 1) for the conversations that stopped.
        asked = (
            sa.select(
                events.c.sender_id,
                value.label("field"),
                sa.func.row_number()
                .over(partition_by=events.c.sender_id, order_by=events.c.id.desc())
                .label("rn"),
            )
            .where(
                in_period,
                events.c.type_name == "slot",
                events.c.action_name == "requested_slot",
                value.isnot(None),
            )
            .subquery()
        )
        stopped_here = sa.case(
            (sa.and_(asked.c.rn == 1, asked.c.sender_id.not_in(advice_senders)), 1), else_=0
        )
        reached: dict[str, int] = {}
        stopped: dict[str, int] = {}
        for name, count, stops in conn.execute(
            sa.select(
                asked.c.field,
                sa.func.count(sa.distinct(asked.c.sender_id)),
                sa.func.sum(stopped_here),
            ).group_by(asked.c.field)
        ):
            reached[name], stopped[name] = int(count), int(stops or 0)
        steps = [FunnelStep("start", "Check gestart", int(started))]
        for name in fields.NAMES:
            steps.append(
                FunnelStep(
                    name,
                    FIELD_TITLES.get(name, name),
                    int(reached.get(name, 0)),
                    int(stopped.get(name, 0)),
                )
            )
        steps.append(FunnelStep("advice", "Advies gekregen", int(advised)))
        return steps

    def _channels(self, conn, in_period) -> list[ChannelCount]:
        """A conversation id belongs to one channel (Rasa's sender ids are per channel), so
        the channel is read from the first message of each conversation only: the JSON of a
        user event is large (Rasa's rankings), and reading it for every message was the
        slowest part on 100 000 conversations."""
        per = (
            sa.select(
                events.c.sender_id,
                sa.func.min(events.c.id).label("first_id"),
                sa.func.count().label("n"),
            )
            .where(in_period, events.c.type_name == "user")
            .group_by(events.c.sender_id)
            .cte("per_conversation")
        )
        first = events.alias("first_message")
        channel = json_text(first.c.data, "input_channel").label("channel")
        query = (
            sa.select(channel, sa.func.count(), sa.func.sum(per.c.n))
            .select_from(per.join(first, first.c.id == per.c.first_id))
            .group_by(channel)
        )
        rows = [
            ChannelCount(c or "onbekend", CHANNEL_TITLES.get(c or "", c or "Onbekend"), s, int(m))
            for c, s, m in conn.execute(query)
        ]
        return sorted(rows, key=lambda r: (-r.conversations, r.channel))

    def _unanswered(self, conn, in_period, keep: tuple) -> list[Unanswered]:
        text = json_text(events.c.data, "text")
        query = (
            sa.select(events.c.timestamp, events.c.intent_name, text)
            .where(
                in_period,
                events.c.type_name == "user",
                events.c.intent_name.in_(UNSURE_INTENTS + OUT_OF_SCOPE_INTENTS),
            )
            .order_by(events.c.timestamp.desc())
            .limit(UNANSWERED_LIMIT * 2)
        )
        found: list[Unanswered] = []
        for ts, intent, raw in conn.execute(query):
            # Button payloads ("/nlu_fallback" = "Iets anders") are not questions.
            if not raw or str(raw).startswith("/"):
                continue
            found.append(
                Unanswered(
                    datetime.fromtimestamp(ts, LOCAL_TZ).replace(microsecond=0),
                    "unsure" if intent in UNSURE_INTENTS else "out_of_scope",
                    redact_for_review(str(raw), keep),
                )
            )
            if len(found) >= UNANSWERED_LIMIT:
                break
        return found

    def _feedback(self, period: Period) -> list[FeedbackCount]:
        engine = self._engine(self._feedback_url)
        if engine is None or not sa.inspect(engine).has_table("feedback"):
            return []
        begin, after = period.utc_bounds()
        query = (
            sa.select(feedback.c.answer_key, feedback.c.rating, sa.func.count())
            .where(feedback.c.created_at >= begin, feedback.c.created_at < after)
            .group_by(feedback.c.answer_key, feedback.c.rating)
        )
        per_key: dict[str, Counter] = defaultdict(Counter)
        with engine.connect() as conn:
            for key, rating, count in conn.execute(query):
                per_key[key][rating] += count
        rows = [
            FeedbackCount(key, answer_title(key), c.get("up", 0), c.get("down", 0))
            for key, c in per_key.items()
        ]
        return sorted(rows, key=lambda r: (-(r.up + r.down), r.key))


# --- CSV -------------------------------------------------------------------------------------
def to_csv(insights: Insights) -> str:
    """One table, one row per number: onderdeel, datum, sleutel, naam, waarde. Opens in a
    spreadsheet as is; the texts of unanswered questions are never exported."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["onderdeel", "datum", "sleutel", "naam", "waarde"])
    for d in insights.days:
        day = d.day.isoformat()
        writer.writerow(["gesprekken", day, "", "Gesprekken", d.conversations])
        writer.writerow(["berichten", day, "", "Berichten", d.messages])
        writer.writerow(["onzeker", day, "nlu_fallback", "Onzeker", d.unsure])
        writer.writerow(
            ["buiten_onderwerp", day, "out_of_scope", "Buiten onderwerp", d.out_of_scope]
        )
        writer.writerow(["aandeel_onzeker", day, "", "Aandeel onzeker", f"{d.unsure_share:.4f}"])
        writer.writerow(["naar_medewerker", day, "", "Naar een medewerker", d.handoffs])
    for t in insights.topics:
        writer.writerow(["antwoorden", "", t.key, t.title, t.count])
    for f in insights.feedback:
        writer.writerow(["feedback_goed", "", f.key, f.title, f.up])
        writer.writerow(["feedback_niet_goed", "", f.key, f.title, f.down])
    for s in insights.funnel:
        writer.writerow(["wegwijzer_bereikt", "", s.field, s.title, s.reached])
        writer.writerow(["wegwijzer_gestopt", "", s.field, s.title, s.stopped])
    for c in insights.channels:
        writer.writerow(["kanaal_gesprekken", "", c.channel, c.title, c.conversations])
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    """`python -m bot.storage.insights --create-index`: the index for fast insights."""
    import argparse

    from bot.settings import get_settings
    from bot.storage.tracker_db import describe, tracker_db_url

    parser = argparse.ArgumentParser(prog="python -m bot.storage.insights")
    parser.add_argument("--create-index", action="store_true", required=True)
    parser.parse_args(argv)
    url = tracker_db_url(get_settings())
    engine = sa.create_engine(url, future=True)
    try:
        done = ensure_index(engine)
    finally:
        engine.dispose()
    print(
        f"Index {INDEX_NAME} {'staat klaar' if done else 'niet gemaakt: nog geen gesprekken'} in {describe(url)}"
    )


if __name__ == "__main__":
    main()
