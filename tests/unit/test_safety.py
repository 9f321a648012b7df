"""The crisis layer's detector (bot/domain/safety.py) on the developers' own examples.

These are the examples the patterns were written against. The independent measurement is
tests/safety/test_crisis_set.py on tests/safety/crisis_set.yml, which nobody tuned on."""

import pytest

from bot.domain import safety

DEV = {
    "suicide": [
        "ik wil dood",
        "ik wil niet meer leven",
        "ik zie het niet meer zitten",
        "ik wil gewoon dood",
        "ik wil dooood",
        "ik wil echt niet meer verder",
        "mijn moeder zegt dat ze er een eind aan wil maken",
        "hij wil niet meer wakker worden",
        "iedereen is beter af zonder mij",
        "ik denk aan zelfmoord",
        "gedachten over zelfdoding",
        "ik ga mezelf iets aandoen",
        "mn vader zegt steeds dat hij dood wil",
        "k wil niet meer",
        "ze spaart haar slaappillen op",
        "ik wil er niet meer zijn",
        "mijn leven heeft geen zin meer",
        "wat heeft het leven nog voor zin",
        "ik wil sterven",
    ],
    "emergency": [
        "mijn vader ligt bewusteloos op de grond",
        "mijn moeder is gevallen en reageert niet",
        "hij krijgt geen adem",
        "ik denk dat mijn man een beroerte heeft",
        "er is brand",
        "ze bloedt heel erg",
        "mijn vrouw heeft pijn op de borst",
        "oma ligt al uren op de vloer",
        "hij heeft te veel pillen genomen",
        "mijn vader met dementie is weggelopen en we kunnen hem niet vinden",
    ],
    "violence": [
        "mijn man slaat mij",
        "de thuiszorgmedewerker sloeg mijn moeder",
        "mijn zoon pakt steeds geld van mijn vader",
        "ik ben bang voor mijn partner",
        "mijn oma wordt verwaarloosd",
        "ik word thuis geslagen",
        "huiselijk geweld",
        "mijn broer dreigt mijn moeder iets aan te doen",
    ],
    "medical": [
        "moet de morfine omhoog?",
        "mag mijn moeder paracetamol met haar bloedverdunners",
        "is dementie erfelijk",
        "welke medicijnen helpen tegen onrust",
        "wat helpt tegen pijn bij doorliggen",
        "is deze bloeddruk te hoog",
    ],
}
ORDINARY = [
    "mijn moeder wil niet dood in het ziekenhuis, kan ze thuis sterven?",
    "ze wil thuis sterven, welke zorg is er",
    "terminale zorg thuis",
    "na het overlijden van mijn vader, stopt de zorg dan?",
    "ik ben vorig jaar gevallen en heb nu een rollator nodig",
    "valpreventie",
    "mantelzorger en ik ben doodmoe",
    "brandveiligheid in het verpleeghuis",
    "ik wil stoppen met de thuiszorg",
    "mijn vader heeft vorig jaar een beroerte gehad, welke zorg",
    "wie helpt met medicijnen geven thuis",
    "valt medicatie uitzetten onder de zvw",
    "mijn moeder heeft parkinson, welke zorg kan ze krijgen",
    "personenalarmering",
    "de alarmknop slaat niet aan",
    "wat is dagbesteding",
    "hoe vraag ik een pgb aan",
    "wordt de ambulance vergoed",
    "is er een app voor mantelzorgers",
    "ok thanks",
    "sorry ik bedoelde pgb",
    "mijn moeder heeft een burn-out, help",
    "wat heeft het voor zin om een pgb aan te vragen als het toch wordt afgewezen",
    "ik wil uitstappen uit mijn pgb",
]
OTHER_LANGUAGE = [
    "hello can you help me with care for my mother",
    "ich brauche Hilfe für meine Mutter",
    "bonjour, je suis ici pour ma mère",
    "dzień dobry, czy mogę dostać pomoc dla mamy",
    "merhaba annem için yardım istiyorum",
    "مرحبا أحتاج مساعدة لأمي",
    "what is the wlz and how do I apply",
]


@pytest.mark.parametrize("kind,text", [(k, t) for k, ts in DEV.items() for t in ts])
def test_recognised(kind, text):
    assert safety.assess(text).kind == kind


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_questions_pass(text):
    assert safety.assess(text).kind is None


@pytest.mark.parametrize("text", OTHER_LANGUAGE)
def test_other_language(text):
    assert safety.assess(text).kind == safety.OTHER_LANGUAGE


def test_crisis_kinds_are_crises_and_medical_is_not():
    assert safety.assess("ik wil dood").is_crisis
    assert not safety.assess("is dementie erfelijk").is_crisis
    assert not safety.assess("").is_crisis


def test_normalise_writes_out_chat_spelling():
    assert safety.normalise("Mn vader wil DOOOOD") == "mijn vader wil dood"


# --- A crisis only the trained classifier saw ---------------------------------------------
@pytest.mark.parametrize(
    "text, kind",
    [
        ("niemand zou het merken als ik er morgen niet meer ben", "suicide"),
        ("hij ademt heel raar en is koud en grauw", "emergency"),
        ("mijn zoon neemt elke week haar pinpas mee en ze durft niks", "violence"),
        ("het gaat echt helemaal mis hier", safety.UNNAMED),
        # Two kinds named: all three helplines together.
        ("er ligt overal bloed en hij schreeuwt tegen me", safety.UNNAMED),
    ],
)
def test_trained_crisis_gets_the_kind_its_words_name(text, kind):
    assert safety.assess(text, trained_crisis=True).kind == kind
    assert safety.assess(text, trained_crisis=True).is_crisis


@pytest.mark.parametrize(
    "text",
    [
        "mijn vader wil thuis sterven, welke zorg is er",
        "hoe werkt een euthanasieverzoek bij de huisarts, euthanasie aanvragen",
        "ik ben doodmoe van de mantelzorg",
        "kan ik een personenalarm aanvragen via de wmo",
        "na haar val vorig jaar loopt ze slecht, kan ze een rollator krijgen",
        "mijn moeder is overleden, wat moet ik met het pgb",
    ],
)
def test_known_near_misses_veto_the_trained_classifier(text):
    assert not safety.assess(text, trained_crisis=True).is_crisis


def test_rules_still_decide_the_kind_when_both_see_a_crisis():
    assert safety.assess("ik wil dood", trained_crisis=True).kind == safety.SUICIDE


def test_every_crisis_kind_has_a_text():
    contact = {"name": "Gemeente X", "phone": "14 0123", "hours": "elke dag", "url": "x.nl"}
    for kind in safety.CRISIS_KINDS:
        text = safety.message(f"crisis.{kind}", contact)
        assert "112" in text
    unnamed = safety.message("crisis.unnamed", contact)
    assert "0800-0113" in unnamed and "0800-2000" in unnamed
