"""Check a student's answer against an expected one.

    expected = prepare("2*x*y^3", variables=["x", "y"])   # parse once ...
    expected.check("2xy^3")                              # ... check many times
    check("[4, 6]", "(4, 6.0)")                          # or in one call

Every check runs under the wall-time limit of its Limits; whatever goes wrong
with a student's text becomes an ``invalid`` verdict, never an exception.

The modules: ``expected`` (prepare and check), ``kinds`` (the checkers of each answer
kind), ``answer_kind`` (what a kind is, the built-in ones by name), ``equivalence`` and
``numeric`` (comparing two expressions), ``tolerance`` and ``verdict``. The names below
are imported when first used, so ``tutor.checking.answer_kind`` and
``tutor.checking.tolerance`` load without SymPy.
"""

from tutor.status import Status

CORRECT, INCORRECT, INVALID = Status.CORRECT, Status.INCORRECT, Status.INVALID  # the verdicts' old names

_LAZY = {
    "check": "expected", "prepare": "expected", "ExpectedAnswer": "expected", "CheckOptions": "expected",
    "Reading": "expected", "FORM_KINDS": "answer_kind",
    "Verdict": "verdict", "invalid": "verdict",
    "AnswerKind": "answer_kind", "BUILTIN_KINDS": "answer_kind", "ANSWER_KINDS": "answer_kind",
    "Judge": "kinds", "natural_kind": "kinds",
    "tolerance_problem": "tolerance", "DEFAULT_RTOL": "tolerance", "MAX_PLACES": "tolerance",
}
__all__ = sorted([*_LAZY, "Status", "CORRECT", "INCORRECT", "INVALID"])


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"tutor.checking.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'tutor.checking' has no attribute {name!r}")
