"""An unchanged model is never re-packed; only the newest models are kept
(bot/runtime/model_store.py and launcher.train)."""

import os
import shutil
import time
from pathlib import Path

import pytest

from bot.runtime import launcher, model_store

ROOT = Path(__file__).resolve().parents[2]


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "data" / "faq").mkdir(parents=True)
    (root / "domain.yml").write_text("version: '3.1'\n")
    (root / "config.yml").write_text("language: nl\n")
    (root / "data" / "faq" / "a.yml").write_text("nlu: []\n")
    return root


def test_the_digest_follows_every_training_input(tmp_path):
    root = project(tmp_path)
    first = model_store.inputs_digest(root, "fallback")
    assert model_store.inputs_digest(root, "fallback") == first  # stable
    assert model_store.inputs_digest(root, "nl_core_news_sm") != first  # the spaCy pipeline
    (root / "data" / "faq" / "a.yml").write_text("nlu: [x]\n")
    assert model_store.inputs_digest(root, "fallback") != first  # training data
    (root / "data" / "faq" / "a.yml").write_text("nlu: []\n")
    assert model_store.inputs_digest(root, "fallback") == first  # back: the same digest
    (root / "data" / "faq" / "b.yml").write_text("")
    assert model_store.inputs_digest(root, "fallback") != first  # a new file


def fake_models(directory: Path, count: int) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        model = directory / f"2026120{i}-model.tar.gz"
        model.write_bytes(b"x")
        os.utime(model, (time.time() - 100 + i, time.time() - 100 + i))
        model_store.remember(model, f"digest-{i}")
        made.append(model)
    return made


def test_the_model_for_a_digest_and_pruning(tmp_path):
    made = fake_models(tmp_path / "models", 5)
    assert model_store.model_for(tmp_path / "models", "digest-1") == made[1]
    assert model_store.model_for(tmp_path / "models", "other") is None
    removed = model_store.prune(tmp_path / "models", keep=3, protect=made[0])
    assert set(removed) == {made[1]}  # the oldest is protected, the next one goes
    left = sorted(p.name for p in (tmp_path / "models").iterdir())
    assert len([n for n in left if n.endswith(".tar.gz")]) == 4
    assert not (tmp_path / "models" / (made[1].name + ".inputs")).exists()


def test_train_reuses_the_model_of_unchanged_inputs(tmp_path, monkeypatch):
    if not (ROOT / "domain.yml").exists():
        pytest.skip("needs the project's training files")
    models = tmp_path / "models"
    made = fake_models(models, 2)
    info = launcher.spacy_pipeline.ensure()
    digest = model_store.inputs_digest(launcher.PROJECT_ROOT, info.pipeline)
    model_store.remember(made[0], digest)  # the older file fits the current inputs

    def no_rasa(*args, **kwargs):
        raise AssertionError("rasa train must not run for unchanged inputs")

    monkeypatch.setattr(launcher.subprocess, "run", no_rasa)
    settings = launcher.get_settings().copy(update={"models_dir": models})
    assert launcher.train(settings) == made[0]
    # ... and it is now the newest, so every later command loads the same model.
    assert launcher.latest_model(models) == made[0]
    shutil.rmtree(models)
