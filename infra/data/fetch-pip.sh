#!/usr/bin/env bash
# pip's source tree (https://github.com/pypa/pip, MIT; vendored packages under their own licences) as JSONL,
# one record per file under src/ and tests/, the layout of ../shared/data/code: data/external/pypa__pip.jsonl
# (git-ignored). Pass an existing clone or bare mirror as $1 to skip the clone.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p data/external
src="${1:-}"
if [[ -z "$src" ]]; then
  src=data/external/pip.git
  [[ -d "$src" ]] || git clone --bare --depth 1 https://github.com/pypa/pip "$src"
fi
python3 infra/data/git_files_to_jsonl.py "$src" pypa/pip data/external/pypa__pip.jsonl --include src/ --include tests/
