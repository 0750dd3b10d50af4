#!/usr/bin/env bash
# The Stacks Project (https://github.com/stacks/stacks-project, GFDL 1.2) as JSONL, one record per top-level
# \section of each chapter .tex file (the part before the first \section of a file is record #0):
# data/external/stacks_sections.jsonl (git-ignored). Pass an existing clone or bare mirror as $1 to skip the clone.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p data/external
src="${1:-}"
if [[ -z "$src" ]]; then
  src=data/external/stacks-project.git
  [[ -d "$src" ]] || git clone --bare --depth 1 https://github.com/stacks/stacks-project "$src"
fi
python3 infra/data/git_files_to_jsonl.py "$src" stacks/stacks-project data/external/stacks_sections.jsonl
