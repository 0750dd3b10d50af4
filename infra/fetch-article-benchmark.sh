#!/usr/bin/env bash
# Copies the ScrapingHub article-extraction-benchmark (github.com/scrapinghub/article-extraction-benchmark,
# MIT: 181 gzip-compressed UTF-8 pages under html/, ground-truth.json with each page's articleBody, evaluate.py
# and the published outputs of trafilatura, go-trafilatura and Readability.js under output/) from a git mirror
# into data/external/article-extraction-benchmark/ (git-ignored: the pages are third-party web pages).
# Used by `./yulandata bench extract --article-benchmark`, a held-out check: never tune rules on it.
# Usage: infra/fetch-article-benchmark.sh [GIT_DIR] [COMMIT]
#   GIT_DIR defaults to /work/.mirror/scrapinghub+article-extraction-benchmark/repo; a plain clone works as well
#   (git clone https://github.com/scrapinghub/article-extraction-benchmark; infra/fetch-article-benchmark.sh article-extraction-benchmark/.git).
set -euo pipefail
repo_root="$(cd "$(dirname "$0")/.." && pwd)"
git_dir="${1:-/work/.mirror/scrapinghub+article-extraction-benchmark/repo}"
commit="${2:-4a3bc979f76c0df73cb95fe272e2fc1b96f9f010}"
out="$repo_root/data/external/article-extraction-benchmark"
mkdir -p "$out/html" "$out/output"
for file in ground-truth.json evaluate.py LICENSE; do
  git --git-dir="$git_dir" show "$commit:$file" > "$out/$file"
done
for system in trafilatura go_trafilatura readability_js; do
  git --git-dir="$git_dir" show "$commit:output/$system.json" > "$out/output/$system.json"
done
git --git-dir="$git_dir" ls-tree -z --name-only "$commit" html/ | while IFS= read -r -d '' path; do
  git --git-dir="$git_dir" show "$commit:$path" > "$out/html/$(basename "$path")"
done
cat > "$out/SOURCE.txt" <<NOTE
ScrapingHub article-extraction-benchmark (https://github.com/scrapinghub/article-extraction-benchmark, MIT)
commit $commit, copied by infra/fetch-article-benchmark.sh
NOTE
echo "$(ls "$out/html" | wc -l) pages in $out/html"
