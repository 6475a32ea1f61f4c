"""Sample points in every region between the kinks of abs, sign, max, min and piecewise terms.

A function built with abs can differ from another only on a bounded interval (a tent
max(0, w - |x - c|) is zero outside (c - w, c + w)), which fixed sample points can miss.
The kinks are the real zeros of the arguments of abs and friends; between two kinks
such a function is smooth, so one point in each region finds the difference. Zeros are
found symbolically for polynomial arguments of low degree and numerically otherwise:
on a grid over [-SPAN, SPAN] that also holds the kinks of the inner arguments (so a
narrow tent around an inner kink is not stepped over), refined by bisection.
"""

from __future__ import annotations

import math

import sympy

from tutor.checking.numeric import FLOAT, Unsupported, compile_real, evaluate

SPAN = 1000.0  # kinks are looked for in [-SPAN, SPAN]
GRID = 601  # grid points of the numeric scan, denser near 0 (x = SPAN * t^3)
MAX_KINKS = 48  # per variable; beyond this the regions are sampled at the first ones
MAX_POINTS = 96  # region points per expression
BUDGET = 60_000  # evaluations of arguments per expression (a bound on the work for kink bombs)
_KINK_FUNCTIONS = (sympy.Abs, sympy.sign, sympy.Max, sympy.Min, sympy.Heaviside)
_GRID = sorted({SPAN * (k / (GRID // 2)) ** 3 * s for k in range(GRID // 2 + 1) for s in (-1, 1)})


def kink_arguments(expr) -> list:
    """The expressions whose real zeros are kinks of ``expr``, innermost first."""
    found = []
    for node in sympy.postorder_traversal(expr):
        if isinstance(node, (sympy.Abs, sympy.sign, sympy.Heaviside)):
            found.append(node.args[0])
        elif isinstance(node, (sympy.Max, sympy.Min)):
            found.extend(a - b for i, a in enumerate(node.args) for b in node.args[i + 1:])
        elif isinstance(node, sympy.Piecewise):
            for _, condition in node.args:
                for relation in condition.atoms(sympy.core.relational.Relational):
                    found.append(relation.lhs - relation.rhs)
    unique = []
    for argument in found:
        if argument not in unique and argument.free_symbols:
            unique.append(argument)
    return unique


def has_kinks(expr) -> bool:
    return expr.has(*_KINK_FUNCTIONS, sympy.Piecewise)


def region_points(expr, variables: tuple, bases) -> list[tuple]:
    """Points that put each variable, in turn, in every region between the kinks of
    ``expr`` along the line through each base point (the others held at the base)."""
    arguments = kink_arguments(expr)
    if not arguments or not variables:
        return []
    points: list[tuple] = []
    budget = [BUDGET]
    for base in bases:
        for index, symbol in enumerate(variables):
            kinks: list[float] = []
            for argument in arguments:
                if symbol in argument.free_symbols and budget[0] > 0:
                    kinks.extend(_zeros(argument, variables, index, base, kinks, budget))
                    if len(kinks) > MAX_KINKS:
                        break
            for value in _region_middles(sorted(set(kinks))[:MAX_KINKS]):
                points.append(base[:index] + (value,) + base[index + 1:])
                if len(points) >= MAX_POINTS:
                    return points
    return points


def _region_middles(kinks: list[float]) -> list[float]:
    """One point inside each region the kinks cut the line into (and one either side)."""
    if not kinks:
        return []
    middles = [kinks[0] - max(1.0, abs(kinks[0]) * 0.1)]
    middles += [(a + b) / 2 for a, b in zip(kinks, kinks[1:]) if b - a > 1e-9 * max(1.0, abs(a))]
    middles.append(kinks[-1] + max(1.0, abs(kinks[-1]) * 0.1))
    return middles


def _zeros(argument, variables, index, base, known, budget) -> list[float]:
    """Real zeros of ``argument`` along variable ``index`` through ``base``; numeric
    evaluations are taken from ``budget`` (a one-item list)."""
    exact = _linear_zero(argument, variables[index], variables, index, base)
    if exact is None:
        exact = _polynomial_zeros(argument, variables, index, base)
    if exact is not None:
        return exact
    try:
        function = compile_real(argument, variables, FLOAT)
    except (Unsupported, RecursionError):
        return []

    def at(value: float):
        return evaluate(function, base[:index] + (value,) + base[index + 1:])

    grid = sorted(set(_GRID) | {k for k in known if abs(k) <= SPAN})
    budget[0] -= len(grid)
    zeros, previous = [], None
    for value in grid:
        current = at(value)
        if current is None:
            previous = None
            continue
        if current == 0:
            zeros.append(value)
        elif previous is not None and previous[1] != 0 and (previous[1] < 0) != (current < 0):
            zeros.append(_bisect(at, previous[0], value, previous[1]))
        previous = (value, current)
    return zeros


def _bisect(at, low: float, high: float, low_value: float) -> float:
    for _ in range(80):
        middle = (low + high) / 2
        value = at(middle)
        if value is None or middle in (low, high):
            break
        if value == 0:
            return middle
        if (value < 0) == (low_value < 0):
            low, low_value = middle, value
        else:
            high = middle
    return (low + high) / 2


def _linear_zero(argument, symbol, variables, index, base) -> list[float] | None:
    """The zero of an argument a·x + b (the usual abs(x - c)), cheaply; None if not linear."""
    if not argument.is_Add or argument.has(*_KINK_FUNCTIONS, sympy.Piecewise):
        return None
    slope, rest = sympy.S.Zero, []
    for term in argument.args:
        if term == symbol:
            slope += 1
        elif term.is_Mul and symbol in term.args and len(term.args) == 2 and term.args[0].is_Number:
            slope += term.args[0]
        elif symbol in term.free_symbols:
            return None
        else:
            rest.append(term)
    if slope == 0:
        return None
    try:
        others = dict(zip(variables, base))
        constant = sum(float(compile_real(t, variables, FLOAT)(others and base)) for t in rest)
    except (Unsupported, ArithmeticError, ValueError, TypeError, RecursionError):
        return None
    return [-constant / float(slope)]


def _polynomial_zeros(argument, variables, index, base) -> list[float] | None:
    """Zeros of a polynomial argument of degree at most 4, exactly; None if not one."""
    symbol = variables[index]
    if argument.has(*_KINK_FUNCTIONS, sympy.Piecewise) or not argument.is_polynomial(symbol):
        return None
    others = {v: sympy.Rational(b) if math.isfinite(b) else 0
              for i, (v, b) in enumerate(zip(variables, base)) if i != index}
    try:
        polynomial = sympy.Poly(argument.xreplace(others), symbol)
        if polynomial.degree() > 4 or polynomial.free_symbols - {symbol}:
            return None
        if polynomial.degree() < 1:
            return []
        roots = []
        for root in polynomial.nroots(n=15):
            if abs(sympy.im(root)) < 1e-12:
                roots.append(float(sympy.re(root)))
        return roots
    except (sympy.PolynomialError, sympy.polys.polyerrors.NoConvergence, ValueError, TypeError):
        return None
