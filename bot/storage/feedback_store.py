"""Thumbs up/down per answer, kept durably: session id, answer key, rating and UTC time only.

Never the text of a message: the answer key says which answer was rated, and the session id
is only kept so a resident can have the rows removed with the conversation.

SQLAlchemy 1.4 Core rather than the stdlib sqlite3: Rasa already installs it, the tracker
store code uses it too, and the same code then runs on PostgreSQL when ZWW_FEEDBACK_DB_URL
points there. Blocking calls: the API runs them in a worker thread (asyncio.to_thread).
"""

from __future__ import annotations

import threading
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from bot.settings import Settings
from bot.storage.private import private_file

RATINGS = ("up", "down")

_metadata = sa.MetaData()
feedback = sa.Table(
    "feedback",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.String(64), nullable=False, index=True),
    sa.Column("answer_key", sa.String(100), nullable=False),
    sa.Column("rating", sa.String(4), nullable=False),
    # Naive datetime that is always UTC: SQLite has no time zones.
    sa.Column("created_at", sa.DateTime, nullable=False, index=True),
)


def feedback_db_url(settings: Settings) -> str:
    if settings.feedback_db_url:
        return settings.feedback_db_url
    return f"sqlite:///{Path(settings.data_dir) / 'feedback.db'}"


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class FeedbackStore:
    def __init__(self, url: str) -> None:
        self._url = make_url(url)
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> FeedbackStore:
        return cls(feedback_db_url(settings))

    def _ready(self) -> Engine:
        """Creates the database and table on first use, not at start-up: a bot that never
        receives feedback leaves no file behind."""
        with self._lock:
            if self._engine is None:
                engine = sa.create_engine(self._url, future=True)
                if engine.dialect.name == "sqlite":
                    if self._url.database not in (None, "", ":memory:"):
                        # SQLite gives its -wal and -shm files the mode of the database file.
                        private_file(self._url.database)
                    sa.event.listen(engine, "connect", _sqlite_wal)
                _metadata.create_all(engine)
                self._engine = engine
            return self._engine

    def add(
        self, session_id: str, answer_key: str, rating: str, at: datetime | None = None
    ) -> None:
        """One vote per answer per conversation: a second click replaces the first."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}")
        with self._ready().begin() as conn:
            conn.execute(
                sa.delete(feedback).where(
                    feedback.c.session_id == session_id, feedback.c.answer_key == answer_key
                )
            )
            conn.execute(
                sa.insert(feedback).values(
                    session_id=session_id,
                    answer_key=answer_key,
                    rating=rating,
                    created_at=at or utc_now(),
                )
            )

    def delete_session(self, session_id: str) -> int:
        if not self._exists():
            return 0
        with self._ready().begin() as conn:
            return (
                conn.execute(
                    sa.delete(feedback).where(feedback.c.session_id == session_id)
                ).rowcount
                or 0
            )

    def purge_older_than(self, cutoff: datetime) -> int:
        """Remove rows created before `cutoff` (naive UTC)."""
        if not self._exists():
            return 0
        with self._ready().begin() as conn:
            return (
                conn.execute(sa.delete(feedback).where(feedback.c.created_at < cutoff)).rowcount
                or 0
            )

    def rows(self, session_id: str) -> list[dict]:
        """The stored rows of one session (for the resident's right of access and tests)."""
        if not self._exists():
            return []
        with self._ready().connect() as conn:
            result = conn.execute(
                sa.select(
                    feedback.c.session_id,
                    feedback.c.answer_key,
                    feedback.c.rating,
                    feedback.c.created_at,
                )
                .where(feedback.c.session_id == session_id)
                .order_by(feedback.c.id)
            )
            return [dict(row._mapping) for row in result]

    def _exists(self) -> bool:
        """Deleting from a store that was never written needs no database file."""
        if self._engine is not None or self._url.get_backend_name() != "sqlite":
            return True
        return Path(self._url.database or "").is_file()

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _sqlite_wal(dbapi_connection, _record) -> None:
    # WAL lets readers (reports, the retention job) work while the API writes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
