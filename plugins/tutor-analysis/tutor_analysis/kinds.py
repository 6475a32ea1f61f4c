"""Two answer kinds: ``antiderivative`` and ``delta-epsilon`` (the ``limit`` kind, which the
analysis exercises use too, is tutor's own: tutor.checking.limit_answers, re-exported here).

- ``antiderivative``: an expression judged up to a constant: its partial derivatives in
  the declared variables (all but C) must equal the key's; ``+ C`` may be written when C is
  declared.
- ``delta-epsilon``: a δ(ε), written with ``epsilon`` (or ε, eps), judged by sampling the
  property |x − a| < δ(ε) ⇒ |f(x) − L| < ε for ε in (0, 1]. The key is a DeltaEpsilonKey
  (the text of a δ that works, with the property kept in private attributes).

Answers are read by tutor's parser (tutor.language.parse), never evaluated as Python.
"""

from __future__ import annotations


import mpmath
import sympy

from tutor.checking import CORRECT, INCORRECT, Verdict
from tutor.checking.limit_answers import (  # noqa: F401  (re-exported)
    DOES_NOT_EXIST, LIMIT_WORDS, NEGATIVE_INFINITY, POSITIVE_INFINITY, check_limit, limit_key, limit_pretty,
    read_limit)
from tutor.checking.verdict import invalid
from tutor.errors import ParseError
from tutor.language import parse, to_text, variable
from tutor.language.values import kind_of
from tutor.limits import DEFAULT_LIMITS

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
