"""Worked-solution steps for the analysis exercises, built from the step engine's rules:
a Taylor polynomial (each derivative rule by rule, then its value at the point) and higher
derivatives (one derivative after another). Limits by algebra (``limit_steps``) and
derivatives from first principles (``first_principles_steps``) are tutor's own step
operations (tutor.steps.limits), which these exercises call too.

These use the engine's method rules ``simplify``, ``cancel`` and ``substitute`` and its
derivative steps. Antiderivatives and definite integrals (tutor_analysis.integral_steps) and
limit laws (tutor_analysis.limit_law_steps) are steps of this plugin's own method rules
(tutor_analysis.rules, through the register_method_rules hook).
"""

from __future__ import annotations

import sympy

from tutor.language.values import Vector
from tutor.steps import derivative_steps
from tutor.steps.substitution import substitute_step
from tutor_analysis.operations import MAX_ORDER, _name, _whole


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
    "higher_derivative_steps": (higher_derivative_steps, 3, 3,
                                "higher_derivative_steps(f, x, n): the first n derivatives, rule by rule"),
    "taylor_steps": (taylor_steps, 4, 4,
                     "taylor_steps(f, x, a, n): the derivatives up to order n and their values at a"),
}
