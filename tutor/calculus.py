"""The calculus of the course as functions on values: derivatives, gradients, Hessians,
eigenvalues and classification, critical points, gradient-descent and Newton steps.

Values are SymPy expressions or tutor.language Vector / Matrix / SetValue. These
are the named operations exercise files call (registered by tutor.builtin.calculus)
and what the step engine's worked solutions compute with.
"""

from __future__ import annotations

import sympy

from tutor.language.values import Matrix, SetValue, Vector

CLASSIFICATIONS = ("minimum", "maximum", "saddle", "inconclusive")
MAX_DERIVATIVE_ORDER = 20  # diff(f, x, n)
MAX_DECIMAL_DIGITS = 100  # decimal(value, digits)


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


def variables_of(value, variables=None) -> tuple:
    """The variables to differentiate by: those given (a symbol or a vector), else sorted by name."""
    if variables is None:
        return tuple(sorted(_free_symbols(value), key=lambda s: s.name))
    if isinstance(variables, Vector):
        return tuple(variables.entries)
    return (variables,)


def _free_symbols(value) -> set:
    if isinstance(value, Vector):
        return set().union(*(e.free_symbols for e in value.entries))
    if isinstance(value, Matrix):
        return set().union(*(e.free_symbols for e in value.entries))
    return value.free_symbols


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


def diff(value, variable, order=1):
    """d^order value / d variable^order, entry by entry for vectors and matrices."""
    n = whole_number(order, "the order of a derivative", 0, MAX_DERIVATIVE_ORDER)
    if isinstance(value, Vector):
        return Vector(tuple(sympy.diff(e, variable, n) for e in value.entries), value.bracket)
    if isinstance(value, Matrix):
        return Matrix(tuple(tuple(sympy.diff(e, variable, n) for e in row) for row in value.rows))
    return sympy.diff(value, variable, n)


def gradient(f, variables=None) -> Vector:
    return Vector(tuple(sympy.diff(f, v) for v in variables_of(f, variables)))


def hessian(f, variables=None) -> Matrix:
    names = variables_of(f, variables)
    return Matrix(tuple(tuple(sympy.diff(f, a, b) for b in names) for a in names))


def at(value, variables, point):
    """value with the variables replaced by the point's coordinates: at(f, [x, y], [2, 3])."""
    names = variables_of(value, variables)
    coordinates = point.entries if isinstance(point, Vector) else (point,)
    if len(names) != len(coordinates):
        raise ValueError(f"{len(names)} variables but a point with {len(coordinates)} coordinates")
    mapping = dict(zip(names, coordinates))
    if isinstance(value, Vector):
        return Vector(tuple(e.subs(mapping) for e in value.entries), value.bracket)
    if isinstance(value, Matrix):
        return Matrix(tuple(tuple(e.subs(mapping) for e in row) for row in value.rows))
    if isinstance(value, SetValue):
        return SetValue(tuple(at(i, variables, point) for i in value.items))
    return value.subs(mapping)


def eigenvalues(matrix) -> SetValue:
    """The distinct eigenvalues of a square matrix."""
    values = to_sympy_matrix(matrix).eigenvals()
    return SetValue(tuple(sympy.nsimplify(v) if v.is_Float else sympy.radsimp(v) for v in values))


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
    if 1 in signs and -1 in signs:
        return "saddle"
    if 0 in signs:
        return "inconclusive"
    return "minimum" if signs == {1} else "maximum"


def classify(matrix) -> str:
    """Classify a critical point from the Hessian there (any number of variables)."""
    return classify_eigenvalues(to_sympy_matrix(matrix).eigenvals())


def critical_points(f, variables=None) -> SetValue:
    """The real points where every partial derivative of f is 0: vectors (x, y, ...),
    or plain numbers for a function of one variable."""
    names = variables_of(f, variables)
    equations = [sympy.diff(f, v) for v in names]
    solutions = sympy.solve(equations, names, dict=True)
    points = []
    for solution in solutions:
        point = tuple(sympy.simplify(solution.get(v, v)) for v in names)
        if all(c.is_real for c in point) and point not in points:
            points.append(point)
    if len(names) == 1:
        return SetValue(tuple(p[0] for p in points))
    return SetValue(tuple(Vector(p, "(") for p in points))


def gd_step(f, variables, start, rate):
    """One gradient-descent step: start - rate * grad f(start)."""
    names = variables_of(f, variables)
    point = start.entries if isinstance(start, Vector) else (start,)
    mapping = dict(zip(names, point))
    new = tuple(p - rate * sympy.diff(f, v).subs(mapping) for v, p in zip(names, point))
    return Vector(new, start.bracket) if isinstance(start, Vector) else new[0]


def newton_step(f, variables, start):
    """One Newton step for optimisation: start - H^-1 grad f, solving H d = grad f."""
    names = variables_of(f, variables)
    point = start.entries if isinstance(start, Vector) else (start,)
    mapping = dict(zip(names, point))
    grad = sympy.Matrix([sympy.diff(f, v).subs(mapping) for v in names])
    hess = sympy.Matrix([[sympy.diff(f, a, b).subs(mapping) for b in names] for a in names])
    if hess.det() == 0:
        raise ValueError("the Hessian is singular at the start point: no Newton step")
    step = hess.LUsolve(grad)
    new = tuple(sympy.nsimplify(p - d) if (p - d).is_Float else p - d for p, d in zip(point, step))
    return Vector(new, start.bracket) if isinstance(start, Vector) else new[0]


def newton_root_step(f, variable, start):
    """One Newton step for a root of f: start - f(start) / f'(start)."""
    value = f.subs(variable, start)
    slope = sympy.diff(f, variable).subs(variable, start)
    if slope == 0:
        raise ValueError("f' is 0 at the start point: no Newton step")
    return start - value / slope


def decimal(value, digits=4):
    """The value as a decimal with ``digits`` significant digits (entry by entry)."""
    n = whole_number(digits, "the number of digits", 1, MAX_DECIMAL_DIGITS)
    if isinstance(value, Vector):
        return Vector(tuple(sympy.Float(e.evalf(n + 2), n) for e in value.entries), value.bracket)
    return sympy.Float(value.evalf(n + 2), n)
