"""Steps of a gradient: one partial derivative per variable (its own derivative steps),
the vector they make, and optionally its value at a point with the substitution shown."""

from __future__ import annotations

from tutor.language.values import Vector, point_mapping, with_variables
from tutor.steps.derivative import derivative_steps
from tutor.steps.model import Step
from tutor.steps.numbers import as_number
from tutor.steps.substitution import substitute_step


def gradient_step(f, variables) -> Step:
    """∇f = (∂f/∂x, ∂f/∂y, ...): each partial's derivative steps are the substeps."""
    partials = [derivative_steps(f, v, simplify=True) for v in variables]
    vector = Vector(tuple(p.after for p in partials))
    return Step("gradient", f, vector, None, {"variables": tuple(variables)},
                "∇f = (∂f/∂x, ∂f/∂y, ...): every other variable held constant", partials)


def as_point(point, variables) -> Vector:
    """The point as a Vector written (a, b); a number for one variable becomes (a)."""
    return Vector(tuple(as_number(e) for e in point_mapping(variables, point).values()), "(")


def gradient_steps(f, variables=None, point=None) -> list[Step]:
    """The gradient of ``f``, then (with ``point``) its value there."""
    names = with_variables(f, variables)
    steps = [gradient_step(f, names)]
    if point is not None:
        steps.append(substitute_step(steps[0].after, names, as_point(point, names), "gradient"))
    return steps
