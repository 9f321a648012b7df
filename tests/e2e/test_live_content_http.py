"""Answer texts and local information change while the real servers run, without a retrain.

Its own stack (the shared one in conftest.py has no local information): Rasa reads the
national answers from a copy of data/faq (ZWW_ANSWERS_DIR) and the local information from a
file in a temporary folder (ZWW_LOCAL_CONTENT); the test edits both copies and asks again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import httpx
import pytest

from bot.domain.local_content import LOCAL_PREFIX
from bot.runtime.launcher import build_servers, free_port, latest_model, start_and_wait, stop_all
from bot.settings import Settings
from tests.e2e.conftest import ROOT, faq_answer

pytestmark = pytest.mark.e2e

TOPIC = "dagbesteding"
ASK = '/ask_topic{"topic":"dagbesteding"}'
FAQ_FILE = "zorg_thuis_en_hulpmiddelen.yml"
OLD_SENTENCE = "Vraag daarnaar bij het Wmo-loket."
NEW_SENTENCE = "Deze zin is in de test veranderd, zonder opnieuw te trainen."
FIRST_LOCAL = "In Teststad meldt u zich bij het wijkteam, telefoon 14 0777."
SECOND_LOCAL = "In Teststad belt u sinds vandaag het nieuwe wijkteam, telefoon 14 0777."
DEADLINE_SECONDS = 5.0


def local_file_text(text: str) -> str:
    return f'local_answers:\n  {TOPIC}: "{text}"\n'


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    folder = tmp_path_factory.mktemp("content")
    answers = folder / "faq"
    shutil.copytree(ROOT / "data" / "faq", answers)
    local = folder / "lokaal.yml"
    local.write_text(local_file_text(FIRST_LOCAL), encoding="utf-8")
    settings = Settings(
        api_port=free_port(),
        rasa_port=free_port(),
        action_port=free_port(),
        data_dir=tmp_path_factory.mktemp("var"),
        local_content=local,
        answers_dir=answers,
    )
    env = {
        "ZWW_API_PORT": str(settings.api_port),
        "ZWW_RASA_PORT": str(settings.rasa_port),
        "ZWW_ACTION_PORT": str(settings.action_port),
        "ZWW_DATA_DIR": str(settings.data_dir),
        "ZWW_RATE_LIMIT_PER_MINUTE": "0",
        "ZWW_LOCAL_CONTENT": str(local),
        "ZWW_ANSWERS_DIR": str(answers),
    }
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    model = latest_model(ROOT / "models")
    before = (sha256(model), model.stat().st_mtime_ns)
    servers = build_servers(settings, model)
    try:
        start_and_wait(servers, timeout=240)
        with httpx.Client(base_url=f"http://127.0.0.1:{settings.api_port}", timeout=30) as api:
            yield {
                "api": api,
                "answers": answers,
                "local": local,
                "model": model,
                "model_before": before,
                "rasa_log": settings.data_dir / "logs" / "rasa.log",
            }
    finally:
        stop_all(servers)
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def chat(api, message):
    r = api.post("/api/chat", json={"session_id": None, "message": message})
    assert r.status_code == 200, r.text
    return r.json()["messages"]


def wait_for(api, message, check, deadline=DEADLINE_SECONDS):
    """Ask until `check(messages)` holds; returns (messages, seconds it took)."""
    started = time.monotonic()
    while True:
        messages = chat(api, message)
        if check(messages):
            return messages, time.monotonic() - started
        if time.monotonic() - started > deadline:
            pytest.fail(f"not changed within {deadline} s: {messages}")
        time.sleep(0.2)


def test_local_information_is_its_own_message_after_the_answer(live):
    messages = chat(live["api"], ASK)
    national, local = messages
    assert national["text"] == faq_answer(TOPIC)
    assert national["answer_key"] == f"faq/{TOPIC}"  # feedback still rates the answer
    assert national["buttons"] == []  # the follow-up buttons come last, under the local text
    assert local == {
        "text": LOCAL_PREFIX + FIRST_LOCAL,
        "buttons": [
            {
                "title": "Vervoer naar dagbesteding",
                "payload": '/ask_topic{"topic":"vervoer_dagbesteding"}',
            }
        ],
        "local": True,
    }
    # The ResponseSelector's own answer (no action server involved) gets it too.
    asked = chat(live["api"], "wat is dagbesteding?")
    assert [m["text"] for m in asked] == [faq_answer(TOPIC), LOCAL_PREFIX + FIRST_LOCAL]


def test_edited_texts_are_live_within_5_seconds_and_the_model_is_untouched(live):
    api = live["api"]
    faq_file = live["answers"] / FAQ_FILE
    text = faq_file.read_text(encoding="utf-8")
    assert text.count(OLD_SENTENCE) == 1
    faq_file.write_text(text.replace(OLD_SENTENCE, NEW_SENTENCE), encoding="utf-8")
    live["local"].write_text(local_file_text(SECOND_LOCAL), encoding="utf-8")

    def changed(messages):
        return (
            len(messages) == 2
            and messages[0]["text"].endswith(NEW_SENTENCE)
            and messages[1]["text"] == LOCAL_PREFIX + SECOND_LOCAL
        )

    messages, seconds = wait_for(api, ASK, changed)
    assert seconds < DEADLINE_SECONDS
    print(f"\nboth edits live after {seconds:.2f} s")
    assert messages[0]["text"] == faq_answer(TOPIC).replace(OLD_SENTENCE, NEW_SENTENCE)
    # Also through the NLU path, for the same question typed.
    assert changed(chat(api, "wat is dagbesteding?"))

    # A bad edit is refused and logged; the previous valid text stays in use.
    live["local"].write_text(local_file_text("Bel <b>nu</b> het wijkteam."), encoding="utf-8")
    time.sleep(1.5)  # longer than the check interval
    assert chat(api, ASK)[1]["text"] == LOCAL_PREFIX + SECOND_LOCAL
    log = live["rasa_log"].read_text(encoding="utf-8", errors="replace")
    assert "local_answers.dagbesteding" in log and "HTML" in log

    model = live["model"]
    assert (sha256(model), model.stat().st_mtime_ns) == live["model_before"]
