"""Steps of finding critical points: the partial derivatives (or f′), each factored when that
helps, then the system "every partial = 0" solved and its real solutions listed."""

from __future__ import annotations

import sympy

from tutor.calculus import critical_points
from tutor.language.values import Vector, with_variables
from tutor.steps.derivative import derivative_steps
from tutor.steps.gradient import as_point, gradient_step
from tutor.steps.model import Step
from tutor.steps.numbers import is_numeric
from tutor.steps.substitution import substitute_step

MAX_VALUES = 20  # critical points whose value f(point) is worked out


def first_derivative_step(f, variables) -> Step:
    """f′ for one variable, the gradient for several."""
    if len(variables) == 1:
        return derivative_steps(f, variables[0], simplify=True)
    return gradient_step(f, variables)


def partials_of(step: Step) -> tuple:
    return step.after.entries if isinstance(step.after, Vector) else (step.after,)


def factor_steps(expressions) -> list[Step]:
    """A factor step for each expression that factors into several pieces."""
    steps = []
    for expr in expressions:
        factored = sympy.factor(expr)
        if factored != expr and factored.is_Mul and sum(1 for a in factored.args if a.free_symbols) > 1:
            steps.append(Step("factor", expr, factored, None, {}, "a product is 0 when one of its factors is 0"))
    return steps


def equations_of(partials) -> tuple:
    """Each partial "= 0", written out even when it is a number (12 = 0, never False)."""
    return tuple(sympy.Eq(p, 0, evaluate=False) for p in partials)


def solve_system_step(f, names, partials, values: bool = True) -> Step:
    """The step "every partial = 0, solved": the set of real critical points; with ``values``,
    f at each numeric one (a substitute step) follows the factored equations."""
    points = critical_points(f, Vector(names) if len(names) > 1 else names[0])
    constant = [p for p in partials if not p.free_symbols and p != 0]
    if constant:
        reason = f"{sympy.sstr(constant[0])} = 0 never holds: there is no critical point"
    elif not points.items:
        reason = "the system has no real solution: there is no critical point"
    else:
        reason = "every partial derivative is 0 at a critical point"
    families = [p for p in points.items if not is_numeric(p)]
    isolated = [p for p in points.items if is_numeric(p) and not any(_on(p, family, names) for family in families)]
    substeps = factor_steps(partials)
    if values:
        substeps.extend(value_at(f, names, p) for p in isolated[:MAX_VALUES])
    parts = {"equations": equations_of(partials), "variables": tuple(names), "found": len(points.items)}
    if families:  # solutions with a free coordinate are shown as "every point (0, y)", not inside a set
        parts.update(families=tuple(families), isolated=tuple(isolated))
    return Step("solve_system", Vector(partials), points, None, parts, reason, substeps)


def _on(point, family, names) -> bool:
    """Whether a numeric point is one of a family of solutions such as (0, y) or (x, 0)."""
    coordinates = point.entries if isinstance(point, Vector) else (point,)
    pattern = family.entries if isinstance(family, Vector) else (family,)
    binding = {}
    for value, form in zip(coordinates, pattern):
        if form.free_symbols:
            if not (isinstance(form, sympy.Symbol) and form in names and binding.setdefault(form, value) == value):
                return False
        elif form != value:
            return False
    return True


def value_at(f, names, point) -> Step:
    """f at a critical point, the substitution shown."""
    step = substitute_step(f, names, as_point(point, names), "function")
    step.parts["critical"] = point
    return step


def critical_values(steps) -> list[tuple]:
    """(point, f there) for each critical point whose value critical_point_steps worked out."""
    solve = next((s for s in steps if s.rule == "solve_system"), None)
    if solve is None:
        return []
    return [(s.parts["critical"], s.after) for s in solve.substeps if s.rule == "substitute"]


def critical_point_steps(f, variables=None) -> list[Step]:
    """f′ (or ∇f), the equations factored, and the real solutions of every partial = 0."""
    names = with_variables(f, variables)
    first = first_derivative_step(f, names)
    return [first, solve_system_step(f, names, partials_of(first))]
