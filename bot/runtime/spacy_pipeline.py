"""Builds the Dutch spaCy pipeline that Rasa's SpacyNLP loads.

Production uses spaCy's official ``nl_core_news_sm`` 3.4.x. Where that package cannot be
installed (offline machines, CI) we build a pipeline from spaCy's own Dutch language data:
``spacy.blank("nl")`` plus a lookup lemmatizer from ``spacy-lookups-data``. Either way an
``entity_ruler`` with our domain terms is added and the result is saved to one directory, so
``config.yml`` can point at a single, stable path. The choice is recorded next to it (and
shown by ``/api/health``): the fallback is never presented as ``nl_core_news_sm``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from bot.domain.topics import load_terms
from bot.settings import get_settings

logger = logging.getLogger(__name__)

OFFICIAL_MODEL = "nl_core_news_sm"
FALLBACK_ID = "fallback:spacy.blank(nl)+lookup-lemmatizer"
TERMS_FILE = Path(__file__).parents[1] / "domain" / "domain_terms.yml"
INFO_FILE = "zorgwegwijzer-pipeline.json"
ENTITY_LABELS = ("law", "care_package", "aid")


@dataclass(frozen=True)
class PipelineInfo:
    pipeline: str  # "nl_core_news_sm" or FALLBACK_ID
    official: bool
    version: str  # of the official model, or of spacy-lookups-data for the fallback
    spacy_version: str
    terms_hash: str
    path: str

    def notice(self) -> str:
        if self.official:
            return f"spaCy-pipeline: {OFFICIAL_MODEL} {self.version} (officieel model)"
        return (
            "spaCy-pipeline: eigen Nederlandse fallback (spacy.blank('nl') + lookup-lemmatizer "
            f"uit spacy-lookups-data {self.version}); nl_core_news_sm is niet geïnstalleerd"
        )


def _terms_hash() -> str:
    return hashlib.sha256(TERMS_FILE.read_bytes()).hexdigest()[:16]


def entity_patterns(terms_file: Path = TERMS_FILE) -> list[dict]:
    """Entity-ruler patterns from the domain-terms file, matched on lower-cased tokens."""
    return [
        {"label": term.label, "pattern": spelling, "id": term.id}
        for term in load_terms(terms_file)
        for spelling in term.spellings
    ]


def official_model_available() -> bool:
    import spacy.util

    return spacy.util.is_package(OFFICIAL_MODEL)


def _load_official():
    import spacy

    nlp = spacy.load(OFFICIAL_MODEL)
    return nlp, nlp.meta.get("version", "?")


def _build_fallback():
    from importlib.metadata import version

    import spacy

    nlp = spacy.blank("nl")
    # Lookup mode needs no tagger; the table comes from spacy-lookups-data at build time and is
    # serialised with the pipeline, so loading it later needs no extra package.
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp, version("spacy-lookups-data")


def _add_entity_ruler(nlp) -> None:
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe(
        "entity_ruler",
        before=before,
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
    )
    ruler.add_patterns(entity_patterns())


def build(choice: str | None = None, target: Path | None = None) -> PipelineInfo:
    """Build the pipeline into ``target`` and return what was built."""
    import spacy

    settings = get_settings()
    choice = choice or settings.spacy_model
    target = Path(target or settings.spacy_pipeline_dir)

    use_official = choice == OFFICIAL_MODEL or (choice == "auto" and official_model_available())
    if use_official:
        nlp, model_version = _load_official()
        pipeline_id = OFFICIAL_MODEL
    else:
        nlp, model_version = _build_fallback()
        pipeline_id = FALLBACK_ID
    _add_entity_ruler(nlp)
    nlp.meta["name"] = "zorgwegwijzer_nl"
    nlp.meta["description"] = f"Zorgwegwijzer pipeline based on {pipeline_id}"

    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    info = PipelineInfo(
        pipeline=pipeline_id,
        official=use_official,
        version=str(model_version),
        spacy_version=spacy.__version__,
        terms_hash=_terms_hash(),
        path=str(target),
    )
    (target / INFO_FILE).write_text(json.dumps(asdict(info), indent=2), encoding="utf-8")
    return info


def read_info(target: Path | None = None) -> PipelineInfo | None:
    target = Path(target or get_settings().spacy_pipeline_dir)
    try:
        return PipelineInfo(**json.loads((target / INFO_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def is_current(info: PipelineInfo | None, choice: str) -> bool:
    """Whether a built pipeline still matches the terms, the spaCy version and the choice."""
    import spacy

    if info is None or info.terms_hash != _terms_hash() or info.spacy_version != spacy.__version__:
        return False
    if choice == "fallback":
        return not info.official
    if choice == OFFICIAL_MODEL:
        return info.official
    return info.official == official_model_available()


def ensure(choice: str | None = None) -> PipelineInfo:
    """Build only when missing or stale; always print which pipeline is in use."""
    choice = choice or get_settings().spacy_model
    info = read_info()
    if info is None or not is_current(info, choice):
        print("spaCy-pipeline wordt gebouwd ...", flush=True)
        info = build(choice)
    print(info.notice(), flush=True)
    return info


if __name__ == "__main__":  # python -m bot.runtime.spacy_pipeline
    ensure()
