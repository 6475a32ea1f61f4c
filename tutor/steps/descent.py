"""Steps of gradient descent: f′ (or ∇f) once, then N updates x_k = x_(k-1) − α·∇f(x_(k-1)),
each with its numbers; every iterate is recorded in the gradient_descent step."""

from __future__ import annotations

import sympy

from tutor.calculus import gd_update
from tutor.language.values import Vector, with_variables
from tutor.steps.critical import first_derivative_step, partials_of
from tutor.steps.gradient import as_point
from tutor.steps.model import Step
from tutor.steps.numbers import as_number, settle
from tutor.steps.substitution import at_point

MAX_ITERATIONS = 1000
DIVERGED_EXPONENT = 50
DIVERGED = sympy.Integer(10) ** DIVERGED_EXPONENT  # an iterate beyond this has left any sensible scale


def iterate_names(k: int) -> tuple[sympy.Symbol, sympy.Symbol]:
    """x_(k-1) and x_k as symbols (printed x₀, x₁)."""
    return sympy.Symbol(f"x_{k - 1}"), sympy.Symbol(f"x_{k}")


def check_iterations(steps) -> int:
    n = int(steps)
    if not 0 <= n <= MAX_ITERATIONS:
        raise ValueError(f"the number of steps must be between 0 and {MAX_ITERATIONS}, not {n}")
    return n


def as_value(entries, one_variable: bool, bracket: str = "("):
    """A number for one variable, a point (a, b) (or a vector [a, b]) for several."""
    return entries[0] if one_variable else Vector(tuple(entries), bracket)


def gd_steps(f, start, rate, steps=1, variables=None) -> list[Step]:
    """``steps`` gradient-descent steps on ``f`` from ``start`` with learning rate ``rate``."""
    names = with_variables(f, variables)
    n = check_iterations(steps)
    rate = settle(as_number(rate))
    if not (isinstance(rate, sympy.Expr) and rate.is_number and rate.is_positive):
        raise ValueError("the learning rate must be a positive number")
    first = first_derivative_step(f, names)
    gradient = partials_of(first)
    one = len(names) == 1
    point = tuple(settle(c) for c in as_point(start, names).entries)
    iterates, updates = [as_value(point, one)], []
    for k in range(1, n + 1):
        mapping = dict(zip(names, point))
        slope = tuple(at_point(g, mapping) for g in gradient)
        new = tuple(settle(c) for c in gd_update(point, slope, rate))
        if any(not c.is_finite or c.has(sympy.I) for c in new if c.is_number):
            raise ValueError(f"gradient descent left the real numbers at step {k} (the gradient is undefined "
                             f"at {', '.join(map(str, point))})")
        if any(c.is_number and abs(c) > DIVERGED for c in new):
            raise ValueError(f"gradient descent diverges: a coordinate passed 10^{DIVERGED_EXPONENT} at step {k}; "
                             "try a smaller learning rate")
        previous, current = iterate_names(k)
        updates.append(Step("gd_update", as_value(point, one), as_value(new, one), None,
                            {"previous": previous, "current": current, "gradient": as_value(slope, one, "["),
                             "rate": rate, "name": "derivative" if one else "gradient",
                             "at": Vector(point, "(")},
                            "x_k = x_(k-1) − α·∇f(x_(k-1))"))
        point = new
        iterates.append(as_value(point, one))
    descent = Step("gradient_descent", iterates[0], iterates[-1], None,
                   {"rate": rate, "iterates": tuple(iterates), "variables": names},
                   "step against the gradient, scaled by the learning rate", updates)
    return [first, descent]


def iterates_of(steps) -> list:
    """Every iterate x₀, x₁, ... recorded by gd_steps or newton_steps."""
    return list(steps[-1].parts["iterates"])
