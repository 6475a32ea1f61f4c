"""Antiderivatives and definite integrals worked rule by rule with this plugin's method rules
(tutor_analysis.rules): linearity (sums and constant factors), the power rule for integrals,
the table entries eᵘ, 1/u, sin(u), cos(u) for a linear u = k·x + b, then + C; a definite
integral is its antiderivative, then F(b) − F(a).

A step's ``after`` is the antiderivative of its ``before``, built from its substeps' results.
An integrand no rule covers is a ValueError naming it (the exercises' integrands are all
covered; `tutor validate` computes every solution).
"""

from __future__ import annotations

import sympy

from tutor.calculus_limits import as_variable
from tutor.steps.model import Step

CONSTANT = sympy.Symbol("C")

_TABLE = {  # function -> (rule, antiderivative of f(u) in u, the law)
    sympy.exp: ("integral_exp", sympy.exp, "∫ eᵘ du = eᵘ"),
    sympy.sin: ("integral_sin", lambda u: -sympy.cos(u), "∫ sin(u) du = −cos(u)"),
    sympy.cos: ("integral_cos", sympy.sin, "∫ cos(u) du = sin(u)"),
}


def integral_step(f, x) -> Step:
    """The step tree of ∫ f dx (``after`` an antiderivative, without + C)."""
    x = as_variable(x)
    parts = {"variable": x}
    if not f.has(x):
        return Step("integral_constant", f, f * x, None, parts, "a constant integrates to the constant times x")
    if isinstance(f, sympy.Add):
        subs = [integral_step(term, x) for term in f.args]
        return Step("integral_sum", f, sympy.Add(*(s.after for s in subs)), None,
                    {**parts, "terms": tuple(f.args)}, "integrate term by term", subs)
    if isinstance(f, sympy.Mul):
        c, rest = f.as_independent(x, as_Add=False)
        if c != 1:
            sub = integral_step(rest, x)
            return Step("integral_constant_multiple", f, c * sub.after, None, {**parts, "c": c, "f": rest},
                        "a constant factor comes out", [sub])
    if f == x:
        return _power(f, x, sympy.Integer(1))
    if isinstance(f, sympy.Pow) and f.base == x and not f.exp.has(x) and f.exp != -1:
        return _power(f, x, f.exp)
    if isinstance(f, sympy.Pow) and f.exp == -1:
        k = _slope(f.base, x)
        if k is not None:
            return Step("integral_reciprocal", f, sympy.log(f.base) / k, None, {**parts, "u": f.base, "k": k},
                        "∫ 1/u du = ln|u|, divided by du/dx")
    if isinstance(f, sympy.Pow) and f.base == sympy.E:
        f = sympy.exp(f.exp)
    if type(f) in _TABLE:
        rule, antiderivative, law = _TABLE[type(f)]
        u = f.args[0]
        k = _slope(u, x)
        if k is not None:
            return Step(rule, f, antiderivative(u) / k, None, {**parts, "u": u, "k": k}, law + ", divided by du/dx")
    raise ValueError(f"no integration rule covers {f}")


def antiderivative_steps(f, x) -> list[Step]:
    """∫ f dx rule by rule, then + C."""
    tree = integral_step(f, x)
    return [tree, Step("constant_of_integration", tree.after, tree.after + CONSTANT, None,
                       {"variable": as_variable(x)}, "any constant may be added")]


def definite_integral_steps(f, x, a, b) -> list[Step]:
    """An antiderivative F of f rule by rule, then F(b) − F(a)."""
    x = as_variable(x)
    tree = integral_step(f, x)
    at_upper, at_lower = tree.after.subs(x, b), tree.after.subs(x, a)
    return [tree, Step("definite_integral", tree.after, sympy.simplify(at_upper - at_lower), None,
                       {"variable": x, "lower": a, "upper": b, "at_lower": at_lower, "at_upper": at_upper},
                       "the fundamental theorem of calculus")]


def _power(f, x, n) -> Step:
    return Step("integral_power", f, x ** (n + 1) / (n + 1), None, {"variable": x, "n": n},
                "∫ xⁿ dx = xⁿ⁺¹/(n + 1)")


def _slope(u, x):
    """k when u = k·x + b with constants k ≠ 0 and b, else None."""
    if not u.has(x):
        return None
    k = sympy.diff(u, x)
    return k if not k.has(x) and k != 0 else None


STEP_OPERATIONS = {
    "antiderivative_steps": (antiderivative_steps, 2, 2,
                             "antiderivative_steps(f, x): ∫ f dx rule by rule (linearity, the power rule, "
                             "the table entries), then + C"),
    "definite_integral_steps": (definite_integral_steps, 4, 4,
                                "definite_integral_steps(f, x, a, b): an antiderivative F rule by rule, "
                                "then F(b) − F(a)"),
}
