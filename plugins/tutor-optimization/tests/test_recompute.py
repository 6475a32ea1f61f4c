"""Every exercise's expected answer recomputed from its parameters alone, in plain floats
(no SymPy, none of the plugin's operations), over many seeds."""

from __future__ import annotations

import math

import pytest

from tutor.exercises import instantiate
from tutor.exercises.loader import load_library
from tutor.language import Matrix, SetValue, Vector
from tutor.registry import get_registry

SEEDS = range(40)


def sign(v):
    return (v > 0) - (v < 0)


def soft(v, t):
    return v - t if v > t else v + t if v < -t else 0.0


def lagrange_circle(p):
    s = p["a"] ** 2 + p["b"] ** 2
    return {"x": p["a"] * p["c"] / s, "y": p["b"] * p["c"] / s, "lambda": 2 * p["c"] / s}


def kkt_1d(p):
    if p["p"] <= p["c"]:
        return {"x": p["p"], "mu": 0.0}
    return {"x": p["c"], "mu": 2 * (p["p"] - p["c"])}


def kkt_active(p):
    """Project (p, q) on {x + y ≤ c, x ≤ d, y ≥ 0} by trying every active set (brute force)."""
    P, Q, c, d = p["p"], p["q"], p["c"], p["d"]
    candidates = [(P, Q), (min(P, d), Q), (P, max(Q, 0.0)), (d, 0.0), (c, 0.0), (d, c - d)]
    t = (P + Q - c) / 2
    candidates.append((P - t, Q - t))
    feasible = [(x, y) for x, y in candidates if x + y <= c + 1e-9 and x <= d + 1e-9 and y >= -1e-9]
    x, y = min(feasible, key=lambda z: (z[0] - P) ** 2 + (z[1] - Q) ** 2)
    active = set()
    if abs(x + y - c) < 1e-9:
        active.add("g1")
    if abs(x - d) < 1e-9:
        active.add("g2")
    if abs(y) < 1e-9:
        active.add("g3")
    return active


def adamw_1d(p):
    g = 2 * p["a"] * p["x0"] + p["b"]
    return p["x0"] - p["rate"] * (sign(g) + p["decay"] * p["x0"])


def adagrad_two(p):
    x, G = p["x0"], 0.0
    for _ in range(2):
        g = 2 * p["a"] * x
        G += g * g
        x -= p["rate"] * g / math.sqrt(G) if g else 0
    return x


def nesterov(p):
    ahead = p["x0"] - p["rate"] * p["beta"] * p["v0"]
    v1 = p["beta"] * p["v0"] + 2 * p["a"] * ahead + p["b"]
    return p["x0"] - p["rate"] * v1


def minibatch_step(p):
    r1 = p["w0"] * p["x1"] + p["b0"] - p["y1"]
    r2 = p["w0"] * p["x2"] + p["b0"] - p["y2"]
    gw, gb = r1 * p["x1"] + r2 * p["x2"], r1 + r2
    return [p["w0"] - p["rate"] * gw, p["b0"] - p["rate"] * gb]


def convexity_on(p):
    lo, hi = p["lo"], p["lo"] + p["width"]
    lo2, hi2 = 6 * lo + 2 * p["a"], 6 * hi + 2 * p["a"]  # f'' is increasing
    return "convex" if lo2 >= 0 else "concave" if hi2 <= 0 else "neither"


def quadratic_convexity(p):
    a, b, c = p["a"], p["b"], p["c"]
    det = 4 * a * c - b * b
    if det > 0:
        return "convex" if a > 0 else "concave"
    return "neither"


def eig2(a, b, c):
    """Eigenvalues of [[a, b], [b, c]]."""
    mean, r = (a + c) / 2, math.sqrt(((a - c) / 2) ** 2 + b * b)
    return mean - r, mean + r


def global_min(p):
    f = lambda x: 3 * x**4 - 4 * (p["a"] + p["b"]) * x**3 + 6 * p["a"] * p["b"] * x**2  # noqa: E731
    return min((p["a"], p["b"]), key=f)


def iterations(p):
    rho, e, k = abs(1 - p["rate"] * p["a"]), p["x0"], 0
    while rho**k * e > p["tol"] * (1 + 1e-12):
        k += 1
    return k


def hinge(p):
    margin = p["y"] * (p["w1"] * p["x1"] + p["w2"] * p["x2"])
    return [-p["y"] * p["x1"], -p["y"] * p["x2"]] if margin < 1 else [0.0, 0.0]


def max_slope(p):
    return p["a"] if p["a"] * p["x0"] + p["b"] > p["c"] * p["x0"] + p["d"] else p["c"]


def ista(p):
    moved = p["x0"] - p["rate"] * p["a"] * (p["a"] * p["x0"] - p["b"])
    return soft(moved, p["rate"] * p["lam"])


def classify_double_well(p):
    x0 = p["which"] * p["r"]
    hxx = 12 * x0**2 - 4 * p["r"] ** 2
    signs = {sign(hxx), sign(2 * p["b"])}
    return "saddle" if signs == {1, -1} else "minimum" if signs == {1} else "maximum"


def valley(u):
    return 2 * (u * u + 1 / (u * u))


def quad_saddle(p):
    a, b, c, d, e = (p[k] for k in "abcde")
    # 2a x + b y = -d ; b x - 2c y = -e
    det = 2 * a * (-2 * c) - b * b
    x = (-d * (-2 * c) - b * (-e)) / det
    y = (2 * a * (-e) - b * (-d)) / det
    return [[x, y]]


def directional(p):
    gx = 2 * p["a"] * p["x0"] * p["y0"]
    gy = p["a"] * p["x0"] ** 2 + 2 * p["b"] * p["y0"]
    d = p["dir"]
    return (gx * d[0] + gy * d[1]) / math.hypot(*d)


RECOMPUTE = {
    "optimization-lagrange-circle-line": lagrange_circle,
    "optimization-lagrange-product": lambda p: {"x": p["s"] / (2 * p["p"]), "y": p["s"] / (2 * p["q"]),
                                                "lambda": p["s"] / (2 * p["p"] * p["q"])},
    "optimization-lagrange-weighted": lambda p: (lambda lam: {"x": lam / (2 * p["a"]), "y": lam / (2 * p["b"]),
                                                              "lambda": lam})(
        2 * p["a"] * p["b"] * p["c"] / (p["a"] + p["b"])),
    "optimization-kkt-one-dimension": kkt_1d,
    "optimization-kkt-active-set": kkt_active,
    "optimization-graph-adjoints": lambda p: (lambda v: {"v_bar": 2 * v, "u_bar": 2 * v,
                                                         "x_bar": 2 * v * p["y0"] + 2 * v * p["b"],
                                                         "y_bar": 2 * v * p["x0"]})(
        p["x0"] * p["y0"] + p["b"] * p["x0"]),
    "optimization-graph-tangents": lambda p: {"u_dot": p["a"], "v_dot": p["a"] * p["y0"],
                                              "L_dot": 2 * (p["a"] * p["x0"] + p["y0"]) * p["y0"] * p["a"] * p["y0"]},
    "optimization-vector-jacobian-product": lambda p: [
        p["w1"] * 2 * p["a"] * p["x0"] * p["y0"] + p["w2"] * 1,
        p["w1"] * p["a"] * p["x0"] ** 2 + p["w2"] * 3 * p["y0"] ** 2],
    "optimization-jacobian-vector-product": lambda p: [
        p["y0"] * p["d1"] + p["x0"] * p["d2"], p["a"] * p["d1"] - 2 * p["y0"] * p["d2"]],
    "optimization-graph-chain-rule": None,  # an expression: checked by test_expression_answers
    "optimization-minibatch-gradient": lambda p: 2 / 3 * sum(
        p[f"x{i}"] * (p["w0"] * p[f"x{i}"] - p[f"y{i}"]) for i in (1, 2, 3)),
    "optimization-minibatch-sgd-step": minibatch_step,
    "optimization-nesterov-step": nesterov,
    "optimization-step-decay": lambda p: p["eta0"] * p["gamma"] ** math.floor(p["t"] / p["s"]),
    "optimization-exponential-decay": lambda p: p["eta0"] * math.exp(-p["k"] * p["t"]),
    "optimization-cosine-schedule": lambda p: p["eta_min"] + (p["eta_max"] - p["eta_min"]) * (
        1 + math.cos(math.pi * p["f"])) / 2,
    "optimization-adagrad-step": lambda p: (lambda g: p["x0"] - p["rate"] * g / math.sqrt(p["G0"] + g * g))(
        2 * p["a"] * p["x0"] + p["b"]),
    "optimization-adagrad-two-steps": adagrad_two,
    "optimization-adamw-first-step": adamw_1d,
    "optimization-adamw-2d": lambda p: [
        p["x0"] - p["rate"] * (sign(2 * p["a"] * p["x0"] + p["y0"]) + p["decay"] * p["x0"]),
        p["y0"] - p["rate"] * (sign(2 * p["c"] * p["y0"] + p["x0"]) + p["decay"] * p["y0"])],
    "optimization-convex-on-interval": convexity_on,
    "optimization-convex-quadratic": quadratic_convexity,
    "optimization-global-minimum": global_min,
    "optimization-gd-linear-rate": lambda p: max(abs(1 - p["rate"] * p["m"]), abs(1 - p["rate"] * p["L"])),
    "optimization-condition-number": lambda p: (p["a"] + abs(p["b"])) / (p["a"] - abs(p["b"])),
    "optimization-logsumexp": lambda p: p["a"] + p["d2"] + math.log(
        math.exp(p["d1"] - p["d2"]) + math.exp(-p["d2"]) + 1),
    "optimization-stable-softmax": lambda p: 1 / (1 + math.exp(p["d1"]) + math.exp(p["d2"])),
    "optimization-stable-log-sigmoid": lambda p: -(p["k"] + p["d"]) - math.log1p(math.exp(-(p["k"] + p["d"]))),
    "optimization-logits-loss-derivative": None,
    "optimization-clip-by-norm": lambda p: [p["c"] * g / math.hypot(*p["g"]) for g in p["g"]],
    "optimization-subdifferential-abs": lambda p: [p["b"] - p["a"], p["b"] + p["a"]],
    "optimization-subgradient-max": max_slope,
    "optimization-hinge-subgradient": hinge,
    "optimization-soft-threshold": lambda p: [soft(p["lam"] + p["p"], p["lam"]), soft(-(p["lam"] + p["q"]), p["lam"]),
                                              soft(p["r"] * p["lam"], p["lam"])],
    "optimization-ista-step": ista,
    "optimization-double-well-classify": classify_double_well,
    "optimization-symmetric-saddle-points": lambda p: [[-p["r"], 0], [0, 0], [p["r"], 0]],
    "optimization-sharpness": lambda p: eig2(2 * p["a"], p["b"], 2 * p["c"])[1],
    "optimization-flat-valley": lambda p: valley(p["p"]),
    "optimization-flatter-minimum": lambda p: "a" if valley(p["p"]) < valley(p["q"]) else "b",
    "optimization-bilinear-saddle": lambda p: [-p["b"], -p["a"]],
    "optimization-quadratic-saddle": quad_saddle,
    "optimization-gda-step": lambda p: [p["x0"] - p["rate"] * p["y0"], p["y0"] + p["rate"] * p["x0"]],
    "optimization-gda-alternating": lambda p: (lambda x1: [x1, p["y0"] + p["rate"] * p["a"] * x1])(
        p["x0"] - p["rate"] * p["a"] * p["y0"]),
    "optimization-gda-spirals": lambda p: 1 + p["rate"] ** 2,
    "optimization-directional-derivative": directional,
    "optimization-jacobian-matrix": None,
    "optimization-stable-rate": lambda p: 2 / (2 * max(p["a"], p["b"])),
    "optimization-iterations-to-tolerance": iterations,
    "optimization-fisher-bernoulli": lambda p: p["n"] / (p["p"] * (1 - p["p"])),
    "optimization-fisher-gaussian": lambda p: [1 / p["s"] ** 2, 0, 0, 2 / p["s"] ** 2],
    "optimization-natural-gradient-bernoulli": lambda p: p["p0"] - p["rate"] * (p["p0"] - p["k"] / p["n"]),
}

# expressions: (the expected derivative as a float function of the parameters and the variables)
EXPRESSIONS = {
    "optimization-graph-chain-rule": lambda p, w: 2 * (math.exp(p["a"] * w) - p["c"]) * p["a"] * math.exp(p["a"] * w),
    "optimization-logits-loss-derivative": lambda p, z: p["a"] / (1 + math.exp(-p["a"] * z)) - p["a"] * p["y0"],
}


@pytest.fixture(scope="module")
def registry():
    return get_registry([])


@pytest.fixture(scope="module")
def exercises(registry):
    return {i: spec for i, spec in load_library(registry).items() if i.startswith("optimization-")}


def plain(value):
    """A parameter as floats: a number, or a list for a vector."""
    if isinstance(value, Vector):
        return [float(e) for e in value.entries]
    return float(value)


def parameters(problem):
    return {p.name: plain(problem.values[p.name]) for p in problem.spec.parameters}


def as_floats(value):
    if isinstance(value, Vector):
        return [float(e) for e in value.entries]
    if isinstance(value, Matrix):
        return [float(e) for row in value.rows for e in row]
    if isinstance(value, SetValue):
        return sorted([float(e) for e in item.entries] for item in value.items)
    return float(value)


def test_every_exercise_is_recomputed(exercises):
    assert set(exercises) == set(RECOMPUTE)


@pytest.mark.parametrize("exercise", sorted(k for k, v in RECOMPUTE.items() if v is not None))
def test_expected_answers_match_an_independent_computation(exercise, exercises, registry):
    recompute = RECOMPUTE[exercise]
    for seed in SEEDS:
        problem = instantiate(exercises[exercise], seed, registry)
        mine = recompute(parameters(problem))
        value = problem.expected.value
        kind = problem.expected.kind
        if kind == "parts":
            theirs = dict(value.items)
            assert set(theirs) == set(mine), (exercise, seed)
            for label, number in mine.items():
                # the part is text in the input language: tutor's own checker reads it
                assert problem.expected.check(_with(value, label, number)).correct, (exercise, seed, label)
        elif kind == "subset":
            assert set(value.members) == mine, (exercise, seed)
        elif kind == "choice":
            assert value.lower() == mine.lower(), (exercise, seed)
        elif kind == "set":
            flat = [c for point in as_floats(value) for c in point]
            assert flat == pytest.approx([c for point in sorted(mine) for c in point]), (exercise, seed)
        else:
            assert as_floats(value) == pytest.approx(mine, rel=1e-9, abs=1e-12), (exercise, seed)


def _with(value, label, number):
    """The expected parts with one part replaced by a decimal of ours (12 digits)."""
    return ", ".join(f"{name} = {number!r}" if name == label else f"{name} = {t}" for name, t in value.items)


@pytest.mark.parametrize("exercise", sorted(EXPRESSIONS))
def test_expression_answers_match_a_float_derivative(exercise, exercises, registry):
    import sympy

    for seed in range(20):
        problem = instantiate(exercises[exercise], seed, registry)
        p = parameters(problem)
        (name,) = problem.spec.variables
        symbol = next(s for s in problem.expected.value.free_symbols if s.name == name)
        for point in (-0.7, 0.1, 0.45):
            theirs = float(problem.expected.value.subs(symbol, point).rewrite(sympy.exp))
            assert theirs == pytest.approx(EXPRESSIONS[exercise](p, point)), (exercise, seed, point)


def test_the_jacobian_matrix_matches_hand_partials(exercises, registry):
    for seed in range(20):
        problem = instantiate(exercises["optimization-jacobian-matrix"], seed, registry)
        a, b = (int(problem.values[k]) for k in ("a", "b"))
        x0, y0 = 0.7, -1.3
        hand = [[2 * x0 * y0, x0**2], [a, b * y0 ** (b - 1)],
                [y0 * math.exp(x0 * y0), x0 * math.exp(x0 * y0)]]
        rows = problem.expected.value.rows
        symbols = {s.name: s for row in rows for e in row for s in e.free_symbols}
        at = {symbols[n]: v for n, v in (("x", x0), ("y", y0)) if n in symbols}
        theirs = [float(e.subs(at)) for row in rows for e in row]
        assert theirs == pytest.approx([h for row in hand for h in row])
