#!/usr/bin/env python3
"""Training and held-out data for a math-recall fastText classifier (label `math` vs `web`), as YuLan-Mini built its
topic classifiers: positives are the real mathematics in ../shared/data/math (HoTT book chapters, RedPajama arXiv,
GSM8K solutions) plus the Stacks Project sections when data/external/stacks_sections.jsonl exists; negatives are real
web text in ../shared/data/web (BBC news, ABC rural news, DCLM-annotated Common Crawl pages, NLTK web text).
Every 5th document (by position, per source) is held out. Text is lowercased with newlines as spaces, as fastText
reads one line per example.

Writes OUT/train_math.jsonl, OUT/train_web.jsonl, OUT/test.txt (`__label__math text` lines), OUT/test_math.jsonl.
Usage: make_classifier_data.py OUT [SHARED_DIR]"""
import gzip
import json
import os
import sys

out = sys.argv[1]
shared = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared")
root = os.path.join(os.path.dirname(__file__), "..", "..")
MATH = ["math/hott_book_latex.jsonl.gz", "math/redpajama_arxiv_sample_datajuicer.jsonl", "math/gsm8k_train_solutions.jsonl.gz"]
WEB = ["web/bbc_news_2225.jsonl.gz", "web/nltk_abc_rural_news.jsonl.gz", "web/dclm_quality_annotated_cc.jsonl.gz", "web/nltk_webtext.jsonl.gz"]


def read(path, limit=5000):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= limit:
                break
            text = json.loads(line)["text"]
            if len(text.split()) >= 20:
                yield text


def one_line(text):
    return " ".join(text.lower().split())


os.makedirs(out, exist_ok=True)
sources = [(os.path.join(shared, "data", p), "math") for p in MATH] + [(os.path.join(shared, "data", p), "web") for p in WEB]
stacks = os.path.join(root, "data", "external", "stacks_sections.jsonl")
if os.path.exists(stacks):
    sources.append((stacks, "math"))
counts = {}
with open(os.path.join(out, "train_math.jsonl"), "w") as tm, open(os.path.join(out, "train_web.jsonl"), "w") as tw, \
        open(os.path.join(out, "test.txt"), "w") as test, open(os.path.join(out, "test_math.jsonl"), "w") as tmj:
    for path, label in sources:
        for i, text in enumerate(read(path)):
            counts[(os.path.basename(path), label, i % 5 == 4)] = counts.get((os.path.basename(path), label, i % 5 == 4), 0) + 1
            if i % 5 == 4:
                test.write(f"__label__{label} {one_line(text)}\n")
                tmj.write(json.dumps({"id": f"{os.path.basename(path)}:{i}", "text": text, "label": label}) + "\n")
            else:
                (tm if label == "math" else tw).write(json.dumps({"text": one_line(text)}) + "\n")
for (name, label, held), n in sorted(counts.items()):
    print(f"{name}\t{label}\t{'test' if held else 'train'}\t{n}", file=sys.stderr)
