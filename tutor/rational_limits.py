"""One-sided limits of rational functions at a rational point, exactly and without series.

f = P/Q with P, Q polynomials in x with rational coefficients: near x = a, from the side
s = ±1, P(a + s·t) = p·(s·t)^i + (higher powers of t) and Q(a + s·t) = q·(s·t)^j + ...,
so the limit is 0 (i > j), p/q (i = j) or ±∞ with the sign of p·q·s^(j − i) (i < j).
P and Q are found by one walk over f (sums, products, whole powers, rationals and x),
as dense polynomials in x − a; each |u| of such a u is u or −u by the sign of u just on
that side of a. ``one_sided_limit`` gives what SymPy's ``limit`` gives for these (tests
compare them); anything else (exp, roots, decimals, symbols besides x) is None, for SymPy.
"""

from __future__ import annotations

import sympy
from sympy import QQ
from sympy.polys.densearith import dup_add, dup_mul, dup_neg, dup_pow

MAX_POWER = 64  # a larger whole power is left to SymPy


class _NotRational(Exception):
    """The expression is not a rational function of x with rational coefficients."""


def one_sided_limit(f, x, a, side: int):
    """The limit of f as x → a from the right (side 1) or the left (side −1): a Rational,
    oo or -oo; None when f is not a rational function of x (once each |u| is resolved) with
    rational coefficients, or a is not a rational number."""
    if not (isinstance(f, sympy.Expr) and isinstance(x, sympy.Symbol) and isinstance(a, sympy.Rational)
            and side in (1, -1)):
        return None
    try:
        numerator, denominator = _fraction(f, x, QQ.from_sympy(a), side)
    except _NotRational:
        return None
    if not denominator:
        return None
    if not numerator:
        return sympy.S.Zero
    (i, p), (j, q) = _lowest_term(numerator), _lowest_term(denominator)
    if i > j:
        return sympy.S.Zero
    if i == j:
        return QQ.to_sympy(p / q)
    positive = (p * q > 0) == (side > 0 or (j - i) % 2 == 0)
    return sympy.oo if positive else -sympy.oo


def _fraction(expr, x, a, side: int) -> tuple[list, list]:
    """(numerator, denominator) of expr as dense polynomials in t = x − a over QQ (highest
    power first, [] for 0)."""
    if isinstance(expr, sympy.Rational):
        return ([QQ.from_sympy(expr)] if expr else []), [QQ.one]
    if expr == x:
        return [QQ.one, a], [QQ.one]
    if isinstance(expr, sympy.Add):
        numerator, denominator = [], [QQ.one]
        for term in expr.args:
            n, d = _fraction(term, x, a, side)
            numerator = dup_add(dup_mul(numerator, d, QQ), dup_mul(n, denominator, QQ), QQ)
            denominator = dup_mul(denominator, d, QQ)
        return numerator, denominator
    if isinstance(expr, sympy.Mul):
        numerator, denominator = [QQ.one], [QQ.one]
        for factor in expr.args:
            n, d = _fraction(factor, x, a, side)
            numerator, denominator = dup_mul(numerator, n, QQ), dup_mul(denominator, d, QQ)
        return numerator, denominator
    if isinstance(expr, sympy.Pow) and expr.exp.is_Integer and abs(expr.exp) <= MAX_POWER:
        n, d = _fraction(expr.base, x, a, side)
        power = int(expr.exp)
        if power < 0:
            n, d, power = d, n, -power
        return dup_pow(n, power, QQ), dup_pow(d, power, QQ)
    if isinstance(expr, sympy.Abs):
        n, d = _fraction(expr.args[0], x, a, side)
        if not n or not d:
            return n, d
        (i, p), (j, q) = _lowest_term(n), _lowest_term(d)
        positive = (p * q > 0) == (side > 0 or (i + j) % 2 == 0)
        return (n if positive else dup_neg(n, QQ)), d
    raise _NotRational


def _lowest_term(polynomial: list) -> tuple[int, object]:
    """(i, c): the lowest power of t in the nonzero dense polynomial, and its coefficient."""
    for power, coefficient in enumerate(reversed(polynomial)):
        if coefficient:
            return power, coefficient
    raise ValueError("the zero polynomial has no lowest term")
