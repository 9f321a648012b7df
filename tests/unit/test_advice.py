"""The advice as chat messages (bot/domain/advice.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings

from bot.domain import buttons
from bot.domain.advice import TOPIC_BUTTONS, render_advice, to_find_out, words
from bot.domain.eligibility import QUESTION_ORDER, evaluate, labels, missing_fields
from tests.unit.test_eligibility_properties import inputs

TOPICS_FILE = Path(__file__).resolve().parents[3] / "shared" / "spec" / "topics.yml"
# The brief's limits, written out here so that changing them in bot/domain/advice.py fails a test.
MAX_WORDS, MAX_MESSAGES, MAX_BUTTONS = 120, 3, 3
PAYLOAD = re.compile(r'^/ask_topic\{"topic":"([a-z_]+)"\}$|^/find_zorgkantoor$')
MARKUP = re.compile(r"[<>*_`#\[\]]")


@pytest.fixture(scope="module")
def topic_ids():
    if not TOPICS_FILE.exists():
        pytest.skip(f"{TOPICS_FILE} not found (shared/ must sit beside the project)")
    return {t["id"] for t in yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8"))["topics"]}


def check_shape(messages):
    assert 1 <= len(messages) <= MAX_MESSAGES
    for m in messages:
        assert set(m) == {"text", "buttons"}
        assert m["text"].strip()
        assert words(m["text"]) < MAX_WORDS, m["text"]
        assert not MARKUP.search(m["text"]), "plain text only"
        for b in m["buttons"]:
            assert set(b) == {"title", "payload"} and b["title"].strip()
            assert PAYLOAD.match(b["payload"]), b["payload"]
    assert sum(len(m["buttons"]) for m in messages) <= MAX_BUTTONS
    assert all(not m["buttons"] for m in messages[:-1]), "buttons only under the last message"


ADRIAANSE = dict(
    for_whom="relative",
    age=78,
    permanent_full_day_care=True,
    has_wlz_indication=True,
    needs=["nursing_care", "household", "supervision", "respite"],
    living_preference="institution",
    urgent=False,
    terminal=False,
)
MAX = dict(
    for_whom="relative",
    age=8,
    permanent_full_day_care=True,
    has_wlz_indication=True,
    needs=["nursing_care", "day_activities"],
    living_preference="home",
    home_safe=True,
    single_provider=False,
    self_arranged=True,
    informal_care_available=True,
    urgent=False,
    terminal=False,
)


def texts(messages):
    return [m["text"] for m in messages]


def test_sections_for_a_complete_wlz_case():
    messages = render_advice(evaluate(ADRIAANSE), "relative")
    check_shape(messages)
    routes, packages, notes = texts(messages)
    assert routes.startswith("Waar kunt u terecht voor uw naaste?")
    assert "Wet langdurige zorg (Wlz), via het zorgkantoor." in routes
    assert "Eerste stap: Neem contact op met het zorgkantoor" in routes
    assert packages.startswith("Wat past bij uw naaste?")
    assert "Past het best: Wonen in een zorginstelling." in packages
    assert "Ook mogelijk: Overbruggingszorg." in packages
    assert notes.startswith("Let op") and "CAK" in notes
    payloads = [b["payload"] for b in messages[-1]["buttons"]]
    assert payloads[0] == '/ask_topic{"topic":"permanent_verblijf"}'


def test_max_gets_pgb_first_and_no_cak():
    messages = render_advice(evaluate(MAX), "relative")
    check_shape(messages)
    joined = "\n".join(texts(messages))
    assert "Past het best: Persoonsgebonden budget (pgb)." in joined
    assert "CAK" not in joined
    assert '/ask_topic{"topic":"pgb_wlz"}' in [b["payload"] for b in messages[-1]["buttons"]]


def test_self_wording():
    routes = render_advice(evaluate(dict(ADRIAANSE, for_whom="self")), "self")[0]["text"]
    assert routes.startswith("Waar kunt u terecht?")
    assert render_advice(evaluate({}), None)[0]["text"].startswith("Waar kunt u terecht?")


def test_not_possible_packages_collapse_into_one_line():
    out = evaluate(dict(MAX, home_safe=False))
    packages = render_advice(out, "self")[1]["text"]
    assert "Niet mogelijk" not in packages
    for code in ("vpt", "mpt", "mpt_pgb", "pgb"):
        assert labels()["packages"][code] not in packages
    assert "Zorg thuis met een vpt, mpt of pgb is nu niet mogelijk." in packages
    assert "Past het best: Wonen in een zorginstelling." in packages


def test_partly_impossible_home_packages_are_left_out_without_the_line():
    out = evaluate(dict(MAX, informal_care_available=False))
    packages = render_advice(out, "self")[1]["text"]
    assert labels()["packages"]["mpt"] not in packages
    assert "is nu niet mogelijk" not in packages


def test_no_packages_section_outside_the_wlz():
    messages = render_advice(
        evaluate(
            dict(
                age=70,
                permanent_full_day_care=False,
                needs=["household"],
                urgent=False,
                terminal=False,
                for_whom="self",
            )
        ),
        "self",
    )
    check_shape(messages)
    assert len(messages) == 1
    assert "Wet maatschappelijke ondersteuning (Wmo), via de gemeente." in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ['/ask_topic{"topic":"wmo_wat"}']


def test_let_op_says_what_to_find_out_for_unknown_answers():
    # "weet ik niet" on the indication: the advice says where to find it out.
    out = evaluate(
        dict(
            for_whom="self",
            age=80,
            permanent_full_day_care=True,
            needs=["nursing_care"],
            living_preference="institution",
            urgent=False,
            terminal=False,
        )
    )
    notes = render_advice(out, "self")[-1]["text"]
    assert "Nog uitzoeken: Is er al een Wlz-indicatie?" in notes
    assert "brief van het CIZ" in notes


def test_let_op_skips_questions_behind_an_unknown_answer():
    # Wlz not known: the packages questions are not listed, the Wlz note is.
    out = evaluate(dict(for_whom="self", age=80, needs=["household"], urgent=False, terminal=False))
    assert "living_preference" in out.missing
    notes = render_advice(out, "self")[-1]["text"]
    assert "Dan kan de Wlz gelden" in notes
    assert "zorginstelling" not in notes
    assert to_find_out(out) == []


def test_urgent_and_terminal_buttons_come_first():
    messages = render_advice(evaluate(dict(ADRIAANSE, urgent=True, terminal=True)), "relative")
    payloads = [b["payload"] for b in messages[-1]["buttons"]]
    assert payloads[:2] == ['/ask_topic{"topic":"spoed"}', '/ask_topic{"topic":"palliatieve_zorg"}']
    assert "24 uur" in messages[-1]["text"]


def test_every_topic_id_used_exists(topic_ids):
    used = {spec["topic"] for spec in TOPIC_BUTTONS}
    assert used <= topic_ids, used - topic_ids


def test_dict_output_is_accepted():
    data = json.loads(evaluate(MAX).json())
    assert render_advice(data, "relative") == render_advice(evaluate(MAX), "relative")


def test_worst_case_lengths_stay_within_limits():
    # Most routes, most packages, all notes and many open questions at once.
    worst = [
        dict(
            permanent_full_day_care=True,
            needs=[
                "nursing_care",
                "household",
                "guidance",
                "supervision",
                "day_activities",
                "respite",
                "meals",
                "home_adaptation",
                "transport",
                "aids",
            ],
            urgent=True,
            terminal=True,
        ),
        dict(
            age=10,
            permanent_full_day_care=False,
            needs=["guidance", "home_adaptation", "nursing_care", "aids"],
            urgent=True,
            terminal=True,
        ),
        {},
    ]
    for data in worst:
        for who in ("self", "relative", None):
            check_shape(render_advice(evaluate(data), who))


@settings(max_examples=200, deadline=None)
@given(inputs())
def test_advice_shape_for_any_input(data):
    out = evaluate(data)
    messages = render_advice(out, data.get("for_whom"))
    check_shape(messages)
    for m in messages:
        for b in m["buttons"]:
            if b == buttons.FIND_ZORGKANTOOR:
                assert any(r.desk == "zorgkantoor" for r in out.routes)
            else:
                assert PAYLOAD.match(b["payload"]).group(1) in {s["topic"] for s in TOPIC_BUTTONS}


@settings(max_examples=200, deadline=None)
@given(inputs())
def test_find_out_lists_every_answer_that_would_change_the_advice(data):
    out = evaluate(data)
    listed = set(to_find_out(out))
    assert listed <= set(out.missing)
    unanswered = [f for f in QUESTION_ORDER if data.get(f) is None]
    relevant = set(missing_fields(data, unknown=unanswered)) - {"for_whom"}
    if data.get("permanent_full_day_care") is None:
        relevant.discard("permanent_full_day_care")  # covered by the Wlz note
    assert relevant <= listed


def test_the_zorgkantoor_route_offers_finding_the_zorgkantoor():
    messages = render_advice(evaluate(ADRIAANSE), "relative")
    assert messages[-1]["buttons"][-1] == buttons.FIND_ZORGKANTOOR
    assert len(messages[-1]["buttons"]) <= MAX_BUTTONS


def test_no_zorgkantoor_button_without_the_zorgkantoor_route():
    young = dict(ADRIAANSE, age=12, permanent_full_day_care=False, has_wlz_indication=False)
    out = evaluate(young)
    assert all(r.desk != "zorgkantoor" for r in out.routes)
    buttons_shown = [b for m in render_advice(out) for b in m["buttons"]]
    assert buttons.FIND_ZORGKANTOOR not in buttons_shown
