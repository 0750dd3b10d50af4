#!/usr/bin/env bash
# Copies trafilatura's evaluation set (tests/evaldata.json + the HTML pages it names under tests/eval and
# tests/cache) from a git mirror of github.com/adbar/trafilatura into data/eval/trafilatura/ (git-ignored:
# the pages are third-party web pages). Used by `./yulandata bench extract`.
# Usage: infra/fetch-extract-eval.sh [GIT_DIR] [COMMIT]
#   GIT_DIR defaults to /work/.mirror/adbar+trafilatura/repo; a plain clone works as well
#   (git clone https://github.com/adbar/trafilatura; infra/fetch-extract-eval.sh trafilatura/.git).
set -euo pipefail
repo_root="$(cd "$(dirname "$0")/.." && pwd)"
git_dir="${1:-/work/.mirror/adbar+trafilatura/repo}"
commit="${2:-e90b0ef51ab026fdb905fb6c5b3c84dd3d784fd5}"
out="$repo_root/data/eval/trafilatura"
mkdir -p "$out/eval" "$out/cache"
git --git-dir="$git_dir" show "$commit:tests/evaldata.json" > "$out/evaldata.json"
for sub in eval cache; do
  git --git-dir="$git_dir" ls-tree -z --name-only "$commit" "tests/$sub/" | while IFS= read -r -d '' path; do
    git --git-dir="$git_dir" show "$commit:$path" > "$out/$sub/$(basename "$path")"
  done
done
cat > "$out/SOURCE.txt" <<NOTE
trafilatura evaluation set (https://github.com/adbar/trafilatura, tests/evaldata.json, tests/eval/, tests/cache/)
commit $commit, copied by infra/fetch-extract-eval.sh
NOTE
echo "$(ls "$out/eval" | wc -l) pages in $out/eval, $(ls "$out/cache" | wc -l) in $out/cache"
