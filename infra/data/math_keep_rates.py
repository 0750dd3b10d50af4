#!/usr/bin/env python3
"""Keep rates of a math pipeline run (JSONL output with exclusions) per source: records kept / read, and for the
Stacks Project the top-level sections apart from each file's head (record #0: \\input{preamble}, title, table of
contents). Drop reasons are listed per source.

Usage: math_keep_rates.py RUN_DIR..."""
import collections
import glob
import json
import os
import sys


def group(r):
    m = r.get("metadata", {})
    if m.get("repo") == "stacks/stacks-project":
        return "stacks sections" if m.get("section", 0) > 0 else "stacks file heads (#0)"
    rid = r["id"]
    for prefix, name in (("spam:", "web spam + formulas"), ("web:", "web spam (no formulas)"), ("hott:", "HoTT book files"), ("arxiv:", "arXiv (RedPajama) records")):
        if rid.startswith(prefix):
            return name
    return r.get("source", "?")


def main():
    total, kept, why = collections.Counter(), collections.Counter(), collections.defaultdict(collections.Counter)
    for run in sys.argv[1:]:
        for ok, pattern in ((True, "output/*.jsonl"), (False, "excluded/*.jsonl")):
            for f in sorted(glob.glob(os.path.join(run, pattern))):
                for line in open(f, encoding="utf-8"):
                    r = json.loads(line)
                    g = group(r)
                    total[g] += 1
                    if ok:
                        kept[g] += 1
                    else:
                        why[g][r["reason"]] += 1
    print("| source | records | kept | dropped by reason |\n|---|---|---|---|")
    for g in sorted(total):
        reasons = ", ".join(f"{k} {v}" for k, v in why[g].most_common(6))
        print(f"| {g} | {total[g]} | {kept[g]} ({100 * kept[g] / total[g]:.1f}%) | {reasons} |")


if __name__ == "__main__":
    main()
