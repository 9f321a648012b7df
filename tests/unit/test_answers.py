"""Free-text answers of the chat form (bot/domain/answers.py)."""

from __future__ import annotations

import pytest

from bot.domain.answers import (
    BOOL_FIELDS,
    FIELDS,
    NEEDS,
    Parsed,
    number_word,
    parse_answer,
    parse_corrections,
)


def value(field, text):
    parsed = parse_answer(field, text)
    assert parsed is not None, f"{field}: {text!r} not understood"
    assert not parsed.unknown, f"{field}: {text!r} read as unknown"
    return parsed.value


# --------------------------------------------------------------------------- for_whom
@pytest.mark.parametrize(
    "text,expected",
    [
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
    ],
)
def test_for_whom(text, expected):
    assert value("for_whom", text) == expected


# --------------------------------------------------------------------------- age
@pytest.mark.parametrize(
    "text,expected",
    [
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
    ],
)
def test_age(text, expected):
    assert value("age", text) == expected


@pytest.mark.parametrize(
    "text", ["121", "130 jaar", "-5", "ze is -3", "honderdeenentwintig", "oud", "een jaar of wat"]
)
def test_age_rejects_out_of_range_and_nonsense(text):
    assert parse_answer("age", text) is None


def test_number_words():
    assert number_word("zesenzeventig") == 76
    assert number_word("eenentwintig") == 21
    assert number_word("drieentachtig") == 83
    assert number_word("honderdvijf") == 105
    assert number_word("appel") is None


# --------------------------------------------------------------------------- yes / no
@pytest.mark.parametrize(
    "text,expected",
    [
        ("ja", True),
        ("jazeker", True),
        ("klopt", True),
        ("Ja hoor", True),
        ("jaaaa", True),
        ("nee", False),
        ("nee hoor", False),
        ("neen", False),
        ("niet", False),
        ("liever niet", False),
        ("zeker niet", False),
        ("klopt niet", False),
        ("Nee!", False),
    ],
)
@pytest.mark.parametrize(
    "field",
    [
        "permanent_full_day_care",
        "has_wlz_indication",
        "home_safe",
        "single_provider",
        "self_arranged",
        "informal_care_available",
        "urgent",
        "terminal",
    ],
)
def test_generic_yes_no_for_every_bool_field(field, text, expected):
    assert value(field, text) is expected


@pytest.mark.parametrize(
    "field,text,expected",
    [
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
    ],
)
def test_field_specific_yes_no(field, text, expected):
    assert value(field, text) is expected


# --------------------------------------------------------------------------- unknown
@pytest.mark.parametrize(
    "text",
    [
        "weet ik niet",
        "geen idee",
        "weet niet",
        "Ik weet het niet",
        "geen flauw idee",
        "?",
        "weet ik nog niet",
    ],
)
@pytest.mark.parametrize("field", FIELDS)
def test_unknown_answers(field, text):
    assert parse_answer(field, text) == Parsed(None, unknown=True)


# --------------------------------------------------------------------------- living_preference
@pytest.mark.parametrize(
    "text,expected",
    [
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
    ],
)
def test_living_preference(text, expected):
    assert value("living_preference", text) == expected


def test_living_preference_ambiguous_is_not_guessed():
    assert parse_answer("living_preference", "eerst thuis en later een verpleeghuis") is None


# --------------------------------------------------------------------------- needs
@pytest.mark.parametrize(
    "text,expected",
    [
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
    ],
)
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
@pytest.mark.parametrize(
    "text,expected",
    [
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
    ],
)
def test_corrections(text, expected):
    assert parse_corrections(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "hulp bij douchen en schoonmaken",  # an answer, no correction marker
        "ze is 87",  # no marker: the form handles it as an answer
        "kan ik toch een pgb krijgen?",  # a question, not a correction
        "nee",
        "nee, 2 aanbieders",  # a number, but not an age
        "sorry, mijn man helpt wel",  # "mijn man" without "voor": not about for_whom
        "",
    ],
)
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


@pytest.mark.parametrize(
    "text,expected",
    [
        ("wat is een modulair pakket thuis?", True),
        ("hoe werkt een pgb", True),
        ("kan ik ook een pgb krijgen?", True),
        ("thuis blijven wonen", False),
        ("ze is 84", False),
        ("hulp bij douchen en schoonmaken", False),
        ("", False),
    ],
)
def test_is_question(text, expected):
    from bot.domain.answers import is_question

    assert is_question(text) is expected


# =========================================================================== issue 11 (1, 5)
from datetime import date  # noqa: E402

from bot.domain.answers import Unclear, read_answer  # noqa: E402

TODAY = date(2025, 6, 15)  # fixed, so birth dates give the same age every year


def age(text):
    parsed = parse_answer("age", text, today=TODAY)
    assert parsed is not None, f"{text!r} not understood"
    return parsed.value


# --------------------------------------------------------------------------- birth dates
@pytest.mark.parametrize(
    "text,expected",
    [
        ("geboren 12-03-1941", 84),  # the issue: not age 12
        ("12-03-1941", 84),
        ("12/3/1941", 84),
        ("12.03.1941", 84),
        ("12 maart 1941", 84),
        ("ze is geboren op 12 mrt 1941", 84),
        ("geboren op 20-08-1941", 83),  # birthday later this year
        ("15-06-1941", 84),  # birthday today
        ("16-06-1941", 83),
        ("mijn tante is geboren 3 november 1940", 84),
        ("maart 1941", 84),
        ("geboren in 1941", 84),
        ("hij is van 1938", 87),  # refused before
        ("ze is uit 1941", 84),
        ("geb. 1950", 75),
        ("Geboortejaar: 1944", 81),
        ("geboren in 41", 84),
        ("12-03-41", 84),
        ("zoontje geboren 02-02-2018", 7),
        ("geboren 1-1-2015", 10),
        ("weet niet precies, geboren in 1940 denk ik", 85),
    ],
)
def test_birth_dates_and_years_are_read_relative_to_today(text, expected):
    assert age(text) == expected


def test_birth_year_uses_today_by_default():
    this_year = date.today().year
    assert parse_answer("age", f"geboren in {this_year - 80}").value == 80
    assert read_answer("age", "geboren 12-03-1941", today=date(2026, 3, 11)).value == 84
    assert read_answer("age", "geboren 12-03-1941", today=date(2026, 3, 12)).value == 85


# --------------------------------------------------------------------------- approximate ages
@pytest.mark.parametrize(
    "text,expected",
    [
        ("eind 80", 88),
        ("begin 70", 71),
        ("midden 50", 55),
        ("eind tachtig", 88),
        ("ze is eind 80", 88),
        ("mijn vader is begin negentig", 91),
        ("in de 80", 85),
        ("in de tachtig", 85),
        ("hij is ergens in de 70", 75),
        ("tachtiger", 85),
        ("ze is een tachtiger", 85),
        ("een 80er", 85),
        ("negentigers", 95),
        ("ruim 80", 82),
        ("bijna 90", 89),
        ("bijna 18", 17),
        ("net geen 18", 17),
        ("vierentachtig", 84),
        ("zeven", 7),
        ("7 jaar", 7),
        ("18 geworden", 18),
        ("ze is vorige week 18 geworden", 18),
        ("hij is 8 jaar", 8),
        ("mijn vader van 84", 84),
        ("ze is zesentachtig jaar", 86),
        ("rond de 80", 80),
        ("een jaar of 80", 80),
        ("80 jaar", 80),
        ("18", 18),
    ],
)
def test_approximate_and_written_out_ages(text, expected):
    assert age(text) == expected


# --------------------------------------------------------------------------- impossible ages
@pytest.mark.parametrize(
    "text,reason",
    [
        ("130", "too_old"),
        ("ze is 150 jaar", "too_old"),
        ("honderdvijftig", "too_old"),
        ("121", "too_old"),
        ("1890", "too_old"),
        ("geboren 03-04-1899", "too_old"),
        ("geboren in 2030", "future_birth_date"),
        ("01-01-2026", "future_birth_date"),
        ("geboren 20-06-2025", "future_birth_date"),
        ("juli 2025", "future_birth_date"),
        ("31-02-1941", "bad_date"),
        ("12-13-1941", "bad_date"),
        ("bouwjaar 38", "short_year"),  # not age 38: ask for the year or the age
        ("hij is bouwjaar 38", "short_year"),
    ],
)
def test_impossible_ages_are_refused_with_a_reason(text, reason):
    assert read_answer("age", text, today=TODAY) == Unclear(reason)
    assert parse_answer("age", text, today=TODAY) is None


def test_every_reason_has_a_re_ask_text():
    from bot.domain import questions
    from bot.domain.answers import UNCLEAR_REASONS

    for reason in UNCLEAR_REASONS:
        text = questions.not_understood("age", reason)
        assert "U kunt bijvoorbeeld" in text and "Dat begreep ik niet" not in text
    assert "120" in questions.not_understood("age", "too_old")


# --------------------------------------------------------------------------- needs
@pytest.mark.parametrize(
    "text",
    [
        "dat ik als mantelzorger af en toe vrij ben",  # the issue
        "dat ik af en toe vrij ben",
        "even tijd voor mezelf",
        "iemand die het af en toe overneemt zodat ik even weg kan",
        "mantelzorgondersteuning",
        "ondersteuning voor mij als mantelzorger",
        "ik ben opgebrand, ik zorg al jaren voor hem",
        "respijtzorg",
        "dat mijn moeder een weekend kan logeren",
    ],
)
def test_respite_phrasings(text):
    assert value("needs", text) == ["respite"]


@pytest.mark.parametrize(
    "text",
    [
        "alles eigenlijk",
        "eigenlijk alles",
        "Alles",
        "alles wel",
        "met alles",
        "overal bij eigenlijk",
    ],
)
def test_all_needs(text):
    assert value("needs", text) == list(NEEDS)


def test_all_needs_but_some():
    assert value("needs", "alles behalve vervoer") == [n for n in NEEDS if n != "transport"]
    assert value("needs", "eigenlijk alles, maar niet koken en geen rolstoel") == [
        n for n in NEEDS if n not in ("meals", "aids")
    ]


@pytest.mark.parametrize("text", ["alles gaat nog goed", "alles lukt zelf", "niet alles"])
def test_alles_that_is_not_every_kind_of_help(text):
    assert parse_answer("needs", text) is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("ze kan niet meer douchen en de boodschapen lukken niet", ["nursing_care", "household"]),
        ("hij dwaalt 's nachts", ["supervision"]),
        ("mn vader vergeet zijn medicijnen", ["supervision", "nursing_care"]),
        ("schoonmaak en eten koken", ["household", "meals"]),
        (
            "een traplift en vervoer naar de dagbesteding",
            ["home_adaptation", "transport", "day_activities"],
        ),
        ("Hulp bij het huishouden, en dat ik soms vrij ben", ["household", "respite"]),
    ],
)
def test_needs_as_residents_write_them(text, expected):
    assert value("needs", text) == expected


# --------------------------------------------------------------------------- "soms"
@pytest.mark.parametrize("field", [f for f in BOOL_FIELDS if f != "informal_care_available"])
@pytest.mark.parametrize(
    "text",
    [
        "soms",
        "Soms",
        "ja soms",
        "nee, soms",
        "soms wel soms niet",
        "het wisselt",
        "hangt ervan af",
        "een beetje",
    ],
)
def test_sometimes_is_not_a_silent_no(field, text):
    assert read_answer(field, text) == Unclear("sometimes")
    assert parse_answer(field, text) is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("alleen af en toe", False),
        ("af en toe een paar uur", False),
        ("niet altijd", False),
        ("ja, de hele dag", True),
        ("hij kan niet meer alleen zijn", True),
        ("nee", False),
    ],
)
def test_whole_day_care_clear_answers_stay_clear(text, expected):
    assert value("permanent_full_day_care", text) is expected


@pytest.mark.parametrize("text", ["soms de hele dag", "soms dag en nacht"])
def test_sometimes_undoes_a_yes(text):
    assert read_answer("permanent_full_day_care", text) == Unclear("sometimes")


@pytest.mark.parametrize(
    "field,text,expected",
    [
        ("urgent", "ja zsm", True),
        ("urgent", "nee hoor, kan wachten", False),
        ("home_safe", "ja hoor dat gaat goed", True),
        ("home_safe", "ze valt vaak", False),
        ("has_wlz_indication", "die is aangevraagd bij het ciz", False),
        ("informal_care_available", "mijn dochter helpt", True),
        ("terminal", "nee gelukkig niet", False),
    ],
)
def test_yes_no_in_the_third_person(field, text, expected):
    assert value(field, text) is expected


@pytest.mark.parametrize("text", ["soms", "af en toe helpt mijn zoon", "mijn dochter soms"])
def test_sometimes_help_from_naasten_is_a_yes(text):
    # The question asks whether naasten can take on *part* of the care.
    assert value("informal_care_available", text) is True


def test_a_yes_no_field_without_own_phrases_reads_generic_words(monkeypatch):
    from bot.domain import answers

    kw = dict(answers._kw())
    kw["bool_fields"] = {k: v for k, v in kw["bool_fields"].items() if k != "urgent"}
    monkeypatch.setattr(answers, "_kw", lambda: kw)
    assert value("urgent", "ja hoor") is True
    assert value("urgent", "nee") is False
