#!/usr/bin/env python3
"""Keep rates of a code pipeline run (JSONL output with exclusions) per repository: own source files vs vendored
copies. Ground truth for "vendored": the repository's own vendoring layout (a path segment `_vendor`, as pip and
setuptools vendor their dependencies; redis's `deps/`, docker/cli's `vendor/`, jquery-ui's `external/`, `ui/vendor/`, `tests/lib/vendor/`). Empty (whitespace-only) own files
are not code and are counted apart (column "empty"). Source files: extensions of programming languages (.py .pyi .js .ts .c .h .cpp
.go .rs .java ...); data, docs and config files are counted apart.

Usage: code_keep_rates.py RUN_DIR [--markdown]"""
import collections
import glob
import json
import os
import sys

# Top-level directories where a repository keeps its third-party copies (their READMEs say so).
VENDOR_ROOTS = {"redis/redis": ("deps/",), "docker/cli": ("vendor/",),
                "jquery/jquery-ui": ("external/", "ui/vendor/", "tests/lib/vendor/")}
SOURCE = {".py", ".pyi", ".pyx", ".js", ".mjs", ".ts", ".tsx", ".jsx", ".c", ".h", ".cc", ".cpp", ".hpp", ".go", ".rs",
          ".java", ".kt", ".cs", ".rb", ".php", ".swift", ".scala", ".sh", ".lua"}


def records(pattern):
    for f in sorted(glob.glob(pattern)):
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)


def main():
    run = sys.argv[1]
    md = "--markdown" in sys.argv
    rows = collections.defaultdict(lambda: collections.Counter())
    reasons = collections.defaultdict(collections.Counter)
    empty = collections.Counter()
    for kept, pattern in ((True, "output/*.jsonl"), (False, "excluded/*.jsonl")):
        for r in records(os.path.join(run, pattern)):
            m = r["metadata"]
            path = m.get("path", "")
            if os.path.splitext(path)[1] not in SOURCE:
                continue
            repo = m.get("repo", "?")
            root = VENDOR_ROOTS.get(repo)
            kind = "vendored" if "_vendor" in path.split("/") or (root and path.startswith(root)) else "own"
            if kind == "own" and not r["text"].strip() and (kept or r["reason"] == "code_alphanum_fraction"):
                empty[repo] += 1
                continue
            rows[(repo, kind)]["total"] += 1
            if kept:
                rows[(repo, kind)]["kept"] += 1
            else:
                reasons[(repo, kind)][r["reason"]] += 1
    head = ["repository", "source files", "empty", "own source files", "own kept", "vendored source files", "vendored dropped", "own dropped by reason"]
    print("| " + " | ".join(head) + " |" if md else "\t".join(head))
    if md:
        print("|" + "---|" * len(head))
    tot = collections.Counter()
    for repo in sorted({k[0] for k in rows}):
        own, ven = rows[(repo, "own")], rows[(repo, "vendored")]
        tot.update({"own": own["total"], "own_kept": own["kept"], "ven": ven["total"], "ven_dropped": ven["total"] - ven["kept"]})
        why = ", ".join(f"{k} {v}" for k, v in reasons[(repo, "own")].most_common())
        cells = [repo, str(own["total"] + ven["total"] + empty[repo]), str(empty[repo]), str(own["total"]), f"{own['kept']} ({100 * own['kept'] / max(1, own['total']):.1f}%)",
                 str(ven["total"]), f"{ven['total'] - ven['kept']}" + (f" ({100 * (ven['total'] - ven['kept']) / ven['total']:.1f}%)" if ven["total"] else ""), why]
        print("| " + " | ".join(cells) + " |" if md else "\t".join(cells))
    cells = ["all", str(tot["own"] + tot["ven"] + sum(empty.values())), str(sum(empty.values())), str(tot["own"]), f"{tot['own_kept']} ({100 * tot['own_kept'] / max(1, tot['own']):.1f}%)",
             str(tot["ven"]), f"{tot['ven_dropped']} ({100 * tot['ven_dropped'] / max(1, tot['ven']):.1f}%)", ""]
    print("| " + " | ".join(cells) + " |" if md else "\t".join(cells))


if __name__ == "__main__":
    main()
