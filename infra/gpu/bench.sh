#!/usr/bin/env bash
# Generator benchmark on the lent GPU machine, with the reference baselines in the same call.
#
#   infra/gpu/bench.sh prepare   # here (needs .NET): publish + pack into .device/gen (git-ignored)
#   then, with the device tool:  run(command="infra/gpu/bench.sh device", carry=[".device/gen"], timeout_s=560)
#
# The GPU machine has no .NET: the Jobs exe is published self-contained for linux-x64 with
# -p:TorchBackend=external (TorchSharp without libtorch natives, ~30 MB packed); libtorch comes from the
# machine's PyTorch through LD_LIBRARY_PATH. Results land in $OUT/engine.txt, $OUT/baselines.txt and the joined ratios in $OUT/table.md;
# compare ratios on the same machine only (see ../shared/gpu/README.md).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
stage="$root/.device/gen"

case "${1:-}" in
  prepare)
    rm -rf "$stage" && mkdir -p "$stage"
    dotnet publish "$root/src/Jobs" -c Release -r linux-x64 --self-contained -p:TorchBackend=external \
      -p:DebugType=none -o "$stage/app" --nologo
    # The build marks GLIBCXX_3.4.32 weak in libLibTorchSharp.so; harmless on the GPU machine's newer libstdc++.
    tar -C "$stage" -cJf "$stage/app.tar.xz" app && rm -rf "$stage/app"
    cp "$root/../shared/gpu/baselines.py" "$root/infra/gpu/ratios.py" "$stage/"
    du -sh "$stage"/*
    size=$(du -sb "$stage" | cut -f1)
    if (( size > 60 * 1024 * 1024 )); then echo "staged files are $size bytes; a device call carries at most 64 MiB" >&2; exit 1; fi
    ;;
  device)
    out="${OUT:-$root/.device/out}"; mkdir -p "$out"
    cd "$stage"
    tar -xJf app.tar.xz
    td=$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__))')
    export LD_LIBRARY_PATH="$td/lib:${LD_LIBRARY_PATH:-}"
    nvidia-smi --query-gpu=name,memory.total,memory.free --format=csv > "$out/gpu.txt" 2>&1 || true
    # Engine first (its own baselines inside), then the Python references, all in this one call.
    timeout 240 ./app/yulandata bench generation --device cuda --batches "${BATCHES:-64,256,512}" --steps "${STEPS:-32}" \
      --prompt-len 512 > "$out/engine.txt" 2>&1 || echo "engine exit $?" >> "$out/engine.txt"
    timeout 90 python3 baselines.py --parts ops,graph --batches "${BATCHES:-64,256,512}" > "$out/baselines.txt" 2>&1 \
      || echo "baselines (graph) exit $?" >> "$out/baselines.txt"
    timeout 150 python3 baselines.py --parts hf --batches "${HF_BATCHES:-64,256,512}" --new-tokens 128 >> "$out/baselines.txt" 2>&1 \
      || echo "baselines (hf) exit $?" >> "$out/baselines.txt"
    python3 ratios.py "$out/engine.txt" "$out/baselines.txt" > "$out/table.md" 2>&1 || true
    cat "$out/gpu.txt" "$out/engine.txt" "$out/baselines.txt" "$out/table.md"
    ;;
  *)
    echo "usage: $0 prepare|device" >&2; exit 2 ;;
esac
