"""Generation's cheaper computations give SymPy's own results, exactly: derivatives of any
expression (not only of sums) against sympy.diff, a derivative remembered for the very
expression asked about and never for an equal one, a Hessian classified by the signs of its
eigenvalues counted without computing them against the eigenvalues themselves, and the zero
of a linear |u| argument against solveset."""

from __future__ import annotations

import random

import pytest
import sympy

from tutor import calculus
from tutor.calculus_limits import _linear_zero, nondifferentiable_points
from tutor.derivatives import derivative, mixed_derivative
from tutor.language.build import variable
from tutor.language.functions import sigma
from tutor.language.values import Matrix, Vector

x, y = variable("x"), variable("y")


def _expressions(count: int, seed: int):
    """Products, powers, quotients and compositions (not sums at the top), with exact and
    decimal coefficients."""
    rng = random.Random(seed)
    atoms = [lambda: x ** rng.randint(1, 4), lambda: y ** rng.randint(1, 3), lambda: sympy.exp(rng.randint(-3, 3) * x),
             lambda: sympy.sin(x * y), lambda: sympy.log(x**2 + 1), lambda: sigma(rng.randint(-3, 3) * x - y),
             lambda: sympy.Abs(x - rng.randint(-2, 2)), lambda: sympy.sqrt(x**2 + y**2),
             lambda: (rng.randint(1, 5) * x**2 + rng.randint(-9, 9)) ** rng.randint(2, 6),
             lambda: sympy.Float("0.25") * x, lambda: sympy.Rational(rng.randint(-9, 9), rng.randint(1, 4))]
    found = []
    while len(found) < count:
        left, right = rng.choice(atoms)(), rng.choice(atoms)()
        expr = rng.choice([left * right, left / (right + 3), left ** 2, sympy.exp(left) * right, left])
        if not isinstance(expr, sympy.Add) and not expr.has(sympy.zoo, sympy.nan):
            found.append(expr)
    return found


@pytest.mark.slow
def test_derivatives_of_any_expression_are_sympys():
    z = variable("z")
    g = sympy.Function("g")
    cases = _expressions(60, seed=16) + [x, sympy.Integer(3), x * y, sympy.Mul(2, x, evaluate=False), sigma(x),
                                         sympy.Derivative(g(x), x), g(x) * y, sympy.Integral(x * y, (x, 0, 1))]
    for f in cases:
        for v in (x, y, z):
            for order in (1, 2, 3):
                assert sympy.srepr(derivative(f, v, order)) == sympy.srepr(sympy.diff(f, v, order)), (f, v, order)
        for first, second in ((x, y), (y, x), (x, z)):
            assert sympy.srepr(mixed_derivative(f, first, second)) == sympy.srepr(sympy.diff(f, first, second)), \
                (f, first, second)


def test_a_derivative_is_remembered_for_the_same_expression_only():
    exact = sympy.Float("0.1", 15) * x**2 + y
    precise = sympy.Float("0.1", 30) * x**2 + y
    for f in (exact, precise, exact, precise):  # asked again, and an equal-looking one in between
        assert sympy.srepr(derivative(f, x)) == sympy.srepr(sympy.diff(f, x))
    half, half_precise = sympy.Float("0.5", 15) * x**3, sympy.Float("0.5", 30) * x**3
    assert hash(half) == hash(half_precise)  # one bucket of a dictionary; their derivatives differ in precision
    first, second = derivative(half, x), derivative(half_precise, x)
    assert sympy.srepr(first) == sympy.srepr(sympy.diff(half, x))
    assert sympy.srepr(second) == sympy.srepr(sympy.diff(half_precise, x))
    assert derivative(exact, x) is derivative(exact, x)


def _symmetric(rng: random.Random, n: int) -> Matrix:
    rows = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            value = sympy.Integer(rng.randint(-4, 4)) if rng.random() < 0.8 else \
                sympy.Rational(rng.randint(-9, 9), rng.randint(1, 5))
            rows[i][j] = rows[j][i] = value
    if n > 1 and rng.random() < 0.3:  # singular: the last row and column repeat the first
        for j in range(n):
            rows[n - 1][j] = rows[0][j]
            rows[j][n - 1] = rows[j][0]
    return Matrix(tuple(tuple(row) for row in rows))


def test_a_hessian_of_rationals_is_classified_as_by_its_eigenvalues():
    rng = random.Random(16)
    found = set()
    for _ in range(300):
        matrix = _symmetric(rng, rng.choice([1, 2, 2, 3]))
        by_eigenvalues = calculus.classify_eigenvalues(calculus.to_sympy_matrix(matrix).eigenvals())
        assert calculus.classify(matrix) == by_eigenvalues, matrix
        found.add(by_eigenvalues)
    assert found == {"minimum", "maximum", "saddle", "inconclusive"}


def test_other_matrices_are_classified_by_their_eigenvalues():
    not_symmetric = Matrix(tuple(tuple(sympy.Integer(e) for e in row) for row in ((1, 2), (0, 3))))
    rotation = Matrix(((sympy.Integer(0), sympy.Integer(-1)), (sympy.Integer(1), sympy.Integer(0))))
    decimals = Matrix(((sympy.Float("0.5"), sympy.Integer(0)), (sympy.Integer(0), sympy.Float("-2.5"))))
    symbolic = Matrix(((sympy.sqrt(2), sympy.Integer(1)), (sympy.Integer(1), sympy.sqrt(2))))
    assert [calculus.classify(m) for m in (not_symmetric, rotation, decimals, symbolic)] == \
        ["minimum", "inconclusive", "saddle", "minimum"]
    with pytest.raises(sympy.matrices.exceptions.NonSquareMatrixError):
        calculus.classify(Vector((sympy.Integer(1), sympy.Integer(2)), "["))


def test_the_zero_of_a_linear_argument_is_solvesets():
    rng = random.Random(16)
    for _ in range(300):
        a = sympy.Rational(rng.randint(-12, 12), rng.randint(1, 6))
        b = sympy.Rational(rng.randint(-12, 12), rng.randint(1, 6))
        if a == 0:
            continue
        for inner in (a * x - b, b - a * x, a * (x - b), (a * x + b) / 3, x + b, -x):
            zeros = sympy.solveset(inner, x, sympy.S.Reals)
            assert [sympy.srepr(z) for z in zeros] == [sympy.srepr(_linear_zero(inner, x))], inner
    for other in (x**2 - 1, x * y - 1, sympy.sqrt(2) * x - 1, x + sympy.pi, sympy.Float("0.5") * x - 1, x + y):
        assert _linear_zero(other, x) is None, other
    assert nondifferentiable_points(sympy.Abs(3 * x - 2) + x, x).items == (sympy.Rational(2, 3),)
    assert nondifferentiable_points(sympy.Abs(x**2 - 1), x).items == (-1, 1)


def test_the_kkt_operations_of_one_problem_solve_it_once(monkeypatch):
    from tutor_optimization import operations

    solved = []
    original = operations._solved_kkt
    monkeypatch.setattr(operations, "_solved_kkt", lambda *args: solved.append(args) or original(*args))
    monkeypatch.setattr(operations, "_SOLVED", {})
    f = (x - 4) ** 2 + (y - 1) ** 2
    constraints = Vector((x + y - 3, x - 2, -y), "[")
    variables = Vector((x, y), "[")
    assert operations.kkt_point(f, variables, constraints) == Vector((sympy.Integer(2), sympy.Integer(1)), "(")
    assert operations.kkt_multipliers(f, Vector((x, y), "["), constraints) == \
        Vector((sympy.Integer(0), sympy.Integer(4), sympy.Integer(0)))
    assert operations.kkt_active(f, variables, constraints).members == {"g1", "g2"}
    assert operations.kkt_degenerate(f, variables, constraints) == 1  # g1 holds with equality, μ1 = 0
    assert len(solved) == 1
    # a constraint equal to another but for a decimal's precision is a problem of its own
    for digits in (15, 30):
        decimal = Vector((x + y - sympy.Float("2.5", digits), x - 2, -y), "[")
        assert operations.kkt_point(f, variables, decimal) == Vector((sympy.Integer(2), sympy.Rational(1, 2)), "(")
    assert len(solved) == 3
