import sys, types, importlib.abc, importlib.machinery
STUB_ROOTS = {"fsspec", "huggingface_hub", "tldextract", "ahocorasick", "multiprocess", "dill", "humanize", "tokenizers", "rich", "pyarrow", "orjson", "tqdm", "nltk", "spacy", "datasets", "pydantic"}
class _Any:
    def __init__(self, *a, **k): pass
    def __call__(self, *a, **k): return _Any()
    def __getattr__(self, n): return _Any()
    def __mro_entries__(self, bases): return (object,)
    def __or__(self, o): return object
    def __ror__(self, o): return object
    def __getitem__(self, k): return _Any()
    def __iter__(self): return iter(())
class _Mod(types.ModuleType):
    def __getattr__(self, n):
        if n.startswith("__"): raise AttributeError(n)
        return _Any()
class Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in STUB_ROOTS:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None
    def create_module(self, spec): 
        m = _Mod(spec.name); m.__path__ = []; return m
    def exec_module(self, module): pass
sys.meta_path.insert(0, Finder())
