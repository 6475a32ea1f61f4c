"""Worked-solution steps for the analysis exercises, built from the step engine's rules:
a limit by algebra (cancel the common factor, then substitute), a derivative from first
principles (expand, cancel h, let h → 0), a Taylor polynomial (each derivative rule by
rule, then its value at the point) and higher derivatives (one derivative after another).

The step engine's rule list is closed (tutor.steps.RULES), so these use its method rules
``simplify``, ``cancel`` and ``substitute`` and its derivative steps; what has no rule
(an antiderivative table entry, a limit law) is a text line of the exercise.
"""

from __future__ import annotations

import sympy

from tutor.language.values import Vector
from tutor.steps import Step, derivative_steps
from tutor.steps.substitution import substitute_step
from tutor_analysis.operations import MAX_ORDER, _name, _whole


def limit_steps(f, x, a):
    """lim_{x→a} f for a rational f with a removable singularity: cancel (x − a), then substitute."""
    name = _name(x)
    numerator, denominator = sympy.fraction(sympy.together(f))
    common = sympy.gcd(sympy.expand(numerator), sympy.expand(denominator))
    steps = []
    reduced = f
    if common.has(name):
        reduced = sympy.cancel(f)
        factored = sympy.Mul(sympy.factor(numerator), sympy.Pow(sympy.factor(denominator), -1, evaluate=False),
                             evaluate=False)
        steps.append(Step("cancel", factored, reduced, None, {"common": sympy.factor(common)},
                          "a common factor of numerator and denominator cancels"))
    steps.append(substitute_step(reduced, [name], Vector((a,), "("), "f"))
    return steps


def first_principles_steps(f, x, h):
    """f′(x) = lim_{h→0} (f(x + h) − f(x))/h: expand the quotient, cancel h, then let h → 0."""
    name, step = _name(x), _name(h)
    quotient = (f.subs(name, name + step) - f) / step
    numerator, denominator = sympy.fraction(sympy.together(f.subs(name, name + step) - f))
    expanded = sympy.expand(numerator) / (sympy.factor(denominator) * step)
    reduced = sympy.cancel(quotient)
    if sympy.fraction(reduced)[1] == 1:
        reduced = sympy.expand(reduced)
    steps = [Step("simplify", expanded, expanded, None, {"unsimplified": quotient},
                  "the numerator multiplied out")]
    steps.append(Step("cancel", expanded, reduced, None, {"common": step},
                      "h cancels: divide every term by h"))
    steps.append(substitute_step(reduced, [step], Vector((sympy.Integer(0),), "("), "q"))
    return steps


def higher_derivative_steps(f, x, n):
    """The first n derivatives of f, one after another, each rule by rule."""
    name, order = _name(x), _whole(n, 1, MAX_ORDER, "the order")
    steps, current = [], f
    for _ in range(order):
        step = derivative_steps(current, name, simplify=True)
        steps.append(step)
        current = step.after
    return steps


def taylor_steps(f, x, a, n):
    """Each derivative of f up to order n, and its value at a."""
    name, order = _name(x), _whole(n, 0, MAX_ORDER, "the order")
    point = Vector((a,), "(")
    steps, current = [substitute_step(f, [name], point, "f")], f
    for k in range(1, order + 1):
        step = derivative_steps(current, name, simplify=True)
        current = sympy.simplify(step.after)
        steps.append(step)
        steps.append(substitute_step(current, [name], point, "f" + "′" * k if k < 4 else f"f⁽{k}⁾"))
    return steps


STEP_OPERATIONS = {
    "limit_steps": (limit_steps, 3, 3, "limit_steps(f, x, a): cancel the common factor, then substitute x = a"),
    "first_principles_steps": (first_principles_steps, 3, 3,
                               "first_principles_steps(f, x, h): (f(x + h) − f(x))/h expanded, h cancelled, h → 0"),
    "higher_derivative_steps": (higher_derivative_steps, 3, 3,
                                "higher_derivative_steps(f, x, n): the first n derivatives, rule by rule"),
    "taylor_steps": (taylor_steps, 4, 4,
                     "taylor_steps(f, x, a, n): the derivatives up to order n and their values at a"),
}
