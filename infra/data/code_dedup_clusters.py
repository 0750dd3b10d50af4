#!/usr/bin/env python3
"""Summarises a `dedup minhash` run over code files (one record per file, metadata repo and path): clusters within
one repository, clusters spanning repositories, and among those the clusters pairing a vendored copy (a path segment
`_vendor`) with its upstream repository's file. Usage: code_dedup_clusters.py DEDUP_DIR"""
import collections
import gzip
import json
import os
import sys

run = sys.argv[1]
plan = json.load(open(os.path.join(run, "dedup.json")))["plan"]
records = []
for task in plan:
    p = task["path"]
    with (gzip.open(p, "rt") if p.endswith(".gz") else open(p)) as f:
        records.append([json.loads(line) for line in f])
counts = collections.Counter()
examples = []
for line in open(os.path.join(run, "result", "clusters.jsonl")):
    cluster = json.loads(line)
    members = []
    for ref in cluster["members"]:
        task, row = map(int, ref.split(":"))
        r = records[task][row]
        members.append((r.get("repo", "?"), r.get("path", "?")))
    counts["documents in clusters"] += len(members)
    if len({m[0] for m in members}) == 1:
        counts["clusters within one repository"] += 1
        continue
    counts["clusters across repositories"] += 1
    if any("_vendor" in p.split("/") for _, p in members) and any("_vendor" not in p.split("/") for _, p in members):
        counts["vendored copy with its upstream file"] += 1
        if len(examples) < 5:
            examples.append(members)
for k, v in counts.items():
    print(f"{k}: {v}")
for e in examples:
    print("  e.g. " + " ~ ".join(f"{r}:{p}" for r, p in e))
