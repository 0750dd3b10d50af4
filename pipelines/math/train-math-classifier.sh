#!/usr/bin/env bash
# Trains the math-recall fastText classifier (labels math / web) with our managed fastText and tests it on the
# held-out fifth: models/math.bin. Then bucket documents by P(math) with the fasttext_classifier stage
# (pipelines/math.yaml, commented out at the end of its stages). See pipelines/math/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=out/math-classifier
python3 pipelines/math/make_classifier_data.py "$work"
mkdir -p models
./yulandata fasttext supervised -positive "$work/train_math.jsonl" -negative "$work/train_web.jsonl" \
  -positiveLabel math -negativeLabel web -output models/math -lr 0.5 -epoch 5 -wordNgrams 2 -dim 64 -thread 1 -seed 0
./yulandata fasttext test --model models/math.bin --input "$work/test.txt"
