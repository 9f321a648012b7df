"""StrictSQLTrackerStore on the private PostgreSQL: a database error is noted for the message
(so the REST channel answers with its failure marker) and a tracker read on an empty state is
never saved over the real conversation."""

import asyncio

import pytest
import sqlalchemy.exc
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext import tracker_store
from rasa_ext.channels.rest import UNAVAILABLE_MARKER, marked_on_failure
from rasa_ext.tracker_store import StrictSQLTrackerStore
from tests.support.services import PostgresServer


@pytest.fixture()
def database():
    server = PostgresServer().create()
    try:
        yield server
    finally:
        server.destroy()


def store_on(server: PostgresServer) -> StrictSQLTrackerStore:
    return StrictSQLTrackerStore(
        domain=Domain.empty(),
        dialect="postgresql",
        host="127.0.0.1",
        port=server.port,
        db=server.database,
        username=server.user_name,
    )


def test_a_database_error_is_noted_and_nothing_is_saved_after_a_failed_read(database):
    store = store_on(database)

    async def run():
        tracker = await store.get_or_create_tracker("alice")
        tracker.update(UserUttered("hallo"))
        await store.save(tracker)
        database.stop()
        noted: list[BaseException] = []
        token = tracker_store.failures.set(noted)
        try:
            with pytest.raises(sqlalchemy.exc.OperationalError):
                await store.retrieve("alice")
            database.start()
            assert await store.retrieve("bob") is None  # reading works again ...
            fresh = DialogueStateTracker("bob", [])
            fresh.update(UserUttered("op een lege toestand"))
            with pytest.raises(RuntimeError):
                await store.save(fresh)  # ... but this message already failed once
        finally:
            tracker_store.failures.reset(token)
        assert noted
        return await store.retrieve("alice"), await store.retrieve("bob")

    alice, bob = asyncio.run(run())
    assert [e.text for e in alice.events if isinstance(e, UserUttered)] == ["hallo"]
    assert bob is None


def test_the_rest_channel_replaces_the_answer_by_the_marker():
    async def swallowed_error(message):
        await message.output_channel.send_text_message(message.sender_id, "antwoord")
        tracker_store._note(RuntimeError("database down"))  # as the fail-safe store hides it

    async def run():
        output = CollectingOutputChannel()
        with pytest.raises(RuntimeError):
            await marked_on_failure(swallowed_error)(UserMessage("hoi", output, "s1"))
        return output.messages

    assert asyncio.run(run()) == [UNAVAILABLE_MARKER]


def test_a_custom_action_rasa_could_not_run_fails_the_message():
    import logging

    tracker_store.watch_lost_actions()
    tracker_store.watch_lost_actions()  # idempotent
    processor_log = logging.getLogger("rasa.core.processor")
    assert sum(isinstance(h, tracker_store._LostActionHandler) for h in processor_log.handlers) == 1

    async def action_server_unreachable(message):
        await message.output_channel.send_text_message(
            message.sender_id, "Sorry, dat begreep ik niet."
        )
        processor_log.error(
            "Encountered an exception while running action 'action_find_zorgkantoor'."
            "Bot will continue, but the actions events are lost."
        )

    async def run():
        output = CollectingOutputChannel()
        with pytest.raises(RuntimeError):
            await marked_on_failure(action_server_unreachable)(UserMessage("hoi", output, "s2"))
        return output.messages

    assert asyncio.run(run()) == [UNAVAILABLE_MARKER]
    processor_log.error(
        "Encountered an exception while running action 'x'."
    )  # outside a message: ignored
