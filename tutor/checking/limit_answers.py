"""The ``limit`` answer kind: a number, ``oo`` / ``-oo`` (also ∞, inf, infinity) or ``DNE``
(also "does not exist"). The key is the text the ``limit`` operation gives ("3/2", "oo",
"-oo", "DNE"); answers are read by tutor's parser, never evaluated as Python.
"""

from __future__ import annotations

import re

import sympy

from tutor.checking.verdict import CORRECT, INCORRECT, Verdict
from tutor.errors import ParseError
from tutor.language import parse, to_text, to_unicode
from tutor.language.values import kind_of
from tutor.limits import DEFAULT_LIMITS

POSITIVE_INFINITY, NEGATIVE_INFINITY, DOES_NOT_EXIST = "oo", "-oo", "DNE"
LIMIT_WORDS = {
    POSITIVE_INFINITY: ("oo", "+oo", "∞", "+∞", "inf", "+inf", "infinity", "+infinity", "positive infinity",
                        "plus infinity"),
    NEGATIVE_INFINITY: ("-oo", "-∞", "-inf", "-infinity", "negative infinity", "minus infinity"),
    DOES_NOT_EXIST: ("dne", "does not exist", "doesn't exist", "doesnt exist", "it does not exist",
                     "no limit", "undefined", "the limit does not exist"),
}
_WORD = {alias: word for word, aliases in LIMIT_WORDS.items() for alias in aliases}
_PRETTY = {POSITIVE_INFINITY: "∞", NEGATIVE_INFINITY: "−∞", DOES_NOT_EXIST: "does not exist"}


def limit_key(value) -> str:
    """The key of a limit value: "oo", "-oo", "DNE" or the number in the input language."""
    if value == sympy.oo:
        return POSITIVE_INFINITY
    if value == -sympy.oo:
        return NEGATIVE_INFINITY
    if not isinstance(value, sympy.Expr) or not value.is_number or value.has(sympy.zoo, sympy.nan,
                                                                               sympy.AccumBounds):
        return DOES_NOT_EXIST
    if value.is_extended_real is False:
        return DOES_NOT_EXIST
    return to_text(value)


def read_limit(text):
    """A limit answer: "oo", "-oo", "DNE", or a constant SymPy number (ParseError otherwise)."""
    if not isinstance(text, str):
        raise ParseError("a limit is written as text")
    words = " ".join(text.replace("−", "-").strip().rstrip(".").lower().split())
    words = re.sub(r"^([+-]) ", r"\1", words)
    if words in _WORD:
        return _WORD[words]
    value = parse(text, [], DEFAULT_LIMITS)
    if kind_of(value) != "expression":
        raise ParseError("a limit is one number, oo or -oo (∞), or DNE (does not exist)")
    return value


def check_limit(expected, answer, judge) -> Verdict:
    if isinstance(expected, str):
        expected = read_limit(expected)  # a key given as text
    if isinstance(answer, str) and isinstance(expected, str):
        if answer == expected:
            return Verdict(CORRECT, 1.0, "correct", "symbolic")
        return Verdict(INCORRECT, 0.0, f"the limit is not {limit_pretty(answer)}", "symbolic")
    if isinstance(answer, str):
        return Verdict(INCORRECT, 0.0, f"the limit is not {limit_pretty(answer)}", "symbolic")
    if isinstance(expected, str):
        return Verdict(INCORRECT, 0.0, "not the limit", "symbolic")
    if not hasattr(expected, "expr"):
        expected = judge.prepare(expected)
    return judge.entry(expected, answer)


def limit_pretty(value) -> str:
    """A limit as shown: ∞, −∞, "does not exist" or the number in unicode (a Jinja filter)."""
    if isinstance(value, str):
        if value in _PRETTY:
            return _PRETTY[value]
        try:
            value = read_limit(value)
        except ParseError:
            return value
        if isinstance(value, str):
            return _PRETTY[value]
    return to_unicode(value)
