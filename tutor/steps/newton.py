"""Steps of Newton's method for optimisation: f′ and f″ (or ∇f and H) once, then N updates:
x − f′/f″ in one variable; in several, solve H·d = ∇f (never inverting H) and step x − d."""

from __future__ import annotations

from tutor.calculus import newton_direction
from tutor.language.values import Matrix, Vector, with_variables
from tutor.steps.critical import first_derivative_step, partials_of
from tutor.steps.derivative import derivative_steps
from tutor.steps.descent import as_value, check_iterations, iterate_names
from tutor.steps.gradient import as_point
from tutor.steps.hessian import hessian_step
from tutor.steps.model import Step
from tutor.steps.numbers import settle
from tutor.steps.substitution import at_point


def newton_steps(f, start, steps=1, variables=None) -> list[Step]:
    """``steps`` Newton steps on ``f`` (towards a critical point) from ``start``."""
    names = with_variables(f, variables)
    n = check_iterations(steps)
    one = len(names) == 1
    first = first_derivative_step(f, names)
    gradient = partials_of(first)
    if one:
        second = derivative_steps(gradient[0], names[0], simplify=True)
        hessian = Matrix(((second.after,),))
    else:
        second = hessian_step(f, names, list(gradient))
        hessian = second.after
    point = tuple(settle(c) for c in as_point(start, names).entries)
    iterates, updates = [as_value(point, one)], []
    for k in range(1, n + 1):
        mapping = dict(zip(names, point))
        g = tuple(at_point(e, mapping) for e in gradient)
        h = at_point(hessian, mapping)
        direction = tuple(settle(e) for e in newton_direction(h, g, point))
        new = tuple(settle(p - d) for p, d in zip(point, direction))
        previous, current = iterate_names(k)
        updates.append(Step("newton_update", as_value(point, one), as_value(new, one), None,
                            {"previous": previous, "current": current, "gradient": as_value(g, one, "["),
                             "hessian": h.entries[0] if one else h, "direction": as_value(direction, one, "["),
                             "name": "derivative" if one else "gradient", "at": Vector(point, "(")},
                            "x − f′/f″" if one else "solve H·d = ∇f, then x − d"))
        point = new
        iterates.append(as_value(point, one))
    newton = Step("newton", iterates[0], iterates[-1], None, {"iterates": tuple(iterates), "variables": names},
                  "Newton's method looks for a zero of the derivative", updates)
    return [first, second, newton]
