"""Local content (ZWW_LOCAL_CONTENT) and live answer texts: checks, Dutch errors, reloads."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
import yaml

from bot.domain import live_content, local_content
from bot.domain.local_content import (
    LOCAL_INFO_KEY,
    LOCAL_PREFIX,
    LocalContentError,
    split_local_info,
)
from bot.domain.topics import faq_responses, topic_ids
from scripts import check_content

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "content" / "voorbeeldstad.yml"
GOOD = "In Voorbeeldstad meldt u zich bij het Sociaal Wijkteam, telefoon 14 0123."


def write(path: Path, entries: dict | str) -> Path:
    text = entries if isinstance(entries, str) else yaml.safe_dump({"local_answers": entries})
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, entries: dict | str) -> list[str]:
    with pytest.raises(LocalContentError) as caught:
        local_content.load(write(tmp_path / "lokaal.yml", entries))
    return caught.value.problems


# --- the shipped example ----------------------------------------------------------------------


def test_the_demo_file_is_valid_and_covers_the_topics_where_local_information_matters():
    content = local_content.load(EXAMPLE)
    # Wmo-loket/wijkteam, cliëntondersteuning, regiotaxi, mantelzorg, huishouden, woning.
    for topic in [
        "wmo_wat",
        "hulp_bij_aanvragen",
        "vervoer",
        "mantelzorg_ontlasten",
        "huishoudelijke_hulp",
        "woningaanpassing",
    ]:
        assert content.text_for(topic), topic
    assert set(content.answers) <= set(topic_ids())


def test_a_good_file_is_read_and_the_text_is_marked_as_local(tmp_path):
    content = local_content.load(write(tmp_path / "lokaal.yml", {"dagbesteding": GOOD}))
    assert content.text_for("dagbesteding") == GOOD
    assert content.message_for("dagbesteding") == LOCAL_PREFIX + GOOD
    assert content.message_for("vpt") is None


def test_line_breaks_and_double_spaces_in_a_text_become_single_spaces(tmp_path):
    path = write(
        tmp_path / "lokaal.yml", "local_answers:\n  vpt: |\n    Regel een.\n    Regel  twee.\n"
    )
    assert local_content.load(path).text_for("vpt") == "Regel een. Regel twee."


def test_an_empty_file_means_no_local_information(tmp_path):
    path = write(tmp_path / "lokaal.yml", "# nog niets\n")
    assert local_content.load(path).answers == {}


# --- each kind of error, naming the entry ---------------------------------------------------


def test_unknown_topic_is_named_with_a_suggestion(tmp_path):
    [problem] = problems(tmp_path, {"dagbesteeding": GOOD})
    assert problem.startswith("local_answers.dagbesteeding:")
    assert "geen bekend onderwerp" in problem and "'dagbesteding'" in problem


def test_empty_text(tmp_path):
    assert problems(tmp_path, {"vervoer": "  "}) == [
        "local_answers.vervoer: de tekst is leeg. Vul een tekst in of haal de regel weg."
    ]


def test_text_that_is_not_text(tmp_path):
    [problem] = problems(tmp_path, {"vervoer": ["een", "lijst"]})
    assert problem.startswith("local_answers.vervoer:") and "geen tekst" in problem


def test_more_than_80_words(tmp_path):
    assert not problems_of(" ".join(["woord"] * 80))
    [problem] = problems(tmp_path, {"vervoer": " ".join(["woord"] * 81)})
    assert problem.startswith("local_answers.vervoer:") and "81 woorden" in problem


def problems_of(text: str) -> list[str]:
    return local_content.problems_of_text("local_answers.x", text)


@pytest.mark.parametrize(
    "text",
    [
        "Bel <b>nu</b> het wijkteam.",
        'Kijk op <a href="https://voorbeeldstad.nl">de site</a>.',
        "Eerste regel<br>tweede regel",
        "Tekst <!-- opmerking -->",
        "Zorg &amp; welzijn",
    ],
)
def test_html_or_markup(tmp_path, text):
    [problem] = problems(tmp_path, {"wmo_wat": text})
    assert problem.startswith("local_answers.wmo_wat:") and "HTML" in problem


def test_comparisons_are_not_markup():
    assert problems_of("Bent u 65 jaar of ouder (> 65) of jonger (< 18)? Bel 14 0123.") == []


@pytest.mark.parametrize("number", ["123456782", "1234.56.782", "123 456 782", "12-34-56-782"])
def test_a_bsn_like_number(tmp_path, number):
    [problem] = problems(tmp_path, {"pgb_wlz": f"Uw nummer is {number}."})
    assert problem.startswith("local_answers.pgb_wlz:") and "BSN" in problem


@pytest.mark.parametrize(
    "number", ["14 0123", "0123 45 67 89", "020-1234567", "0800 123 45 67", "+31 20 123 4567"]
)
def test_public_phone_numbers_are_allowed(number):
    assert problems_of(f"Bel {number} of mail wmo@voorbeeldstad.nl.") == []


def test_every_problem_is_listed_at_once(tmp_path):
    found = problems(
        tmp_path,
        {"onbekend": "<b>x</b>", "vervoer": "", "vpt": "<i>x</i> 123456782", "mpt": GOOD},
    )
    assert [p.split(":")[0] for p in found] == [
        "local_answers.onbekend",
        "local_answers.onbekend",  # its text is checked too
        "local_answers.vervoer",
        "local_answers.vpt",
        "local_answers.vpt",
    ]


def test_the_same_topic_twice(tmp_path):
    [problem] = problems(tmp_path, f'local_answers:\n  vpt: "{GOOD}"\n  vpt: "Ander."\n')
    assert problem.startswith("local_answers.vpt:") and "twee keer" in problem


def test_broken_yaml_gives_a_line_number_not_a_trace(tmp_path):
    [problem] = problems(tmp_path, 'local_answers:\n  vpt: "niet afgesloten\n  mpt: x\n')
    assert "opmaak" in problem and "regel" in problem


def test_wrong_layout(tmp_path):
    [problem] = problems(tmp_path, "dagbesteding: tekst\n")
    assert "local_answers:" in problem


def test_missing_file(tmp_path):
    with pytest.raises(LocalContentError) as caught:
        local_content.load(tmp_path / "weg.yml")
    assert "bestaat niet" in str(caught.value) and "weg.yml" in str(caught.value)


def test_the_error_message_is_dutch_and_names_the_file(tmp_path):
    with pytest.raises(LocalContentError) as caught:
        local_content.load(write(tmp_path / "lokaal.yml", {"vervoer": ""}))
    message = str(caught.value)
    assert message.startswith(f"De lokale informatie in {tmp_path / 'lokaal.yml'} is niet gebruikt")
    assert "- local_answers.vervoer: de tekst is leeg" in message


# --- reloading: changes are seen, a bad version never replaces a good one -------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def rewrite(path: Path, entries: dict | str) -> None:
    """Write and make sure the change is visible in the file's size or time."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    write(path, entries)
    if path.stat().st_mtime_ns == before:
        import os

        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def test_a_changed_file_is_read_again_after_the_check_interval(tmp_path):
    path = write(tmp_path / "lokaal.yml", {"vpt": "Eerste tekst."})
    clock = Clock()
    watched = live_content.local_answers(path, interval=1.0, clock=clock)
    assert watched.get().text_for("vpt") == "Eerste tekst."
    rewrite(path, {"vpt": "Tweede, langere tekst."})
    clock.now += 0.5
    assert watched.get().text_for("vpt") == "Eerste tekst."  # within the interval: no stat
    clock.now += 1.0
    assert watched.get().text_for("vpt") == "Tweede, langere tekst."


def test_an_invalid_change_keeps_the_previous_content_and_is_logged(tmp_path, caplog):
    path = write(tmp_path / "lokaal.yml", {"vpt": "Goede tekst."})
    watched = live_content.local_answers(path, interval=0)
    assert watched.get().text_for("vpt") == "Goede tekst."
    rewrite(path, {"vpt": "Foute <b>tekst</b> die langer is."})
    with caplog.at_level(logging.ERROR, logger="bot.domain.live_content"):
        assert watched.get().text_for("vpt") == "Goede tekst."
    assert "vorige versie blijft in gebruik" in caplog.text
    assert "local_answers.vpt" in caplog.text and "HTML" in caplog.text
    assert watched.last_error and "local_answers.vpt" in watched.last_error
    rewrite(path, {"vpt": "Weer een goede tekst, nu wat langer."})
    assert watched.get().text_for("vpt") == "Weer een goede tekst, nu wat langer."
    assert watched.last_error is None


def test_an_invalid_file_at_start_gives_no_local_information_and_a_logged_error(tmp_path, caplog):
    path = write(tmp_path / "lokaal.yml", {"onbekend": GOOD})
    with caplog.at_level(logging.ERROR, logger="bot.domain.live_content"):
        watched = live_content.local_answers(path, interval=0)
    assert watched.get().answers == {}
    assert "local_answers.onbekend" in caplog.text


def test_a_deleted_file_keeps_the_previous_content(tmp_path):
    path = write(tmp_path / "lokaal.yml", {"vpt": "Goede tekst."})
    watched = live_content.local_answers(path, interval=0)
    path.unlink()
    assert watched.get().text_for("vpt") == "Goede tekst."
    assert "bestaat niet" in (watched.last_error or "")


def test_no_file_set_means_no_local_information():
    assert live_content.local_answers(None).get().answers == {}


# --- national answers -----------------------------------------------------------------------


def test_the_national_answers_in_the_repository_pass_the_same_checks():
    responses = live_content.load_national_responses(ROOT / "data" / "faq")
    texts = {
        name[len("utter_faq/") :]: [v["text"].strip() for v in variants]
        for name, variants in responses.items()
        if name.startswith("utter_faq/")
    }
    assert texts == faq_responses()
    assert set(texts) == set(topic_ids())


def test_a_broken_national_answer_is_refused_with_file_and_response_named(tmp_path):
    answers = tmp_path / "faq"
    shutil.copytree(ROOT / "data" / "faq", answers)
    file = answers / "zorg_thuis_en_hulpmiddelen.yml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    data["responses"]["utter_faq/dagbesteding"][0]["text"] = "Zie <b>hier</b>."
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(live_content.ContentError) as caught:
        live_content.load_national_responses(answers)
    assert "zorg_thuis_en_hulpmiddelen.yml: utter_faq/dagbesteding: de tekst bevat HTML" in str(
        caught.value
    )


def test_a_national_file_with_broken_yaml_keeps_the_previous_answers(tmp_path):
    answers = tmp_path / "faq"
    shutil.copytree(ROOT / "data" / "faq", answers)
    watched = live_content.national_answers(answers, interval=0)
    before = watched.get()
    assert "utter_faq/dagbesteding" in before
    (answers / "zorg_thuis_en_hulpmiddelen.yml").write_text("responses: [\n", encoding="utf-8")
    assert watched.get() is before
    assert "zorg_thuis_en_hulpmiddelen.yml" in (watched.last_error or "")


# --- one message becomes two on a channel -------------------------------------------------


def test_split_local_info_makes_the_local_text_its_own_message_with_the_buttons():
    buttons = [{"title": "Verder", "payload": "/x"}]
    message = {
        "text": "Landelijk.",
        "buttons": buttons,
        "custom": {"answer_key": "faq/vpt", LOCAL_INFO_KEY: "Lokale informatie: hier."},
        "utter_action": "utter_faq/vpt",
    }
    assert split_local_info(message) == [
        {
            "text": "Landelijk.",
            "custom": {"answer_key": "faq/vpt"},
            "utter_action": "utter_faq/vpt",
        },
        {"text": "Lokale informatie: hier.", "buttons": buttons},
    ]


def test_split_local_info_leaves_other_messages_alone():
    message = {"text": "Hallo", "custom": {"answer_key": "faq/vpt"}}
    assert split_local_info(message) == [message]


# --- make check-content ---------------------------------------------------------------------


def test_check_content_passes_the_repository_and_the_demo_file(capsys):
    assert check_content.main([str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "Landelijke antwoorden: in orde (60 onderwerpen" in out
    assert "Lokale informatie: in orde (" in out


def test_check_content_prints_dutch_errors_and_fails(tmp_path, capsys):
    path = write(tmp_path / "lokaal.yml", {"vervoer": "", "dagbesteding": GOOD})
    assert check_content.main([str(path)]) == 1
    assert "- local_answers.vervoer: de tekst is leeg" in capsys.readouterr().out


def test_a_missing_answers_folder_is_an_error_not_an_empty_set(tmp_path):
    with pytest.raises(live_content.ContentError, match="bestaat niet"):
        live_content.load_national_responses(tmp_path / "geen-map")
