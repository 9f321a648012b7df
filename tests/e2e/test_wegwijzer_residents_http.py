"""The wegwijzer as residents use it (issue 11), over real HTTP with free text: a relative
with a date of birth and a correction, a story told first, a change of mind after the
advice, lines that are no answer, and questions that fit the person."""

import pytest

from tests.e2e.test_wegwijzer_http import Resident

pytestmark = pytest.mark.e2e


def said(texts, *parts):
    return any(all(p in t for p in parts) for t in texts)


def test_a_relative_with_a_date_of_birth_and_a_correction(api):
    resident = Resident(api)
    resident.say("welke zorg past bij mij?")
    assert said(resident.say("voor mijn nichtje"), "Hoe oud is uw nichtje?")
    assert said(resident.say("geboren 12-03-2009"), "hele dag")  # 17: no Wlz question yet
    assert said(resident.say("nee"), "Waarbij")
    # The case: this got "typ ja of nee" three times and a Jeugdwet advice.
    texts = resident.say("oh wacht, ze is vorige week 18 geworden")
    assert said(texts, "aangepast", "18 jaar")
    assert said(texts, "Waarbij")  # the open question again
    advice = resident.say("ze heeft begeleiding nodig bij haar post en geldzaken")
    joined = " ".join(advice)
    assert "Wet maatschappelijke ondersteuning (Wmo)" in joined and "Jeugdwet" not in joined
    assert "voor uw nichtje" in joined
    assert not said(advice, "laatste levensfase")


def test_a_resident_who_tells_the_story_first(api):
    resident = Resident(api)
    resident.say("mijn vader van 84 heeft de hele dag toezicht nodig, hij heeft nog geen indicatie")
    texts = resident.say("/start_wegwijzer")
    assert said(texts, "Ik heb al genoteerd", "uw vader", "84 jaar", "nog geen Wlz-indicatie")
    assert not said(texts, "Voor wie") and not said(texts, "Hoe oud")
    assert said(texts, "Wat wil uw vader het liefst")
    resident.say("hij wil in een verpleeghuis wonen")
    advice = " ".join(resident.say("nee, geen spoed"))
    assert "Wet langdurige zorg (Wlz), via het CIZ" in advice
    assert "Wonen in een zorginstelling" in advice


def test_a_change_of_mind_after_the_advice_gives_a_new_advice(api):
    resident = Resident(api)
    resident.say("welke zorg past bij mij?")
    resident.say("voor mijn moeder")
    resident.say("88")
    resident.say("ja")  # whole-day care
    resident.say("ja, ze heeft een indicatie")
    resident.say("verzorging en huishouden")
    resident.say("naar een verpleeghuis")
    first = " ".join(resident.say("nee"))  # not urgent
    assert "Wonen in een zorginstelling" in first
    texts = resident.say("ze wil toch thuis blijven")
    assert said(texts, "aangepast", "thuis blijven wonen")
    assert said(texts, "veilig")  # staying at home opens the home-care questions
    resident.say("ja")  # safe
    resident.say("ja, alles van een aanbieder")
    advice = " ".join(resident.say("nee"))  # no network
    assert "Volledig pakket thuis (vpt)" in advice
    # Needs added after the advice: a new advice that includes them.
    texts = resident.say("o ja, ook vervoer")
    assert said(texts, "aangepast", "vervoer")
    assert said(texts, "Wet maatschappelijke ondersteuning (Wmo)")


def test_the_reasons_are_behind_a_button(api):
    resident = Resident(api)
    resident.say("welke zorg past bij mij?")
    resident.say("voor mezelf")
    resident.say("45")
    resident.say("nee")
    advice = resident.say("toezicht, ik vergeet veel")
    assert said(advice, "Wet maatschappelijke ondersteuning (Wmo)")
    reasons = resident.say("/wegwijzer_why")
    assert said(reasons, "Waarom dit advies?", "valt onder begeleiding")


def test_lines_that_are_no_answer_get_a_real_reply(api):
    resident = Resident(api)
    resident.say("welke zorg past bij mij?")
    resident.say("voor mezelf")
    resident.say("80")
    texts = resident.say("dat snap ik niet")
    assert said(texts, "dag en nacht") and said(texts, "hele dag zorg of toezicht nodig?")
    assert not said(texts, "Dat begreep ik niet goed")
    texts = resident.say("kan het simpeler?")
    assert said(texts, "dag en nacht")


def test_questions_fit_the_person(api):
    # The parent of a 7-year-old is not asked about the last phase of life, nor spoed.
    resident = Resident(api)
    resident.say("welke zorg past bij mij?")
    resident.say("voor mijn zoontje")
    resident.say("hij is 7")
    resident.say("nee")
    advice = resident.say("begeleiding, hij heeft adhd")
    assert said(advice, "Jeugdwet")
    assert not said(advice, "laatste levensfase") and not said(advice, "heel snel nodig")
