#!/usr/bin/env bash
# Score every classifier on one split of the gold set and write the reports to eval/results/.
# Usage: eval/report.sh [split] (default test). Run via `make report` (builds first).
set -euo pipefail
cd "$(dirname "$0")/.."
split=${1:-test}
bin=target/release/complaint-tagger
out=eval/results
mkdir -p "$out"
# name:flags for `tag`; head-frozen is the first head (frozen embeddings), head the shipped one.
for entry in "keywords:--model keywords" "zero-shot:--model zero-shot" "head-frozen:--head models/head-frozen" "head:--head models/head"; do
  model=${entry%%:*}
  pred="$out/pred-$model.jsonl"
  # shellcheck disable=SC2086
  "$bin" tag --quiet --sentences eval/gold.jsonl ${entry#*:} > "$pred"
  "$bin" eval tags --gold eval/gold.jsonl --pred "$pred" --splits eval/splits.tsv --split "$split" \
    --seed 7 --html "$out/$split-$model.html" --errors "$out/$split-$model.errors.jsonl" \
    > "$out/$split-$model.txt"
  "$bin" eval tags --gold eval/gold.jsonl --pred "$pred" --splits eval/splits.tsv --split "$split" \
    --seed 7 --json > "$out/$split-$model.json"
  rm "$pred"
  echo "== $model ($split split) =="
  cat "$out/$split-$model.txt"
done
