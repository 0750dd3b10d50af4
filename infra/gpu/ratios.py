"""Joins the engine's benchmark lines with baselines.py's (same device call) into one Markdown table of ratios.

    python3 ratios.py engine.txt baselines.txt

Reads 'name[B=..]: value' lines: engine_decode_tok_per_s, engine_roofline_share, engine_ops_per_layer, engine_synthesis_tok_per_s,
cuda_graph_decode_tok_per_s, python_eager_decode_tok_per_s, hf_generate_new_tok_per_s.
"""
import re
import sys

LINE = re.compile(r"^(\w+)(?:\[B=(\d+)(?:,[^\]]*)?\])?: ([0-9]+(?:\.[0-9]+)?)\s*$")


def read(path):
    values = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = LINE.match(line.strip())
            if m:
                values[(m.group(1), int(m.group(2)) if m.group(2) else None)] = float(m.group(3))
    return values


def main(engine_path, baselines_path):
    v = read(engine_path)
    v.update(read(baselines_path))
    batches = sorted(b for (name, b) in v if name == "engine_decode_tok_per_s")
    ops = v.get(("engine_ops_per_layer", None))
    if ops is not None:
        print(f"engine ops per decoder layer (launch-cost equivalents): {ops:.1f}")
    print("| batch | engine tok/s | transformers generate | engine / transformers | CUDA-graph floor | engine / floor | eager PyTorch step | roofline share |")
    print("|---|---|---|---|---|---|---|---|")

    def cell(x, fmt="{:,.0f}"):
        return "" if x is None else fmt.format(x)

    for b in batches:
        ours = v[("engine_decode_tok_per_s", b)]
        hf = v.get(("hf_generate_new_tok_per_s", b))
        floor = v.get(("cuda_graph_decode_tok_per_s", b))
        eager = v.get(("python_eager_decode_tok_per_s", b))
        roof = v.get(("engine_roofline_share", b))
        print(f"| {b} | {ours:,.0f} | {cell(hf)} | {cell(hf and ours / hf, '{:.1f}x')} | {cell(floor)} | "
              f"{cell(floor and ours / floor, '{:.0%}')} | {cell(eager)} | {cell(roof, '{:.0%}')} |")
    for (name, b), ours in sorted(v.items(), key=lambda kv: str(kv[0])):
        if name != "engine_synthesis_tok_per_s":
            continue
        hf = v.get(("hf_generate_new_tok_per_s", b))
        print(f"\nsynthesis-like workload at batch {b} (continuous batching, sampled, stops): {ours:,.0f} tok/s"
              + (f"; {ours / hf:.1f}x transformers generate (greedy, fixed 128 new tokens) at that batch" if hf else ""))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
