"""Numbers in worked solutions: exact while exact, decimals when not, rounded for display.

``settle`` keeps an iterate exact while it is a modest rational and turns it into
a 30-digit decimal otherwise; ``rounded`` is what a rendered step shows: decimals
to a few significant digits and long fractions as decimals, the value untouched.
"""

from __future__ import annotations

import sympy

from tutor.language.values import entries, map_entries

WORKING_DIGITS = 30
EXACT_DIGITS = 30  # a rational with more digits than this becomes a decimal
SHOWN_FRACTION_DIGITS = 6  # a fraction longer than this is shown as a decimal


def as_number(value):
    """A Python int, Fraction-free float or SymPy value as a SymPy value (never parses text)."""
    if isinstance(value, bool) or isinstance(value, str):
        raise TypeError(f"expected a number, not {value!r}")
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, float):
        return sympy.Float(value)
    return value


def settle(value):
    """Exact while a modest rational (or free of numbers to evaluate), else a 30-digit decimal."""
    def one(expr):
        if expr.free_symbols or not isinstance(expr, sympy.Expr):
            return expr
        if expr.is_Rational:
            if max(len(str(abs(expr.p))), len(str(expr.q))) <= EXACT_DIGITS:
                return expr
        elif expr.is_Float:
            return expr
        return sympy.Float(expr.evalf(WORKING_DIGITS), WORKING_DIGITS)

    return map_entries(value, one)


def is_numeric(value) -> bool:
    """True when every entry is a number (no variables left)."""
    found = []
    map_entries(value, lambda e: found.append(bool(e.free_symbols)) or e)
    return not any(found)


def _long_fraction(n) -> bool:
    """A fraction with more than SHOWN_FRACTION_DIGITS digits (the sign not counted)."""
    return not n.is_Integer and len(str(abs(n.p))) + len(str(n.q)) > SHOWN_FRACTION_DIGITS


def rounded(value, digits: int = 4):
    """``value`` as shown: decimals to ``digits`` significant digits, long fractions as decimals;
    when one fraction entry of a vector or matrix is shown as a decimal, all are (never
    [−0.7104, −181/61])."""
    long_fractions = any(isinstance(e, sympy.Rational) and _long_fraction(e) for e in entries(value))

    def number(n):
        if n.is_Float:
            return sympy.Float(n, digits) if n != 0 else sympy.Float(0)
        if n.is_Rational and _long_fraction(n):
            return sympy.Float(n.evalf(digits + 2), digits)
        return n

    def one(expr):
        if long_fractions and isinstance(expr, sympy.Rational) and not expr.is_Integer:
            return sympy.Float(expr.evalf(digits + 2), digits)
        if not isinstance(expr, sympy.Basic) or not expr.atoms(sympy.Float, sympy.Rational):
            return expr
        replacements = {n: number(n) for n in expr.atoms(sympy.Number) if n.is_Float or n.is_Rational}
        replacements = {k: v for k, v in replacements.items() if k is not v}
        return expr.xreplace(replacements) if replacements else expr

    return map_entries(value, one)


def approximately(value, digits: int = 4):
    """A decimal approximation of a numeric value (entry by entry), for "≈" parts."""
    return map_entries(value, lambda e: sympy.Float(e.evalf(digits + 2), digits)
                       if isinstance(e, sympy.Expr) and e.is_number and not e.is_Rational else e)
