#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian 12 machine (fasttext, bubblewrap, headless Chromium for the
# dashboard test, a one-node Slurm cluster),
# runs every test, then stops the cluster.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
sudo_cmd=""
if [[ $(id -u) != 0 ]]; then sudo_cmd="sudo"; fi
need=()
command -v fasttext >/dev/null 2>&1 || need+=(fasttext)
command -v slurmctld >/dev/null 2>&1 || need+=(slurm-wlm)
command -v munged >/dev/null 2>&1 || need+=(munge)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
command -v zstd >/dev/null 2>&1 || need+=(zstd)
/usr/bin/python3 -c 'import jieba' >/dev/null 2>&1 || need+=(python3-jieba)   # reference for the Chinese segmenter's parity test
[[ -x /usr/bin/chromium ]] || need+=(chromium)
[[ -x /usr/bin/chromedriver ]] || need+=(chromium-driver)
if (( ${#need[@]} )); then
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The reference Jinja renderer (@huggingface/jinja, npm) the chat-template tests compare against.
command -v npm >/dev/null 2>&1 || { $sudo_cmd apt-get update -qq; DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq nodejs npm >/dev/null; }
(cd "$root/tests/Inference.Tests/Templates/oracle" && npm install --no-audit --no-fund --silent)

# A local Slurm cluster for the Slurm executor tests; they print a reason and skip if it cannot start.
if slurm_conf=$($sudo_cmd "$root/infra/slurm/local-cluster.sh" start); then
  export SLURM_CONF="$slurm_conf"
  trap '$sudo_cmd "$root/infra/slurm/local-cluster.sh" stop || true' EXIT
else
  echo "warning: the local Slurm cluster did not start; Slurm tests will skip" >&2
fi

# The dashboard test drives the browser installed above; here a missing one is a failure, not a skip.
export YULANDATA_REQUIRE_BROWSER=1
dotnet test YuLanData.sln -c Release --nologo "$@"
