#!/usr/bin/env bash
# Generator check and benchmark on the lent GPU machine: greedy parity with transformers on the tiny Llama
# fixture (float32 and bfloat16 on CUDA), then speed, with the reference baselines in the same call.
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
    dotnet publish "$root/src/Cli" -c Release -r linux-x64 --self-contained -p:TorchBackend=external \
      -p:DebugType=none -o "$stage/app" --nologo
    # The build marks GLIBCXX_3.4.32 weak in libLibTorchSharp.so; harmless on the GPU machine's newer libstdc++.
    tar -C "$stage" -cJf "$stage/app.tar.xz" app && rm -rf "$stage/app"
    cp "$root/../shared/gpu/baselines.py" "$root/infra/gpu/ratios.py" "$root/infra/gpu/parity.py" "$stage/"
    # Correctness on CUDA first: the tiny Llama fixture and transformers' greedy continuations.
    cp -r "$root/../shared/fixtures/tiny-llama" "$stage/tiny-llama"
    cp "$root/../shared/fixtures/tiny-llama-expected.json" "$stage/"
    python3 "$root/infra/gpu/parity.py" prompts "$stage/tiny-llama-expected.json" > "$stage/parity-prompts.jsonl"
    du -sh "$stage"/*
    size=$(du -sb "$stage" | cut -f1)
    if (( size > 60 * 1024 * 1024 )); then echo "staged files are $size bytes; a device call carries at most 64 MiB" >&2; exit 1; fi
    ;;
  device)
    out="${OUT:-$root/.device/out}"; mkdir -p "$out"
    cd "$stage"
    app=$(mktemp -d)/app # unpacked outside the carried folder
    tar -C "$(dirname "$app")" -xJf app.tar.xz
    # LIBTORCH_LIB and DEVICE=cpu let the script be tried on a machine without a GPU (libtorch from the NuGet cache).
    lib=${LIBTORCH_LIB:-$(python3 -c 'import torch,os;print(os.path.join(os.path.dirname(torch.__file__), "lib"))')}
    export LD_LIBRARY_PATH="$lib:${LD_LIBRARY_PATH:-}"
    device=${DEVICE:-cuda}
    nvidia-smi --query-gpu=name,memory.total,memory.free --format=csv > "$out/gpu.txt" 2>&1 || true
    for dtype in fp32 bf16; do
      timeout 60 "$app/yulandata" generate --model tiny-llama --prompts parity-prompts.jsonl --out "$out/parity-$dtype.jsonl" \
        --greedy --max-new-tokens 24 --device "$device" --dtype "$dtype" > "$out/parity-$dtype.log" 2>&1 || echo "generate $dtype exit $?" >> "$out/parity-$dtype.log"
    done
    python3 parity.py check tiny-llama-expected.json "$out/parity-fp32.jsonl" "$out/parity-bf16.jsonl" > "$out/parity.txt" 2>&1 || true
    # Engine first (its own baselines inside), then the Python references, all in this one call.
    timeout 240 "$app/yulandata" bench generation --device "$device" --batches "${BATCHES:-64,256,512}" --steps "${STEPS:-32}" \
      --prompt-len 512 > "$out/engine.txt" 2>&1 || echo "engine exit $?" >> "$out/engine.txt"
    timeout 90 python3 baselines.py --parts ops,graph --batches "${BATCHES:-64,256,512}" > "$out/baselines.txt" 2>&1 \
      || echo "baselines (graph) exit $?" >> "$out/baselines.txt"
    timeout 150 python3 baselines.py --parts hf --batches "${HF_BATCHES:-64,256,512}" --new-tokens 128 >> "$out/baselines.txt" 2>&1 \
      || echo "baselines (hf) exit $?" >> "$out/baselines.txt"
    python3 ratios.py "$out/engine.txt" "$out/baselines.txt" > "$out/table.md" 2>&1 || true
    cat "$out/gpu.txt" "$out/parity.txt" "$out/engine.txt" "$out/baselines.txt" "$out/table.md"
    ;;
  *)
    echo "usage: $0 prepare|device" >&2; exit 2 ;;
esac
