"""Which trained model belongs to the current training inputs, and how many to keep.

Rasa 3.6 always writes a new model file on `rasa train`, also when every component comes from
its cache ("Restored component ... from cache"): ~30 s and 150 MB per start for an unchanged
model. Its `--dry-run` compares with the training cache, not with the model files, so after a
revert it cannot tell which file fits. So the launcher keeps its own record: a digest of
everything that goes into training (domain, config, training data, the spaCy pipeline) beside
each model, and trains only when no model has the current digest.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

KEEP_MODELS = 3
INPUTS_SUFFIX = ".inputs"
# What Rasa trains from (bot/runtime/launcher.py train(): --domain, --config, --data).
TRAINING_INPUTS = ("domain.yml", "config.yml", "data")


def inputs_digest(root: Path, spacy_pipeline: str) -> str:
    """SHA-256 over the training files (path and content, in a fixed order) and the spaCy
    pipeline Rasa will load."""
    digest = hashlib.sha256(f"spacy:{spacy_pipeline}\n".encode())
    files: list[Path] = []
    for name in TRAINING_INPUTS:
        path = root / name
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _record(model: Path) -> Path:
    return model.with_name(model.name + INPUTS_SUFFIX)


def models(models_dir: Path) -> list[Path]:
    """Model files, newest first."""
    return sorted(Path(models_dir).glob("*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)


def model_for(models_dir: Path, digest: str) -> Path | None:
    """The newest model trained from exactly these inputs, if there is one."""
    for model in models(models_dir):
        record = _record(model)
        if record.exists() and record.read_text().strip() == digest:
            return model
    return None


def remember(model: Path, digest: str) -> None:
    _record(model).write_text(digest + "\n")


def prune(models_dir: Path, keep: int = KEEP_MODELS, protect: Path | None = None) -> list[Path]:
    """Remove all but the `keep` newest models (never `protect`); returns what was removed."""
    removed = []
    for model in models(models_dir)[keep:]:
        if protect is not None and model.resolve() == protect.resolve():
            continue
        model.unlink(missing_ok=True)
        _record(model).unlink(missing_ok=True)
        removed.append(model)
    return removed
