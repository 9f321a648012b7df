"""Rasa's SQL tracker store seen as plain SQL: where it is, and deleting conversations from it.

Rasa keeps every conversation as rows in one table, `events` (column `sender_id` = our session
id, `timestamp` = float epoch seconds). Deleting those rows is all it takes to make Rasa forget
a conversation: it reads the tracker from the database on every message and keeps no copy.

No Rasa import (bot/ stays Rasa-free): SQLAlchemy 1.4 Core, which Rasa already installs and
uses for this very table, so the URL logic and dialect support (SQLite, PostgreSQL) match.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from bot.settings import Settings
from bot.storage.private import private_dir, private_file

TABLE = "events"
STRICT_SQL_STORE = "rasa_ext.tracker_store.StrictSQLTrackerStore"
# SQLite before 3.32 allows 999 bound parameters per statement.
_BATCH = 500


def tracker_db_url(settings: Settings) -> str:
    """The database Rasa writes to: ZWW_TRACKER_DB_URL, else SQLite in the data directory."""
    if settings.tracker_db_url:
        return settings.tracker_db_url
    return f"sqlite:///{Path(settings.data_dir) / 'tracker.db'}"


def rasa_endpoint_config(settings: Settings, configured: dict | None) -> dict | None:
    """The `tracker_store` section for Rasa's endpoints file, from the same settings.

    Rasa's SQLTrackerStore accepts a complete SQLAlchemy URL as `url`, so one setting serves
    Rasa and this module alike.
    """
    if settings.tracker_db_url:
        return sql_endpoint(settings.tracker_db_url)
    if not configured:
        return configured  # no tracker store configured: Rasa keeps conversations in memory
    section = dict(configured)
    if section.get("type") == "SQL" and section.get("dialect", "sqlite") == "sqlite":
        section["dialect"] = "sqlite"
        # Created here, private, before Rasa creates it with the umask's mode.
        section["db"] = str(private_file(private_dir(settings.data_dir) / "tracker.db"))
    return section


def sql_endpoint(url: str) -> dict:
    """Rasa's documented SQL tracker-store keys (dialect, host, port, db, username, password,
    query) from one SQLAlchemy URL, e.g. postgresql://zww:secret@db.internal:5432/rasa.

    The type is Rasa's SQLTrackerStore with one change (rasa_ext/tracker_store.py): a
    database error makes the message fail (the API's 503) instead of being answered on an
    empty conversation or kept in one worker's memory."""
    parts = make_url(url)
    section: dict[str, Any] = {"type": STRICT_SQL_STORE, "dialect": parts.drivername}
    if parts.host:
        section["url"] = parts.host  # Rasa passes the endpoint's `url` on as the host
    if parts.port:
        section["port"] = parts.port
    section["db"] = parts.database or ""
    if parts.username:
        section["username"] = parts.username
    if parts.password is not None:
        section["password"] = str(parts.password)
    if parts.query:
        # e.g. ?sslmode=require or ?host=/run/postgresql (a unix socket)
        section["query"] = dict(parts.query)
    return section


@dataclass(frozen=True)
class PurgeResult:
    conversations: int
    events: int


class TrackerDatabase:
    """Deletes conversations from the tracker store. Blocking: call from a worker thread."""

    def __init__(self, url: str) -> None:
        self._url = make_url(url)
        self._engine: Engine | None = None
        # Only the two columns this module needs; Rasa owns the table and creates it.
        self._events = sa.Table(
            TABLE,
            sa.MetaData(),
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("sender_id", sa.String(255)),
            sa.Column("timestamp", sa.Float),
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> TrackerDatabase:
        return cls(tracker_db_url(settings))

    def _engine_or_none(self) -> Engine | None:
        """None while nothing was ever stored; never creates an empty SQLite file."""
        if self._engine is None:
            if (
                self._url.get_backend_name() == "sqlite"
                and not Path(self._url.database or "").is_file()
            ):
                return None
            self._engine = sa.create_engine(self._url, future=True)
        if not sa.inspect(self._engine).has_table(TABLE):
            return None
        return self._engine

    def delete_conversation(self, sender_id: str) -> int:
        """Remove every event of one conversation; returns the number of events removed."""
        engine = self._engine_or_none()
        if engine is None:
            return 0
        with engine.begin() as conn:
            result = conn.execute(
                sa.delete(self._events).where(self._events.c.sender_id == sender_id)
            )
            return result.rowcount or 0

    def purge_inactive_since(self, cutoff_epoch: float) -> PurgeResult:
        """Remove conversations whose LAST event is older than `cutoff_epoch` (seconds)."""
        engine = self._engine_or_none()
        if engine is None:
            return PurgeResult(0, 0)
        events = self._events
        stale = (
            sa.select(events.c.sender_id)
            .group_by(events.c.sender_id)
            .having(sa.func.max(events.c.timestamp) < cutoff_epoch)
        )
        with engine.begin() as conn:
            sender_ids = [row[0] for row in conn.execute(stale)]
        removed = 0
        for start in range(0, len(sender_ids), _BATCH):
            batch = sender_ids[start : start + _BATCH]
            with engine.begin() as conn:
                # Checked again inside the DELETE: a resident who came back after the SELECT
                # keeps the conversation.
                result = conn.execute(
                    sa.delete(events)
                    .where(events.c.sender_id.in_(batch))
                    .where(events.c.sender_id.in_(stale))
                )
                removed += result.rowcount or 0
        return PurgeResult(conversations=len(sender_ids), events=removed)

    def ensure_insights_index(self) -> None:
        """The index /beheer counts with (bot/storage/insights.py); a no-op when it exists."""
        engine = self._engine_or_none()
        if engine is not None:
            from bot.storage.insights import ensure_index

            ensure_index(engine)

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def describe(url: Any) -> str:
    """A URL safe to print: the password is hidden."""
    return make_url(url).render_as_string(hide_password=True)
