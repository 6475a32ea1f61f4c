"""``sympy.diff(expr, x, n)`` and ``sympy.diff(expr, x, y)`` for symbols, the same value
computed with less work.

SymPy differentiates an expression (``expr._eval_derivative_n_times``), then asks whether the
result is zero (a query that, on a sum of products with exponentials, walks many
assumptions, in random order) only to return that same result, and walks the result to put
any unevaluated derivative in it in canonical order. Here an expression is differentiated
the way SymPy does it (a sum term by term, as ``Add._eval_derivative``, each term's
derivative remembered: the terms of one exercise's variants recur, a·x^m·y^n for a few a,
m, n), and the zero query is asked only where its answer changes the value: after a
derivative of order 2 or more, which SymPy tidies with ``factor_terms(signsimp(...))`` unless
it is zero; and not even there when the derivative is a nonzero number at one real point
(SymPy's assumptions are sound, so it cannot be zero everywhere). A derivative, a result
holding an unevaluated derivative, and anything but an expression differentiated by symbols,
go to SymPy unchanged. An exact expression's derivative, and the tidied form of an exact
derivative, are remembered by value (6at + 2b recurs across variants for a few a and b).
"""

from __future__ import annotations

import functools
import threading

import sympy
from sympy.core.evalf import PrecisionExhausted
from sympy.core.exprtools import factor_terms
from sympy.simplify.simplify import signsimp

REMEMBERED_TERMS = 4096  # derivatives of terms kept
REMEMBERED_DERIVATIVES = 256  # derivatives of the latest expressions kept
_RECENT: dict = {}  # (id of an expression, counts) -> (the expression, its derivative)
_RECENT_LOCK = threading.Lock()  # tutor serve's threads: eviction iterates the dict
PLAIN_REAL = sympy.Symbol("t", real=True).assumptions0  # what a variable of the input language assumes
POINT = tuple(sympy.Rational(p, q) for p, q in ((3, 7), (5, 11), (7, 13), (-11, 17), (13, 19), (-17, 23)))


def derivative(expr, variable, order: int = 1):
    """d^order expr / d variable^order, equal to ``sympy.diff(expr, variable, order)``."""
    if order == 0:
        return sympy.diff(expr, variable, order)
    return _derivative(expr, ((variable, order),))


def mixed_derivative(expr, first, second):
    """∂²expr / ∂first ∂second, equal to ``sympy.diff(expr, first, second)``."""
    if first == second:
        return derivative(expr, first, 2)
    return _derivative(expr, ((first, 1), (second, 1)))


def _derivative(expr, counts: tuple):
    """``_derivative_of(expr, counts)``, remembered for the very expression object asked about
    (not for an equal one: Floats of different precisions compare equal): the steps of one
    gradient-descent or Newton run differentiate the same function again and again."""
    key = (id(expr), counts)
    found = _RECENT.get(key)
    if found is not None and found[0] is expr:
        return found[1]
    value = _derivative_of(expr, counts) if _floats(expr) else _exact_derivative(expr, counts)
    with _RECENT_LOCK:
        if len(_RECENT) >= REMEMBERED_DERIVATIVES:
            _RECENT.pop(next(iter(_RECENT), None), None)  # the oldest
        _RECENT[key] = (expr, value)  # the expression is kept, so its id is not reused meanwhile
    return value


def _floats(value) -> bool:
    """Whether ``value`` may hold a Float (whose equal values can print differently: each is
    differentiated on its own); an exact expression's derivative and tidied form are the
    same for every expression equal to it, and are remembered by value."""
    return not isinstance(value, sympy.Basic) or value.has(sympy.Float)


@functools.lru_cache(maxsize=REMEMBERED_TERMS)
def _exact_derivative(expr, counts: tuple):
    return _derivative_of(expr, counts)


def _derivative_of(expr, counts: tuple):
    """What ``Derivative(expr, *counts, evaluate=True)`` gives: each (variable, count) in
    SymPy's canonical order, the result returned as it is once it is zero, and tidied
    with factor_terms(signsimp(...)) after two or more derivatives."""
    arguments = [item for pair in counts for item in pair]
    if not isinstance(expr, sympy.Expr) or isinstance(expr, sympy.Derivative) or \
            not all(isinstance(v, sympy.Symbol) for v, _ in counts):  # SymPy merges a derivative's variables
        return sympy.diff(expr, *arguments)
    if any(not expr.has_free(v) for v, _ in counts):  # v not among its free symbols (a quicker walk)
        return sympy.S.Zero
    value, total = expr, 0
    ordered = counts if len(counts) == 1 else \
        sympy.Derivative._sort_variable_count([sympy.Tuple(v, c) for v, c in counts])
    for step, (variable, count) in enumerate(ordered, 1):
        value = _n_times(value, variable, int(count))
        if value is None:
            return sympy.diff(expr, *arguments)
        total += int(count)
        matters = total > 1 or step < len(ordered)  # else SymPy returns the value either way
        if matters and not _somewhere_not_zero(value) and value.is_zero:
            return value
    if value.has(sympy.Derivative):  # SymPy would put them in canonical order
        return sympy.diff(expr, *arguments)
    if total == 1:
        return value
    return factor_terms(signsimp(value)) if _floats(value) else _exact_tidied(value)


@functools.lru_cache(maxsize=REMEMBERED_TERMS)
def _exact_tidied(value):
    """How SymPy tidies a derivative of order 2 or more (the second derivatives of an
    exercise's variants recur: 6at + 2b for a few a and b)."""
    return factor_terms(signsimp(value))


def _n_times(value, variable, count: int):
    """``value._eval_derivative_n_times(variable, count)``, a sum's terms differentiated
    through the remembered derivatives (SymPy's loop in Basic, with Add._eval_derivative)."""
    if not isinstance(value, sympy.Add):
        return value._eval_derivative_n_times(variable, sympy.Integer(count))
    for _ in range(count):
        before = value
        value = sympy.Add(*[_term_derivative(term, variable) for term in value.args]) \
            if isinstance(value, sympy.Add) else value._eval_derivative(variable)
        if value is None or value == before:
            break
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
