"""Limits as named operations: two-sided, one-sided and at infinity, each given as the key of
a ``limit`` answer (tutor.checking.limit_answers): the number, "oo", "-oo" or "DNE"; and the
points where a derivative does not exist, found from one-sided limits of the difference quotient."""

from __future__ import annotations

import sympy

from tutor import rational_limits
from tutor.checking.limit_answers import DOES_NOT_EXIST, limit_key
from tutor.substitute import substituted


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
    """SymPy's limit from the right (side 1) or the left (side -1); worked out directly for a
    rational function at a rational point (tutor.rational_limits), which gives the same."""
    variable = as_variable(x)
    found = rational_limits.one_sided_limit(f, variable, a, side)
    return found if found is not None else sympy.limit(f, variable, a, "+" if side > 0 else "-")


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


def _kink_candidates(f, x) -> set:
    """Real zeros of every |u| argument and of every base raised to a non-integer power."""
    candidates = set()
    for node in sympy.preorder_traversal(f):
        inner = None
        if isinstance(node, sympy.Abs):
            inner = node.args[0]
        elif isinstance(node, sympy.Pow) and node.exp.is_Rational and not node.exp.is_Integer:
            inner = node.base
        if inner is not None and inner.has(x):
            zero = _linear_zero(inner, x)
            if zero is not None:
                candidates.add(zero)
                continue
            zeros = sympy.solveset(inner, x, sympy.S.Reals)
            if not isinstance(zeros, sympy.FiniteSet):
                raise ValueError(f"cannot list the zeros of {inner}")
            candidates |= set(zeros)
    return candidates


def _linear_zero(inner, x):
    """The zero of ``inner`` when it is c·x + d with rational c ≠ 0 and d (what solveset gives
    for it: the rational −d/c), else None."""
    constant, rest = inner.as_independent(x, as_Add=True)
    slope, term = rest.as_coeff_Mul()
    if term != x or not (constant.is_Rational and slope.is_Rational) or slope == 0:
        return None
    return -constant / slope


def nondifferentiable_points(f, x):
    """The points where f is defined but f′ is not (corners, cusps, vertical tangents): the
    zeros of |u| arguments and of bases of fractional powers at which the difference
    quotient's one-sided limits are infinite or disagree, as a set."""
    from tutor.language.values import SetValue

    name = as_variable(x)
    points = []
    for point in sorted(_kink_candidates(f, name), key=float):
        value = substituted(f, {name: point})
        if not (value.is_real and value.is_finite):
            continue
        quotient = (f - value) / (name - point)
        right, left = (one_sided_limit(quotient, name, point, s) for s in (1, -1))
        if not (right.is_finite and left.is_finite and sympy.simplify(right - left) == 0):
            points.append(point)
    return SetValue(tuple(points))
