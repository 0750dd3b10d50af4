"""Regenerates datatrove_signatures.jsonl (same documents as the existing file, listed by its file/line keys).

Usage: /usr/bin/python3 make_datatrove_signatures.py <datatrove checkout>/src/datatrove/utils/text.py datatrove_signatures.jsonl
Needs Debian's python3-numpy and python3-regex. Follows datatrove's MinhashDedupSignature with 64-bit sha1 hashes:
RandomState(1).randint parameters for 14 x 8 hashes, sha1_hash64 of " ".join(5-gram) over simplify_text(text)
split on whitespace (datatrove's word_tokenize is not reproduced), (s * a + b) % (2^61 - 1) in wrapping uint64, min.
"""
import gzip, hashlib, json, struct, sys, types

import numpy as np

for name in ["datatrove", "datatrove.utils"]:
    sys.modules[name] = types.ModuleType(name)
helper = types.ModuleType("datatrove.utils.typeshelper")
helper.Languages = type("Languages", (), {"english": "en"})
sys.modules["datatrove.utils.typeshelper"] = helper
text_module = types.ModuleType("datatrove_text")
exec(compile(open(sys.argv[1]).read(), "text.py", "exec"), text_module.__dict__)
simplify_text = text_module.simplify_text

path = sys.argv[2]
rows = [json.loads(line) for line in open(path)][1:]
prime = np.uint64((1 << 61) - 1)
gen = np.random.RandomState(1)
a = gen.randint(1, prime, dtype=np.uint64, size=(1, 112))
b = gen.randint(0, prime, dtype=np.uint64, size=(1, 112))


def sha1_hash64(s):
    return struct.unpack("<Q", hashlib.sha1(s.encode("utf-8")).digest()[:8])[0]


texts = {}
lines = [json.dumps({"a": a[0, :5].tolist(), "b": b[0, :5].tolist()})]
for row in rows:
    if row["file"] not in texts:
        with gzip.open("../shared/data/web/" + row["file"], "rt") as f:
            texts[row["file"]] = [json.loads(line)["text"] for line in f]
    words = simplify_text(texts[row["file"]][row["line"] - 1]).split()
    shingles = np.fromiter((sha1_hash64(" ".join(words[i:i + 5])) for i in range(len(words) - 4)), dtype=np.uint64)
    with np.errstate(over="ignore"):
        signature = np.min((shingles.reshape((-1, 1)) * a + b) % prime, axis=0)
    lines.append(json.dumps({"file": row["file"], "line": row["line"], "signature": signature.tolist()}))
with open(path, "w") as f:
    f.write("\n".join(lines) + "\n")
