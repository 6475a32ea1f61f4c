"""Three answer kinds: ``limit``, ``antiderivative`` and ``delta-epsilon``.

- ``limit``: a number, ``oo`` / ``-oo`` (also ∞, inf, infinity) or ``DNE`` (also "does not
  exist"). The key is the text a ``limit`` operation gives ("3/2", "oo", "-oo", "DNE").
- ``antiderivative``: an expression judged up to a constant: its partial derivatives in
  the declared variables (all but C) must equal the key's; ``+ C`` may be written when C is
  declared.
- ``delta-epsilon``: a δ(ε), written with ``epsilon`` (or ε, eps), judged by sampling the
  property |x − a| < δ(ε) ⇒ |f(x) − L| < ε for ε in (0, 1]. The key is a DeltaEpsilonKey
  (the text of a δ that works, with the property kept in private attributes).

Answers are read by tutor's parser (tutor.language.parse), never evaluated as Python.
"""

from __future__ import annotations

import re

import mpmath
import sympy

from tutor.checking import CORRECT, INCORRECT, Verdict
from tutor.checking.verdict import invalid
from tutor.errors import ParseError
from tutor.language import parse, to_text, to_unicode, variable
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

# -- limit -------------------------------------------------------------------------------


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


# -- antiderivative ----------------------------------------------------------------------

CONSTANT_NAMES = ("C", "c", "K")


def check_antiderivative(expected, answer, judge) -> Verdict:
    """Correct when answer − key is constant in every declared variable but C."""
    if kind_of(answer) != "expression":
        return invalid(f"expected one expression (an antiderivative), not a {kind_of(answer)}", "kind")
    key = expected.expr if hasattr(expected, "expr") else expected
    wrt = [v for v in judge.variables if v.name not in CONSTANT_NAMES]
    if not wrt:
        return judge.entry(judge.prepare(key), answer)
    method = "symbolic"
    for name in wrt:
        verdict = judge.entry(judge.prepare(sympy.diff(key, name)), sympy.diff(answer, name))
        if not verdict.correct:
            return Verdict(INCORRECT, 0.0, "its derivative is not the integrand: " + verdict.message.split(": ", 1)[-1],
                           verdict.method)
        method = verdict.method if verdict.method != "symbolic" else method
    return Verdict(CORRECT, 1.0, "correct (up to a constant)", method)


# -- delta-epsilon -----------------------------------------------------------------------

EPSILON_NAMES = ("epsilon", "eps")
EPSILONS = ("1", "0.7", "0.5", "0.3", "0.1", "0.03", "0.01", "1e-3", "1e-5", "1e-8")
FRACTIONS = ("0.999999", "0.99", "0.9", "0.75", "0.5", "0.25", "0.1", "0.01")
_DIGITS = 40


class DeltaEpsilonKey(str):
    """The text of a δ(ε) that works, carrying the property it must satisfy.

    The property lives in private attributes, which exercise templates cannot read."""

    def __new__(cls, delta, function, name, point, limit):
        key = super().__new__(cls, to_text(delta))
        key._delta, key._function, key._variable, key._point, key._limit = delta, function, name, point, limit
        return key


def read_delta(text):
    """A δ(ε): the key itself, or an expression in epsilon (ε, eps) read by the safe parser."""
    if isinstance(text, DeltaEpsilonKey):
        return text
    if not isinstance(text, str):
        raise ParseError("a δ(ε) is written as text")
    value = parse(text, list(EPSILON_NAMES), DEFAULT_LIMITS)
    if kind_of(value) != "expression":
        raise ParseError("δ is one expression in epsilon (ε), such as epsilon/3")
    return value


def _at(expr, mapping: dict):
    """``expr`` at the point, as an mpmath real, or None where it is not a finite real."""
    try:
        value = sympy.N(expr.xreplace(mapping), _DIGITS)
    except (TypeError, ValueError, ArithmeticError):
        return None
    if not value.is_number or value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return None
    real, imaginary = value.as_real_imag()
    if abs(imaginary) > sympy.Float(10) ** (-_DIGITS // 2):
        return None
    try:
        return mpmath.mpf(str(sympy.Float(real, _DIGITS)))
    except (TypeError, ValueError):
        return None


def delta_property(delta, function, name, point, limit) -> tuple[bool, str]:
    """Whether |x − a| < δ(ε) ⇒ |f(x) − L| < ε at sampled ε in (0, 1] and x near a, and why not."""
    epsilons = [variable(n) for n in EPSILON_NAMES]
    if not delta.free_symbols & set(epsilons):
        return False, "δ must depend on ε: a fixed δ fails once ε is small enough"
    with mpmath.workdps(_DIGITS):
        for eps_text in EPSILONS:
            eps = sympy.Float(eps_text, _DIGITS)
            size = _at(delta, {e: eps for e in epsilons})
            if size is None or size <= 0:
                return False, f"δ({eps_text}) is not a positive number"
            for fraction in FRACTIONS:
                for side in (1, -1):
                    x = mpmath.mpf(str(sympy.Float(point, _DIGITS))) + side * mpmath.mpf(fraction) * size
                    value = _at(function, {name: sympy.Float(mpmath.nstr(x, _DIGITS), _DIGITS)})
                    if value is None:
                        continue  # outside the function's domain
                    gap = abs(value - mpmath.mpf(str(sympy.Float(limit, _DIGITS))))
                    if gap >= mpmath.mpf(eps_text):
                        return False, (f"too large: for ε = {eps_text}, x = {mpmath.nstr(x, 8)} is within δ of "
                                       f"{to_text(point)} but |f(x) − L| = {mpmath.nstr(gap, 6)} ≥ ε")
    return True, "the property holds at every sampled ε and x"


def check_delta_epsilon(expected, answer, judge) -> Verdict:
    if isinstance(answer, DeltaEpsilonKey):  # the key's own text, as read back
        answer = answer._delta
    if kind_of(answer) != "expression":
        return invalid(f"expected one expression in ε, not a {kind_of(answer)}", "kind")
    if not isinstance(expected, DeltaEpsilonKey):  # a specific δ (a diagnosis): the same expression
        if not hasattr(expected, "expr"):
            expected = judge.prepare(expected)
        return judge.entry(expected, answer)
    holds, why = delta_property(answer, expected._function, expected._variable, expected._point, expected._limit)
    if holds:
        return Verdict(CORRECT, 1.0, "correct: " + why, "numeric")
    return Verdict(INCORRECT, 0.0, "this δ does not work: " + why, "numeric")
