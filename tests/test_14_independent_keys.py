"""Every built-in exercise's answer key, recomputed from its drawn parameters over many seeds
with SymPy code of this test alone — not tutor's calculus (tutor.calculus, tutor.steps,
tutor.calculus_limits) nor the exercise's own definitions — and compared with the key."""

from __future__ import annotations

import math
from pathlib import Path

import mpmath
import pytest
import sympy as sp
from helpers import ROOT

from tutor.exercises import instantiate
from tutor.exercises.loader import load_library
from tutor.registry import get_registry

SEEDS = range(30)
R = dict(real=True)
x, y, z, t, h, m, b, w, p, lam = sp.symbols("x y z t h m b w p lambda", **R)
x_1, x_2, w_1, w_2, w_3, a_1, a_2, y_hat = sp.symbols("x_1 x_2 w_1 w_2 w_3 a_1 a_2 y_hat", **R)
Q = sp.Rational


def sig(u):
    return 1 / (1 + sp.exp(-u))


def grad(f, variables):
    return [sp.diff(f, v) for v in variables]


def at(f, variables, point):
    return f.subs(dict(zip(variables, point)), simultaneous=True)


def gd(f, variables, point, rate, steps=1):
    point = list(point)
    for _ in range(steps):
        point = [c - rate * at(g, variables, point) for c, g in zip(point, grad(f, variables))]
    return point


def newton(f, variables, point, steps=1):
    point = list(point)
    H = sp.hessian(f, variables)
    for _ in range(steps):
        g = sp.Matrix([at(e, variables, point) for e in grad(f, variables)])
        step = at(H, variables, point).LUsolve(g)
        point = [sp.nsimplify(c - d) if not isinstance(c - d, sp.Float) else c - d for c, d in zip(point, step)]
    return point


def newton_root(f, start, steps=1):
    value = start
    for _ in range(steps):
        value = value - f.subs(x, value) / sp.diff(f, x).subs(x, value)
    return value


def classify(H):
    values = [sp.re(sp.N(e)) for e, k in H.eigenvals().items() for _ in range(k)]
    if all(e > 1e-12 for e in values):
        return "minimum"
    if all(e < -1e-12 for e in values):
        return "maximum"
    if any(e > 1e-12 for e in values) and any(e < -1e-12 for e in values):
        return "saddle"
    return "inconclusive"


def limit_word(f, var, point, direction="+-"):
    try:
        value = sp.limit(f, var, point, direction)
    except ValueError:  # SymPy's two-sided limit when the sides differ
        return "DNE"
    if value in (sp.oo, -sp.oo):
        return "oo" if value == sp.oo else "-oo"
    if value.has(sp.zoo, sp.nan, sp.AccumBounds):
        return "DNE"
    return value


def kinks(f, candidates):
    """The candidates where f's one-sided difference quotients disagree or are infinite."""
    found = []
    for c in candidates:
        q = (f - f.subs(x, c)) / (x - c)
        right, left = sp.limit(q, x, c, "+"), sp.limit(q, x, c, "-")
        if not (right.is_finite and left.is_finite and sp.simplify(right - left) == 0):
            found.append(c)
    return set(found)


def mse_line(points):
    return sum((m * px + b - py) ** 2 for px, py in points)


def network_hidden(v):
    a1 = sig(v["w11"] * v["x1"] + v["w21"] * v["x2"] + v["b1"])
    a2 = sig(v["w12"] * v["x1"] + v["w22"] * v["x2"] + v["b2"]) if "w12" in v else v["a2"]
    yh = sig(v["w1"] * a1 + v["w2"] * a2 + v["b"])
    return -v["x1"] * v["w1"] * a1 * (1 - a1) * (v["y"] - yh)


def hidden_parameter(v, squared):
    xi = {0: 1, 1: x_1, 2: x_2}[int(v["i"])]
    wj, aj = (w_1, a_1) if v["j"] == 1 else (w_2, a_2)
    loss_factor = y_hat * (1 - y_hat) if squared else 1
    return -xi * wj * aj * (1 - aj) * loss_factor * (y - y_hat)


def lsq_best_line(v):
    xs, ys = [v["x1"], v["x2"], v["x3"]], [v["y1"], v["y2"], v["y3"]]
    solution = sp.solve(grad(mse_line(list(zip(xs, ys))), [m, b]), [m, b], dict=True)[0]
    return [solution[m], solution[b]]


def three_points(v):
    return list(zip([v["x1"], v["x2"], v["x3"]], [v["y1"], v["y2"], v["y3"]]))


def eigenvalue_set(H):
    return set(H.eigenvals())


def learning_rate_word(v):
    r = 1 - 2 * v["a"] * v["alpha"]
    return "steady" if r > 0 else ("zigzag" if r > -1 else "diverges")


EXPECTED = {
    # backpropagation, perceptron, log loss
    "backprop-hidden-parameter": lambda v: hidden_parameter(v, False),
    "backprop-squared-loss": lambda v: hidden_parameter(v, True),
    "backprop-output-layer": lambda v: [-a_1 * (y - y_hat), -a_2 * (y - y_hat), -(y - y_hat)],
    "backprop-hidden-weight-numeric": network_hidden,
    "backprop-deep-chain": lambda v: -(y - y_hat) * w_3 * a_2 * (1 - a_2) * w_2 * a_1 * (1 - a_1) * x,
    "backprop-output-weight-update": lambda v: v["w1"] + v["alpha"] * v["a1"] * (
        v["y"] - sig(v["w1"] * v["a1"] + v["w2"] * v["a2"] + v["b"])),
    "backprop-hidden-weight-update": lambda v: v["w11"] - v["alpha"] * network_hidden(v),
    "perceptron-classification-bias-update": lambda v: v["b"] + v["alpha"] * (
        v["y"] - sig(v["w1"] * v["x1"] + v["w2"] * v["x2"] + v["b"])),
    "perceptron-regression-gradient": lambda v: [-(y - y_hat) * x_1, -(y - y_hat) * x_2, -(y - y_hat)],
    "perceptron-regression-update": lambda v: v["w1"] + v["alpha"] * (
        v["y"] - (v["w1"] * v["x1"] + v["w2"] * v["x2"] + v["b"])) * v["x1"],
    "perceptron-regression-update-all": lambda v: [
        c + v["alpha"] * (v["y"] - (v["w1"] * v["x1"] + v["w2"] * v["x2"] + v["b"])) * k
        for c, k in ((v["w1"], v["x1"]), (v["w2"], v["x2"]), (v["b"], 1))],
    "perceptron-classification-gradient": lambda v: -(y - y_hat) * x_1,
    "perceptron-classification-update": lambda v: v["w1"] + v["alpha"] * (
        v["y"] - sig(v["w1"] * v["x1"] + v["w2"] * v["x2"] + v["b"])) * v["x1"],
    "log-loss-derivative": lambda v: sp.diff(-y * sp.log(y_hat) - (1 - y) * sp.log(1 - y_hat), y_hat),
    "log-loss-derivative-value": lambda v: sp.diff(-v["y"] * sp.log(p) - (1 - v["y"]) * sp.log(1 - p), p).subs(
        p, v["p"]),
    "log-loss-through-the-sigmoid": lambda v: sp.simplify(
        (sp.diff(-y * sp.log(sig(z)) - (1 - y) * sp.log(1 - sig(z)), z)).subs(sp.exp(-z), 1 / y_hat - 1)),
    "maximum-likelihood-coin": lambda v: sp.solve(sp.diff(v["a"] * sp.log(p) + v["b"] * sp.log(1 - p), p), p)[0],
    "log-likelihood-derivative": lambda v: sp.diff(sp.log(p ** v["k"] * (1 - p) ** v["m"]), p),
    "log-likelihood-exponential-rate": lambda v: sp.solve(sp.diff(v["n"] * sp.log(lam) - lam * v["S"], lam), lam)[0],
    "log-likelihood-second-derivative": lambda v: sp.diff(v["k"] * sp.log(p) + v["m"] * sp.log(1 - p), p, 2).subs(
        p, Q(v["k"], v["k"] + v["m"])),
    # critical points, least squares
    "critical-point-of-a-quadratic": lambda v: {tuple(s[k] for k in (x, y)) for s in sp.solve(grad(
        v["a"] * (x - v["p"]) ** 2 + v["b"] * (x - v["p"]) * (y - v["q"]) + v["c"] * (y - v["q"]) ** 2, [x, y]),
        [x, y], dict=True)},
    "critical-points-cubic-plus-square": lambda v: {(s, v["q"]) for s in (-v["p"], v["p"])},
    "critical-points-four": lambda v: {(i, j) for i in (-v["p"], v["p"]) for j in (-v["q"], v["q"])},
    "sauna-coolest-point": lambda v: {(4, 4)},
    "classify-critical-point": lambda v: classify(at(sp.hessian(x ** 3 - 3 * v["p"] ** 2 * x + v["c"] * (
        y - v["q"]) ** 2, [x, y]), [x, y], [v["s"] * v["p"], v["q"]])),
    "least-squares-error-function": lambda v: sp.expand(mse_line(three_points(v))),
    "least-squares-partial-m": lambda v: sp.diff(mse_line(three_points(v)), m),
    "least-squares-partial-b": lambda v: sp.diff(mse_line(three_points(v)), b),
    "least-squares-best-line": lsq_best_line,
    "least-squares-course-example": lambda v: Q(25, 6),
    "least-squares-gradient-at-a-point": lambda v: at(sp.Matrix(grad(mse_line(
        [(1, v["y1"]), (2, v["y2"]), (3, v["y3"])]), [m, b])), [m, b], [v["m0"], v["b0"]]).T.tolist()[0],
    "least-squares-normal-equations-matrix": lambda v: (sp.hessian(mse_line(
        [(v[k], 0) for k in ("x1", "x2", "x3", "x4")]), [m, b]) / 2).tolist(),
    "least-squares-normal-equations-solve": lambda v: [sp.solve(grad(mse_line(
        list(zip(range(4), [v["y1"], v["y2"], v["y3"], v["y4"]]))), [m, b]), [m, b])[k] for k in (m, b)],
    "least-squares-gd-two-steps": lambda v: gd(mse_line([(1, v["y1"]), (2, v["y2"])]) / 2, [m, b], [0, 0],
                                               v["alpha"], 2),
    "least-squares-slope-only-three-steps": lambda v: gd(((w * v["x1"] - v["y1"]) ** 2 + (
        w * v["x2"] - v["y2"]) ** 2) / 2, [w], [0], v["alpha"], 3)[0],
    # derivatives of one variable
    "power-rule-integer": lambda v: sp.diff(v["a"] * x ** v["n"], x),
    "power-rule-negative-exponent": lambda v: sp.diff(v["a"] / x ** v["n"], x),
    "power-rule-fractional-exponent": lambda v: sp.diff(v["a"] * x ** v["p"], x),
    "sum-rule-polynomial": lambda v: 3 * v["a"] * x ** 2 + 2 * v["b"] * x + v["c"],
    "product-rule": lambda v: sp.diff(x ** v["n"] * v["v"], x),
    "quotient-rule": lambda v: sp.diff((v["a"] * x + v["b"]) / (x ** 2 + v["c"]), x),
    "chain-rule-power": lambda v: sp.diff((v["a"] * x ** 2 + v["b"]) ** v["n"], x),
    "exp-chain-rule": lambda v: sp.diff(v["c"] * sp.exp(v["a"] * x ** 2 + v["b"] * x), x),
    "ln-chain-rule": lambda v: sp.diff(sp.log(v["a"] * x ** 2 + v["b"] * x + v["c"]), x),
    "log-base-b": lambda v: sp.diff(sp.log(v["a"] * x + v["c"]) / sp.log(v["B"]), x),
    "sin-cos-rules": lambda v: sp.diff(v["A"] * sp.sin(v["a"] * x) + v["B"] * sp.cos(v["b"] * x), x),
    "tan-chain-rule": lambda v: sp.diff(sp.tan(v["a"] * x ** v["n"]), x),
    "derivative-at-a-point": lambda v: sp.diff((t ** 2 + v["b"]) * sp.exp(v["a"] * t), t).subs(t, v["x0"]),
    "inverse-function-derivative": lambda v: 1 / sp.diff(t ** 3 + v["a"] * t + v["b"], t).subs(t, v["x0"]),
    "inverse-derivative-power": lambda v: sp.diff(y ** Q(1, v["n"]), y).subs(y, v["t0"] ** v["n"]),
    "inverse-derivative-exp": lambda v: 1 / sp.diff(v["a"] * sp.exp(v["k"] * t) + v["m"] * t, t).subs(t, 0),
    "inverse-derivative-arctan": lambda v: sp.diff(sp.atan(y), y).subs(y, v["k"]),
    "inverse-derivative-ln": lambda v: 1 / x,
    "derivative-exp-plain": lambda v: v["a"] * sp.exp(x) + v["n"] * v["b"] * x ** (v["n"] - 1),
    "derivative-ln-plain": lambda v: v["a"] / x - v["b"] / x ** 2,
    "derivative-ln-of-a-multiple": lambda v: v["a"] / x + v["c"],
    "derivative-exp-ln-at-a-point": lambda v: v["a"] * sp.E ** v["x0"] - Q(v["b"], v["x0"]),
    "product-rule-exp-ln": lambda v: sp.diff(v["a"] * sp.exp(v["k"] * x) * sp.log(x), x),
    "quotient-rule-exp-over-linear": lambda v: sp.exp(x) * (x + v["a"] - 1) / (x + v["a"]) ** 2,
    "trig-sum-of-three": lambda v: v["a"] * sp.cos(x) - v["b"] * sp.sin(x) + v["c"] * (1 + sp.tan(x) ** 2),
    "sigmoid-derivative": lambda v: sp.diff(sig(z), z),
    "sigmoid-chain-rule": lambda v: sp.diff(sig(v["a"] * x + v["b"]), x),
    "sigmoid-derivative-exact-value": lambda v: sp.diff(sig(z), z).subs(z, sp.log(v["k"])),
    "sigmoid-derivative-decimal-value": lambda v: sp.diff(sig(z), z).subs(z, v["z0"]),
    "sigmoid-second-derivative": lambda v: sp.diff(sig(z), z, 2),
    # limits, first principles, differentiability
    "limit-cancel-common-factor": lambda v: limit_word((x - v["a"]) * (x + v["b"]) / ((x - v["a"]) * (
        x + v["c"])), x, v["a"]),
    "limit-one-sided-corner": lambda v: limit_word((x ** 2 - v["a"] ** 2) / sp.Abs(x - v["a"]), x, v["a"],
                                                   "+" if v["side"] == 1 else "-"),
    "limit-two-sided-corner": lambda v: limit_word((x - v["a"]) ** v["n"] * (x + v["c"]) / sp.Abs(x - v["a"]),
                                                   x, v["a"]),
    "limit-exp-difference-quotient": lambda v: limit_word((sp.exp(v["k"] * h) - 1) / h, h, 0),
    "first-principles-reciprocal": lambda v: sp.limit((v["k"] / (x + h) - v["k"] / x) / h, h, 0),
    "first-principles-at-a-point": lambda v: limit_word(((v["a"] + h) ** v["n"] - v["a"] ** v["n"]) / h, h, 0),
    "first-principles-quadratic-slope": lambda v: 2 * v["a"] * v["x0"] + v["b"],
    "nondifferentiable-abs-linear": lambda v: kinks(sp.Abs(v["a"] * x - v["b"]) + v["c"] * x, [Q(v["b"], v["a"])]),
    "nondifferentiable-abs-quadratic": lambda v: {-v["a"], v["a"]},
    "nondifferentiable-two-corners": lambda v: {v["p"], v["q"]},
    "nondifferentiable-cusp": lambda v: kinks(sp.Abs(x - v["a"]) ** v["p"] + v["b"] * x, [v["a"]]),
    # one-variable optimisation, second derivatives
    "squared-distances-mean": lambda v: sp.solve(sp.diff(sum((x - a) ** 2 for a in (
        v["a1"], v["a1"] + v["d1"], v["a1"] + v["d1"] + v["d2"])), x), x)[0],
    "critical-points-1d": lambda v: set(sp.solve(sp.diff(2 * x ** 3 - 3 * (v["r1"] + v["r2"]) * x ** 2
                                                         + 6 * v["r1"] * v["r2"] * x, x), x)),
    "quadratic-minimum-value": lambda v: sp.minimum(v["a"] * x ** 2 + v["b"] * x + v["c"], x),
    "second-derivative-symbolic": lambda v: sp.diff(v["a"] * x ** 4 + v["b"] * x ** 3 + v["c"] * v["trig"], x, 2),
    "second-derivative-test": lambda v: classify(sp.Matrix([[sp.diff(v["c"] * (x - v["r"]) ** 2 + v["e"] * (
        x - v["r"]) ** 3, x, 2).subs(x, v["r"])]])),
    "concavity-at-a-point": lambda v: "concave up" if 6 * v["x0"] + 2 * v["a"] > 0 else "concave down",
    "acceleration-from-position": lambda v: 6 * v["a"] * v["t0"] + 2 * v["b"],
    "second-derivative-at-a-point": lambda v: sp.diff(sp.log(x ** 2 + v["a"]), x, 2).subs(x, v["x0"]),
    "velocity-at-a-time": lambda v: 3 * v["a"] * v["t0"] ** 2 + 2 * v["b"] * v["t0"] + v["c"],
    "when-acceleration-is-zero": lambda v: sp.solve(sp.diff(v["a"] * t ** 3 + v["b"] * t ** 2, t, 2), t)[0],
    # gradient descent
    "gd-step-1d": lambda v: gd(v["a"] * x ** 2 + v["b"] * x, [x], [v["x0"]], v["alpha"])[0],
    "gd-step-exp-minus-ln": lambda v: gd(sp.exp(x) - sp.log(x), [x], [v["x0"]], v["alpha"])[0],
    "gd-step-2d": lambda v: gd(v["a"] * x ** 2 + v["b"] * y ** 2 + v["c"] * x * y + v["d"] * x, [x, y],
                               [v["x0"], v["y0"]], v["alpha"]),
    "gd-two-steps": lambda v: gd(v["a"] * x ** 2 + v["b"] * x, [x], [v["x0"]], v["alpha"], 2)[0],
    "gd-linear-regression-step": lambda v: gd(mse_line(three_points(v)) / 3, [m, b], [0, 0], v["alpha"]),
    "gd-learning-rate-behaviour": learning_rate_word,
    "gd-2d-two-steps": lambda v: gd(v["a"] * x ** 2 + v["b"] * y ** 2 + v["c"] * x * y, [x, y],
                                    [v["x0"], v["y0"]], v["alpha"], 2),
    "gd-2d-three-steps-shifted-bowl": lambda v: gd(v["a"] * (x - v["p"]) ** 2 + v["b"] * (y - v["q"]) ** 2,
                                                   [x, y], [0, 0], v["alpha"], 3),
    "gd-largest-stable-rate": lambda v: sp.Rational(2, 2 * max(v["a"], v["b"])),
    "gd-contraction-factor": lambda v: gd(v["a"] * x ** 2, [x], [v["x0"]], v["alpha"], int(v["k"]))[0],
    # gradients, partial derivatives, tangents
    "gradient-of-a-monomial": lambda v: grad(v["a"] * x ** v["m"] * y ** v["n"], [x, y]),
    "gradient-of-a-quadratic": lambda v: grad(v["a"] * x ** 2 + v["b"] * x * y + v["c"] * y ** 2 + v["d"] * x
                                              + v["e"] * y, [x, y]),
    "gradient-at-a-point": lambda v: [at(g, [x, y], [v["x0"], v["y0"]]) for g in grad(
        v["a"] * x ** 2 + v["b"] * y ** 2 + v["c"] * x * y, [x, y])],
    "gradient-three-variables": lambda v: [at(g, [x, y, z], [v["x0"], v["y0"], v["z0"]]) for g in grad(
        v["a"] * x ** 2 * y + v["b"] * y * z ** 2 + v["c"] * x * z, [x, y, z])],
    "gradient-with-exp-and-ln": lambda v: grad(sp.exp(v["a"] * x - v["b"] * y) + v["c"] * sp.log(
        x ** 2 + y ** 2 + 1), [x, y]),
    "steepest-descent-direction": lambda v: [-at(g, [x, y], [v["x0"], v["y0"]]) for g in grad(
        v["a"] * x ** 2 + v["b"] * y ** 2 + v["c"] * x * y, [x, y])],
    "partial-derivative-in-x": lambda v: v["a"] * v["m"] * x ** (v["m"] - 1) * y ** v["n"],
    "partial-derivative-in-y": lambda v: sp.diff(v["a"] * x ** v["m"] * y ** v["n"] + v["b"] * x * y, y),
    "partial-derivative-chain-rule": lambda v: sp.diff(v["f"], y),
    "partial-derivative-at-a-point": lambda v: (2 * v["a"] * x * y + v["b"] * y ** 2).subs({x: v["x0"], y: v["y0"]}),
    "mixed-partial-derivative": lambda v: sp.diff(v["a"] * x ** v["m"] * y ** v["n"] + v["b"] * y * sp.exp(
        v["k"] * x), y, x),
    "partial-derivative-three-variables": lambda v: sp.diff(v["a"] * x * y * z ** v["n"] + v["b"] * x ** 2 * z, z),
    "tangent-plane": lambda v: tangent_plane(v["a"] * x ** 2 + v["b"] * y ** 2 + v["c"] * x * y, v["x0"], v["y0"]),
    "tangent-plane-cubic-equation": lambda v: ("equation", z, tangent_plane(
        v["a"] * x ** 3 + v["b"] * x * y ** 2, v["x0"], v["y0"])),
    "tangent-plane-exponential": lambda v: ("equation", z, tangent_plane(
        v["c"] * sp.exp(v["a"] * x + v["b"] * y), v["b"] * v["s"], -v["a"] * v["s"])),
    "tangent-plane-linear-approximation": lambda v: tangent_plane(
        v["a"] * x ** 2 * y + v["b"] * y ** 2, v["x0"], v["y0"]).subs(
        {x: v["x0"] + v["dx"], y: v["y0"] + v["dy"]}),
    "tangent-line-polynomial": lambda v: ("equation", y, tangent_line(v["a"] * x ** 2 + v["b"] * x + v["c"], v["x0"])),
    "tangent-line-exp-or-ln": lambda v: ("equation", y, tangent_line(v["g"], v["x0"])),
    "tangent-line-sigmoid": lambda v: ("equation", y, tangent_line(sig(v["k"] * x), 0)),
    # Hessians and eigenvalues
    "hessian-course-example": lambda v: sp.hessian(2 * x ** 2 + 3 * y ** 2 - x * y, [x, y]).tolist(),
    "hessian-of-a-quadratic": lambda v: [[2 * v["a"], v["b"]], [v["b"], 2 * v["c"]]],
    "hessian-symbolic": lambda v: sp.hessian(v["a"] * x ** v["m"] * y ** v["n"] + v["b"] * sp.exp(v["k"] * x)
                                             + v["c"] * sp.log(y), [x, y]).tolist(),
    "hessian-at-a-point": lambda v: at(sp.hessian(v["a"] * x ** 3 + v["b"] * x ** 2 * y + v["c"] * y ** 3,
                                                  [x, y]), [x, y], [v["x0"], v["y0"]]).tolist(),
    "hessian-three-variables": lambda v: sp.hessian(v["a"] * x ** 2 + v["b"] * y ** 2 + v["c"] * z ** 2 + v["d"] * x
                                                    * y + v["e"] * y * z + v["g"] * x * z, [x, y, z]).tolist(),
    "hessian-characteristic-polynomial": lambda v: (sp.Matrix([[2 * v["p"], v["q"]], [v["q"], 2 * v["r"]]])
                                                    - lam * sp.eye(2)).det(),
    "hessian-eigenvalues-course-example": lambda v: {5 + sp.sqrt(2), 5 - sp.sqrt(2)},
    "hessian-eigenvalues": lambda v: eigenvalue_set(sp.Matrix([[2 * v["p"], v["q"]], [v["q"], 2 * v["r"]]])),
    "classify-by-eigenvalues": lambda v: classify(sp.hessian(v["al"] * (x + v["k"] * y) ** 2 + v["be"] * y ** 2,
                                                             [x, y])),
    "classify-by-eigenvalues-3d": lambda v: classify(sp.hessian(v["s"] * (v["al"] * (x + v["k"] * y) ** 2 + v["be"] * (
        y + v["m"] * z) ** 2 + v["ga"] * z ** 2), [x, y, z])),
    # Newton's method
    "newton-root-step": lambda v: newton_root(v["f"], v["x0"]),
    "newton-square-root-two-steps": lambda v: newton_root(x ** 2 - v["c"], v["x0"], 2),
    "newton-optimisation-1d": lambda v: newton(x ** 4 + v["a"] * x ** 2 + v["b"] * x, [x], [v["x0"]])[0],
    "newton-exp-minus-ln": lambda v: newton(sp.exp(x) - sp.log(x), [x], [v["x0"]])[0],
    "newton-step-2d": lambda v: newton(x ** 4 + v["b"] * y ** 2 + v["c"] * x * y + v["d"] * x, [x, y],
                                       [v["x0"], v["y0"]]),
    "newton-quadratic-one-step": lambda v: [v["p"], v["q"]],
    "newton-2d-two-steps-separable": lambda v: newton((x - v["p"]) ** 4 + v["b"] * (y - v["q"]) ** 2, [x, y],
                                                      [v["x0"], v["y0"]], 2),
    "newton-2d-two-steps-coupled": lambda v: newton(x ** 4 + v["c"] * x * y + v["b"] * y ** 2, [x, y], [v["x0"], 0], 2),
    "newton-root-cubic-two-steps": lambda v: newton_root(x ** 3 + v["p"] * x - v["q"], v["x0"], 2),
    "newton-minimum-two-steps-exp": lambda v: newton(sp.exp(x) - v["a"] * x, [x], [0], 2)[0],
}


def tangent_plane(f, x0, y0):
    point = {x: x0, y: y0}
    return f.subs(point) + sp.diff(f, x).subs(point) * (x - x0) + sp.diff(f, y).subs(point) * (y - y0)


def tangent_line(f, x0):
    return f.subs(x, x0) + sp.diff(f, x).subs(x, x0) * (x - x0)


def numeric(value):
    """A SymPy value with tutor's sigma written out, so that it can be compared."""
    if not isinstance(value, sp.Basic):
        return value
    return value.replace(lambda e: isinstance(e, sp.Function) and e.func.__name__ == "sigma",
                         lambda e: sig(e.args[0]))


def same(ours, theirs) -> bool:
    if isinstance(ours, str) or isinstance(theirs, str):
        return str(ours) == str(theirs)
    ours, theirs = sp.sympify(ours), numeric(theirs)
    difference = ours - theirs
    if difference == 0:
        return True
    if not difference.free_symbols:
        # a key that is a decimal (decimal(value, 6)) is held to its own digits
        digits = mpmath.libmp.prec_to_dps(theirs._prec) if isinstance(theirs, sp.Float) else 12
        scale = max(1.0, abs(complex(sp.N(theirs, 30))))
        return abs(complex(sp.N(difference, 30))) <= 5 * 10.0 ** -min(digits, 12) * scale
    if sp.simplify(difference) == 0:
        return True
    names = sorted(difference.free_symbols, key=str)
    points = [{s: sp.Rational(3 + 2 * i + k, 7 + i + 3 * k) for i, s in enumerate(names)} for k in range(3)]
    return all(abs(complex(sp.N(difference.subs(point), 30))) < 1e-9 for point in points)


def entries(value) -> list:
    if hasattr(value, "rows"):
        return [e for row in value.rows for e in row]
    if hasattr(value, "entries"):
        return list(value.entries)
    return [value]


@pytest.fixture(scope="module")
def registry():
    return get_registry([])


@pytest.fixture(scope="module")
def builtin(registry):
    folder = (ROOT / "exercises").resolve()
    return {i: spec for i, spec in load_library(registry).items()
            if spec.source and folder in Path(spec.source).resolve().parents}


def test_every_builtin_exercise_has_an_independent_recomputation(builtin):
    assert sorted(set(builtin) - set(EXPECTED)) == [] and sorted(set(EXPECTED) - set(builtin)) == []


def check(exercise, problem, ours):
    theirs = problem.expected.value
    kind = problem.expected.kind
    label = (exercise, problem.seed, ours, theirs)
    if kind == "set":
        items = {tuple(i.entries) if hasattr(i, "entries") else i for i in theirs.items}
        mine = {tuple(sp.sympify(c) for c in i) if isinstance(i, tuple) else sp.sympify(i) for i in ours}
        assert len(items) == len(mine), label
        assert all(any(same_item(a, c) for c in items) for a in mine), label
    elif kind == "equation":
        _, left, right = ours
        assert same(left - right, numeric(theirs.left) - numeric(theirs.right)), label
    elif isinstance(ours, list):
        flat = [e for row in ours for e in row] if ours and isinstance(ours[0], list) else ours
        assert len(flat) == len(entries(theirs)), label
        assert all(same(o, e) for o, e in zip(flat, entries(theirs))), label
    else:
        assert same(ours, theirs), label


def same_item(a, b) -> bool:
    if isinstance(a, tuple) or isinstance(b, tuple):
        return isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b) and all(
            same(i, j) for i, j in zip(a, b))
    return same(a, b)


@pytest.mark.parametrize("exercise", sorted(EXPECTED))
def test_answer_keys_match_an_independent_computation(exercise, builtin, registry):
    spec = builtin[exercise]
    names = [parameter.name for parameter in spec.parameters]
    seen = set()
    for seed in SEEDS:
        problem = instantiate(spec, seed, registry)
        values = {name: problem.values[name] for name in names}
        key = tuple(sorted((k, str(v)) for k, v in values.items()))
        if key in seen:
            continue
        seen.add(key)
        check(exercise, problem, EXPECTED[exercise](values))


def test_the_comparison_can_fail():
    assert not same(sp.Rational(1, 3), sp.Float(0.3334))
    assert not same(x ** 2, x ** 2 + 1e-6 * x)
    assert same(sp.Rational(1, 3), sp.Float(1 / 3))
    assert math.isclose(float(sig(0)), 0.5)


def test_a_wrong_key_is_caught(builtin, registry):
    """The comparison is not vacuous: a recomputation off by a factor, a sign or a point fails."""
    problem = instantiate(builtin["power-rule-integer"], 0, registry)
    values = {name: problem.values[name] for name in ("a", "n")}
    with pytest.raises(AssertionError):
        check("power-rule-integer", problem, values["a"] * x ** values["n"])
    problem = instantiate(builtin["critical-points-four"], 0, registry)
    with pytest.raises(AssertionError):
        check("critical-points-four", problem, {(0, 0)})
    problem = instantiate(builtin["tangent-line-polynomial"], 0, registry)
    with pytest.raises(AssertionError):
        check("tangent-line-polynomial", problem, ("equation", y, x))
