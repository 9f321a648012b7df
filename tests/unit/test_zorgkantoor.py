"""Zorgkantoorregio lookup (issue 14): the shipped table, the lookup and the build script."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.domain import zorgkantoor as zk
from bot.domain.zorgkantoor import (
    Ambiguous,
    InvalidQuery,
    Match,
    NotFound,
    extract_query,
    find,
)
from bot.domain.zorgkantoor.lookup import TABLE_PATH

ROOT = Path(__file__).resolve().parents[2]
OPENDATA = Path("/work/shared/data/opendata")
TABLE = json.loads(TABLE_PATH.read_text(encoding="utf-8"))


def region_code_named(name: str) -> str:
    """Region code by its name in the CBS data (not from memory)."""
    codes = [c for c, n in TABLE["regions"].items() if n == name]
    assert len(codes) == 1, name
    return codes[0]


def gemeente_code_named(name: str) -> str:
    codes = [c for c, g in TABLE["gemeenten"].items() if g["name"] == name]
    assert len(codes) == 1, name
    return codes[0]


def expect_region(query: str, region_name: str, gemeente: str | None = None) -> Match:
    result = find(query)
    assert isinstance(result, Match), (query, result)
    assert result.region_code == region_code_named(region_name), (query, result)
    assert result.region_name == region_name
    if gemeente is not None:
        assert result.gemeente_name == gemeente
    return result


# --------------------------------------------------------------------------- the table
def test_31_regions_zk01_to_zk33_without_05_and_15():
    expected = {f"ZK{n:02d}" for n in range(1, 34)} - {"ZK05", "ZK15"}
    assert set(zk.regions()) == expected
    assert len(expected) == 31


def test_every_2026_gemeente_maps_to_exactly_one_existing_region():
    gemeenten = TABLE["gemeenten"]
    assert len(gemeenten) == 342
    for code, info in gemeenten.items():
        assert code.startswith("GM") and len(code) == 6
        assert info["region"] in TABLE["regions"], code
    # every region holds at least one gemeente
    assert {g["region"] for g in gemeenten.values()} == set(TABLE["regions"])


@pytest.mark.skipif(not OPENDATA.is_dir(), reason="CBS/PDOK copies not present")
def test_gemeenten_are_exactly_those_of_the_2026_boundaries():
    features = json.loads((OPENDATA / "gemeente_2026.geojson").read_text(encoding="utf-8"))[
        "features"
    ]
    assert {f["properties"]["statcode"]: f["properties"]["statnaam"] for f in features} == {
        c: g["name"] for c, g in TABLE["gemeenten"].items()
    }


def test_every_pc4_points_to_a_known_gemeente_and_no_full_postcodes_are_stored():
    assert len(TABLE["pc4"]) > 4000
    for pc4, gem in TABLE["pc4"].items():
        assert len(pc4) == 4 and pc4.isdigit()
        assert gem in TABLE["gemeenten"]
    for section in ("woonplaatsen", "plaatsen", "gemeente_names"):
        for key, codes in TABLE[section].items():
            assert codes and all(c in TABLE["gemeenten"] for c in codes), (section, key)


def test_header_lists_sources_with_licences_and_coverage():
    sources = zk.sources()
    assert len(sources) == 5
    for s in sources:
        assert s["licence"] and s["via"] and s["date"] and len(s["sha256"]) == 64
    cov = zk.coverage()
    assert cov["regions"] == 31 and cov["gemeenten"] == 342 and cov["pc4"] == len(TABLE["pc4"])
    assert cov["regions_without_gemeente"] == []


def test_contacts_only_with_a_source_and_date():
    contacts = zk.load_contacts()
    for code, contact in contacts.items():
        assert code in TABLE["regions"]
        assert contact.source_url.startswith("https://") and contact.checked_on


def test_contacts_yml_rejects_an_entry_without_source(tmp_path):
    bad = tmp_path / "contacts.yml"
    bad.write_text("contacts:\n  ZK23:\n    organisation: X\n", encoding="utf-8")
    with pytest.raises(ValueError, match="source_url"):
        zk.load_contacts(bad)
    bad.write_text(
        "contacts:\n  ZK05:\n    organisation: X\n    source_url: https://x\n"
        "    checked_on: '2026-12-03'\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="unknown region"):
        zk.load_contacts(bad)


# --------------------------------------------------------------------------- known cases
@pytest.mark.parametrize(
    "query, region, gemeente",
    [
        ("3511", "Utrecht", "Utrecht"),
        ("8011", "Zwolle", "Zwolle"),
        ("Zwolle", "Zwolle", "Zwolle"),
        ("Tilburg", "Midden-Brabant", "Tilburg"),
        ("5038", "Midden-Brabant", "Tilburg"),
        ("Amsterdam", "Amsterdam", "Amsterdam"),
        ("Maastricht", "Zuid-Limburg", "Maastricht"),
        ("6211", "Zuid-Limburg", "Maastricht"),
        ("Den Haag", "Haaglanden", "'s-Gravenhage"),
        ("Groningen", "Groningen", "Groningen"),
        ("Leeuwarden", "Friesland", "Leeuwarden"),
        ("Almere", "'t Gooi", "Almere"),
        ("Rotterdam", "Rotterdam", "Rotterdam"),
    ],
)
def test_known_cases(query, region, gemeente):
    expect_region(query, region, gemeente)


@pytest.mark.parametrize(
    "query",
    [
        "'s-Hertogenbosch",
        "’s-Hertogenbosch",
        "s hertogenbosch",
        "Den Bosch",
        "den bosch",
        "'S-HERTOGENBOSCH",
        "Hertogenbosch",
    ],
)
def test_spelling_variants_of_den_bosch(query):
    expect_region(query, "Noordoost-Brabant", "'s-Hertogenbosch")


@pytest.mark.parametrize(
    "query, gemeente",
    [
        ("Weesp", "Amsterdam"),  # 2022
        ("Beemster", "Purmerend"),  # 2022
        ("Heerhugowaard", "Dijk en Waard"),  # 2022
        ("Uden", "Maashorst"),  # 2022
        ("Boxmeer", "Land van Cuijk"),  # 2022
        ("Brielle", "Voorne aan Zee"),  # 2023
        ("Westvoorne", "Voorne aan Zee"),  # 2023
        ("Delfzijl", "Eemsdelta"),  # 2021
    ],
)
def test_merged_gemeenten_of_recent_years(query, gemeente):
    result = find(query)
    assert isinstance(result, Match), (query, result)
    assert result.gemeente_name == gemeente
    assert result.region_code == TABLE["gemeenten"][gemeente_code_named(gemeente)]["region"]


def test_accents_and_case_do_not_matter():
    assert find("sudwest fryslan").gemeente_name == "Súdwest-Fryslân"
    assert find("ZWOLLE").gemeente_name == "Zwolle"


def test_gemeente_code_lookup():
    assert by_code("GM0363").gemeente_name == "Amsterdam"
    assert by_code("0363").gemeente_name == "Amsterdam"
    assert isinstance(by_code("GM9999"), NotFound)


def by_code(code):
    return zk.by_gemeente_code(code)


# --------------------------------------------------------------------------- postcodes
@pytest.mark.parametrize(
    "query",
    [
        "3511 AB",
        "3511ab",
        "3511AB",
        "3511 ab",
        "Kerkstraat 12, 3511 AB Utrecht",
        "Kerkstraat 12 3511AB",
        "postcode 3511AB huisnummer 7",
    ],
)
def test_full_postcode_is_reduced_to_pc4(query):
    result = expect_region(query, "Utrecht", "Utrecht")
    assert result.postcode4 == "3511"
    assert result.matched_on == "postcode"
    assert "AB" not in json.dumps(result.to_dict()).upper().replace("PLACE", "")
    assert extract_query(query) == "3511"


def test_unknown_postcode_gives_notfound_with_only_pc4():
    result = find("1000 AA")
    assert isinstance(result, NotFound) and result.reason == "unknown_postcode"
    assert result.searched == "1000"
    assert isinstance(find("0000"), NotFound)


def test_house_numbers_are_ignored():
    assert find("Dorpsstraat 1, 8011 AB").postcode4 == "8011"
    assert find("nummer 12 in Zwolle").gemeente_name == "Zwolle"


# --------------------------------------------------------------------------- sentences
@pytest.mark.parametrize(
    "text, expected",
    [
        ("mijn moeder woont in Tilburg, welk zorgkantoor?", "Tilburg"),
        ("welk zorgkantoor hoort bij 8011?", "8011"),
        ("zorgkantoor voor Zwolle", "Zwolle"),
        ("ik woon in de gemeente Oss", "Oss"),
        ("mijn vader woont in tilburg", "Tilburg"),
        ("ik zoek het zorgkantoor in Den Bosch", "Den Bosch"),
        ("sinds 2020 woont mijn moeder in Tilburg", "Tilburg"),
        ("Ik woon op 5038 EA in Tilburg", "5038"),
    ],
)
def test_extract_query_from_sentences(text, expected):
    assert extract_query(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "zorgkantoor zoeken",
        "welk zorgkantoor hoort bij mij?",
        "het zorgkantoor is echt heel ver weg",
        "mijn buren helpen mij",
    ],
)
def test_no_place_in_everyday_sentences(text):
    assert extract_query(text) is None
    result = find(text)
    assert isinstance(result, NotFound) and result.reason == "nothing_to_look_up"


def test_sentence_lookup_gives_the_region():
    expect_region("mijn moeder woont in Tilburg, welk zorgkantoor?", "Midden-Brabant", "Tilburg")


# --------------------------------------------------------------------------- ambiguity / unknown
def test_woonplaats_in_several_gemeenten_is_ambiguous():
    result = find("Hengelo")
    assert isinstance(result, Ambiguous)
    gemeenten = [m.gemeente_name for m in result.options]
    assert gemeenten[0] == "Hengelo (O.)" and "Bronckhorst" in gemeenten
    assert set(result.region_codes) == {region_code_named("Twente"), region_code_named("Arnhem")}
    assert result.to_dict()["options"][0]["region"]["name"] == "Twente"


def test_ambiguity_is_resolved_by_the_province_hint():
    assert find("Hengelo (O.)").gemeente_name == "Hengelo (O.)"
    assert find("Hengelo Gld").gemeente_name == "Bronckhorst"
    assert isinstance(find("Bergen"), Ambiguous)
    assert find("Bergen NH").gemeente_name == "Bergen (NH.)"
    assert find("Bergen (L.)").gemeente_name == "Bergen (L.)"


def test_unknown_place_suggests_near_spellings():
    result = find("Zwole")
    assert isinstance(result, NotFound) and result.reason == "unknown_place"
    assert "Zwolle" in result.suggestions
    assert isinstance(find("xyzzy"), NotFound)


@pytest.mark.parametrize("bad", ["", "   ", "?!", "x" * 201, None, 3511])
def test_invalid_input_raises(bad):
    with pytest.raises(InvalidQuery):
        find(bad)


def test_match_to_dict_has_the_api_shape():
    d = find("8011").to_dict()
    assert d["region"] == {"code": region_code_named("Zwolle"), "name": "Zwolle"}
    assert d["gemeente"] == "Zwolle"
    assert "zorgkantoor" in d  # None until contacts.yml has a sourced entry


# --------------------------------------------------------------------------- the build
@pytest.mark.skipif(not OPENDATA.is_dir(), reason="CBS/PDOK copies not present")
def test_build_script_reproduces_the_shipped_table(tmp_path):
    out = tmp_path / "regions.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_zorgkantoor.py"),
            "--opendata",
            str(OPENDATA),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == TABLE_PATH.read_bytes()


@pytest.mark.skipif(not OPENDATA.is_dir(), reason="CBS/PDOK copies not present")
def test_gemeente_regions_match_the_derived_csv():
    with (OPENDATA / "gemeente_zorgkantoorregio_2026.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["gemeentecode"]: r["zorgkantoorregio_code"] for r in rows} == {
        c: g["region"] for c, g in TABLE["gemeenten"].items()
    }


def test_lookup_module_imports_no_rasa():
    code = (
        "import sys; import bot.domain.zorgkantoor as z; z.find('3511'); "
        "print(any(m == 'rasa' or m.startswith('rasa.') for m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.strip() == "False", proc.stderr


# --------------------------------------------------------------------------- properties
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=250))
def test_find_never_crashes(text):
    try:
        result = find(text)
    except InvalidQuery:
        return
    assert isinstance(result, Match | Ambiguous | NotFound)


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(r"[1-9][0-9]{3} ?[A-Z]{2}", fullmatch=True),
    st.sampled_from(["", "mijn moeder woont op ", "postcode: "]),
)
def test_full_postcode_letters_never_come_back(postcode, prefix):
    result = find(prefix + postcode + " 12")
    letters = postcode.replace(" ", "")[4:]
    dumped = json.dumps(result.to_dict(), ensure_ascii=False)
    assert postcode.replace(" ", "") not in dumped and (postcode[:4] + " " + letters) not in dumped
    if isinstance(result, Match):
        assert result.postcode4 == postcode[:4]
    else:
        assert isinstance(result, NotFound) and result.searched == postcode[:4]
