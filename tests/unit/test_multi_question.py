"""Two questions in one message (bot/domain/multi_question.py)."""

import pytest

from bot.domain.multi_question import split


@pytest.mark.parametrize(
    "text, parts",
    [
        (
            "wat is een pgb? en hoe vraag ik dat aan?",
            ["wat is een pgb?", "en hoe vraag ik dat aan?"],
        ),
        (
            "mijn moeder is 84. wat is een pgb? en hoe vraag ik dat aan?",
            ["mijn moeder is 84. wat is een pgb?", "en hoe vraag ik dat aan?"],
        ),
        ("wat is een vpt en wat is een mpt?", ["wat is een vpt?", "wat is een mpt?"]),
        (
            "wat is wlz? wat is wmo? wat is zvw? wat is jeugdwet?",
            ["wat is wlz?", "wat is wmo?", "wat is zvw? wat is jeugdwet?"],
        ),
    ],
)
def test_questions_are_cut_where_it_is_clear(text, parts):
    assert split(text) == parts


@pytest.mark.parametrize(
    "text",
    [
        "wat is dagbesteding?",
        "ja? nee?",
        "wat kost een pgb? echt?",
        "wat is het verschil tussen de wlz en de wmo?",
        "ik wil hulp bij het huishouden",
        '/ask_topic{"topic":"vpt"}',
    ],
)
def test_one_question_stays_whole(text):
    assert split(text) == [text]
