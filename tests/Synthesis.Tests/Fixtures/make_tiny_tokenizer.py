"""Builds tiny-tokenizer.json: a SentencePiece-style BPE tokenizer (byte fallback, as YuLan-Mini's) whose ids fit the
320-id vocabulary of ../../../../shared/fixtures/tiny-llama (<unk>=0, <s>=1 = BOS, </s>=2 = EOS, <0x00>..<0xFF> = 3..258,
then 61 pieces). The pieces are the most frequent characters of GSM8K train questions plus BPE merges learned on them.
Run: python3 make_tiny_tokenizer.py (needs ../shared or /work/shared); the output is committed, this script documents it."""
import collections, gzip, json, os

shared = next(p for p in ["../../../../shared", "/work/shared"] if os.path.isdir(p))
texts = [json.loads(l)["question"] for l in gzip.open(f"{shared}/data/math/gsm8k_train_solutions.jsonl.gz", "rt")][:2000]
words = collections.Counter()
for t in texts:
    for w in ("\u2581" + t.replace(" ", "\u2581")).split("\u2581"):
        if w:
            words["\u2581" + w] += 1
chars = collections.Counter()
for w, c in words.items():
    for ch in w:
        chars[ch] += c
vocab = {"<unk>": 0, "<s>": 1, "</s>": 2}
for b in range(256):
    vocab[f"<0x{b:02X}>"] = 3 + b
singles = [ch for ch, _ in chars.most_common(30)]
for ch in singles:
    vocab[ch] = len(vocab)
merges = []
split = {w: [ch if ch in vocab else None for ch in w] for w in words}
while len(vocab) < 320:
    pairs = collections.Counter()
    for w, parts in split.items():
        for a, b in zip(parts, parts[1:]):
            if a and b:
                pairs[(a, b)] += words[w]
    (a, b), _ = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))
    merges.append(f"{a} {b}")
    vocab[a + b] = len(vocab)
    for w, parts in split.items():
        out, i = [], 0
        while i < len(parts):
            if i + 1 < len(parts) and parts[i] == a and parts[i + 1] == b:
                out.append(a + b)
                i += 2
            else:
                out.append(parts[i])
                i += 1
        split[w] = out
special = lambda i, c: {"id": i, "content": c, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
tok = {
    "version": "1.0", "truncation": None, "padding": None,
    "added_tokens": [special(0, "<unk>"), special(1, "<s>"), special(2, "</s>")],
    "normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "\u2581"},
                                                       {"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"}]},
    "pre_tokenizer": None,
    "post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                       "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                                {"SpecialToken": {"id": "<s>", "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
                       "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
    "decoder": {"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": "\u2581"}, "content": " "}, {"type": "ByteFallback"},
                                                 {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
    "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None, "end_of_word_suffix": None,
              "fuse_unk": True, "byte_fallback": True, "vocab": vocab, "merges": merges},
}
assert len(vocab) == 320 and max(vocab.values()) == 319
with open("tiny-tokenizer.json", "w", encoding="utf-8") as f:
    json.dump(tok, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(len(vocab), "ids,", len(merges), "merges")
