"""Named operations for the analysis exercises: integrals, Riemann sums, Taylor
polynomials, the Euler-Lagrange expression and implicit derivatives.

Each takes SymPy values as exercise files pass them (a variable is a Symbol, a point a
number or a Vector) and returns a SymPy value — except ``delta_epsilon``, which gives the
key of a ``delta-epsilon`` answer. The limits themselves (``limit``, ``limit_at_infinity``)
are tutor's own operations (tutor.calculus_limits), which these exercises call too.
"""

from __future__ import annotations

import math

import sympy

from tutor.calculus_limits import as_variable as _name
from tutor.language.values import Vector
from tutor_analysis.kinds import DeltaEpsilonKey

MAX_ORDER = 12  # Taylor orders and derivative orders
MAX_PIECES = 100  # Riemann-sum rectangles


def _names(value) -> list:
    return [_name(v) for v in value.entries] if isinstance(value, Vector) else [_name(value)]


def _whole(value, low: int, high: int, what: str) -> int:
    if not (isinstance(value, int) or getattr(value, "is_Integer", False)) or not low <= int(value) <= high:
        raise ValueError(f"{what} must be a whole number from {low} to {high}")
    return int(value)


def delta_epsilon(f, x, a, delta):
    """The key of a delta-epsilon answer: ``delta`` (in epsilon) works for lim_{x→a} f = f(a)."""
    name = _name(x)
    value = f.subs(name, a)
    if not value.is_number or not value.is_finite:
        raise ValueError("f must be defined at the point")
    return DeltaEpsilonKey(delta, f, name, a, value)


def antiderivative(f, x):
    """An antiderivative of f (without the constant)."""
    result = sympy.integrate(f, _name(x))
    if result.has(sympy.Integral):
        raise ValueError(f"no closed-form antiderivative of {f}")
    return result


def integral(f, x, a, b):
    """The definite integral of f from a to b."""
    result = sympy.integrate(f, (_name(x), a, b))
    if result.has(sympy.Integral) or not result.is_finite:
        raise ValueError(f"the integral of {f} from {a} to {b} does not compute")
    return result


def riemann_sum(f, x, a, b, n, rule=0):
    """The Riemann sum of f on [a, b] with n equal pieces: rule -1 left ends, 0 midpoints, 1 right ends."""
    name, pieces = _name(x), _whole(n, 1, MAX_PIECES, "the number of pieces")
    if rule not in (-1, 0, 1):
        raise ValueError("the rule is -1 (left), 0 (midpoint) or 1 (right)")
    width = (b - a) / pieces
    offset = {-1: 0, 0: sympy.Rational(1, 2), 1: 1}[int(rule)]
    return sympy.Add(*(f.subs(name, a + (i + offset) * width) for i in range(pieces))) * width


def taylor(f, x, a, n):
    """The Taylor polynomial of order n of f at a: Σ f⁽ᵏ⁾(a)/k!·(x − a)ᵏ."""
    name, order = _name(x), _whole(n, 0, MAX_ORDER, "the order")
    terms, derivative = [], f
    for k in range(order + 1):
        terms.append(sympy.simplify(derivative.subs(name, a)) / math.factorial(k) * (name - a) ** k)
        derivative = sympy.diff(derivative, name)
    return sympy.Add(*terms)


def taylor_coefficient(f, x, a, k):
    """The coefficient of (x − a)ᵏ in the Taylor series of f at a: f⁽ᵏ⁾(a)/k!."""
    name, order = _name(x), _whole(k, 0, MAX_ORDER, "the order")
    return sympy.simplify(sympy.diff(f, name, order).subs(name, a) / math.factorial(order))


def quadratic_approximation(f, variables, point):
    """f(p) + ∇f(p)·(v − p) + ½ (v − p)ᵀ H(p) (v − p), in the variables v at the point p."""
    names = _names(variables)
    coordinates = list(point.entries) if isinstance(point, Vector) else [point]
    if len(coordinates) != len(names):
        raise ValueError("the point needs one coordinate per variable")
    at = dict(zip(names, coordinates))
    shifts = [v - c for v, c in zip(names, coordinates)]
    result = f.subs(at)
    for i, v in enumerate(names):
        result += sympy.diff(f, v).subs(at) * shifts[i]
        for j, w in enumerate(names):
            result += sympy.Rational(1, 2) * sympy.diff(f, v, w).subs(at) * shifts[i] * shifts[j]
    return sympy.expand(result)


def euler_lagrange(lagrangian, x, y, yp, ypp):
    """∂L/∂y − d/dx ∂L/∂y′ for L(x, y, y′), written with the names y, yp (y′) and ypp (y″)."""
    x, y, yp, ypp = (_name(v) for v in (x, y, yp, ypp))
    if lagrangian.has(ypp):
        raise ValueError("the Lagrangian may use x, y and y′ only")
    momentum = sympy.diff(lagrangian, yp)
    total = sympy.diff(momentum, x) + sympy.diff(momentum, y) * yp + sympy.diff(momentum, yp) * ypp
    return sympy.diff(lagrangian, y) - sympy.simplify(total)


def implicit_derivative(F, x, y):
    """dy/dx on the curve F(x, y) = 0: −F_x / F_y."""
    x, y = _name(x), _name(y)
    return sympy.cancel(-sympy.diff(F, x) / sympy.diff(F, y))


OPERATIONS = {
    "delta_epsilon": (delta_epsilon, 4, 4,
                      "delta_epsilon(f, x, a, delta): a delta-epsilon answer for lim_{x→a} f = f(a); delta "
                      "(in epsilon) is one that works"),
    "antiderivative": (antiderivative, 2, 2, "antiderivative(f, x): an antiderivative of f (no constant)"),
    "integral": (integral, 4, 4, "integral(f, x, a, b): the definite integral of f from a to b"),
    "riemann_sum": (riemann_sum, 5, 6, "riemann_sum(f, x, a, b, n[, rule]): n pieces; rule -1 left, "
                    "0 midpoint (default), 1 right"),
    "taylor": (taylor, 4, 4, "taylor(f, x, a, n): the Taylor polynomial of order n of f at a"),
    "taylor_coefficient": (taylor_coefficient, 4, 4,
                           "taylor_coefficient(f, x, a, k): the coefficient of (x − a)^k, f^(k)(a)/k!"),
    "quadratic_approximation": (quadratic_approximation, 3, 3,
                                "quadratic_approximation(f, [x, y], point): f + ∇f·d + ½ dᵀ H d at the point"),
    "euler_lagrange": (euler_lagrange, 5, 5,
                       "euler_lagrange(L, x, y, yp, ypp): ∂L/∂y − d/dx ∂L/∂y′, with yp for y′ and ypp for y″"),
    "implicit_derivative": (implicit_derivative, 3, 3, "implicit_derivative(F, x, y): dy/dx = −F_x/F_y on F = 0"),
}
