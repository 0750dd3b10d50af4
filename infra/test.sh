#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian 12 machine, then runs every test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
sudo_cmd=""
if [[ $(id -u) != 0 ]]; then sudo_cmd="sudo"; fi
need=()
command -v fasttext >/dev/null 2>&1 || need+=(fasttext)
if (( ${#need[@]} )); then
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}"
fi
dotnet test YuLanData.sln -c Release --nologo "$@"
