"""Rasa's SQL tracker store, but a database error is never hidden from the resident.

Rasa wraps every tracker store in its FailSafeTrackerStore (rasa/core/agent.py): when the
database cannot be read it carries on with an EMPTY conversation, and when it cannot be
written it keeps the conversation in the memory of that one worker. The resident then gets an
answer with status 200 that was given on the wrong state, or that is gone after the next
message (seen in tests/scale when PostgreSQL restarts under load).

This store notes such an error for the message being handled (`failures`, set per message by
rasa_ext/channels/rest.py) and re-raises it for Rasa's log. After a failed read it does not
save: a message handled on an empty conversation must not be appended to the real one. The
REST channel then answers with its failure marker, the API with a Dutch 503 (or another Rasa
server), and the resident sends the message again on the conversation as it was stored.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker

# Per message: the errors of the tracker store while handling it. None outside a message.
failures: ContextVar[list[BaseException] | None] = ContextVar("zww_tracker_failures", default=None)


def _note(error: BaseException) -> None:
    noted = failures.get()
    if noted is not None:
        noted.append(error)


# Rasa's processor goes on without a custom action's events when calling the action server
# fails ("Bot will continue, but the actions events are lost"): the resident would get an
# answer given without that action (seen under load in tests/scale). It only logs that, so the
# log record is where this module learns of it for the message being handled.
_LOST_ACTION = "Encountered an exception while running action"


class _LostActionHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR and str(record.msg).startswith(_LOST_ACTION):
            _note(RuntimeError(str(record.msg)))


def watch_lost_actions() -> None:
    """Idempotent: notes a failed custom action for the message being handled."""
    processor_log = logging.getLogger("rasa.core.processor")
    if not any(isinstance(h, _LostActionHandler) for h in processor_log.handlers):
        processor_log.addHandler(_LostActionHandler(level=logging.ERROR))


class StrictSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A pooled connection that died with a database restart is replaced before use
        # (one `SELECT 1` per checkout) instead of failing the next message of every worker.
        url = self.engine.url  # type: ignore[has-type]
        self.engine.dispose()  # type: ignore[has-type]
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        try:
            return await super().retrieve(sender_id)
        except Exception as error:
            _note(error)
            raise

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        try:
            return await super().retrieve_full_tracker(sender_id)
        except Exception as error:
            _note(error)
            raise

    async def save(self, tracker: DialogueStateTracker) -> None:
        if failures.get():
            # Read failed earlier for this message, or a custom action's events were lost:
            # this tracker is not what the conversation should become.
            raise RuntimeError("tracker not saved: this message failed")
        try:
            await super().save(tracker)
        except Exception as error:
            _note(error)
            raise
