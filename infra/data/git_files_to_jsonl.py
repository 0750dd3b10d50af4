#!/usr/bin/env python3
"""Writes the files of a git repository's HEAD as JSONL records {id, text, path, repo, commit}, the layout of
../shared/data/code. With --latex-sections each .tex file becomes one record per top-level \\section (the part
before the first \\section is its own record, section 0), the unit the math keep rates are counted in.

Usage: git_files_to_jsonl.py GIT_DIR REPO_NAME OUT.jsonl [--include PREFIX ...] [--suffix .py ...] [--latex-sections]
GIT_DIR may be a bare repository or a checkout. Files that are not UTF-8 are skipped and counted on stderr."""
import argparse
import json
import re
import subprocess
import sys

SECTION = re.compile(r"^\\section\*?\{", re.M)


def git(git_dir, *args):
    return subprocess.run(["git", "-C", git_dir, *args], check=True, capture_output=True).stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("git_dir")
    ap.add_argument("repo")
    ap.add_argument("out")
    ap.add_argument("--include", action="append", default=[], help="path prefix to keep (repeatable)")
    ap.add_argument("--suffix", action="append", default=[], help="file name suffix to keep (repeatable)")
    ap.add_argument("--latex-sections", action="store_true")
    a = ap.parse_args()
    commit = git(a.git_dir, "rev-parse", "HEAD").decode().strip()
    paths = sorted(git(a.git_dir, "ls-tree", "-r", "--name-only", "-z", "HEAD").decode().split("\0"))
    written = skipped = 0
    with open(a.out, "w", encoding="utf-8") as out:
        for path in paths:
            if not path or (a.include and not any(path.startswith(p) for p in a.include)):
                continue
            if a.suffix and not any(path.endswith(s) for s in a.suffix):
                continue
            try:
                text = git(a.git_dir, "show", f"HEAD:{path}").decode("utf-8")
            except UnicodeDecodeError:
                skipped += 1
                continue
            pieces = [text]
            if a.latex_sections:
                starts = [0] + [m.start() for m in SECTION.finditer(text)]
                pieces = [text[s:e] for s, e in zip(starts, starts[1:] + [len(text)])]
            for i, piece in enumerate(pieces):
                rec = {"id": f"{a.repo}:{path}" + (f"#{i}" if a.latex_sections else ""), "text": piece,
                       "path": path, "repo": a.repo, "commit": commit}
                if a.latex_sections:
                    rec["section"] = i
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                written += 1
    print(f"{a.out}: {written} records from {a.repo}@{commit}; {skipped} non-UTF-8 files skipped", file=sys.stderr)


if __name__ == "__main__":
    main()
