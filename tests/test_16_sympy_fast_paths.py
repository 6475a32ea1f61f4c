"""The cheaper ways generation computes with SymPy give SymPy's own results, exactly:
one-sided limits of rational functions (tutor.rational_limits) against sympy.limit,
derivatives of sums (tutor.derivatives) against sympy.diff, and sigma's entry in SymPy's
evalf table against evalf's generic path; and the library's limit exercises are the same
problems with the fast limits as with sympy.limit alone."""

from __future__ import annotations

import random

import pytest
import sympy
from sympy.core import evalf as sympy_evalf

from tutor import calculus_limits, rational_limits
from tutor.derivatives import derivative, mixed_derivative
from tutor.language.build import variable
from tutor.language.functions import sigma

x, y = variable("x"), variable("y")


def _random_factor(rng: random.Random):
    """A polynomial with rational roots (some repeated), sometimes expanded, shifted or |.|."""
    expr = sympy.Integer(rng.choice([-3, -2, -1, 1, 2, 3]))
    for _ in range(rng.randint(0, 3)):
        expr *= (x - sympy.Rational(rng.randint(-4, 4), rng.choice([1, 1, 2, 3]))) ** rng.randint(1, 3)
    if rng.random() < 0.3:
        expr = sympy.expand(expr)
    if rng.random() < 0.2:
        expr += rng.randint(-2, 2)
    if rng.random() < 0.25:
        expr = sympy.Abs(expr)
    return expr


def _rational_corpus(count: int, seed: int = 16):
    rng = random.Random(seed)
    found = []
    while len(found) < count:
        f = _random_factor(rng) / _random_factor(rng)
        if rng.random() < 0.3:
            f *= _random_factor(rng)
        if rng.random() < 0.2:
            f += _random_factor(rng) / _random_factor(rng)
        if not f.has(sympy.zoo, sympy.nan):
            found.append((f, sympy.Rational(rng.randint(-4, 4), rng.choice([1, 1, 2, 3]))))
    return found


HAND_PICKED = [  # poles of odd and even order, corners, cusps of |.|, removable holes, constants
    (1 / x, 0), (1 / x**2, 0), (-1 / (x - 1) ** 3, 1), ((x**2 - 4) / (x - 2), 2), ((x**2 - 4) / sympy.Abs(x - 2), 2),
    (sympy.Abs(x) / x, 0), (sympy.Abs(x**2 - 1) / (x - 1), 1), (sympy.Abs(x - 1) ** 3 / (x - 1) ** 2, 1),
    ((x - 3) ** 2 * (x + 1) / sympy.Abs(x - 3), 3), (sympy.Abs(x**3) / x**2, 0), (sympy.Integer(7), 2),
    (x**5 - x + 1, sympy.Rational(-1, 2)), (1 / (1 / x - 1), 1), (((2 + x) ** 3 - 8) / x, 0),
    ((sympy.Abs(3 * x - 2) + 4 * x - sympy.Abs(0)) / (x - sympy.Rational(2, 3)), sympy.Rational(2, 3)),
]
NOT_RATIONAL = [  # left to sympy.limit
    ((sympy.exp(x) - 1) / x, 0), (sympy.sqrt(x) / x, 0), (sympy.Float(0.5) * x / x**2, 0),
    (sympy.Abs(sympy.Abs(x) - 1) / (x - 1), 1), (x * y / x, 0), (sympy.sin(x) / x, 0), (1 / x, sympy.sqrt(2)),
]


@pytest.mark.parametrize("side", [1, -1])
def test_rational_limits_are_sympys(side):
    cases = HAND_PICKED + _rational_corpus(100)
    fast = 0
    for f, a in cases:
        found = rational_limits.one_sided_limit(f, x, sympy.sympify(a), side)
        if found is None:
            continue
        fast += 1
        expected = sympy.limit(f, x, a, "+" if side > 0 else "-")
        assert (found, type(found)) == (expected, type(expected)), (f, a, side)
    assert fast == len(cases)


def test_what_is_not_a_rational_function_is_left_to_sympy():
    for f, a in NOT_RATIONAL:
        assert rational_limits.one_sided_limit(f, x, a, 1) is None, f
    assert rational_limits.one_sided_limit(x / x**2, y, 0, 1) is None  # another variable
    assert calculus_limits.one_sided_limit((sympy.exp(x) - 1) / x, x, 0, 1) == 1  # through sympy.limit


def _limit_exercises(registry):
    from tutor.exercises.loader import load_library

    library = load_library(registry)
    return [spec for _, spec in sorted(library.items())
            if any(name in text for text in [spec.answer.value, *(t for _, t in spec.define)]
                   for name in ("limit(", "nondifferentiable_points("))]


def _problems(specs, registry, seeds):
    from tutor.exercises import Generator

    found = {}
    for spec in specs:
        generator = Generator(spec, registry)
        for seed in seeds:
            problem = generator.problem(seed)
            found[spec.id, seed] = (problem.prompt, problem.expected.value, problem.answer_text,
                                    [sympy.srepr(v) if isinstance(v, sympy.Basic) else repr(v)
                                     for v in problem.values.values()])
    return found


@pytest.mark.slow
def test_the_library_limit_exercises_are_the_same_problems_with_sympy_limit_alone(registry, monkeypatch):
    specs = _limit_exercises(registry)
    assert len(specs) >= 8, [s.id for s in specs]
    seeds = range(25)
    used = []
    fast = rational_limits.one_sided_limit

    def counted(*args):
        found = fast(*args)
        used.append(found is not None)
        return found

    monkeypatch.setattr(rational_limits, "one_sided_limit", counted)
    with_fast = _problems(specs, registry, seeds)
    assert sum(used) > len(specs) * len(seeds)  # the fast path did the work
    monkeypatch.setattr(rational_limits, "one_sided_limit", lambda *args: None)
    assert _problems(specs, registry, seeds) == with_fast


def _sums(count: int, seed: int = 16):
    rng = random.Random(seed)
    pieces = [lambda: x ** rng.randint(1, 4) * y ** rng.randint(0, 3), lambda: y * sympy.exp(rng.randint(-3, 3) * x),
              lambda: sympy.sin(rng.randint(1, 3) * x + y), lambda: sympy.log(x**2 + 1), lambda: sigma(x - y),
              lambda: sympy.Abs(x - rng.randint(-2, 2)), lambda: 1 / (x + y + 3), lambda: sympy.sqrt(x**2 + y**2),
              lambda: sympy.Float("0.25") * x * y, lambda: sympy.Rational(rng.randint(-9, 9), rng.randint(1, 4))]
    found = []
    for _ in range(count):
        terms = [rng.randint(-5, 5) * rng.choice(pieces)() for _ in range(rng.randint(2, 4))]
        found.append(sympy.Add(*terms))
    return found


@pytest.mark.slow
def test_derivatives_of_sums_are_sympys():
    z = variable("z")
    cases = _sums(50) + [x**2 + y, x * y + sympy.exp(x), sympy.Add(x, y, evaluate=False), y + 3]
    for f in cases:
        for v in (x, y, z):
            for order in (0, 1, 2, 3):
                assert sympy.srepr(derivative(f, v, order)) == sympy.srepr(sympy.diff(f, v, order)), (f, v, order)
    assert derivative(x**3, x, 2) == 6 * x and derivative(x * y, sympy.Symbol("q"), 1) == 0


@pytest.mark.slow
def test_mixed_derivatives_of_sums_are_sympys():
    z = variable("z")
    cases = _sums(40, seed=61) + [x * y + y**2, x**2 + y, sympy.exp(x) + y * sympy.sin(x), x * y * z + z]
    for f in cases:
        for first, second in ((x, y), (y, x), (x, x), (y, z), (z, y), (x, sympy.Symbol("w"))):
            assert sympy.srepr(mixed_derivative(f, first, second)) == sympy.srepr(sympy.diff(f, first, second)), \
                (f, first, second)


def test_sigma_evaluates_as_through_evalfs_generic_path(monkeypatch):
    arguments = [sympy.Integer(2), sympy.Rational(-7, 3), sympy.Float("0.5"), sympy.Float("-1.25", 30),
                 sympy.pi / 4, sympy.sqrt(2) - 3, sympy.I, 1 + 2 * sympy.I, x, sympy.Integer(-800)]
    expressions = [sigma(a) for a in arguments]
    expressions += [sigma(a) * (1 - sigma(a)) - sigma(2 * a) + 3 for a in arguments[:8]]
    expressions += [sigma(sympy.Float("0.5") * sigma(a) + sympy.Float("0.3")) for a in arguments[:6]]

    def evaluated():
        found = []
        for expr in expressions:
            for digits in (5, 15, 40):
                found.append(sympy.srepr(expr.evalf(digits)))
            found.append(sympy.srepr(expr.evalf(10, subs={x: sympy.Rational(1, 3)})))
        return found

    fast = evaluated()
    monkeypatch.delitem(sympy_evalf.evalf_table, sigma)
    assert evaluated() == fast
