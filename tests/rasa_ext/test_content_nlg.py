"""rasa_ext.nlg.ContentNLG with real Rasa objects: the domain as Rasa trains it (domain.yml plus
the responses in data/faq), a DialogueStateTracker, and Rasa's own NLG factory."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import pytest
import yaml
from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.importers.importer import TrainingDataImporter
from rasa.utils.endpoints import read_endpoint_config

from bot.domain.local_content import LOCAL_INFO_KEY, LOCAL_PREFIX
from bot.domain.topics import faq_answer
from bot.runtime.launcher import CONTENT_NLG, endpoints_file
from bot.settings import Settings
from rasa_ext.nlg import ContentNLG

ROOT = Path(__file__).resolve().parents[2]
FAQ_FILE = "zorg_thuis_en_hulpmiddelen.yml"
LOCAL = "In Voorbeeldstad meldt u zich bij het Sociaal Wijkteam, telefoon 14 0123."


@pytest.fixture(scope="module")
def domain() -> Domain:
    importer = TrainingDataImporter.load_from_config(
        config_path=str(ROOT / "config.yml"),
        domain_path=str(ROOT / "domain.yml"),
        training_data_paths=[str(ROOT / "data")],
    )
    return importer.get_domain()


@pytest.fixture()
def files(tmp_path):
    answers = tmp_path / "faq"
    shutil.copytree(ROOT / "data" / "faq", answers)
    local = tmp_path / "lokaal.yml"
    local.write_text(f'local_answers:\n  dagbesteding: "{LOCAL}"\n', encoding="utf-8")
    return answers, local


@pytest.fixture()
def nlg(domain, files, monkeypatch):
    monkeypatch.setattr(ContentNLG, "check_interval", 0.0)
    answers, local = files
    return ContentNLG(None, domain, Settings(answers_dir=answers, local_content=local))


def generate(nlg, domain, action, channel="collector"):
    tracker = DialogueStateTracker("test-nlg", domain.slots)
    return asyncio.run(nlg.generate(action, tracker, channel))


def edit_response(answers: Path, name: str, text: str | None) -> None:
    """Change (or, with None, remove) one response in the copied FAQ file."""
    file = answers / FAQ_FILE
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    if text is None:
        del data["responses"][name]
    else:
        data["responses"][name][0]["text"] = text
    time.sleep(0.01)  # a visibly newer modification time
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_rasa_loads_the_class_named_in_the_launchers_endpoints_file(domain, tmp_path):
    written = endpoints_file(Settings(data_dir=tmp_path, rasa_port=5999))
    config = read_endpoint_config(str(written), "nlg")
    assert config is not None and config.type == CONTENT_NLG
    nlg = NaturalLanguageGenerator.create(config, domain)
    assert isinstance(nlg, ContentNLG)


def test_unchanged_files_give_exactly_the_trained_answers(domain, nlg):
    assert {k: nlg.responses[k] for k in domain.responses} == domain.responses


def test_faq_answer_gets_the_local_text_in_custom_json_for_splitting_channels(domain, nlg):
    for channel in ["collector", "telegram", "twilio"]:
        message = generate(nlg, domain, "utter_faq/dagbesteding", channel)
        assert message["text"].strip() == faq_answer("dagbesteding")
        assert message["custom"] == {
            "answer_key": "faq/dagbesteding",
            LOCAL_INFO_KEY: LOCAL_PREFIX + LOCAL,
        }
        # Rasa reads {{..}} in a response as an escaped brace; the overlay keeps that.
        assert message["buttons"][0]["payload"] == '/ask_topic{"topic":"vervoer_dagbesteding"}'


def test_rasa_shell_gets_the_local_text_as_its_own_paragraph(domain, nlg):
    message = generate(nlg, domain, "utter_faq/dagbesteding", "queue")
    assert message["text"] == f"{faq_answer('dagbesteding')}\n\n{LOCAL_PREFIX}{LOCAL}"
    assert message["custom"] == {"answer_key": "faq/dagbesteding"}


def test_topics_without_local_text_and_other_responses_are_unchanged(domain, nlg):
    vpt = generate(nlg, domain, "utter_faq/vpt")
    assert vpt["custom"] == {"answer_key": "faq/vpt"}
    assert vpt["text"].strip() == faq_answer("vpt")
    greet = generate(nlg, domain, "utter_greet")
    assert LOCAL_PREFIX not in greet["text"] and LOCAL_INFO_KEY not in (greet.get("custom") or {})


def test_an_edited_national_answer_is_used_at_once(domain, nlg, files):
    answers, _ = files
    edit_response(answers, "utter_faq/dagbesteding", "Een nieuwe tekst over dagbesteding.\n")
    message = generate(nlg, domain, "utter_faq/dagbesteding")
    assert message["text"].strip() == "Een nieuwe tekst over dagbesteding."
    assert message["custom"]["answer_key"] == "faq/dagbesteding"  # the rest of it is kept


def test_a_response_removed_from_the_files_keeps_the_trained_text(domain, nlg, files):
    answers, _ = files
    edit_response(answers, "utter_faq/dagbesteding", None)
    message = generate(nlg, domain, "utter_faq/dagbesteding")
    assert message["text"].strip() == faq_answer("dagbesteding")


def test_an_edited_local_text_is_used_and_a_bad_one_is_refused(domain, nlg, files):
    _, local = files
    time.sleep(0.01)
    local.write_text('local_answers:\n  dagbesteding: "Nieuw lokaal bericht."\n', encoding="utf-8")
    message = generate(nlg, domain, "utter_faq/dagbesteding")
    assert message["custom"][LOCAL_INFO_KEY] == LOCAL_PREFIX + "Nieuw lokaal bericht."
    time.sleep(0.01)
    local.write_text('local_answers:\n  dagbesteding: "Bel <b>nu</b>."\n', encoding="utf-8")
    message = generate(nlg, domain, "utter_faq/dagbesteding")
    assert message["custom"][LOCAL_INFO_KEY] == LOCAL_PREFIX + "Nieuw lokaal bericht."


def test_a_broken_national_file_keeps_the_previous_answers(domain, nlg, files):
    answers, _ = files
    edit_response(answers, "utter_faq/dagbesteding", "Tussenversie van de tekst.\n")
    assert generate(nlg, domain, "utter_faq/dagbesteding")["text"].startswith("Tussenversie")
    (answers / FAQ_FILE).write_text("responses: [\n", encoding="utf-8")
    assert generate(nlg, domain, "utter_faq/dagbesteding")["text"].startswith("Tussenversie")


def test_without_local_content_nothing_is_added(domain, files, monkeypatch):
    monkeypatch.setattr(ContentNLG, "check_interval", 0.0)
    answers, _ = files
    nlg = ContentNLG(None, domain, Settings(answers_dir=answers, local_content=None))
    assert generate(nlg, domain, "utter_faq/dagbesteding")["custom"] == {
        "answer_key": "faq/dagbesteding"
    }
