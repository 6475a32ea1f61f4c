"""Built-in rules for the elementary functions: exp, ln, trig, inverse trig, hyperbolic, |u|, σ.

Each is made by ``function_rule``, which plugin authors may use too: the rule
itself when the argument is the variable, the chain rule around it otherwise.
"""

from __future__ import annotations

from typing import Callable

import sympy

from tutor.language.functions import sigma
from tutor.steps.chain import chain_step
from tutor.steps.model import Step


def function_rule(rule: str, derivative: Callable, reason: str):
    """A handler for a one-argument function F, given ``derivative(u) = F′(u)``."""

    def handler(expr, variable, recurse):
        (argument,) = expr.args
        if argument == variable:
            return Step(rule, expr, derivative(argument), variable, {}, reason)
        return chain_step(expr, variable, recurse, argument, expr.func)

    return handler


def _sigmoid(u):
    return sigma(u) * (1 - sigma(u))


# class: (rule name, F′(u), reason)
ELEMENTARY = {
    sympy.exp: ("exp", sympy.exp, "(eᵘ)′ = eᵘ"),
    sympy.log: ("ln", lambda u: 1 / u, "ln′(u) = 1/u"),
    sympy.sin: ("sin", sympy.cos, "sin′ = cos"),
    sympy.cos: ("cos", lambda u: -sympy.sin(u), "cos′ = −sin"),
    sympy.tan: ("tan", lambda u: 1 / sympy.cos(u) ** 2, "tan′(u) = 1/cos²(u)"),
    sympy.asin: ("asin", lambda u: 1 / sympy.sqrt(1 - u**2), "asin′(u) = 1/√(1 − u²)"),
    sympy.acos: ("acos", lambda u: -1 / sympy.sqrt(1 - u**2), "acos′(u) = −1/√(1 − u²)"),
    sympy.atan: ("atan", lambda u: 1 / (1 + u**2), "atan′(u) = 1/(1 + u²)"),
    sympy.sinh: ("sinh", sympy.cosh, "sinh′ = cosh"),
    sympy.cosh: ("cosh", sympy.sinh, "cosh′ = sinh"),
    sympy.tanh: ("tanh", lambda u: 1 - sympy.tanh(u) ** 2, "tanh′(u) = 1 − tanh²(u)"),
    sympy.Abs: ("abs", sympy.sign, "|u|′ = sign(u) for u ≠ 0"),
    sigma: ("sigmoid", _sigmoid, "σ′(u) = σ(u)·(1 − σ(u))"),
}

FUNCTION_RULES = {cls: function_rule(*entry) for cls, entry in ELEMENTARY.items()}
