"""The calculus of the course as functions on values: derivatives, gradients, Hessians,
eigenvalues and classification, critical points, gradient-descent and Newton steps.

Values are SymPy expressions or tutor.language Vector / Matrix / SetValue. These
are the named operations exercise files call (registered by tutor.builtin.calculus)
and what the step engine's worked solutions compute with: one implementation of each
computation (``gd_update``, ``newton_direction``, ``critical_points``, ``eigenvalues``,
``classify_eigenvalues``), and one variable order (tutor.language.values.ordered_variables:
x, y, z first, then by name).
"""

from __future__ import annotations

import functools
from fractions import Fraction

import mpmath

import sympy

from tutor.derivatives import derivative, mixed_derivative
from tutor.language.values import Matrix, SetValue, Vector, coordinates, map_entries, ordered_variables, point_mapping
from tutor.substitute import substituted

CLASSIFICATIONS = ("minimum", "maximum", "saddle", "inconclusive")
MAX_DERIVATIVE_ORDER = 20  # diff(f, x, n)
MAX_DECIMAL_DIGITS = 100  # decimal(value, digits)


REMEMBERED = 512  # results kept by each remembered computation


def remembered(function):
    """``function`` remembering its last REMEMBERED results by argument (values are immutable),
    so an answer key and the worked solution of the same problem compute an eigenvalue, a
    characteristic polynomial or the critical points once; unhashable arguments are not kept."""
    cached = functools.lru_cache(maxsize=REMEMBERED)(function)

    @functools.wraps(function)
    def call(*args):
        try:
            hash(args)
        except TypeError:
            return function(*args)
        return cached(*args)

    call.cache_clear = cached.cache_clear
    return call


def whole_number(value, what: str, low: int, high: int) -> int:
    """``value`` as an int in [low, high], or a ValueError that says which argument and why."""
    if isinstance(value, bool) or not (isinstance(value, int) or getattr(value, "is_Integer", False)):
        raise ValueError(f"{what} must be a whole number, not {_short(value)}")
    number = int(value)
    if not low <= number <= high:
        raise ValueError(f"{what} must be between {low} and {high}, not {_short(number)}")
    return number


def _short(value) -> str:
    if isinstance(value, int) and value.bit_length() > 100:
        return "a number of about %d digits" % int(value.bit_length() * 0.30103)
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def to_sympy_matrix(value) -> sympy.Matrix:
    if isinstance(value, Matrix):
        return sympy.Matrix([list(row) for row in value.rows])
    if isinstance(value, Vector):
        return sympy.Matrix(list(value.entries))
    raise TypeError(f"expected a matrix or a vector, not {type(value).__name__}")


def from_sympy_matrix(matrix: sympy.Matrix, as_vector: bool = False):
    if as_vector or matrix.cols == 1:
        return Vector(tuple(matrix))
    return Matrix(tuple(tuple(matrix.row(i)) for i in range(matrix.rows)))


EXPANSION_TERMS = 10 ** 6  # terms an exercise's expand() may make


def expand(value):
    """value multiplied out (entry by entry), refused when it would make more than
    EXPANSION_TERMS terms: (x + 1)^6000 is cheap to write, not to expand. Smaller
    expansions that are still slow stop at the generation time limit."""
    from tutor.errors import LimitError
    from tutor.language.magnitude import expansion_size

    limit = EXPANSION_TERMS

    def bounded(entry):
        if isinstance(entry, sympy.Basic) and expansion_size(entry) > limit:
            raise LimitError(f"expanding would make more than {limit:,} terms")
        return sympy.expand(entry)
    return map_entries(value, bounded)


def diff(value, variable, order=1):
    """d^order value / d variable^order, entry by entry for vectors and matrices."""
    n = whole_number(order, "the order of a derivative", 0, MAX_DERIVATIVE_ORDER)
    return map_entries(value, lambda e: derivative(e, variable, n))


def gradient(f, variables=None) -> Vector:
    return Vector(tuple(derivative(f, v) for v in ordered_variables(f, variables)))


def hessian(f, variables=None) -> Matrix:
    names = ordered_variables(f, variables)
    return Matrix(tuple(tuple(mixed_derivative(f, a, b) for b in names) for a in names))


def at(value, variables, point):
    """value with the variables replaced by the point's coordinates: at(f, [x, y], [2, 3])."""
    mapping = point_mapping(ordered_variables(value, variables), point)
    return map_entries(value, lambda e: substituted(e, mapping))


@remembered
def eigenvalues(matrix) -> SetValue:
    """The distinct eigenvalues of a square matrix."""
    values = to_sympy_matrix(matrix).eigenvals()
    return SetValue(tuple(sympy.nsimplify(v) if v.is_Float else sympy.radsimp(v) for v in values))


@remembered
def characteristic_polynomial(matrix, variable) -> sympy.Expr:
    """det(M - variable I), expanded."""
    m = to_sympy_matrix(matrix)
    return sympy.expand((m - variable * sympy.eye(m.rows)).det())


def determinant(matrix):
    return sympy.expand(to_sympy_matrix(matrix).det())


def inverse(matrix) -> Matrix:
    return from_sympy_matrix(to_sympy_matrix(matrix).inv())


def transpose(matrix) -> Matrix:
    return Matrix(tuple(zip(*matrix.rows)))


def matmul(left, right):
    """Matrix times matrix, or matrix times vector (a vector)."""
    product = to_sympy_matrix(left) * to_sympy_matrix(right)
    return from_sympy_matrix(product, as_vector=isinstance(right, Vector))


def classify_eigenvalues(values) -> str:
    """minimum / maximum / saddle / inconclusive from the signs of a Hessian's eigenvalues."""
    signs = set()
    for value in values:
        if value.is_zero:
            signs.add(0)
        elif value.is_positive:
            signs.add(1)
        elif value.is_negative:
            signs.add(-1)
        else:
            number = complex(value.evalf(30))
            signs.add(0 if abs(number.real) < 1e-12 else (1 if number.real > 0 else -1))
    return _kind_of_point(1 in signs, -1 in signs, 0 in signs)


def _kind_of_point(positive: bool, negative: bool, zero: bool) -> str:
    """minimum / maximum / saddle / inconclusive from which signs the eigenvalues take."""
    if positive and negative:
        return "saddle"
    if zero:
        return "inconclusive"
    return "minimum" if positive else "maximum"


@remembered
def classify(matrix) -> str:
    """Classify a critical point from the Hessian there (any number of variables); a symmetric
    matrix of rationals by the signs of its eigenvalues counted without computing them."""
    counts = _inertia(matrix)
    if counts is None:
        return classify_eigenvalues(to_sympy_matrix(matrix).eigenvals())
    positive, negative, zero = counts
    return _kind_of_point(positive > 0, negative > 0, zero > 0)


def _inertia(matrix) -> tuple[int, int, int] | None:
    """How many eigenvalues of a symmetric matrix of rationals are positive, negative and 0
    (with multiplicity), or None for any other value. Its eigenvalues are real, so Descartes'
    rule of signs on its characteristic polynomial counts the positive ones exactly."""
    rows = matrix.rows if isinstance(matrix, Matrix) else None
    n = len(rows) if rows else 0
    if not n or any(len(row) != n for row in rows) or not all(
            isinstance(e, sympy.Rational) for row in rows for e in row):
        return None
    if any(rows[i][j] != rows[j][i] for i in range(n) for j in range(i)):
        return None
    coefficients = _characteristic_coefficients([[Fraction(e.p, e.q) for e in row] for row in rows])
    zero = 0
    while coefficients[-1 - zero] == 0:
        zero += 1
    signs = [c > 0 for c in coefficients[:n + 1 - zero] if c != 0]
    positive = sum(a != b for a, b in zip(signs, signs[1:]))
    return positive, n - zero - positive, zero


def _characteristic_coefficients(a: list) -> list:
    """The coefficients of det(t·I − A), highest power first, exactly (Faddeev–LeVerrier)."""
    n = len(a)
    coefficients = [Fraction(1)]
    m = [[Fraction(0)] * n for _ in range(n)]
    for k in range(1, n + 1):
        m = [[sum(a[i][p] * m[p][j] for p in range(n)) + (coefficients[-1] if i == j else 0) for j in range(n)]
             for i in range(n)]
        trace = sum(sum(a[i][p] * m[p][i] for p in range(n)) for i in range(n))
        coefficients.append(-trace / k)
    return coefficients


@remembered
def critical_points(f, variables=None) -> SetValue:
    """The real points where every partial derivative of f is 0: vectors (x, y, ...),
    or plain numbers for a function of one variable."""
    names = ordered_variables(f, variables)
    equations = [derivative(f, v) for v in names]
    solutions = sympy.solve(equations, names, dict=True)
    points = []
    for solution in solutions:
        point = tuple(sympy.simplify(solution.get(v, v)) for v in names)
        if all(_may_be_real(c) for c in point) and point not in points:
            points.append(point)
    if len(names) == 1:
        return SetValue(tuple(p[0] for p in points))
    return SetValue(tuple(Vector(p, "(") for p in points))


def _may_be_real(coordinate) -> bool:
    """Whether a coordinate of a solution names real points: a number that is real, or an
    expression in the free coordinates that is real somewhere (1/y, sqrt(1 - x^2): a curve of
    critical points, kept rather than dropped because SymPy cannot say it is real everywhere)."""
    if coordinate.free_symbols:
        return coordinate.is_real is not False
    return bool(coordinate.is_real)


def gd_update(point: tuple, slope: tuple, rate) -> tuple:
    """One gradient-descent update of the coordinates: point − rate·∇f(point)."""
    return tuple(p - rate * g for p, g in zip(point, slope))


def gd_step(f, variables, start, rate):
    """One gradient-descent step: start - rate * grad f(start)."""
    names = ordered_variables(f, variables)
    mapping = point_mapping(names, start)
    new = gd_update(coordinates(start), tuple(substituted(derivative(f, v), mapping) for v in names), rate)
    return Vector(new, start.bracket) if isinstance(start, Vector) else new[0]


def newton_direction(hessian, gradient: tuple, point: tuple) -> tuple:
    """d with H·d = ∇f at the point, by LU decomposition (H is never inverted); a ValueError
    when H is singular there or d is not real."""
    h = to_sympy_matrix(hessian)
    where = ", ".join(str(c if c.is_Rational else sympy.Float(c, 4)) for c in point)
    singular = ValueError(f"the {'second derivative' if h.rows == 1 else 'Hessian'} is 0 (singular) at "
                          f"({where}): no Newton step")
    if h.det() == 0:
        raise singular
    try:
        d = tuple(h.LUsolve(sympy.Matrix(list(gradient))))
    except ValueError:  # SymPy's "Matrix det == 0; not invertible" for a nearly singular matrix of decimals
        raise singular from None
    if any(e.is_number and (not e.is_finite or e.has(sympy.I)) for e in d):
        raise ValueError(f"Newton's method left the real numbers at ({where})")
    return d


def newton_step(f, variables, start):
    """One Newton step for optimisation: start - d, where H d = grad f at start."""
    names = ordered_variables(f, variables)
    mapping = point_mapping(names, start)
    point = coordinates(start)
    grad = tuple(substituted(derivative(f, v), mapping) for v in names)
    hess = Matrix(tuple(tuple(substituted(mixed_derivative(f, a, b), mapping) for b in names) for a in names))
    step = newton_direction(hess, grad, point)
    new = tuple(sympy.nsimplify(p - d) if (p - d).is_Float else p - d for p, d in zip(point, step))
    return Vector(new, start.bracket) if isinstance(start, Vector) else new[0]


def newton_root_step(f, variable, start):
    """One Newton step for a root of f: start - f(start) / f'(start)."""
    value = substituted(f, {variable: start})
    slope = substituted(derivative(f, variable), {variable: start})
    if slope == 0:
        raise ValueError("f' is 0 at the start point: no Newton step")
    return start - value / slope


def decimal(value, digits=4):
    """The value as a decimal with ``digits`` significant digits (entry by entry)."""
    n = whole_number(digits, "the number of digits", 1, MAX_DECIMAL_DIGITS)
    return map_entries(value, lambda e: _decimal_entry(e, n))


def _decimal_entry(expr, digits: int):
    """``expr`` to ``digits`` significant digits; an exact expression that is 0 (σ(2) + σ(−2) − 1)
    is 0, not the round-off its evaluation leaves (evalf then finds no significant digit)."""
    value = expr.evalf(digits + 2)
    if value.is_Float and value._prec < mpmath.libmp.dps_to_prec(digits + 2) and not expr.has(sympy.Float):
        return sympy.Integer(0)
    return sympy.Float(value, digits)
