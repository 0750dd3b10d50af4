# Runs datatrove's own filter code (a checkout on PYTHONPATH) over documents whose word tokens and per-line
# sentence counts come from YuLanData's tokenizer, and writes the expected decisions.
import sys, json, hashlib, gzip
import stubs  # noqa: F401  (stubs for datatrove's unrelated I/O dependencies)
from datatrove.data import Document
from datatrove.utils.word_tokenizers import WordTokenizer
from datatrove.pipeline.filters.gopher_quality_filter import GopherQualityFilter
from datatrove.pipeline.filters.gopher_repetition_filter import GopherRepetitionFilter
from datatrove.pipeline.filters.c4_filters import C4QualityFilter, C4ParagraphFilter
from datatrove.pipeline.filters.fineweb_quality_filter import FineWebQualityFilter
from datatrove.utils.text import simplify_text
import datatrove.utils.text as dtext

WORDS, SENT = {}, {}
class Lookup(WordTokenizer):
    def word_tokenize(self, text): return WORDS[text]
    def sent_tokenize(self, text): raise NotImplementedError
    def span_tokenize(self, text):
        n = SENT[text]
        return [(i, i + 1) for i in range(n)] if n else []
TOK = Lookup()

def res(f, doc):
    r = f.filter(doc)
    if r is True: return None
    if isinstance(r, tuple): return r[1]
    return "drop"

def md5(s): return hashlib.md5(s.encode("utf-8")).hexdigest()

GQ_RULES = ["min_doc_words", "max_doc_words", "min_avg_word_length", "max_avg_word_length", "max_symbol_word_ratio",
            "max_bullet_lines_ratio", "max_ellipsis_lines_ratio", "max_non_alpha_words_ratio", "min_stop_words"]
out = gzip.open(sys.argv[2], "wt", encoding="utf-8")
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    text = d["text"]
    WORDS.clear(); SENT.clear()
    WORDS[text] = d["words"]; SENT.update(d["sent"])
    dtext.split_into_parts.cache_clear()
    doc = lambda: Document(text=text, id="x", metadata={})
    e = {"file": d["file"], "idx": d["idx"]}
    e["gopher_quality"] = res(GopherQualityFilter(language=TOK), doc())
    for rule in GQ_RULES:
        kw = {r: None for r in GQ_RULES}
        kw[rule] = GopherQualityFilter.__init__.__defaults__[GQ_RULES.index(rule)]
        if rule == "min_doc_words": pass
        try:
            e["gq_only_" + rule] = res(GopherQualityFilter(language=TOK, **kw), doc())
        except ZeroDivisionError:
            e["gq_only_" + rule] = "ZeroDivisionError"
    e["gopher_repetition"] = res(GopherRepetitionFilter(language=TOK), doc())
    base = dict(dup_line_frac=None, dup_para_frac=None, dup_line_char_frac=None, dup_para_char_frac=None, top_n_grams=(), dup_n_grams=())
    for k, v in [("dup_line_frac", 0.3), ("dup_para_frac", 0.3), ("dup_line_char_frac", 0.2), ("dup_para_char_frac", 0.2)]:
        e["gr_only_" + k] = res(GopherRepetitionFilter(language=TOK, **{**base, k: v}), doc())
    for n, fr in ((2, 0.2), (3, 0.18), (4, 0.16)):
        e[f"gr_only_top_{n}"] = res(GopherRepetitionFilter(language=TOK, **{**base, "top_n_grams": ((n, fr),)}), doc())
    for n, fr in ((5, 0.15), (6, 0.14), (7, 0.13), (8, 0.12), (9, 0.11), (10, 0.10)):
        e[f"gr_only_dup_{n}"] = res(GopherRepetitionFilter(language=TOK, **{**base, "dup_n_grams": ((n, fr),)}), doc())
    e["fineweb_quality"] = res(FineWebQualityFilter(language=TOK), doc())
    off = dict(line_punct_thr=0, short_line_thr=1.0, char_duplicates_ratio=1.0, new_line_ratio=1e18)
    for k, v in [("line_punct_thr", 0.12), ("short_line_thr", 0.67), ("char_duplicates_ratio", 0.01), ("new_line_ratio", 0.3)]:
        e["fw_only_" + k] = res(FineWebQualityFilter(language=TOK, **{**off, k: v}), doc())
    for name, kw in [("c4_quality", {}), ("c4_quality_no_punct", {"filter_no_terminal_punct": False})]:
        dd = doc()
        r = res(C4QualityFilter(language=TOK, **kw), dd)
        e[name] = r if r else "text:" + md5(dd.text)
    e["c4_paragraph"] = res(C4ParagraphFilter(), doc())
    e["simplify"] = md5(simplify_text(text))
    out.write(json.dumps(e) + "\n")
out.close()
