"""Free-text answers of the chat form (bot/domain/answers.py)."""
from __future__ import annotations

import pytest

from bot.domain.answers import FIELDS, Parsed, number_word, parse_answer, parse_corrections


def value(field, text):
    parsed = parse_answer(field, text)
    assert parsed is not None, f"{field}: {text!r} not understood"
    assert not parsed.unknown, f"{field}: {text!r} read as unknown"
    return parsed.value


# --------------------------------------------------------------------------- for_whom
@pytest.mark.parametrize("text,expected", [
    ("mijn moeder", "relative"),
    ("voor mijn vader", "relative"),
    ("mn man", "relative"),
    ("m'n vrouw", "relative"),
    ("voor mezelf", "self"),
    ("ik", "self"),
    ("voor iemand anders", "relative"),
    ("Voor mezelf", "self"),
    ("ik vraag het voor mijn moeder", "relative"),
    ("onze zoon", "relative"),
    ("self", "self"),
    ("relative", "relative"),
])
def test_for_whom(text, expected):
    assert value("for_whom", text) == expected


# --------------------------------------------------------------------------- age
@pytest.mark.parametrize("text,expected", [
    ("ze is 84", 84),
    ("84", 84),
    ("hij is 8 jaar", 8),
    ("tachtig", 80),
    ("zesenzeventig", 76),
    ("vijfentachtig", 85),
    ("negentig", 90),
    ("nee, ze is 87", 87),
    ("tweeëntachtig", 82),
    ("zes en zeventig", 76),
    ("honderd", 100),
    ("honderdtwintig", 120),
    ("achttien", 18),
    ("0", 0),
    ("120", 120),
    ("ze wordt 91 jaar", 91),
    ("weet niet precies, rond de 80", 80),
])
def test_age(text, expected):
    assert value("age", text) == expected


@pytest.mark.parametrize("text", ["121", "130 jaar", "-5", "ze is -3", "honderdeenentwintig",
                                  "oud", "een jaar of wat"])
def test_age_rejects_out_of_range_and_nonsense(text):
    assert parse_answer("age", text) is None


def test_number_words():
    assert number_word("zesenzeventig") == 76
    assert number_word("eenentwintig") == 21
    assert number_word("drieentachtig") == 83
    assert number_word("honderdvijf") == 105
    assert number_word("appel") is None


# --------------------------------------------------------------------------- yes / no
@pytest.mark.parametrize("text,expected", [
    ("ja", True), ("jazeker", True), ("klopt", True), ("Ja hoor", True), ("jaaaa", True),
    ("nee", False), ("nee hoor", False), ("neen", False), ("niet", False),
    ("liever niet", False), ("zeker niet", False), ("klopt niet", False), ("Nee!", False),
])
@pytest.mark.parametrize("field", ["permanent_full_day_care", "has_wlz_indication", "home_safe",
                                   "single_provider", "self_arranged",
                                   "informal_care_available", "urgent", "terminal"])
def test_generic_yes_no_for_every_bool_field(field, text, expected):
    assert value(field, text) is expected


@pytest.mark.parametrize("field,text,expected", [
    ("single_provider", "1 aanbieder", True),
    ("single_provider", "Ja, één aanbieder", True),
    ("single_provider", "liever meerdere aanbieders", False),
    ("self_arranged", "we willen een pgb", True),
    ("self_arranged", "liever in natura", False),
    ("has_wlz_indication", "ze heeft al een indicatie", True),
    ("has_wlz_indication", "nog geen indicatie", False),
    ("has_wlz_indication", "de indicatie is aangevraagd", False),
    ("home_safe", "het is niet veilig", False),
    ("home_safe", "onveilig", False),
    ("home_safe", "dat kan veilig", True),
    ("permanent_full_day_care", "ja de hele dag", True),
    ("permanent_full_day_care", "niet de hele dag", False),
    ("permanent_full_day_care", "alleen af en toe", False),
    ("permanent_full_day_care", "ze kan niet meer alleen zijn", True),
    ("informal_care_available", "zijn moeder helpt", True),
    ("informal_care_available", "niemand", False),
    ("informal_care_available", "er is geen familie", False),
    ("urgent", "zo snel mogelijk", True),
    ("urgent", "geen haast", False),
    ("terminal", "ze is terminaal", True),
    ("terminal", "nee gelukkig niet", False),
])
def test_field_specific_yes_no(field, text, expected):
    assert value(field, text) is expected


# --------------------------------------------------------------------------- unknown
@pytest.mark.parametrize("text", ["weet ik niet", "geen idee", "weet niet", "Ik weet het niet",
                                  "geen flauw idee", "?", "weet ik nog niet"])
@pytest.mark.parametrize("field", FIELDS)
def test_unknown_answers(field, text):
    assert parse_answer(field, text) == Parsed(None, unknown=True)


# --------------------------------------------------------------------------- living_preference
@pytest.mark.parametrize("text,expected", [
    ("thuis blijven wonen", "home"),
    ("thuis", "home"),
    ("verpleeghuis", "institution"),
    ("instelling", "institution"),
    ("naar een instelling", "institution"),
    ("verzorgingshuis", "institution"),
    ("liever verhuizen naar een zorginstelling", "institution"),
    ("ze kan niet meer alleen thuis wonen", "institution"),
    ("niet naar een verpleeghuis", "home"),
    ("toch liever thuis", "home"),
    ("home", "home"),
    ("institution", "institution"),
])
def test_living_preference(text, expected):
    assert value("living_preference", text) == expected


def test_living_preference_ambiguous_is_not_guessed():
    assert parse_answer("living_preference", "eerst thuis en later een verpleeghuis") is None


# --------------------------------------------------------------------------- needs
@pytest.mark.parametrize("text,expected", [
    ("hulp bij douchen en schoonmaken", ["nursing_care", "household"]),
    ("wassen en aankleden", ["nursing_care"]),
    ("verpleging, wondzorg en medicijnen", ["nursing_care"]),
    ("huishouden, stofzuigen en de was", ["household"]),
    ("een traplift", ["home_adaptation"]),
    ("drempels weg en een verhoogd toilet", ["home_adaptation"]),
    ("aanpassing van de badkamer", ["home_adaptation"]),
    ("rolstoel", ["aids"]),
    ("een rollator of scootmobiel", ["aids"]),
    ("tillift", ["aids"]),
    ("een hulpmiddel", ["aids"]),
    ("vervoer naar het ziekenhuis", ["transport"]),
    ("regiotaxi", ["transport"]),
    ("taxi", ["transport"]),
    ("begeleiding bij de administratie", ["guidance"]),
    ("meer structuur", ["guidance"]),
    ("dagbesteding", ["day_activities"]),
    ("activiteiten overdag", ["day_activities"]),
    ("toezicht", ["supervision"]),
    ("iemand die haar in de gaten houdt", ["supervision"]),
    ("ze gaat dwalen", ["supervision"]),
    ("je kan hem niet alleen laten", ["supervision"]),
    ("mantelzorger ontlasten", ["respite"]),
    ("logeren", ["respite"]),
    ("respijtzorg", ["respite"]),
    ("het wordt te zwaar voor mij", ["respite"]),
    ("maaltijden", ["meals"]),
    ("koken", ["meals"]),
    ("eten", ["meals"]),
    ("kleding wassen", ["household"]),
    ("douchestoel", ["aids"]),
    ("nursing_care", ["nursing_care"]),
    ("home_adaptation en meals", ["home_adaptation", "meals"]),
    ("Verzorging of verpleging", ["nursing_care"]),
    ("woningaanpassing", ["home_adaptation"]),
    ("tafeltje-dekje", ["meals"]),
    ("douchen, koken, rolstoel en vervoer", ["nursing_care", "meals", "aids", "transport"]),
    ("niks", []),
])
def test_needs(text, expected):
    assert value("needs", text) == expected


def test_needs_not_understood():
    assert parse_answer("needs", "blablabla") is None


# --------------------------------------------------------------------------- payloads
def test_button_payloads_and_direct_values():
    assert value("age", '/inform{"age": 84}') == 84
    assert value("urgent", '/inform{"urgent": true}') is True
    assert value("needs", '/inform{"needs": ["household", "meals"]}') == ["household", "meals"]
    assert parse_answer("age", '/inform{"age": true}') is None
    assert parse_answer("age", '/inform{"age": 300}') is None
    assert parse_answer("needs", '/inform{"needs": ["household", "household"]}') is None
    assert value("age", 84) == 84
    assert parse_answer("age", True) is None


def test_empty_and_unknown_field():
    assert parse_answer("age", "   ") is None
    with pytest.raises(ValueError):
        parse_answer("bsn", "123")


# --------------------------------------------------------------------------- corrections
@pytest.mark.parametrize("text,expected", [
    ("nee, ze is 87", {"age": 87}),
    ("sorry, hij is 8 jaar", {"age": 8}),
    ("nee ze is zevenentachtig", {"age": 87}),
    ("toch liever thuis", {"living_preference": "home"}),
    ("toch liever naar een verpleeghuis", {"living_preference": "institution"}),
    ("sorry, het is voor mijn vader", {"for_whom": "relative"}),
    ("nee, voor mezelf", {"for_whom": "self"}),
    ("ik bedoel: ze heeft toch wel een indicatie", {"has_wlz_indication": True}),
    ("nee, toch geen spoed", {"urgent": False}),
    ("toch liever een pgb", {"self_arranged": True}),
])
def test_corrections(text, expected):
    assert parse_corrections(text) == expected


@pytest.mark.parametrize("text", [
    "hulp bij douchen en schoonmaken",   # an answer, no correction marker
    "ze is 87",                           # no marker: the form handles it as an answer
    "kan ik toch een pgb krijgen?",       # a question, not a correction
    "nee",
    "nee, 2 aanbieders",                  # a number, but not an age
    "sorry, mijn man helpt wel",          # "mijn man" without "voor": not about for_whom
    "",
])
def test_no_corrections(text):
    assert parse_corrections(text) == {}


@pytest.mark.parametrize("field", ["urgent", "needs", "home_safe", "living_preference"])
def test_a_correction_is_not_read_as_an_answer_to_another_question(field):
    # "nee" here corrects the age; it does not answer the current question.
    assert parse_answer(field, "nee, ze is 87") is None
    assert parse_corrections("nee, ze is 87") == {"age": 87}


def test_a_correction_about_the_same_question_is_still_an_answer():
    assert value("urgent", "nee, toch geen spoed") is False
    assert value("urgent", "nee") is False
    assert value("needs", "nee") == []


@pytest.mark.parametrize("text,expected", [
    ("wat is een modulair pakket thuis?", True), ("hoe werkt een pgb", True),
    ("kan ik ook een pgb krijgen?", True), ("thuis blijven wonen", False),
    ("ze is 84", False), ("hulp bij douchen en schoonmaken", False), ("", False),
])
def test_is_question(text, expected):
    from bot.domain.answers import is_question
    assert is_question(text) is expected
