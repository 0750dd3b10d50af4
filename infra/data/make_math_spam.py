#!/usr/bin/env python3
"""Web spam with formulas: the real low-quality Common Crawl pages of ../shared/data/web/dclm_quality_annotated_cc
(human label 0, 356 pages) with real formulas inserted, so that each page is formula-rich by MathDetector's measure.
The formulas are the inline $...$ and display \\[...\\] formulas of the HoTT book in ../shared/data/math; one is put
after every sentence end (". ") or line end, drawn with a fixed seed. Writes data/external/math_spam.jsonl (and
data/external/web_spam.jsonl, the same pages without formulas, as the control).

Usage: make_math_spam.py [SHARED_DIR]"""
import gzip
import json
import os
import random
import re
import sys

shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared")
root = os.path.join(os.path.dirname(__file__), "..", "..")
with gzip.open(os.path.join(shared, "data", "math", "hott_book_latex.jsonl.gz"), "rt", encoding="utf-8") as f:
    latex = "\n".join(json.loads(line)["text"] for line in f)
formulas = sorted(set(re.findall(r"\$[^$\n]{3,60}\$", latex)) | set(re.findall(r"\\\[[^\]]{3,120}\\\]", latex)))
rng = random.Random(24)
pages = []
with gzip.open(os.path.join(shared, "data", "web", "dclm_quality_annotated_cc.jsonl.gz"), "rt", encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        if r["label"] == 0:
            pages.append(r)
os.makedirs(os.path.join(root, "data", "external"), exist_ok=True)
with open(os.path.join(root, "data", "external", "math_spam.jsonl"), "w", encoding="utf-8") as spam, \
        open(os.path.join(root, "data", "external", "web_spam.jsonl"), "w", encoding="utf-8") as plain:
    for r in pages:
        text = re.sub(r"(\. |\n)", lambda m: m.group(1).rstrip() + " " + rng.choice(formulas) + (m.group(1)[-1] if m.group(1) == "\n" else " "), r["text"])
        spam.write(json.dumps({"id": "spam:" + r["id"], "text": text, "label": 0}, ensure_ascii=False) + "\n")
        plain.write(json.dumps({"id": "web:" + r["id"], "text": r["text"], "label": 0}, ensure_ascii=False) + "\n")
print(f"{len(pages)} pages, {len(formulas)} distinct formulas", file=sys.stderr)
