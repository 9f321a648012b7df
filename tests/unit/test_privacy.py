"""Masking of BSN, Dutch phone numbers and e-mail addresses (bot/domain/privacy.py)."""

import pytest

from bot.domain.privacy import BSN_MASK, EMAIL_MASK, PHONE_MASK, Redactor, redact


@pytest.mark.parametrize(
    "text",
    [
        "123456782",
        "bsn 123456782.",
        "mijn bsn is 1234.56.782",
        "123 456 782",
        "123.456.782",
        "123-456-782",
        "BSN:111222333,",
        "(987654321)",
        "012345678",  # leading zero, still nine digits
        "123456789",  # fails the elfproef: a typo still points to a person
    ],
)
def test_bsn_forms_are_masked(text):
    out = redact(text)
    assert BSN_MASK in out
    assert not any(ch.isdigit() for ch in out), out


@pytest.mark.parametrize(
    "text",
    [
        "06-12345678",
        "06 12345678",
        "0612345678",
        "06 1234 5678",
        "06-1234 5678",
        "+31 6 12345678",
        "+31612345678",
        "+31 6 1234 5678",
        "+31 (0)6 12345678",
        "0031 6 12345678",
        "0031612345678",
        "(06) 123 456 78",
        "020-1234567",
        "020 123 4567",
        "0201234567",
        "(020) 123 45 67",
        "010 - 123 45 67",
        "0318-123456",
        "+31 20 123 4567",
        "0031 20 1234567",
        "020–1234567",
    ],
)
def test_dutch_phone_numbers_are_masked(text):
    out = redact(f"bel mij op {text} graag")
    assert out == f"bel mij op {PHONE_MASK} graag"


@pytest.mark.parametrize(
    "text",
    [
        "jan@voorbeeld.nl",
        "j.de.vries+zorg@mail.example.com",
        "MARIE_1980@Hotmail.COM",
        "o'brien@zorg-thuis.nl",
        "zoë@bücher.de",
    ],
)
def test_email_addresses_are_masked(text):
    assert redact(f"mail: {text}.") == f"mail: {EMAIL_MASK}."


@pytest.mark.parametrize(
    "text",
    [
        "14 0123",
        "bel 14 020 voor de gemeente",
        "14 0777",  # municipal short numbers
        "12345678",
        "1234567890",
        "12345678901",  # not nine digits, not a phone
        "2024-01-15 10:00",
        "15-01-2024",
        "v1.2.3",  # dates and versions
        "latency_ms 1234.5",
        "status 503",
        "€ 1.250,00 per maand",
        "wat is dagbesteding?",
        "ik ben 84 jaar",
        "postcode 1234 AB",
        "bot:3f2a9c1d0e4b",
        "faq/dagbesteding",
        "@gemeente op sociale media",
    ],
)
def test_ordinary_text_is_left_alone(text):
    assert redact(text) == text


def test_mixed_text_masks_each_item_and_keeps_the_rest():
    text = "BSN 123456782, tel 06-12345678, mail jan@voorbeeld.nl, ik woon in Utrecht."
    assert redact(text) == (
        f"BSN {BSN_MASK}, tel {PHONE_MASK}, mail {EMAIL_MASK}, ik woon in Utrecht."
    )


def test_phone_is_masked_as_a_phone_not_partly_as_a_bsn():
    assert redact("0612345678") == PHONE_MASK
    assert redact("+31 20 123 4567") == PHONE_MASK


def test_the_municipality_number_is_kept_in_every_notation():
    r = Redactor(keep=["020 123 4567"])
    for public in [
        "020 123 4567",
        "020-1234567",
        "+31 20 123 4567",
        "0031 20 1234567",
        "+31 (0)20 1234567",
    ]:
        # Kept as a whole: its digits are not masked as a BSN either.
        assert r(f"bel {public}") == f"bel {public}", public
    assert r("bel 020-7654321") == f"bel {PHONE_MASK}"
    assert r("bsn 123456782") == f"bsn {BSN_MASK}"


# --- scrub: what a resident typed, at the channel edge ------------------------------------
from datetime import date  # noqa: E402

from bot.domain.privacy import scrub  # noqa: E402

TODAY = date(2026, 12, 3)


def test_scrub_reports_what_it_masked():
    result = scrub("bsn 123456782 tel 0612345678 mail x@y.nl", today=TODAY)
    assert result.found == {"bsn", "phone", "email"}
    assert "123456782" not in result.text


@pytest.mark.parametrize(
    "text,age",
    [
        ("geboren 12-03-1941", 85),
        ("12/3/1941", 85),
        ("3 december 1941", 85),
        ("4 december 1941", 84),
        ("5 Maart 1938", 88),
    ],
)
def test_scrub_turns_a_birth_date_into_an_age(text, age):
    result = scrub(text, today=TODAY)
    assert result.ages == (age,) and f"{age} jaar" in result.text


@pytest.mark.parametrize(
    "text", ["31-02-1941", "12-03-2030", "ze is 84", "pc 3511", "in 1941 en 1942"]
)
def test_scrub_leaves_other_text_alone(text):
    assert scrub(text, today=TODAY) == type(scrub("", today=TODAY))(text, frozenset(), ())


@pytest.mark.parametrize(
    "text, expected",
    [
        ("pc 3511 AB", "pc 3511"),
        ("3511ab", "3511"),
        ("Kerkstraat 12, 8011 AB Zwolle", "Kerkstraat 12, 8011 Zwolle"),
        ("welk zorgkantoor hoort bij 6211 ke?", "welk zorgkantoor hoort bij 6211?"),
        ("geboren in 1941 en nu 85", "geboren in 1941 en nu 85"),
        ("dat was in 1980 op zondag", "dat was in 1980 op zondag"),
    ],
)
def test_scrub_cuts_full_postcodes_to_four_digits(text, expected):
    assert scrub(text, today=TODAY).text == expected
