"""Example-based tests of the eligibility engine: SPEC rules 1-6, the issue's table, the two
cases of source 002 (Adriaanse, Max), validation and the question order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.domain.eligibility import (
    QUESTION_ORDER,
    EligibilityInput,
    EligibilityOutput,
    evaluate,
    missing_fields,
    needed_after,
    note_id,
    rules,
)

ROOT = Path(__file__).resolve().parents[2]
ALL_NEEDS = [
    "household",
    "home_adaptation",
    "aids",
    "transport",
    "guidance",
    "day_activities",
    "nursing_care",
    "supervision",
    "respite",
    "meals",
]


def routes(out):
    return [(r.law, r.desk) for r in out.routes]


def route(out, law, desk):
    found = [r for r in out.routes if (r.law, r.desk) == (law, desk)]
    assert found, f"no route {law}/{desk} in {routes(out)}"
    return found[0]


def fits(out):
    return {p.code: p.fit for p in out.packages}


def note_ids(out):
    return [note_id(n) for n in out.notes]


WLZ_HOME = dict(
    age=80,
    permanent_full_day_care=True,
    has_wlz_indication=True,
    living_preference="home",
    home_safe=True,
)


# --------------------------------------------------------------------------- SPEC 1
def test_rule1_permanent_without_indication_goes_to_ciz():
    out = evaluate(dict(age=80, permanent_full_day_care=True, has_wlz_indication=False))
    r = route(out, "wlz", "ciz")
    assert "CIZ" in r.why and "6 weken" in " ".join(r.next_steps)
    assert ("wlz", "zorgkantoor") not in routes(out)


def test_rule1_permanent_with_indication_goes_to_zorgkantoor():
    out = evaluate(dict(age=80, permanent_full_day_care=True, has_wlz_indication=True))
    assert ("wlz", "zorgkantoor") in routes(out)
    assert ("wlz", "ciz") not in routes(out)
    assert "zorgkantoor" in route(out, "wlz", "zorgkantoor").why


def test_rule1_not_permanent_means_no_wlz():
    out = evaluate(dict(age=80, permanent_full_day_care=False, needs=["household"]))
    assert all(law != "wlz" for law, _ in routes(out))
    assert out.packages == []


# --------------------------------------------------------------------------- SPEC 2 / TABLE 1
@pytest.mark.parametrize("need", ["guidance", "day_activities", "respite", "household"])
def test_rule2_child_support_goes_to_jeugdwet_not_wmo(need):
    out = evaluate(dict(age=10, permanent_full_day_care=False, needs=[need]))
    assert routes(out) == [("jeugdwet", "gemeente")]


def test_rule2_child_with_permanent_care_gets_wlz():
    out = evaluate(
        dict(
            age=10,
            permanent_full_day_care=True,
            has_wlz_indication=False,
            needs=["guidance", "nursing_care"],
        )
    )
    assert routes(out) == [("wlz", "ciz")]
    assert "begeleiding" in out.routes[0].why


def test_rule2_nursing_for_a_child_goes_to_zvw():
    out = evaluate(dict(age=6, permanent_full_day_care=False, needs=["nursing_care"]))
    assert routes(out) == [("zvw", "zorgverzekeraar")]


def test_child_without_known_needs_goes_to_jeugdwet_desk():
    out = evaluate(dict(age=12, permanent_full_day_care=False, needs=[]))
    assert routes(out) == [("jeugdwet", "gemeente")]


# --------------------------------------------------------------------------- SPEC 3 / TABLE 2-3
@pytest.mark.parametrize(
    "need",
    ["household", "home_adaptation", "transport", "guidance", "day_activities", "respite", "meals"],
)
def test_rule3_adult_everyday_help_goes_to_wmo(need):
    out = evaluate(dict(age=70, permanent_full_day_care=False, needs=[need]))
    assert routes(out) == [("wmo", "gemeente")]


def test_rule3_adult_nursing_goes_to_wijkverpleging():
    out = evaluate(dict(age=70, permanent_full_day_care=False, needs=["nursing_care"]))
    assert routes(out) == [("zvw", "zorgverzekeraar")]
    r = out.routes[0]
    assert "wijkverpleging" in r.why
    assert "wijkverpleegkundige" in r.next_steps[0]


def test_rule3_aids_both_wmo_long_term_and_zvw_short_loan():
    out = evaluate(dict(age=70, permanent_full_day_care=False, needs=["aids"]))
    assert routes(out) == [("wmo", "gemeente"), ("zvw", "zorgverzekeraar")]
    assert "lang" in route(out, "wmo", "gemeente").why
    assert "kort" in route(out, "zvw", "zorgverzekeraar").why


def test_table3_adult_supervision_without_permanent_care_is_wmo():
    out = evaluate(dict(age=45, permanent_full_day_care=False, needs=["supervision"]))
    assert routes(out) == [("wmo", "gemeente")]
    assert "toezicht" in out.routes[0].why


@pytest.mark.parametrize("age", [5, 17, 18, 90])
@pytest.mark.parametrize("need", ["home_adaptation", "transport"])
def test_table2_adaptation_and_transport_wmo_at_any_age(age, need):
    out = evaluate(dict(age=age, permanent_full_day_care=False, needs=[need]))
    assert routes(out) == [("wmo", "gemeente")]


@pytest.mark.parametrize("age", [5, 17, 18, 90])
@pytest.mark.parametrize("permanent", [True, False, None])
def test_table2_aids_wmo_and_zvw_at_any_age(age, permanent):
    out = evaluate(dict(age=age, permanent_full_day_care=permanent, needs=["aids"]))
    assert ("wmo", "gemeente") in routes(out)
    assert ("zvw", "zorgverzekeraar") in routes(out)


def test_one_route_per_law_and_desk_naming_all_needs():
    out = evaluate(
        dict(
            age=70, permanent_full_day_care=False, needs=["household", "transport", "meals", "aids"]
        )
    )
    assert routes(out) == [("wmo", "gemeente"), ("zvw", "zorgverzekeraar")]
    why = route(out, "wmo", "gemeente").why
    for word in ("huishoudelijke hulp", "vervoer", "maaltijden", "hulpmiddel"):
        assert word in why


# --------------------------------------------------------------------------- SPEC 4
def test_rule4_wlz_route_takes_care_needs_and_leaves_adaptation_transport_aids():
    out = evaluate(dict(WLZ_HOME, needs=ALL_NEEDS))
    assert routes(out) == [("wlz", "zorgkantoor"), ("wmo", "gemeente"), ("zvw", "zorgverzekeraar")]
    wlz = route(out, "wlz", "zorgkantoor").why
    for word in ("verpleging en verzorging", "huishoudelijke hulp", "begeleiding"):
        assert word in wlz
    assert "hulpmiddel" not in wlz  # aids are never Wlz
    wmo = route(out, "wmo", "gemeente").why
    assert "een aanpassing in huis" in wmo and "vervoer" in wmo and "lang" in wmo
    zvw = route(out, "zvw", "zorgverzekeraar").why
    assert "kort" in zvw and "wijkverpleging" not in zvw  # nursing goes via the zorgkantoor
    assert all(
        "wijkverpleegkundige" not in s for s in route(out, "zvw", "zorgverzekeraar").next_steps
    )


@pytest.mark.parametrize("need", ["nursing_care", "household", "guidance"])
def test_rule4_care_needs_never_wmo_or_zvw_on_the_wlz_route(need):
    out = evaluate(dict(WLZ_HOME, needs=[need]))
    assert routes(out) == [("wlz", "zorgkantoor")]


def test_rule4_applies_before_the_indication_too():
    out = evaluate(
        dict(
            age=80,
            permanent_full_day_care=True,
            has_wlz_indication=False,
            needs=["nursing_care", "transport"],
        )
    )
    assert routes(out) == [("wlz", "ciz"), ("wmo", "gemeente")]


# --------------------------------------------------------------------------- SPEC 5
def test_rule5_institution_preference():
    out = evaluate(dict(WLZ_HOME, living_preference="institution"))
    assert fits(out) == {"institution": "recommended", "bridging_care": "possible"}


def test_rule5_home_not_safe_makes_every_home_package_impossible():
    out = evaluate(dict(WLZ_HOME, home_safe=False, single_provider=True))
    assert fits(out) == {
        "vpt": "not_possible",
        "mpt": "not_possible",
        "mpt_pgb": "not_possible",
        "pgb": "not_possible",
        "institution": "recommended",
    }


def test_rule5_single_provider_recommends_vpt():
    out = evaluate(dict(WLZ_HOME, single_provider=True, informal_care_available=True))
    f = fits(out)
    assert f["vpt"] == "recommended"
    assert f["pgb"] == f["mpt"] == f["mpt_pgb"] == "possible"


def test_rule5_single_provider_wins_over_self_arranged():
    out = evaluate(
        dict(WLZ_HOME, single_provider=True, self_arranged=True, informal_care_available=True)
    )
    assert fits(out)["vpt"] == "recommended" and fits(out)["pgb"] == "possible"


def test_rule5_self_arranged_recommends_pgb():
    out = evaluate(
        dict(WLZ_HOME, single_provider=False, self_arranged=True, informal_care_available=True)
    )
    f = fits(out)
    assert f["pgb"] == "recommended"
    assert f["vpt"] == "possible" and f["mpt"] == "possible"


def test_rule5_neither_with_informal_care_recommends_mpt():
    out = evaluate(
        dict(WLZ_HOME, single_provider=False, self_arranged=False, informal_care_available=True)
    )
    f = fits(out)
    assert f["mpt"] == "recommended" and f["vpt"] == "possible"


def test_rule5_neither_without_informal_care_recommends_vpt():
    out = evaluate(
        dict(WLZ_HOME, single_provider=False, self_arranged=False, informal_care_available=False)
    )
    f = fits(out)
    assert f["vpt"] == "recommended"
    assert f["mpt"] == f["mpt_pgb"] == "not_possible"


@pytest.mark.parametrize(
    "extra",
    [
        dict(single_provider=True),
        dict(self_arranged=True, single_provider=False),
        dict(home_safe=None),
    ],
)
def test_rule5_no_informal_care_excludes_mpt_and_mpt_pgb(extra):
    out = evaluate(dict(WLZ_HOME, informal_care_available=False, **extra))
    assert fits(out)["mpt"] == fits(out)["mpt_pgb"] == "not_possible"


def test_rule5_packages_only_on_the_wlz_route():
    assert (
        evaluate(
            dict(
                age=80,
                permanent_full_day_care=False,
                living_preference="home",
                home_safe=True,
                single_provider=True,
            )
        ).packages
        == []
    )
    assert evaluate(dict(age=80, living_preference="institution")).packages == []


def test_unknown_preferences_leave_packages_possible_with_what_decides():
    out = evaluate(dict(age=80, permanent_full_day_care=True, has_wlz_indication=True))
    assert set(fits(out).values()) == {"possible"}
    assert {"vpt", "mpt", "mpt_pgb", "pgb", "institution", "bridging_care"} == set(fits(out))
    vpt = next(p for p in out.packages if p.code == "vpt")
    assert "thuis" in vpt.why and "veilig" in vpt.why

    out = evaluate(dict(WLZ_HOME, home_safe=None))
    assert fits(out)["vpt"] == "possible" and "veilig" in out.packages[0].why
    assert fits(out)["institution"] == "possible"


# --------------------------------------------------------------------------- SPEC 6
def test_rule6_urgent_note_names_huisarts_and_24_hours():
    out = evaluate(dict(urgent=True))
    assert "urgent" in note_ids(out)
    text = out.notes[note_ids(out).index("urgent")]
    assert "huisarts" in text and "24 uur" in text
    assert "urgent" not in note_ids(evaluate(dict(urgent=False)))


def test_rule6_terminal_note():
    out = evaluate(dict(terminal=True))
    text = out.notes[note_ids(out).index("terminal")]
    assert "terminaliteitsverklaring" in text and "3 maanden" in text
    assert "terminal" not in note_ids(evaluate(dict(terminal=False)))


@pytest.mark.parametrize("age,expected", [(17, False), (18, True), (90, True), (None, True)])
def test_rule6_cak_note_on_wlz_route_from_18(age, expected):
    out = evaluate(dict(age=age, permanent_full_day_care=True))
    assert ("cak_own_contribution" in note_ids(out)) is expected
    assert "cak_own_contribution" not in note_ids(
        evaluate(dict(age=age, permanent_full_day_care=False))
    )


# --------------------------------------------------------------------------- TABLE 4-5
def test_table4_permanent_unknown_routes_from_needs_and_wlz_note():
    out = evaluate(dict(age=80, needs=["household", "nursing_care"]))
    assert routes(out) == [("wmo", "gemeente"), ("zvw", "zorgverzekeraar")]
    assert "wlz_may_apply" in note_ids(out)
    assert "permanent_full_day_care" in out.missing
    assert "wlz_may_apply" not in note_ids(evaluate(dict(permanent_full_day_care=False)))


def test_table5_indication_unknown_goes_to_ciz_if_no_indication_yet():
    out = evaluate(dict(age=80, permanent_full_day_care=True))
    r = route(out, "wlz", "ciz")
    assert "Als u nog geen indicatie heeft" in r.why
    assert any("zorgkantoor" in s for s in r.next_steps)
    assert "has_wlz_indication" in out.missing


# --------------------------------------------------------------------------- seed 002 cases
def test_adriaanse_first_without_indication_then_nursing_home():
    # Mrs Adriaanse forgets more and more and has rheumatism; her husband does the household
    # and cares for her, which gets too heavy. They ask the huisarts, an indication is
    # requested, then the zorgkantoor helps them choose a nursing home nearby.
    answers = dict(
        for_whom="relative",
        age=78,
        permanent_full_day_care=True,
        has_wlz_indication=False,
        needs=["nursing_care", "household", "supervision", "respite"],
    )
    first = evaluate(answers)
    assert routes(first) == [("wlz", "ciz")]
    assert "living_preference" in first.missing

    later = evaluate(
        dict(
            answers,
            has_wlz_indication=True,
            living_preference="institution",
            urgent=False,
            terminal=False,
        )
    )
    assert routes(later) == [("wlz", "zorgkantoor")]
    assert fits(later) == {"institution": "recommended", "bridging_care": "possible"}
    assert "cak_own_contribution" in note_ids(later)
    assert any("wachtlijst" in s for s in later.routes[0].next_steps)
    assert later.missing == []


@pytest.mark.parametrize("single_provider", [False, None])
def test_max_8_pgb_with_his_mother(single_provider):
    # Max (8) has an indication; his mother wants Fien, who knows the family, to do the
    # morning care: the zorgkantoor advises a pgb. No CAK bill: he is under 18.
    out = evaluate(
        dict(
            for_whom="relative",
            age=8,
            permanent_full_day_care=True,
            has_wlz_indication=True,
            needs=["nursing_care", "day_activities"],
            living_preference="home",
            home_safe=True,
            self_arranged=True,
            single_provider=single_provider,
            informal_care_available=True,
            urgent=False,
            terminal=False,
        )
    )
    assert routes(out) == [("wlz", "zorgkantoor")]
    assert fits(out)["pgb"] == "recommended"
    assert fits(out)["vpt"] != "recommended"
    assert fits(out)["institution"] == "possible"  # the waiting list his mother chose
    assert "cak_own_contribution" not in note_ids(out)
    assert ("single_provider" in out.missing) is (single_provider is None)


# --------------------------------------------------------------------------- missing
def test_missing_everything_in_question_order():
    assert evaluate({}).missing == list(QUESTION_ORDER)
    assert QUESTION_ORDER[0] == "for_whom" and QUESTION_ORDER[-1] == "terminal"


def test_missing_drops_wlz_questions_when_not_permanent():
    m = missing_fields(dict(permanent_full_day_care=False))
    assert m == ["for_whom", "age", "needs", "urgent", "terminal"]


def test_missing_age_not_needed_when_it_changes_nothing():
    m = missing_fields(dict(permanent_full_day_care=False, needs=["aids", "nursing_care"]))
    assert "age" not in m
    assert "age" in missing_fields(dict(permanent_full_day_care=False, needs=["household"]))


def test_missing_institution_skips_home_questions():
    m = missing_fields(dict(WLZ_HOME, living_preference="institution", home_safe=None))
    assert m == ["for_whom", "needs", "urgent", "terminal"]


def test_missing_home_not_safe_skips_package_wishes():
    m = missing_fields(dict(WLZ_HOME, home_safe=False))
    assert not {"single_provider", "self_arranged", "informal_care_available"} & set(m)


def test_missing_single_provider_skips_self_arranged_but_not_informal_care():
    m = missing_fields(dict(WLZ_HOME, single_provider=True))
    assert "self_arranged" not in m and "informal_care_available" in m
    m = missing_fields(dict(WLZ_HOME, single_provider=False))
    assert "self_arranged" in m


def test_missing_indication_only_when_permanent():
    assert "has_wlz_indication" in missing_fields(dict(permanent_full_day_care=True))
    assert "has_wlz_indication" not in missing_fields(dict(permanent_full_day_care=False))


def test_needed_after_treats_weet_ik_niet_as_final():
    # Nobody knows whether the Wlz applies: asking about packages is pointless.
    asked = needed_after({"for_whom": "self", "age": 70}, {"permanent_full_day_care"})
    assert asked == ["needs", "urgent"]
    # But plain missing still lists them (they may matter once it is known).
    assert "living_preference" in missing_fields({"for_whom": "self", "age": 70})


def test_needed_after_home_safe_unknown_still_asks_informal_care():
    answers = dict(WLZ_HOME, for_whom="self", needs=["nursing_care"], home_safe=None)
    assert needed_after(answers, {"home_safe"}) == ["informal_care_available", "urgent"]


def test_needed_after_ignores_other_slots_and_none():
    assert needed_after({"for_whom": "self", "requested_slot": "age", "age": None}, set()) == [
        f for f in missing_fields({"for_whom": "self"}) if f != "terminal"
    ]


CHILD_GUIDANCE = dict(for_whom="relative", age=7, permanent_full_day_care=False, needs=["guidance"])


def test_the_chat_asks_only_what_can_matter_to_this_resident():
    # The parent of a 7-year-old (no Wlz): neither spoed (a Wlz placement note) nor the last
    # phase of life is asked; the API still lists both as missing.
    assert needed_after(CHILD_GUIDANCE) == []
    assert {"urgent", "terminal"} <= set(missing_fields(CHILD_GUIDANCE))
    # On the Wlz route spoed matters; the last phase only when the resident's words point to it.
    wlz = dict(
        WLZ_HOME,
        for_whom="self",
        needs=["nursing_care"],
        home_safe=True,
        single_provider=True,
        informal_care_available=True,
    )
    assert needed_after(wlz) == ["urgent"]
    assert needed_after(wlz, mentioned=["terminal"]) == ["urgent", "terminal"]
    assert needed_after(CHILD_GUIDANCE, mentioned=["urgent"]) == ["urgent"]


def test_mentioned_names_a_field():
    from bot.domain.eligibility.rulebook import check_condition

    with pytest.raises(ValueError):
        check_condition({"mentioned": "bsn"}, "test")


# --------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    "payload,field",
    [
        ({"age": -1}, "age"),
        ({"age": 121}, "age"),
        ({"age": "abc"}, "age"),
        ({"age": "84"}, "age"),
        ({"age": True}, "age"),
        ({"age": 84.0}, "age"),
        ({"urgent": "yes"}, "urgent"),
        ({"for_whom": "neighbour"}, "for_whom"),
        ({"living_preference": "boat"}, "living_preference"),
        ({"needs": ["flying"]}, "needs"),
        ({"needs": ["household", "household"]}, "needs"),
        ({"needs": "household"}, "needs"),
        ({"bsn": "123456789"}, "bsn"),
    ],
)
def test_invalid_input_raises_validation_error_naming_the_field(payload, field):
    with pytest.raises(ValidationError) as err:
        EligibilityInput(**payload)
    assert field in [e["loc"][0] for e in err.value.errors()]
    with pytest.raises(ValidationError):
        evaluate(payload)


def test_valid_edges_are_accepted():
    assert EligibilityInput(age=0).age == 0
    assert EligibilityInput(age=120).age == 120
    assert EligibilityInput(needs=[]).needs == []


def test_schema_examples_are_valid_and_shown():
    example = EligibilityInput.schema()["example"]
    assert evaluate(example).routes
    EligibilityOutput.parse_obj(EligibilityOutput.schema()["example"])
    schema = EligibilityInput.schema()
    assert schema["additionalProperties"] is False
    assert all(prop.get("description") for prop in schema["properties"].values())


def test_output_json_matches_spec_shape():
    data = json.loads(evaluate(dict(WLZ_HOME, needs=["aids"])).json())
    assert set(data) == {"routes", "packages", "notes", "missing"}
    assert set(data["routes"][0]) == {"law", "desk", "why", "next_steps", "sources"}
    assert set(data["packages"][0]) == {"code", "fit", "why", "sources"}


# --------------------------------------------------------------------------- the rule book
def test_rule_texts_use_the_u_form():
    data = rules()
    texts = [r["why"] for r in data["route_rules"]]
    texts += [s["text"] for r in data["routes"].values() for s in r["next_steps"]]
    texts += [r["why"] for p in data["packages"].values() for r in p["rules"]]
    texts += [n["text"] for n in data["notes"]]
    texts += [f["find_out"] for f in data["fields"].values()]
    for text in texts:
        lowered = f" {text.lower()} "
        for word in (" je ", " jij ", " jouw ", " jou "):
            assert word not in lowered, text


def test_every_route_rule_and_package_cites_known_sources():
    data = rules()
    for rule in data["route_rules"]:
        assert rule["sources"] and set(rule["sources"]) <= {"000", "001", "002", "003", "004"}
    for spec in data["packages"].values():
        assert spec["sources"]


def test_domain_does_not_import_rasa():
    own = list((ROOT / "bot" / "domain").rglob("*.py"))
    assert len(own) > 5
    for path in own:
        text = path.read_text(encoding="utf-8")
        assert "import rasa" not in text and "from rasa" not in text, path
    code = (
        "import sys, bot.domain.eligibility, bot.domain.answers, bot.domain.advice, "
        "bot.domain.topics, bot.domain.questions, bot.domain.privacy; "
        "print(any(m == 'rasa' or m.startswith('rasa.') or m.startswith('rasa_sdk') "
        "for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# --------------------------------------------------------------------------- rule book schema
def _book():
    import yaml

    from bot.domain.eligibility.engine import RULES_FILE

    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


def _first(items, key, value):
    return next(i for i in items if i[key] == value)


@pytest.mark.parametrize(
    "break_it,message",
    [
        (
            lambda d: d["fields"]["has_wlz_indication"].update(
                depends_on=["permanent_ful_day_care"]
            ),
            "permanent_ful_day_care",
        ),
        (
            lambda d: d["fields"]["permanent_full_day_care"].update(covered_by_note="wlz_may_aply"),
            "wlz_may_aply",
        ),
        (lambda d: d["fields"]["age"].update(find_uot="x"), "find_uot"),
        (lambda d: d.update(home_packages=["vpt", "mtp"]), "home_packages"),
        (lambda d: d["labels"]["needs"].pop("meals"), "meals"),
        (lambda d: d["labels"]["laws"].update(wlzz="x"), "labels -> laws"),
        (lambda d: d["route_rules"][0].update(sources=["005"]), "sources"),
        (lambda d: d["route_rules"][0].update(sources=[]), "sources"),
        (lambda d: d["route_rules"][0].update(route="wlz_cizz"), "wlz_cizz"),
        (lambda d: d["route_rules"][0].update(when={"permanent": True}), "permanent"),
        (lambda d: d["route_rules"][3].update(needs=["nursing"]), "nursing"),
        (lambda d: d["route_rules"][0].update(why=" "), "why"),
        (lambda d: d["packages"]["vpt"]["rules"][0].update(fit="best"), "fit"),
        (lambda d: d["notes"][0].update(when={"any": [{"urgnet": True}]}), "urgnet"),
        (lambda d: d["fields"].pop("terminal"), "terminal"),
        (lambda d: d["topic_buttons"].append({"topic": "x", "note": "urgentt"}), "urgentt"),
        (lambda d: d["topic_buttons"].append({"topic": "x", "route": "wmo_ciz"}), "wmo_ciz"),
        (lambda d: d["topic_buttons"].append({"topic": "x", "package": "vpt"}), "fits"),
        (lambda d: d["topic_buttons"].append({"topic": "x", "pakage": "vpt"}), "pakage"),
        (lambda d: d.update(extra_section={}), "extra_section"),
    ],
)
def test_a_typo_in_the_rule_book_fails_at_load(break_it, message):
    from bot.domain.eligibility.rulebook import RuleBook

    data = _book()
    RuleBook.parse_obj(data)  # the real one is valid
    break_it(data)
    with pytest.raises(ValidationError, match=message):
        RuleBook.parse_obj(data)


def test_one_source_id_pattern():
    from bot.domain.eligibility import engine, rulebook

    assert not hasattr(engine, "_SOURCES")
    assert rulebook.Sources.__args__[0] is rulebook.SourceId


def test_topic_buttons_live_in_the_rule_book():
    from bot.domain.advice import TOPIC_BUTTONS

    book = _book()
    assert [b["topic"] for b in TOPIC_BUTTONS] == [b["topic"] for b in book["topic_buttons"]]
    assert TOPIC_BUTTONS[0] == {"topic": "spoed", "note": "urgent"}
