"""The advice as chat messages (bot/domain/advice.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings

from bot.domain import buttons
from bot.domain.advice import TOPIC_BUTTONS, render_advice, render_reasons, to_find_out, words
from bot.domain.eligibility import QUESTION_ORDER, evaluate, labels, missing_fields
from tests.unit.test_eligibility_properties import inputs

TOPICS_FILE = Path(__file__).resolve().parents[3] / "shared" / "spec" / "topics.yml"
# The brief's limits, written out here so that changing them in bot/domain/advice.py fails a test.
MAX_WORDS, MAX_MESSAGES, MAX_BUTTONS = 80, 3, 4
PAYLOAD = re.compile(r'^/ask_topic\{"topic":"([a-z_]+)"\}$|^/find_zorgkantoor$|^/wegwijzer_why$')
CONTACT = {"name": "Gemeente Voorbeeldstad", "phone": "14 0123"}
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
    assert messages[-1]["buttons"][0] == buttons.WEGWIJZER_WHY, "the reasons are one tap away"


def topic_payloads(messages):
    return [b["payload"] for b in messages[-1]["buttons"] if b != buttons.WEGWIJZER_WHY]


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


def check_reasons(out):
    """Behind "Waarom dit advies?": every reason whole, within the message limits."""
    reasons = render_reasons(out)
    assert 1 <= len(reasons) <= MAX_MESSAGES
    joined = " ".join(" ".join(m["text"].split()) for m in reasons)
    for route in out.routes:
        assert route.why in joined, "a reason is never cut short"
    for package in out.packages:
        if package.fit == "recommended":
            assert package.why in joined
    for m in reasons:
        assert words(m["text"]) < MAX_WORDS, m["text"]


def texts(messages):
    return [m["text"] for m in messages]


def test_sections_for_a_complete_wlz_case():
    messages = render_advice(evaluate(ADRIAANSE), "uw naaste")
    check_shape(messages)
    routes, packages, notes = texts(messages)
    assert routes.startswith("Waar kunt u terecht voor uw naaste?")
    assert "Wet langdurige zorg (Wlz), via het zorgkantoor." in routes
    assert "Eerste stap: Neem contact op met het zorgkantoor" in routes
    assert packages.startswith("Wat past bij uw naaste?")
    assert "Past het best: Wonen in een zorginstelling." in packages
    assert "Ook mogelijk: Overbruggingszorg." in packages
    assert notes.startswith("Let op") and "CAK" in notes
    assert topic_payloads(messages)[0] == '/ask_topic{"topic":"permanent_verblijf"}'


def test_max_gets_pgb_first_and_no_cak():
    messages = render_advice(evaluate(MAX), "uw naaste")
    check_shape(messages)
    joined = "\n".join(texts(messages))
    assert "Past het best: Persoonsgebonden budget (pgb)." in joined
    assert "CAK" not in joined
    assert '/ask_topic{"topic":"pgb_wlz"}' in topic_payloads(messages)


def test_self_wording():
    routes = render_advice(evaluate(dict(ADRIAANSE, for_whom="self")))[0]["text"]
    assert routes.startswith("Waar kunt u terecht?")
    assert render_advice(evaluate({}), None)[0]["text"].startswith("Waar kunt u terecht?")


def test_not_possible_packages_collapse_into_one_line():
    out = evaluate(dict(MAX, home_safe=False))
    packages = render_advice(out)[1]["text"]
    assert "Niet mogelijk" not in packages
    for code in ("vpt", "mpt", "mpt_pgb", "pgb"):
        assert labels()["packages"][code] not in packages
    assert "Zorg thuis met een vpt, mpt of pgb is nu niet mogelijk." in packages
    assert "Past het best: Wonen in een zorginstelling." in packages


def test_partly_impossible_home_packages_are_left_out_without_the_line():
    out = evaluate(dict(MAX, informal_care_available=False))
    packages = render_advice(out)[1]["text"]
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
        None,
        CONTACT,
    )
    check_shape(messages)
    assert len(messages) == 1
    assert "Wet maatschappelijke ondersteuning (Wmo), via de gemeente." in messages[0]["text"]
    # What to do first, with the desk's contact where the municipality configured it.
    assert "Gemeente Voorbeeldstad: bel 14 0123." in messages[0]["text"]
    assert topic_payloads(messages) == ['/ask_topic{"topic":"wmo_wat"}']


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
    notes = render_advice(out)[-1]["text"]
    assert "Nog uitzoeken: Is er al een Wlz-indicatie?" in notes
    assert "brief van het CIZ" in notes


def test_let_op_skips_questions_behind_an_unknown_answer():
    # Wlz not known: the packages questions are not listed, the Wlz note is.
    out = evaluate(dict(for_whom="self", age=80, needs=["household"], urgent=False, terminal=False))
    assert "living_preference" in out.missing
    notes = render_advice(out)[-1]["text"]
    assert "Dan kan de Wlz gelden" in notes
    assert "zorginstelling" not in notes
    assert to_find_out(out) == []


def test_urgent_and_terminal_buttons_come_first():
    messages = render_advice(evaluate(dict(ADRIAANSE, urgent=True, terminal=True)), "uw naaste")
    payloads = topic_payloads(messages)
    assert payloads[:2] == ['/ask_topic{"topic":"spoed"}', '/ask_topic{"topic":"palliatieve_zorg"}']
    assert "24 uur" in messages[-1]["text"]


def test_every_topic_id_used_exists(topic_ids):
    used = {spec["topic"] for spec in TOPIC_BUTTONS}
    assert used <= topic_ids, used - topic_ids


def test_dict_output_is_accepted():
    data = json.loads(evaluate(MAX).json())
    assert render_advice(data, "uw naaste") == render_advice(evaluate(MAX), "uw naaste")


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
        for person in ("uw schoonmoeder", "uw naaste", None):
            check_shape(render_advice(evaluate(data, person), person, CONTACT))
            check_reasons(evaluate(data, person))


@settings(max_examples=200, deadline=None)
@given(inputs())
def test_advice_shape_for_any_input(data):
    out = evaluate(data)
    messages = render_advice(out, "uw vader" if data.get("for_whom") == "relative" else None)
    check_shape(messages)
    check_reasons(out)
    for m in messages:
        for b in m["buttons"]:
            if b == buttons.WEGWIJZER_WHY:
                continue
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
    messages = render_advice(evaluate(ADRIAANSE), "uw naaste")
    assert messages[-1]["buttons"][-1] == buttons.FIND_ZORGKANTOOR
    assert len(messages[-1]["buttons"]) <= MAX_BUTTONS


def test_no_zorgkantoor_button_without_the_zorgkantoor_route():
    young = dict(ADRIAANSE, age=12, permanent_full_day_care=False, has_wlz_indication=False)
    out = evaluate(young)
    assert all(r.desk != "zorgkantoor" for r in out.routes)
    buttons_shown = [b for m in render_advice(out) for b in m["buttons"]]
    assert buttons.FIND_ZORGKANTOOR not in buttons_shown


def test_the_advice_names_the_relative():
    out = evaluate(ADRIAANSE, "uw vader")
    messages = render_advice(out, "uw vader")
    assert messages[0]["text"].startswith("Waar kunt u terecht voor uw vader?")
    assert messages[1]["text"].startswith("Wat past bij uw vader?")
    reasons = "\n".join(m["text"] for m in render_reasons(out))
    assert "Uw vader heeft blijvend de hele dag zorg of toezicht nodig" in reasons
    assert "U heeft blijvend" not in reasons
    # The API (no person) keeps the plain reasons.
    assert evaluate(ADRIAANSE).routes[0].why.startswith("U heeft blijvend")


def test_reasons_are_whole_and_behind_the_why_button():
    # The example: these were cut to their first sentence.
    out = evaluate(dict(ADRIAANSE, needs=["nursing_care", "household", "aids"]))
    reasons = "\n".join(m["text"] for m in render_reasons(out))
    assert "Dus niet via de gemeente of de zorgverzekeraar." in reasons
    assert "Een hulpmiddel dat u lang nodig heeft, krijgt u via de gemeente." in reasons
    advice = "\n".join(m["text"] for m in render_advice(out))
    assert "Dus niet via" not in advice, "the advice itself stays short"


def test_dagbesteding_in_a_group_comes_with_its_transport():
    out = evaluate(dict(MAX, age=80, needs=["day_activities", "transport"]))
    wlz = next(r for r in out.routes if r.law == "wlz")
    assert "aanbieder van de dagbesteding het vervoer" in wlz.why
    wmo = next(r for r in out.routes if r.law == "wmo")
    assert "ander vervoer, zoals de regiotaxi" in wmo.why


def test_supervision_part_of_the_day_is_begeleiding_via_the_wmo():
    out = evaluate(
        dict(for_whom="self", age=50, permanent_full_day_care=False, needs=["supervision"])
    )
    (wmo,) = out.routes
    assert (wmo.law, wmo.desk) == ("wmo", "gemeente")
    assert "valt onder begeleiding" in wmo.why and "Wlz" in wmo.why


def test_only_unknown_answers_are_left_to_find_out_in_the_chat():
    out = evaluate(dict(for_whom="self", age=45, permanent_full_day_care=False, needs=["guidance"]))
    assert "terminal" in out.missing  # the API lists it ...
    assert to_find_out(out, unknown=[]) == []  # ... the chat did not ask it, so nothing to find out
    assert "urgent" in to_find_out(out, unknown=["urgent"])
