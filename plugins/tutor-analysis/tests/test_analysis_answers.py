"""Every exercise's expected answer, recomputed from its drawn parameters with SymPy code of
this test alone (not the plugin's operations), over many seeds."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from tutor.exercises import instantiate
from tutor.exercises.loader import load_library
from tutor.language import parse
from tutor.registry import get_registry

SEEDS = range(25)
x, y, h, t, C = sp.symbols("x y h t C", real=True)
yp, ypp, theta, eps = sp.symbols("yp ypp theta epsilon", real=True)
oo = sp.oo


def limit_word(value):
    """What a limit answer should be: 'oo', '-oo', 'DNE' or the number."""
    if value == oo:
        return "oo"
    if value == -oo:
        return "-oo"
    return value


def two_sided(f, a):
    right, left = sp.limit(f, x, a, "+"), sp.limit(f, x, a, "-")
    return limit_word(right) if right == left else "DNE"


def by_hand_riemann(f, b, rule):
    width = sp.Rational(b, 4)
    offset = {-1: 0, 0: sp.Rational(1, 2), 1: 1}[rule]
    return sum(f.subs(x, (i + offset) * width) for i in range(4)) * width


def euler_lagrange_by_hand(L):
    """∂L/∂y − d/dx ∂L/∂y′ with y a function Y(x), then written back in yp, ypp."""
    Y = sp.Function("Y")(x)
    dL_dy = sp.diff(L, y).subs({yp: Y.diff(x)}).subs({y: Y})
    dL_dyp = sp.diff(L, yp).subs({yp: Y.diff(x)}).subs({y: Y})
    expression = dL_dy - sp.diff(dL_dyp, x)
    return expression.subs(Y.diff(x, 2), ypp).subs(Y.diff(x), yp).subs(Y, y)


def taylor_by_hand(f, a, n):
    return sum(sp.diff(f, x, k).subs(x, a) * (x - a) ** k / sp.factorial(k) for k in range(n + 1))


def elbo(x0, m, s):
    return (-sp.log(2 * sp.pi) - ((x0 - m) ** 2 + s**2) / 2 - (m**2 + s**2) / 2
            + sp.log(2 * sp.pi * sp.E * s**2) / 2)


EXPECTED = {
    # module 01
    "limits-factor-and-cancel": lambda v: v["a"] + v["b"],
    "limits-one-sided": lambda v: limit_word(sp.limit(v["k"] / (x - v["a"]) ** v["n"], x, v["a"],
                                                      "+" if v["side"] == 1 else "-")),
    "limits-two-sided": lambda v: two_sided(v["k"] / (x - v["a"]) ** v["n"], v["a"]),
    "limits-at-infinity-same-degree": lambda v: sp.Rational(v["p"], v["r"]),
    "limits-at-infinity-degrees": lambda v: limit_word(sp.limit((v["p"] * x ** v["m"] + 1) / (v["r"] * x ** v["k"] + 2),
                                                                x, oo * v["sign"])),
    "limits-continuity-parameter": lambda v: v["k"] * v["a"] + v["c"] - v["a"] ** 2,
    "limits-derivative-definition": lambda v: 2 * v["c"] * v["a"] + v["d"],
    "limits-sine-over-x": lambda v: sp.Rational(v["k"], v["m"]),
    # module 02 top-up
    "derivative-definition-difference-quotient": lambda v: 2 * v["a"] * x + v["a"] * h + v["b"],
    "derivative-definition-quadratic": lambda v: 2 * v["a"] * x + v["b"],
    "derivative-definition-cubic": lambda v: 3 * v["a"] * x**2 + v["b"],
    "derivative-definition-reciprocal": lambda v: -v["k"] / x**2,
    "derivative-definition-square-root": lambda v: sp.Rational(1, 2 * v["r"]),
    "higher-derivatives-second-polynomial": lambda v: (v["a"] * v["n"] * (v["n"] - 1) * x ** (v["n"] - 2)
                                                       + v["b"] * v["m"] * (v["m"] - 1) * x ** (v["m"] - 2)),
    "higher-derivatives-exponential": lambda v: v["k"] ** v["n"] * sp.exp(v["k"] * x),
    "higher-derivatives-product": lambda v: v["c"] * (2 * v["k"] + v["k"] ** 2 * x) * sp.exp(v["k"] * x),
    "higher-derivatives-third-at-a-point": lambda v: (60 * v["a"] * v["x0"] ** 2 + 24 * v["b"] * v["x0"]),
    "higher-derivatives-sine": lambda v: v["k"] ** v["n"] * [sp.sin, sp.cos, lambda u: -sp.sin(u),
                                                             lambda u: -sp.cos(u)][v["n"] % 4](v["k"] * x),
    "higher-derivatives-acceleration": lambda v: 6 * v["a"] * v["t0"] + 2 * v["b"],
    # module 05
    "taylor-maclaurin-exponential": lambda v: sum((v["k"] * x) ** j / sp.factorial(j) for j in range(v["n"] + 1)),
    "taylor-second-order-at-a-point": lambda v: v["c"] * (sp.log(v["a"]) + (x - v["a"]) / v["a"]
                                                           - (x - v["a"]) ** 2 / (2 * v["a"] ** 2)),
    "taylor-linearisation": lambda v: v["c"] * (v["r"] + (x - v["r"] ** 2) / (2 * v["r"])),
    "taylor-linear-estimate": lambda v: v["r"] + v["d"] / (2 * v["r"]),
    "taylor-quadratic-hessian": lambda v: taylor2(v),
    "taylor-error-at-a-point": lambda v: math.exp(float(v["x1"])) - sum(float(v["x1"]) ** j / math.factorial(j)
                                                                       for j in range(v["n"] + 1)),
    "taylor-coefficient": lambda v: sp.binomial(v["m"], v["k"]) * v["a"] ** (v["m"] - v["k"]),
    # module 11
    "integration-antiderivative-polynomial": lambda v: (v["a"] * x ** (v["n"] + 1) / (v["n"] + 1)
                                                        + v["b"] * x**2 / 2 + v["c"] * x),
    "integration-antiderivative-cosine": lambda v: sp.Rational(v["c"], v["k"]) * sp.sin(v["k"] * x),
    "integration-antiderivative-logarithm": lambda v: sp.Rational(v["c"], v["a"]) * sp.log(v["a"] * x + v["b"]),
    "integration-definite-polynomial": lambda v: (sp.Rational(v["p"], 3) * (v["b"] ** 3 - v["a"] ** 3)
                                                  + v["q"] * (v["b"] - v["a"])),
    "integration-riemann-sum": lambda v: by_hand_riemann(x**2 + v["c"], v["b"], v["rule"]),
    "integration-expectation-power-density": lambda v: sp.Rational(v["k"] + 1, v["k"] + 2),
    "integration-variance-uniform": lambda v: sp.Rational(v["w"] ** 2, 12),
    "integration-monte-carlo": lambda v: monte_carlo(v),
    # module 12
    "variations-euler-lagrange-quadratic": lambda v: euler_lagrange_by_hand(yp**2 + v["c"] * y**2 + v["d"] * x * y),
    "variations-euler-lagrange-oscillator": lambda v: -v["k"] * y - v["m"] * ypp,
    "variations-euler-lagrange-arc-length": lambda v: v["d"] - v["c"] * ypp / (1 + yp**2) ** sp.Rational(3, 2),
    "variations-boundary-value": lambda v: boundary_value(v),
    "variations-boundary-value-midpoint": lambda v: boundary_value(v).subs(x, sp.Rational(1, 2)),
    "variations-elbo-value": lambda v: elbo(v["x0"], v["m"], v["s"]),
    "variations-elbo-optimum": lambda v: [sp.Rational(v["x0"] * v["v0"], v["v0"] + v["v"]),
                                          sp.Rational(v["v0"] * v["v"], v["v0"] + v["v"])],
    "variations-kl-gaussian": lambda v: (v["m"] ** 2 + v["v"] - 1 - sp.log(v["v"])) / 2,
    # module 17
    "implicit-ellipse": lambda v: -v["a"] * x / (v["b"] * y),
    "implicit-folium": lambda v: -(3 * x**2 + v["a"] * y) / (v["a"] * x + 3 * y**2),
    "implicit-slope-at-a-point": lambda v: sp.Rational(-2 * v["x0"] * v["y0"],
                                                       v["x0"] ** 2 + 3 * v["b"] * v["y0"] ** 2),
    "implicit-tangent-line": lambda v: v["y0"] - sp.Rational(v["x0"], v["y0"]) * (x - v["x0"]),
    "implicit-fixed-point": lambda v: 1 / (1 - 2 * v["b"] * v["x0"]),
    "implicit-argmin": lambda v: sp.Rational(1, 3 * v["x0"] ** 2 + v["a"]),
}


def taylor2(v):
    f = v["a"] * x**2 * y + v["b"] * y**3 + v["c"] * x
    point = {x: v["x0"], y: v["y0"]}
    dx, dy = x - v["x0"], y - v["y0"]
    value = f.subs(point) + f.diff(x).subs(point) * dx + f.diff(y).subs(point) * dy
    value += (f.diff(x, 2).subs(point) * dx**2 + 2 * f.diff(x, y).subs(point) * dx * dy
              + f.diff(y, 2).subs(point) * dy**2) / 2
    return value


def monte_carlo(v):
    values = [int(v[f"g{i}"]) for i in range(1, 6)]
    mean = sp.Rational(sum(values), 5)
    variance = sum((g - mean) ** 2 for g in values) / 4
    return [mean, sp.sqrt(variance) / sp.sqrt(5)]


def boundary_value(v):
    """y″ = c (from L = y′² + 2c·y), y(0) = A, y(1) = B, solved by SymPy's ODE solver."""
    Y = sp.Function("Y")
    solution = sp.dsolve(sp.Eq(Y(x).diff(x, 2), v["c"]), Y(x), ics={Y(0): v["A"], Y(1): v["B"]})
    return solution.rhs


@pytest.fixture(scope="module")
def registry():
    return get_registry([])


@pytest.fixture(scope="module")
def exercises(registry):
    return {i: spec for i, spec in load_library(registry).items() if "module-" in " ".join(spec.tags)
            and spec.source and "tutor_analysis" in str(spec.source)}


def test_every_exercise_has_an_independent_recomputation(exercises):
    assert set(exercises) == set(EXPECTED) | DELTA_EPSILON


DELTA_EPSILON = {"limits-delta-epsilon-linear", "limits-delta-epsilon-quadratic"}  # checked below, by hand


def _same(ours, theirs) -> bool:
    if isinstance(ours, str) or isinstance(theirs, str):
        return str(ours) == str(theirs)
    if isinstance(ours, float):
        return math.isclose(float(theirs), ours, rel_tol=1e-9, abs_tol=1e-12)
    difference = ours - theirs
    if not difference.free_symbols:
        return abs(complex(sp.N(difference, 30))) < 1e-12
    return sp.simplify(difference) == 0


@pytest.mark.parametrize("exercise", sorted(EXPECTED))
def test_expected_answers_match_an_independent_computation(exercise, exercises, registry):
    spec = exercises[exercise]
    parameters = [p.name for p in spec.parameters]
    for seed in SEEDS:
        problem = instantiate(spec, seed, registry)
        values = {name: problem.values[name] for name in parameters}
        ours = EXPECTED[exercise](values)
        theirs = problem.expected.value
        if isinstance(ours, list):
            assert len(ours) == len(theirs.entries), (exercise, seed)
            assert all(_same(o, e) for o, e in zip(ours, theirs.entries)), (exercise, seed, ours, theirs)
        elif problem.expected.kind == "antiderivative":
            assert sp.simplify(sp.diff(ours - theirs, x)) == 0, (exercise, seed, ours, theirs)
        else:
            assert _same(ours, theirs), (exercise, seed, ours, theirs)


def test_delta_epsilon_keys_satisfy_the_property_by_hand(exercises, registry):
    """The key's δ(ε), checked with exact inequalities: linear |m|·δ ≤ ε; for x², δ·(2|a| + δ) ≤ ε."""
    for seed in SEEDS:
        linear = instantiate(exercises["limits-delta-epsilon-linear"], seed, registry)
        delta = parse(str(linear.expected.value), ["epsilon"])
        for e in (sp.Rational(1), sp.Rational(1, 10), sp.Rational(1, 1000)):
            assert abs(linear.values["m"]) * delta.subs(eps, e) <= e
        quadratic = instantiate(exercises["limits-delta-epsilon-quadratic"], seed, registry)
        delta = parse(str(quadratic.expected.value), ["epsilon"])
        a = quadratic.values["a"]
        for e in (sp.Rational(1), sp.Rational(1, 2), sp.Rational(1, 10), sp.Rational(1, 1000)):
            d = delta.subs(eps, e)
            assert 0 < d and d * (2 * abs(a) + d) <= e
