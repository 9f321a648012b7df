"""Property tests: invariants of the engine over all valid inputs (hypothesis)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import fields
from bot.domain.eligibility import QUESTION_ORDER, evaluate, missing_fields, needed_after, note_id

NEEDS = list(fields.NEEDS)
BOOLS = list(fields.BOOL_FIELDS)
SOURCES = {"000", "001", "002", "003", "004"}


def _values(spec):
    """Any valid value of a field, by its kind in the registry."""
    if spec.kind == fields.BOOL:
        return st.booleans()
    if spec.kind == fields.INT:
        return st.integers(min_value=spec.range[0], max_value=spec.range[1])
    if spec.kind == fields.ENUM:
        return st.sampled_from(list(spec.values))
    return st.lists(st.sampled_from(list(spec.values)), unique=True)


def _probes(spec):
    """Values that can make a difference, by kind (ages around the 18 boundary)."""
    if spec.kind == fields.BOOL:
        return [True, False]
    if spec.kind == fields.INT:
        lo, hi = spec.range
        return sorted({lo, 10, 17, 18, 65, hi})
    if spec.kind == fields.ENUM:
        return list(spec.values)
    return [[]] + [[v] for v in spec.values]


VALUES = {spec.name: _values(spec) for spec in fields.FIELDS}
# Values that can make a difference, for exhaustive "does this field matter" checks.
PROBES = {spec.name: _probes(spec) for spec in fields.FIELDS}


@st.composite
def inputs(draw):
    """Any valid input: every field absent, null or a valid value."""
    data = {}
    for field in QUESTION_ORDER:
        choice = draw(st.sampled_from(["absent", "null", "value", "value"]))
        if choice == "null":
            data[field] = None
        elif choice == "value":
            data[field] = draw(VALUES[field])
    return data


def without_missing(out):
    data = out.dict()
    data.pop("missing")
    return data


COMMON = settings(max_examples=300, deadline=None)


@COMMON
@given(inputs())
def test_deterministic_and_independent_of_key_and_needs_order(data):
    first = evaluate(data)
    assert evaluate(data) == first
    shuffled = dict(reversed(list(data.items())))
    if shuffled.get("needs"):
        shuffled["needs"] = list(reversed(shuffled["needs"]))
    assert evaluate(shuffled) == first


@COMMON
@given(inputs())
def test_packages_only_and_always_on_the_wlz_route(data):
    out = evaluate(data)
    on_wlz = any(r.law == "wlz" for r in out.routes)
    assert on_wlz is (data.get("permanent_full_day_care") is True)
    if not on_wlz:
        assert out.packages == []
    else:
        assert out.packages


@COMMON
@given(inputs())
def test_vpt_never_recommended_with_pgb_or_mpt(data):
    recommended = {p.code for p in evaluate(data).packages if p.fit == "recommended"}
    if "vpt" in recommended:
        assert not recommended & {"pgb", "mpt", "mpt_pgb"}
    assert len(recommended) <= 1


@COMMON
@given(inputs())
def test_every_conclusion_has_a_reason_and_sources(data):
    out = evaluate(data)
    assert out.routes, "there is always somewhere to go"
    for r in out.routes:
        assert r.why.strip() and r.next_steps and all(s.strip() for s in r.next_steps)
        assert r.sources and set(r.sources) <= SOURCES
    for p in out.packages:
        assert p.why.strip() and p.sources and set(p.sources) <= SOURCES
    assert all(n.strip() for n in out.notes)
    keys = [(r.law, r.desk) for r in out.routes]
    assert len(keys) == len(set(keys)), "one route per law and desk"


@COMMON
@given(inputs())
def test_routes_follow_spec_rules(data):
    out = evaluate(data)
    keys = {(r.law, r.desk) for r in out.routes}
    permanent = data.get("permanent_full_day_care")
    needs = set(data.get("needs") or [])
    age = data.get("age")
    minor = age is not None and age < 18
    if permanent is True:  # SPEC 1 and 4
        desk = "zorgkantoor" if data.get("has_wlz_indication") is True else "ciz"
        assert ("wlz", desk) in keys
        assert (("wmo", "gemeente") in keys) == bool(
            needs & {"home_adaptation", "transport", "aids"}
        )
        assert (("zvw", "zorgverzekeraar") in keys) == ("aids" in needs)
        assert not any(law == "jeugdwet" for law, _ in keys)
    else:  # SPEC 2, 3 and TABLE 1-4
        assert not any(law == "wlz" for law, _ in keys)
        assert (("zvw", "zorgverzekeraar") in keys) == bool(needs & {"nursing_care", "aids"})
        jeugd = {"guidance", "day_activities", "respite", "household", "supervision", "meals"}
        if minor:
            assert (("jeugdwet", "gemeente") in keys) == (bool(needs & jeugd) or not needs)
            assert (("wmo", "gemeente") in keys) == bool(
                needs & {"home_adaptation", "transport", "aids"}
            )
        else:
            assert ("jeugdwet", "gemeente") not in keys
            assert (("wmo", "gemeente") in keys) == (bool(needs - {"nursing_care"}) or not needs)


@COMMON
@given(inputs())
def test_notes_follow_spec_rule_6_and_table_4(data):
    ids = {note_id(n) for n in evaluate(data).notes}
    assert None not in ids
    assert ("urgent" in ids) is (data.get("urgent") is True)
    assert ("terminal" in ids) is (data.get("terminal") is True)
    age = data.get("age")
    adult = age is None or age >= 18
    permanent = data.get("permanent_full_day_care")
    assert ("cak_own_contribution" in ids) is (permanent is True and adult)
    assert ("wlz_may_apply" in ids) is (permanent is None)


@COMMON
@given(inputs(), st.data())
def test_missing_only_shrinks_as_answers_come_in(data, draw):
    before = evaluate(data).missing
    assert before == [f for f in QUESTION_ORDER if f in before], "question order"
    assert all(data.get(f) is None for f in before), "only unanswered fields"
    if not before:
        return
    field = draw.draw(st.sampled_from(before))
    after = evaluate(dict(data, **{field: draw.draw(VALUES[field])})).missing
    assert set(after) <= set(before) - {field}


@COMMON
@given(inputs())
def test_missing_is_exactly_what_can_change_the_output(data):
    """With every unanswered field taken as final ("weet ik niet"), a field is listed exactly
    when one of its answers changes the advice. for_whom only changes the wording."""
    unanswered = [f for f in QUESTION_ORDER if data.get(f) is None]
    relevant = set(missing_fields(data, unknown=unanswered))
    base = without_missing(evaluate(data))
    for field in unanswered:
        changes = any(
            without_missing(evaluate(dict(data, **{field: v}))) != base for v in PROBES[field]
        )
        if field == "for_whom":
            assert not changes and field in relevant
        else:
            assert changes == (field in relevant), field


@COMMON
@given(inputs(), st.data())
def test_needed_after_drops_unknown_answers_and_is_within_missing(data, draw):
    unanswered = [f for f in QUESTION_ORDER if data.get(f) is None]
    unknown = set(
        draw.draw(st.lists(st.sampled_from(unanswered), unique=True)) if unanswered else []
    )
    asked = needed_after(data, unknown)
    assert not set(asked) & unknown
    assert set(asked) <= set(missing_fields(data))
    assert asked == [f for f in QUESTION_ORDER if f in asked]
    if not unknown:
        # Only the questions that merely add a note may be left out (rules.yml chat_ask_when).
        assert set(missing_fields(data)) - set(asked) <= {"urgent", "terminal"}


def test_random_walk_through_the_form_terminates_and_shrinks():
    # Answer the first needed question again and again, like the chat form does.
    rng = random.Random(7)
    for _ in range(200):
        answers, unknown, steps = {}, set(), 0
        while True:
            todo = needed_after(answers, unknown)
            if not todo:
                break
            field = todo[0]
            if rng.random() < 0.2:
                unknown.add(field)
            else:
                answers[field] = rng.choice(PROBES[field])
            nxt = needed_after(answers, unknown)
            assert set(nxt) <= set(todo) - {field}
            steps += 1
        assert steps <= len(QUESTION_ORDER)
