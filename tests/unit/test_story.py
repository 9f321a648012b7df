"""What a resident tells in passing (bot/domain/story.py): only what a story clearly says."""

from datetime import date

import pytest

from bot.domain.story import Story, is_change, is_confused, merge_needs, person_of, read_story

TODAY = date(2026, 12, 4)


def facts(text):
    return read_story(text, TODAY).facts


def test_the_issue_story():
    story = read_story(
        "mijn vader van 84 heeft de hele dag toezicht nodig, hij heeft nog geen indicatie", TODAY
    )
    assert story.facts == {
        "for_whom": "relative",
        "age": 84,
        "permanent_full_day_care": True,
        "has_wlz_indication": False,
        "needs": ["supervision"],
    }
    assert story.person == "vader"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "mijn moeder wil absoluut niet naar een verpleeghuis, moet dat als ze een wlz indicatie "
            "krijgt?",
            {"for_whom": "relative", "living_preference": "home"},
        ),
        (
            "mn vrouw kan niet meer alleen douchen wie helpt daar mee",
            {"for_whom": "relative", "needs": ["supervision", "nursing_care"]},
        ),
        (
            "ik ben mantelzorger voor mijn moeder van 91, het is te zwaar",
            {
                "for_whom": "relative",
                "age": 91,
                "informal_care_available": True,
                "needs": ["respite"],
            },
        ),
        ("hij is van 1938", {"age": 88}),
        ("geboren 12-03-1941", {"age": 85}),
        ("wacht, ik ben eigenlijk 76", {"for_whom": "self", "age": 76}),
        ("oh wacht, ze is vorige week 18 geworden", {"age": 18}),
        (
            "de thuiszorg wil stoppen met mn moeder",
            {"for_whom": "relative", "needs": ["nursing_care"]},
        ),
        ("ze kan geen boodschappen meer doen", {"needs": ["household"]}),
    ],
)
def test_facts_a_story_tells(text, expected):
    assert facts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ze is al 3 jaar ziek en woont thuis",  # no age, no wish to stay at home
        "moet ik een indicatie aanvragen?",  # a question says nothing about the indication
        "wat is een pgb",
        "sinds 2015 woont ze alleen",  # a year that is no birth year
        "ik wil de check doen",  # not about whose need
        "/start_wegwijzer",
    ],
)
def test_what_a_story_does_not_say(text):
    assert facts(text) == {}


def test_the_carer_is_not_the_one_who_needs_care():
    assert facts("ik ben mantelzorger") == {"informal_care_available": True}


def test_needs_added_and_taken_out():
    assert read_story("o ja, ook vervoer", TODAY).add_needs == ("transport",)
    assert read_story("nee, geen huishouden", TODAY).remove_needs == ("household",)
    assert read_story("vervoer hoeft niet", TODAY).remove_needs == ("transport",)
    current = ["household", "nursing_care"]
    assert merge_needs(current, read_story("ook vervoer", TODAY), replace=False) == [
        "household",
        "transport",
        "nursing_care",
    ]
    assert merge_needs(current, read_story("geen huishouden", TODAY), replace=False) == [
        "nursing_care"
    ]
    assert merge_needs(current, Story(), replace=False) is None


def test_change_words_make_a_change():
    assert is_change("ze wil toch thuis blijven")
    assert is_change("maar ze is dus 18, klopt dat advies dan nog?")
    assert not is_change("mijn vader van 84 heeft nog geen indicatie")  # a story, no change
    assert not is_change("maar wat is een pgb?")  # a change word, no fact


def test_confusion_and_persons():
    assert is_confused("dat snap ik niet") and is_confused("kan het simpeler?")
    assert not is_confused("nee")
    assert person_of("voor mijn pa") == "vader"
    assert person_of("voor mijn nichtje") == "nichtje"
    assert person_of("voor mezelf") is None


def test_words_that_point_to_a_question():
    assert read_story("ze is ongeneeslijk ziek", TODAY).mentioned == ("terminal",)
    assert "urgent" in read_story("hij komt morgen uit het ziekenhuis", TODAY).mentioned
    assert read_story("hulp bij schoonmaken", TODAY).mentioned == ()
