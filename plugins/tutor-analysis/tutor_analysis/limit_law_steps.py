"""Limits worked with limit laws, as steps of this plugin's method rules (tutor_analysis.rules):
at ±∞ by the leading terms, sin(u)/u → 1, an infinite one-sided limit by the signs, a
two-sided limit from its one-sided limits, and the limit of a continuous function by
substitution. Each list's last step gives the limit: a number, ∞, −∞ or "does not exist".
"""

from __future__ import annotations

import sympy

from tutor.calculus_limits import as_variable
from tutor.steps.model import Step

DOES_NOT_EXIST = "does not exist"


def substitution_limit_steps(f, x, a) -> list[Step]:
    """lim f as x → a for f continuous at a (a polynomial): its value there."""
    x = as_variable(x)
    value = f.subs(x, a)
    if not (value.is_finite and sympy.limit(f, x, a) == value):
        raise ValueError(f"{f} is not continuous at {x} = {a}")
    return [Step("limit_by_substitution", f, value, None, {"variable": x, "point": a}, "substitute")]


def leading_terms_steps(f, x, sign) -> list[Step]:
    """lim f as x → ±∞ for a rational f: the quotient of the leading terms, then its limit."""
    x = as_variable(x)
    if sign not in (-1, 1):
        raise ValueError("the sign is 1 (x → ∞) or -1 (x → −∞)")
    numerator, denominator = sympy.fraction(sympy.together(f))
    if not (numerator.is_polynomial(x) and denominator.is_polynomial(x)):
        raise ValueError(f"{f} is not a quotient of polynomials in {x}")
    leading = sympy.LT(numerator, x) / sympy.LT(denominator, x)
    direction = sign * sympy.oo
    value = sympy.limit(leading, x, direction)
    parts = {"variable": x, "direction": direction}
    steps = [Step("limit_leading_terms", f, leading, None, parts, "the leading terms dominate")]
    if leading.has(x):  # a constant quotient is the limit already
        steps.append(Step("limit_power", leading, value, None, parts, "the limit of c·xʲ"))
    return steps


def sine_over_u_steps(f, x) -> list[Step]:
    """lim f as x → 0 for f = c·sin(u)/v with u = k·x: c·(u/v)·sin(u)/u → c·u/v."""
    x = as_variable(x)
    sines = [node for node in sympy.preorder_traversal(f) if isinstance(node, sympy.sin)]
    if len(sines) != 1 or sines[0].args[0].subs(x, 0) != 0:
        raise ValueError(f"{f} has no sin(u) with u → 0 as {x} → 0")
    u = sines[0].args[0]
    factor = sympy.simplify(f * u / sines[0])
    if factor.has(x):
        raise ValueError(f"{f} is not a constant times sin(u)/u")
    return [Step("limit_sin_over_u", f, factor, None, {"variable": x, "u": u, "factor": factor},
                 "sin(u)/u → 1")]


def one_sided_steps(f, x, a, side) -> list[Step]:
    """An infinite one-sided limit of a quotient whose denominator tends to 0: by the signs."""
    x = as_variable(x)
    if side not in (-1, 1):
        raise ValueError("the side is 1 (from the right) or -1 (from the left)")
    numerator, denominator = sympy.fraction(sympy.together(f))
    if denominator.subs(x, a) != 0 or numerator.subs(x, a) == 0:
        raise ValueError(f"the denominator of {f} does not tend to 0 alone at {x} = {a}")
    near = sympy.Symbol("t", positive=True)
    approach = "positive" if denominator.subs(x, a + side * near).is_positive else "negative"
    value = sympy.limit(f, x, a, "+" if side > 0 else "-")
    return [Step("limit_infinite", f, value, None,
                 {"variable": x, "point": a, "side": "right" if side > 0 else "left", "denominator": denominator,
                  "approach": approach}, "the signs of numerator and denominator")]


def two_sided_steps(f, x, a) -> list[Step]:
    """Both one-sided limits, then the two-sided limit: theirs when they agree, else none."""
    x = as_variable(x)
    right, left = one_sided_steps(f, x, a, 1)[0], one_sided_steps(f, x, a, -1)[0]
    value = right.after if right.after == left.after else DOES_NOT_EXIST
    return [left, right, Step("limit_two_sided", f, value, None,
                              {"variable": x, "point": a, "left": left.after, "right": right.after},
                              "both sides must agree")]


STEP_OPERATIONS = {
    "substitution_limit_steps": (substitution_limit_steps, 3, 3,
                                 "substitution_limit_steps(f, x, a): the limit of a continuous f is f(a)"),
    "leading_terms_steps": (leading_terms_steps, 3, 3,
                            "leading_terms_steps(f, x, sign): a rational f at ±∞ by its leading terms"),
    "sine_over_u_steps": (sine_over_u_steps, 2, 2, "sine_over_u_steps(f, x): c·sin(u)/u → c as x → 0"),
    "one_sided_steps": (one_sided_steps, 4, 4,
                        "one_sided_steps(f, x, a, side): k/(x − a)ⁿ from one side, by the signs"),
    "two_sided_steps": (two_sided_steps, 3, 3,
                        "two_sided_steps(f, x, a): both one-sided limits, then whether they agree"),
}
