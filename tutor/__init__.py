"""tutor: a plugin-based symbolic math tutor and exercise checker.

The public API is imported lazily so that ``tutor --help`` never loads SymPy::

    import tutor
    tutor.check("2*x", "x + x", variables=["x"]).status   # 'correct'
"""

__version__ = "0.1.0"

_LAZY = {
    "check": "tutor.checking",
    "prepare": "tutor.checking",
    "Verdict": "tutor.checking",
    "CheckOptions": "tutor.checking",
    "parse": "tutor.language",
    "infer_variables": "tutor.language",
    "to_text": "tutor.language",
    "to_unicode": "tutor.language",
    "Limits": "tutor.limits",
    "ParseError": "tutor.errors",
    "hookimpl": "tutor.hookspecs",
    "LimitError": "tutor.errors",
}
__all__ = sorted(_LAZY)


def __getattr__(name):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # found once: later lookups do not come here
        return value
    raise AttributeError(f"module 'tutor' has no attribute {name!r}")
