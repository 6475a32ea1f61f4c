"""``sympy.diff(expr, x, n)`` for a symbol x, the same value computed with less work.

SymPy differentiates a sum term by term, then asks whether the result is zero (a query
that, on a sum of products with exponentials, walks many assumptions, in random order)
only to return that same result. Here a sum is differentiated the way SymPy does it
(``Basic._eval_derivative_n_times`` calling ``Add._eval_derivative``), each term's
derivative remembered (the terms of one exercise's variants recur: a·x^m·y^n for a few
a, m, n), and the zero query is asked only where its answer changes the value: after a
derivative of order 2 or more, which SymPy tidies with ``factor_terms(signsimp(...))`` unless
it is zero; and not even there when the derivative is a nonzero number at one real point
(SymPy's assumptions are sound, so it cannot be zero everywhere). Anything else goes to
SymPy unchanged.
"""

from __future__ import annotations

import functools

import sympy
from sympy.core.evalf import PrecisionExhausted
from sympy.core.exprtools import factor_terms
from sympy.simplify.simplify import signsimp

REMEMBERED_TERMS = 4096  # derivatives of terms kept
PLAIN_REAL = sympy.Symbol("t", real=True).assumptions0  # what a variable of the input language assumes
POINT = tuple(sympy.Rational(p, q) for p, q in ((3, 7), (5, 11), (7, 13), (-11, 17), (13, 19), (-17, 23)))


def derivative(expr, variable, order: int = 1):
    """d^order expr / d variable^order, equal to ``sympy.diff(expr, variable, order)``."""
    if order == 0 or not isinstance(variable, sympy.Symbol) or not isinstance(expr, sympy.Add):
        return sympy.diff(expr, variable, order)
    if variable not in expr.free_symbols:
        return sympy.S.Zero
    value = expr
    for _ in range(order):
        before = value
        value = sympy.Add(*[_term_derivative(term, variable) for term in value.args]) \
            if isinstance(value, sympy.Add) else value._eval_derivative(variable)
        if value is None:
            return sympy.diff(expr, variable, order)
        if value == before:
            break
    if value.has(sympy.Derivative):  # SymPy would put them in canonical order
        return sympy.diff(expr, variable, order)
    if order > 1 and (_somewhere_not_zero(value) or not value.is_zero):
        value = factor_terms(signsimp(value))
    return value


def _somewhere_not_zero(value) -> bool:
    """Whether ``value``, a function of real variables, is surely a nonzero number at one real
    point (evaluated to 20 accurate digits); False when that cannot be told."""
    symbols = sorted(value.free_symbols, key=lambda s: s.name)
    if len(symbols) > len(POINT) or any(not isinstance(s, sympy.Symbol) or s.assumptions0 != PLAIN_REAL
                                        for s in symbols):
        return False
    try:
        number = value.xreplace(dict(zip(symbols, POINT))).evalf(20, strict=True)
    except (PrecisionExhausted, ArithmeticError, ValueError, TypeError):
        return False
    return number.is_Float and number != 0


@functools.lru_cache(maxsize=REMEMBERED_TERMS)
def _term_derivative(term, variable):
    return term.diff(variable)
