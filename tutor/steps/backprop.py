"""Steps of backpropagation: the chain-rule factors from a parameter up to the loss through
named quantities (z, a, ŷ, L), their product, and what cancels (ŷ(1 − ŷ) under log loss).

A model is a list of definitions (name, expression) in forward order, the loss last;
``perceptron``, ``regression_perceptron`` and ``network_221`` build the course's (§4–5).
"""

from __future__ import annotations

import re

import sympy

from tutor.language import variable
from tutor.language.functions import sigma
from tutor.steps.derivative import derivative_steps
from tutor.steps.model import Step

MAX_PATHS = 64


def _v(names: str):
    return [variable(n) for n in names.split()]


def log_loss(y, y_hat):
    return -y * sympy.log(y_hat) - (1 - y) * sympy.log(1 - y_hat)


def perceptron() -> list[tuple]:
    """y_hat = σ(w1 x1 + w2 x2 + b) with log loss (COURSE §4, classification)."""
    x1, x2, w1, w2, b, z, y, y_hat, L = _v("x_1 x_2 w_1 w_2 b z y y_hat L")
    return [(z, w1 * x1 + w2 * x2 + b), (y_hat, sigma(z)), (L, log_loss(y, y_hat))]


def regression_perceptron() -> list[tuple]:
    """y_hat = w1 x1 + w2 x2 + b with L = 1/2 (y − y_hat)² (COURSE §4, regression)."""
    x1, x2, w1, w2, b, y, y_hat, L = _v("x_1 x_2 w_1 w_2 b y y_hat L")
    return [(y_hat, w1 * x1 + w2 * x2 + b), (L, sympy.Rational(1, 2) * (y - y_hat) ** 2)]


def network_221() -> list[tuple]:
    """The 2-2-1 network with sigmoids and log loss (COURSE §5)."""
    x1, x2, w11, w21, b1, w12, w22, b2, w1, w2, b = _v("x_1 x_2 w_11 w_21 b_1 w_12 w_22 b_2 w_1 w_2 b")
    z1, a1, z2, a2, z, y, y_hat, L = _v("z_1 a_1 z_2 a_2 z y y_hat L")
    return [(z1, w11 * x1 + w21 * x2 + b1), (a1, sigma(z1)), (z2, w12 * x1 + w22 * x2 + b2), (a2, sigma(z2)),
            (z, w1 * a1 + w2 * a2 + b), (y_hat, sigma(z)), (L, log_loss(y, y_hat))]


MODELS = {"perceptron": perceptron, "regression": regression_perceptron, "2-2-1": network_221}


def parameter(*indices) -> sympy.Symbol:
    """A parameter by name (w11, w_11, b) or by indices: (k) w_k, (0) b, (i, j) w_ij, (0, j) b_j; the
    course's names (w11, x1) are written with an underscore (w_11, x_1)."""
    if len(indices) == 1 and isinstance(indices[0], (str, sympy.Symbol)):
        name = str(indices[0])
        match = re.fullmatch(r"([A-Za-z]+)_?(\d+)", name)
        return variable(f"{match.group(1)}_{match.group(2)}" if match else name)
    numbers = [int(i) for i in indices]
    if not 1 <= len(numbers) <= 2 or any(n < 0 for n in numbers):
        raise ValueError("a parameter is w_k (one index), b (index 0) or w_ij (two indices)")
    if numbers[0] == 0:
        return variable("b" + "".join(f"_{n}" for n in numbers[1:]))
    return variable("w_" + "".join(map(str, numbers)))


def paths(definitions: dict, top, parameter) -> list[list]:
    """Every path top -> ... -> parameter through the definitions (top first)."""
    found = []

    def walk(node, trail):
        if len(found) >= MAX_PATHS:
            raise ValueError("too many paths from the loss to the parameter")
        for child in sorted(definitions[node].free_symbols, key=str):
            if child == parameter:
                found.append(trail + [child])
            elif child in definitions and child not in trail:
                walk(child, trail + [child])

    walk(top, [top])
    return found


def course_form(expr):
    """A factor written as the course writes it: (1 − ŷ) rather than (ŷ − 1) in a denominator."""
    if not isinstance(expr, sympy.Expr) or not expr.free_symbols:
        return expr
    numerator, denominator = sympy.fraction(sympy.factor(expr))
    if denominator == 1:
        return expr if sympy.count_ops(expr) <= sympy.count_ops(numerator) else numerator
    sign, pieces = 1, []
    for piece in sympy.Mul.make_args(denominator):
        base, exponent = piece.as_base_exp()
        constant = base.as_coeff_Add()[0] if base.is_Add else 0
        if base.is_Add and constant.is_negative and exponent.is_integer:
            base, sign = -base, sign * (-1) ** exponent
        pieces.append(base**exponent)
    return sign * numerator / sympy.Mul(*pieces)


def chain_factor_step(definitions: dict, node, child, names: dict) -> Step:
    """∂node/∂child from node's definition, written with the names (σ(z) becomes ŷ)."""
    expression = definitions[node]
    tree = derivative_steps(expression, child, simplify=True)
    named = course_form(tree.after.xreplace(names))
    return Step("chain_factor", expression, named, None, {"of": node, "wrt": child},
                "the local derivative, written with the names of the quantities", [tree])


def common_factor(factors):
    """What the numerators and denominators of the factors share, or None."""
    tops, bottoms = [], []
    for factor in factors:
        numerator, denominator = sympy.fraction(factor)
        tops.extend(sympy.Mul.make_args(numerator))
        bottoms.extend(sympy.Mul.make_args(denominator))
    shared = [b for b in bottoms if b in tops and b.free_symbols]
    return sympy.Mul(*shared) if shared else None


def backprop_steps(definitions, parameter) -> list[Step]:
    """∂L/∂parameter for a model (definitions in forward order, the loss last)."""
    table = dict(definitions)
    if not table:
        raise ValueError("a model needs at least one definition")
    loss = list(table)[-1]
    routes = paths(table, loss, parameter)
    if not routes:
        raise ValueError(f"the loss does not depend on {parameter}")
    names = {expr: name for name, expr in table.items() if expr.is_Function}  # σ(z) -> ŷ
    factor_steps, products, common = {}, [], []
    steps, products_at = [], []
    for route in routes:
        factors = []
        for node, child in zip(route, route[1:]):
            if (node, child) not in factor_steps:
                factor_steps[(node, child)] = chain_factor_step(table, node, child, names)
                steps.append(factor_steps[(node, child)])
            factors.append(factor_steps[(node, child)].after)
        factors.reverse()  # from the parameter up to the loss, as the course writes it
        shown = sympy.Mul(*factors, evaluate=False)
        products_at.append(len(steps))
        steps.append(Step("chain_product", shown, shown, None,
                          {"loss": loss, "parameter": parameter, "path": tuple(reversed(route))},
                          "the chain rule multiplies the local derivatives along the path"))
        products.append(shown)
        common.append(common_factor(factors))
    before = products[0] if len(products) == 1 else sympy.Add(*products, evaluate=False)
    result = sympy.Add(*[sympy.Mul(*p.args) for p in products])
    numerator, denominator = sympy.fraction(sympy.together(result))
    if denominator != 1 or len(products) > 1:
        result = sympy.factor(result)
    shared = [c for c in common if c is not None]
    if len(products) == 1 and not shared:  # nothing cancels: the product is the answer
        steps[products_at[0]].after = result
        return steps
    steps.append(Step("cancel", before, result, None, {"common": shared[0] if shared else None},
                      "common factors of numerator and denominator cancel"))
    return steps
