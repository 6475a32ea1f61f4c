"""Worked limits from the step engine's method rules: a limit by algebra (cancel the common
factor, then substitute) and a derivative from first principles (expand the difference
quotient, cancel h, let h → 0)."""

from __future__ import annotations

import sympy

from tutor.calculus_limits import as_variable
from tutor.language.values import Vector
from tutor.steps.model import Step
from tutor.steps.substitution import substitute_step


def limit_steps(f, x, a):
    """lim_{x→a} f for a rational f with a removable singularity: cancel (x − a), then substitute."""
    name = as_variable(x)
    numerator, denominator = sympy.fraction(f)  # as written: together() may cancel the factor unseen
    if not denominator.has(name):
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
    name, step = as_variable(x), as_variable(h)
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
