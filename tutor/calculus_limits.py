"""Limits as named operations: two-sided, one-sided and at infinity, each given as the key of
a ``limit`` answer (tutor.checking.limit_answers): the number, "oo", "-oo" or "DNE"."""

from __future__ import annotations

import sympy

from tutor.checking.limit_answers import DOES_NOT_EXIST, limit_key


def as_variable(value):
    """The value as a variable (a Symbol), or a ValueError naming what a variable is."""
    if not isinstance(value, sympy.Symbol):
        raise ValueError("the variable must be a name, such as x")
    return value


def _side(side) -> int:
    if side not in (-1, 0, 1):
        raise ValueError("the side is -1 (from the left), 1 (from the right) or 0 (both sides)")
    return int(side)


def one_sided_limit(f, x, a, side):
    """SymPy's limit from the right (side 1) or the left (side -1)."""
    return sympy.limit(f, as_variable(x), a, "+" if side > 0 else "-")


def limit(f, x, a, side=0):
    """The limit key of f as x → a: from the right (side 1), the left (-1) or both (0)."""
    side = _side(side)
    if side:
        return limit_key(one_sided_limit(f, x, a, side))
    right, left = (limit_key(one_sided_limit(f, x, a, s)) for s in (1, -1))
    return right if right == left else DOES_NOT_EXIST


def limit_at_infinity(f, x, sign=1):
    """The limit key of f as x → ∞ (sign 1) or x → −∞ (sign −1)."""
    if sign not in (-1, 1):
        raise ValueError("the sign is 1 (x → ∞) or -1 (x → −∞)")
    return limit_key(sympy.limit(f, as_variable(x), sympy.oo * sign))
