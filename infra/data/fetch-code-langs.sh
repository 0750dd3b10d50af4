#!/usr/bin/env bash
# Three real non-Python repositories that commit third-party code, as JSONL (one record per UTF-8 file, the layout of
# ../shared/data/code) in the git-ignored data/external/:
#   redis/redis       (C, BSD-3; hiredis, jemalloc, lua, linenoise, hdr_histogram, fpconv, ... under deps/)
#   docker/cli        (Go, Apache-2.0; Go modules under vendor/)
#   jquery/jquery-ui  (JavaScript, MIT; jquery, qunit, globalize, requirejs, ... under external/)
# Pass a directory holding bare mirrors named owner+name/repo (as the `fetch` tool writes them) as $1 to skip the clones.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p data/external
mirrors="${1:-}"
for repo in redis/redis docker/cli jquery/jquery-ui; do
  src="$mirrors/${repo/\//+}/repo"
  if [[ -z "$mirrors" ]]; then
    src="data/external/${repo/\//__}.git"
    [[ -d "$src" ]] || git clone --bare --depth 1 "https://github.com/$repo" "$src"
  fi
  python3 infra/data/git_files_to_jsonl.py "$src" "$repo" "data/external/${repo/\//__}.jsonl"
done
