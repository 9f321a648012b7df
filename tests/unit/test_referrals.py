"""Out-of-scope questions get a referral to the right place (bot/domain/referrals.yml)."""

import re

import pytest

from bot.domain import referrals


@pytest.mark.parametrize(
    "message, expected",
    [
        ("kan ik zorgtoeslag krijgen met alleen aow", "toeslagen"),
        ("huurtoeslag aanvragen", "toeslagen"),
        ("hoe hoog is het eigen risico in 2027", "zorgverzekeraar"),
        ("zit fysio in het basispakket", "zorgverzekeraar"),
        ("is een aanvullende tandartsverzekering zinvol", "zorgverzekeraar"),
        ("mag ik paracetamol bij mijn bloedverdunner", "huisarts"),
        ("ik zoek een nieuwe huisarts", "huisarts"),
        ("mijn puber luistert niet, waar vind ik opvoedhulp", "opvoeding"),
        ("hoe lang wacht je op een sociale huurwoning", "wonen"),
        ("de deurwaarder komt morgen, wie helpt met mijn schulden", "schulden"),
        ("wanneer krijg ik mijn eerste aow uitkering", "uitkering"),
        ("ik ben ziek en het uwv keurt me voor de ziektewet", "uitkering"),
        ("mijn paspoort is verlopen", "gemeente"),
        ("vertel een mop", "general"),
        ("", "general"),
    ],
)
def test_each_neighbouring_subject_has_its_own_desk(message, expected):
    assert referrals.referral_for(message).id == expected


def test_every_referral_is_short_plain_text_and_names_the_municipality_only_by_placeholder():
    for referral in referrals.referrals():
        words = len(referral.text.split())
        assert 8 <= words <= 80, (referral.id, words)
        assert not re.search(r"<[a-z/]", referral.text), referral.id
        assert "Voorbeeldstad" not in referral.text, referral.id


def test_general_is_the_last_resort_and_has_no_patterns():
    general = referrals.by_id(referrals.GENERAL)
    assert general.patterns == ()
    assert referrals.referrals()[-1] is general


def test_the_municipality_is_filled_in():
    referral_id, text = referrals.referral_text("ik heb schulden", "Gemeente Ergens")
    assert referral_id == "schulden"
    assert "Gemeente Ergens" in text and "{name}" not in text
