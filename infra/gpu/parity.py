"""Checks the engine on the GPU against transformers' greedy continuations of the tiny Llama fixture.

    python3 parity.py prompts   FIXTURE.json > prompts.jsonl        # here, when preparing
    python3 parity.py check     FIXTURE.json fp32.jsonl bf16.jsonl    # on the GPU machine, after `generate`

float32 must equal the fixture up to each case's first step whose top-2 margin is under 1e-3 (as the CPU test);
bfloat16 must agree on the first 4 tokens (its rounding may flip later near-ties). Prints one line per case and
'parity: ok' or 'parity: FAILED'.
"""
import json
import sys


def comparable(case):
    for i, m in enumerate(case["greedy_top2_margins"]):
        if m < 1e-3:
            return i
    return len(case["greedy_continuation"])


def main():
    mode, fixture = sys.argv[1], json.load(open(sys.argv[2]))
    cases = fixture["cases"]
    if mode == "prompts":
        for i, c in enumerate(cases):
            print(json.dumps({"id": f"c{i}", "prompt_ids": c["prompt"]}))
        return
    ok = True
    for path, label, need in ((sys.argv[3], "fp32", None), (sys.argv[4], "bf16", 4)):
        rows = [json.loads(line) for line in open(path)]
        for c, r in zip(cases, rows):
            n = need or comparable(c)
            got, want = r["completion_ids"][:n], c["greedy_continuation"][:n]
            same = got == want
            ok &= same
            print(f"{label} prompt of {len(c['prompt'])}: first {n} greedy tokens {'equal' if same else f'DIFFER: {got} vs {want}'}")
        ok &= len(rows) == len(cases)
    print("parity: ok" if ok else "parity: FAILED")


if __name__ == "__main__":
    main()
