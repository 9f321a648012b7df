import pytest
import spacy

from bot.domain.topics import load_terms
from bot.runtime import spacy_pipeline


@pytest.fixture(scope="module")
def fallback(tmp_path_factory):
    target = tmp_path_factory.mktemp("spacy") / "nl"
    info = spacy_pipeline.build("fallback", target)
    return info, spacy.load(target, disable=["parser"])


def test_fallback_is_never_presented_as_the_official_model(fallback):
    info, nlp = fallback
    assert info.official is False
    assert info.pipeline == spacy_pipeline.FALLBACK_ID
    assert "nl_core_news_sm is niet geïnstalleerd" in info.notice()
    assert spacy_pipeline.read_info(info.path) == info


def test_fallback_has_dutch_tokens_and_lemmas(fallback):
    _, nlp = fallback
    doc = nlp("Mijn moeder liep naar de huisarts, ze kan niet meer alleen wonen.")
    assert nlp.lang == "nl"
    assert [t.text for t in doc][:3] == ["Mijn", "moeder", "liep"]
    assert doc[2].lemma_ == "lopen"


def test_entity_ruler_finds_domain_terms_in_any_case(fallback):
    _, nlp = fallback
    doc = nlp("mn vader wil een Scootmobiel via de WMO en misschien een vpt")
    found = {(e.text.lower(), e.label_, e.ent_id_) for e in doc.ents}
    assert ("scootmobiel", "aid", "scootmobiel") in found
    assert ("wmo", "law", "wmo") in found
    assert ("vpt", "care_package", "vpt") in found


def test_every_term_becomes_a_pattern():
    patterns = spacy_pipeline.entity_patterns()
    spellings = {s for term in load_terms() for s in term.spellings}
    assert {p["pattern"] for p in patterns} == spellings
    assert {p["label"] for p in patterns} == set(spacy_pipeline.ENTITY_LABELS)


def test_stale_pipeline_is_detected(fallback, monkeypatch):
    info, _ = fallback
    assert spacy_pipeline.is_current(info, "fallback")
    assert not spacy_pipeline.is_current(info, "nl_core_news_sm")
    monkeypatch.setattr(spacy_pipeline, "_terms_hash", lambda: "changed")
    assert not spacy_pipeline.is_current(info, "fallback")


@pytest.mark.skipif(
    not spacy_pipeline.official_model_available(),
    reason="nl_core_news_sm is not installed (no download possible here); "
    "the fallback pipeline is tested above",
)
def test_official_model_path(tmp_path):
    info = spacy_pipeline.build("nl_core_news_sm", tmp_path / "nl")
    assert info.official and info.pipeline == "nl_core_news_sm"
    nlp = spacy.load(tmp_path / "nl")
    assert "entity_ruler" in nlp.pipe_names
    assert nlp.pipe_names.index("entity_ruler") < nlp.pipe_names.index("ner")


def test_official_choice_fails_clearly_when_model_missing(tmp_path):
    if spacy_pipeline.official_model_available():
        pytest.skip("nl_core_news_sm is installed")
    with pytest.raises(OSError):
        spacy_pipeline.build("nl_core_news_sm", tmp_path / "nl")
