"""Follow-ups read in the light of the answer before them (bot/domain/follow_up.py)."""

import pytest

from bot.domain import follow_up, topics


@pytest.mark.parametrize(
    "text",
    [
        "moet ik dat zelf betalen of de verzekering",
        "wie brengt hem daar naar toe",
        "hoeveel uur is dat",
        "en als ik het er niet mee eens ben",
        "en dan?",
    ],
)
def test_follow_ups(text):
    assert follow_up.is_follow_up(text)


@pytest.mark.parametrize(
    "text",
    [
        "wat is een pgb",
        '/ask_topic{"topic":"vpt"}',
        "ik zorg al jaren voor mijn moeder en nu gaat het echt niet meer, het huis is te klein, "
        "ze valt steeds en ik weet niet wat ik moet doen, kan dat via de wmo",
    ],
)
def test_no_follow_ups(text):
    assert not follow_up.is_follow_up(text)


def read(text, previous, follow_ups=(), ranking=(), use_ranking=True):
    return follow_up.read(
        text,
        previous,
        topics.faq_answer(previous),
        list(follow_ups),
        list(ranking),
        topics.titles(),
        use_ranking,
    )


def test_who_pays_is_in_the_previous_answer():
    reading = read(
        "moet ik dat zelf betalen of de verzekering",
        "wijkverpleging",
        ["pgb_of_natura", "wie_betaalt_wlz_thuis"],
    )
    assert reading.topic is None
    assert any("zorgverzekeraar betaalt" in s for s in reading.sentences)
    # A "Dan ..." sentence keeps the question it answers.
    said = " ".join(reading.sentences)
    assert "Heeft u een Wlz-indicatie? Dan gaat de rekening" in said


def test_hours_are_in_the_previous_answer():
    reading = read("hoeveel uur is dat", "dagbesteding", ["vervoer_dagbesteding"])
    assert any("4 uur" in s for s in reading.sentences)


def test_transport_is_a_follow_up_topic():
    reading = read("wie brengt hem daar naar toe", "dagbesteding", ["vervoer_dagbesteding"])
    assert reading == follow_up.Reading(topic="vervoer_dagbesteding")


def test_the_ranking_decides_among_the_offered_topics_only():
    ranking = [
        {"intent_response_key": "faq/hulpmiddelen", "confidence": 0.5},  # not offered
        {"intent_response_key": "faq/verschil_vpt_mpt", "confidence": 0.2},
    ]
    reading = read("en wat als ik dat niet wil", "vpt", ["verschil_vpt_mpt"], ranking)
    assert reading == follow_up.Reading(topic="verschil_vpt_mpt")
    # Read as something else with confidence: only an aspect word may decide.
    assert (
        read("en wat als ik dat niet wil", "vpt", ["verschil_vpt_mpt"], ranking, use_ranking=False)
        is None
    )


def test_how_to_apply_is_in_the_previous_answer():
    reading = read("en hoe vraag ik dat aan?", "pgb_wlz", ["pgb_voorwaarden", "pgb_svb"])
    assert any("contact op" in s for s in reading.sentences)
