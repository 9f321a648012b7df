#!/usr/bin/env bash
# Cross-validates candidate NLU pipelines on the training data (3 folds, seeded) and keeps
# the logs for docs/nlu-pipeline.md. Slow: 10-30 minutes per pipeline on 2 cores.
# Usage: scripts/compare_pipelines.sh [config ...]
set -euo pipefail
export TF_CPP_MIN_LOG_LEVEL=2 RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1
mkdir -p results/cv
# Default: the chosen pipeline against the same pipeline without spaCy.
configs=("$@")
[ ${#configs[@]} -eq 0 ] && configs=(config.yml docs/pipelines/whitespace.yml)
for cfg in "${configs[@]}"; do
  name=$(basename "$cfg" .yml)
  echo ">> $name"
  start=$(date +%s)
  .venv/bin/python -W ignore -m rasa test nlu --cross-validation --folds 3 --config "$cfg" \
    --nlu data --out "results/cv/$name" --no-plot > "results/cv/$name.log" 2>&1
  echo "$name: $(( $(date +%s) - start )) s" | tee -a results/cv/times.txt
done
