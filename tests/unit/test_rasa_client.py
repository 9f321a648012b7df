"""The gateway's choice of Rasa server: sticky per session by a stable hash, fail-over to the
next server on a connection error, and Rasa's failure marker as a 503."""

import asyncio
import subprocess
import sys
from collections import Counter

import pytest

from api.rasa_client import DialogueUnavailable, RasaClient, sticky_order
from bot.runtime.launcher import free_port


def test_the_order_is_stable_and_starts_on_every_server():
    # A fixed value: the same in every API process and after a restart (not Python's hash()).
    assert sticky_order("sessie-123", 3) == sticky_order("sessie-123", 3)
    code = "from api.rasa_client import sticky_order; print(sticky_order('sessie-123', 3))"
    other = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    )
    assert other.stdout.strip() == str(sticky_order("sessie-123", 3))
    firsts = Counter(sticky_order(f"s{i}", 3)[0] for i in range(3000))
    assert all(800 < firsts[i] < 1200 for i in range(3))
    assert sorted(sticky_order("x", 4)) == [0, 1, 2, 3]


def test_no_server_answers_is_dialogue_unavailable():
    client = RasaClient([f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}"], 5)

    async def run():
        try:
            with pytest.raises(DialogueUnavailable):
                await client.send("s1", "hallo")
            return await client.is_up()
        finally:
            await client.close()

    assert asyncio.run(run()) is False
