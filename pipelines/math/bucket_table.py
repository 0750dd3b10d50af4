#!/usr/bin/env python3
"""Documents per P(math) bucket and true label, from a run partitioned by fasttext_bucket. Usage: bucket_table.py RUN_DIR"""
import collections
import glob
import json
import os
import sys

counts = collections.Counter()
for f in glob.glob(os.path.join(sys.argv[1], "output", "*", "*.jsonl")):
    bucket = os.path.basename(os.path.dirname(f))
    for line in open(f, encoding="utf-8"):
        counts[(bucket, json.loads(line)["metadata"]["label"])] += 1
print("| P(math) bucket | math documents | web documents |\n|---|---|---|")
for b in sorted({k[0] for k in counts}):
    print(f"| {b} | {counts[(b, 'math')]} | {counts[(b, 'web')]} |")
