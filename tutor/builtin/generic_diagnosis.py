"""Generic diagnoses of wrong answers, for every exercise and kind (the built-in plugin
tutor.builtin.diagnosis offers them through the ``diagnose`` hook).

Tried after the exercise's own diagnoses and outside plugins. Each message is short and
names the mistake, not the answer:

- the function itself instead of its derivative, the derivative with respect to
  another variable, the value at another point (found from the problem's values:
  a function f and a point such that the expected answer is f′, ∇f or f′ at it);
- the negation (every entry of a vector or matrix too), the reciprocal;
- for answers with variables (both the expected one and the student's), a constant factor
  or an additive constant off;
- entries in the wrong order, a transposed matrix;
- a vector or matrix with some entries of the wrong sign, named by row and column.
"""

from __future__ import annotations

import itertools
import math
import re

import sympy

from tutor.checking.kinds import entry_name
from tutor.checking.numeric import FLOAT, Unsupported, compile_real, evaluate, sample_points
from tutor.derivatives import derivative as derivative_of
from tutor.language import to_unicode
from tutor.language.build import variable
from tutor.language.values import Matrix, SetValue, Vector

MAX_FUNCTIONS = 8  # values of a problem looked at as the function being differentiated
MAX_POINTS = 4


def generic_diagnosis(problem, answer):
    """A Diagnosis for a wrong answer that fits any exercise, or None."""
    from tutor.exercises.problem import Diagnosis

    match = _Matcher(problem)
    for candidate, message in _problem_candidates(problem, match):
        if match(candidate, answer):
            return Diagnosis(message)
    message = _shape_mistake(problem.expected.value, answer, match)
    return Diagnosis(message) if message else None


class _Matcher:
    """Whether two values are equal as the problem's answer kind judges them."""

    def __init__(self, problem):
        expected = problem.expected
        self.judge = expected.judge
        self.checker = expected.kinds[expected.kind].checker

    def __call__(self, candidate, value) -> bool:
        try:
            return self.checker(self.judge.prepare(candidate), value, self.judge).correct
        except (ArithmeticError, ValueError, TypeError, AttributeError, NotImplementedError):
            return False

    def entry(self, candidate, value) -> bool:
        try:
            return self.judge.entry(self.judge.prepare(candidate), value).correct
        except (ArithmeticError, ValueError, TypeError, AttributeError, NotImplementedError):
            return False


def _problem_candidates(problem, match) -> list:
    """Wrong answers this problem invites, with their messages; worked out once per variant (the
    ``shown`` memo is shared by the students whose seeds drew the same parameters)."""
    memo = getattr(problem, "shown", None)
    memo = problem.__dict__ if memo is None else memo
    cached = memo.get("generic_candidates")
    if cached is None:
        try:
            cached = _find_candidates(problem, match)
        except (ArithmeticError, ValueError, TypeError, AttributeError, NotImplementedError, RecursionError):
            cached = []
        memo["generic_candidates"] = cached
    return cached


def _find_candidates(problem, match) -> list:
    expected = problem.expected.value
    symbols = [variable(name) for name in problem.spec.variables]
    if not symbols or not isinstance(expected, (sympy.Expr, Vector, Matrix)):
        return []
    functions = [v for v in problem.values.values() if isinstance(v, sympy.Expr) and v.free_symbols
                 and v.free_symbols <= set(symbols)][:MAX_FUNCTIONS]
    points = _points(problem, symbols)
    found = []
    for function in functions:
        derivatives = {s: derivative_of(function, s) for s in symbols}
        shapes = [(derivatives[s], s) for s in symbols]
        if isinstance(expected, Vector) and len(expected) == len(symbols):
            shapes = [(Vector(tuple(derivatives[s] for s in symbols), expected.bracket), None)]
        for derivative, wrt in shapes:
            if match(derivative, expected):
                found.append((function, "That is the function itself: differentiate it."))
                if wrt is not None:
                    found += [(derivatives[s], f"That is the derivative with respect to {s}; "
                               f"differentiate with respect to {wrt}.") for s in symbols if s != wrt]
            for point in points:
                if not match(_at(derivative, symbols, point), expected):
                    continue
                found.append((_at(function, symbols, point), "That is the value of the function at the point, "
                                                              "not of its derivative."))
                if wrt is not None:
                    found += [(_at(derivatives[s], symbols, point), f"That is the derivative with respect to {s} "
                               f"at the point; differentiate with respect to {wrt}.") for s in symbols if s != wrt]
                found += _elsewhere(derivative, symbols, point, points)
    for function in functions + _containers(problem, expected, symbols):
        for point in points:
            if match(_at(function, symbols, point), expected):
                found.append((function, f"Evaluate it at {_shown(point)}."))
                found += _elsewhere(function, symbols, point, points)
    return found


def _containers(problem, expected, symbols) -> list:
    """Vectors and matrices of the variables, shaped like the expected answer (∇f, H)."""
    def shape(value):
        return (type(value), value.shape if isinstance(value, Matrix) else len(value))

    if not isinstance(expected, (Vector, Matrix)):
        return []
    return [v for v in problem.values.values() if isinstance(v, (Vector, Matrix)) and shape(v) == shape(expected)
            and any(getattr(e, "free_symbols", None) for e in v.entries)][:MAX_FUNCTIONS]


def _elsewhere(function, symbols, point, points) -> list:
    """The function at other points than ``point``: swapped, the origin, the problem's others."""
    others = [tuple(reversed(point)), tuple(sympy.S.Zero for _ in point)] + [p for p in points if p != point]
    if len(point) == 1:
        others += [(sympy.Integer(k),) for k in range(-3, 4)]  # a slip to a nearby whole number
    others = list(dict.fromkeys(others))
    message = f"That is the value at another point: evaluate at {_shown(point)}."
    return [(_at(function, symbols, other), message) for other in others if other != point]


def _points(problem, symbols) -> list:
    """Points the problem names: vectors of constants with one entry per variable, and for
    one variable, constants named after it (x0, x_1, ...)."""
    points = []
    for name, value in problem.values.items():
        if isinstance(value, Vector) and len(value) == len(symbols) and not any(
                getattr(e, "free_symbols", True) for e in value.entries):
            points.append(tuple(value.entries))
        elif len(symbols) == 1 and isinstance(value, sympy.Expr) and value.is_number \
                and (name.startswith(str(symbols[0])) or re.fullmatch(r"[a-z]+_?[0-9]", name)):
            points.append((value,))
    for suffix in ("0", "_0", "1", "_1"):  # x0, y0 given one by one
        named = [problem.values.get(f"{s}{suffix}") for s in symbols]
        if len(symbols) > 1 and all(isinstance(v, sympy.Expr) and v.is_number for v in named):
            points.append(tuple(named))
    return list(dict.fromkeys(points))[:MAX_POINTS]


def _at(value, symbols, point):
    substitution = dict(zip(symbols, point))
    if isinstance(value, Vector):
        return Vector(tuple(e.xreplace(substitution) for e in value.entries), value.bracket)
    if isinstance(value, Matrix):
        return Matrix(tuple(tuple(e.xreplace(substitution) for e in row) for row in value.rows))
    return value.xreplace(substitution)


def _shown(point) -> str:
    return to_unicode(point[0]) if len(point) == 1 else to_unicode(Vector(tuple(point), "("))


# -- mistakes of shape: sign, reciprocal, factor, constant, order, transpose -----------------

def _shape_mistake(expected, answer, match) -> str | None:
    if isinstance(expected, sympy.Expr) and isinstance(answer, sympy.Expr):
        return _scalar_mistake(expected, answer, match)
    if isinstance(expected, Vector) and isinstance(answer, Vector) and len(answer) == len(expected):
        return _vector_mistake(expected, answer, match)
    if isinstance(expected, Matrix) and isinstance(answer, Matrix):
        return _matrix_mistake(expected, answer, match)
    if isinstance(expected, SetValue) and isinstance(answer, SetValue) and expected.items and \
            all(isinstance(i, sympy.Expr) for i in expected.items + answer.items):
        if match(SetValue(tuple(-i for i in expected.items)), answer):
            return "Sign error: every item has the wrong sign."
    return None


def _scalar_mistake(expected, answer, match) -> str | None:
    if expected == 0:
        return None
    if match(-expected, answer):
        return "Sign error: your answer is the negative of the right one."
    if answer != 0 and not (expected.is_number and abs(expected) == 1) and match(1 / expected, answer):
        return "Upside down: your answer is the reciprocal of the right one."
    if not (expected.free_symbols and answer.free_symbols):
        return None  # two numbers always differ by a factor and by a constant: that says nothing
    factor = _constant_relation(answer, expected, lambda a, e: a / e)
    if factor is not None and factor not in (0, 1, -1) and match(factor * expected, answer):
        return "Off by a constant factor: look for a missing or extra factor (the chain rule, a power)."
    shift = _constant_relation(answer, expected, lambda a, e: a - e)
    if shift is not None and shift != 0 and match(expected + shift, answer):
        return "Off by a constant term: check the terms without a variable."
    return None


def _constant_relation(answer, expected, relation):
    """relation(answer, expected) when it is the same small rational at three points, else None."""
    symbols = tuple(sorted(answer.free_symbols | expected.free_symbols, key=str))
    try:
        f_answer, f_expected = compile_real(answer, symbols, FLOAT), compile_real(expected, symbols, FLOAT)
    except (Unsupported, RecursionError):
        return None
    seen = []
    for point in sample_points(len(symbols)):
        a, e = evaluate(f_answer, point), evaluate(f_expected, point)
        if a is None or e is None or e == 0:
            continue
        seen.append(relation(a, e))
        if len(seen) == 3:
            break
    if len(seen) < 3 or not all(math.isclose(v, seen[0], rel_tol=1e-9, abs_tol=1e-12) for v in seen):
        return None
    value = sympy.Rational(seen[0]).limit_denominator(12)
    if abs(float(value) - seen[0]) > 1e-9 * max(1.0, abs(seen[0])) or abs(value.p) > 100:
        return None
    return value


def _vector_mistake(expected, answer, match) -> str | None:
    if len(expected) > 1 and match(Vector(tuple(-e for e in expected.entries), expected.bracket), answer):
        return "Sign error: every entry has the wrong sign."
    if 1 < len(expected) <= 4:
        for order in itertools.permutations(expected.entries):
            if order != expected.entries and match(Vector(order, expected.bracket), answer):
                return "The entries are in the wrong order: list them in the order of the variables."
    signs = [str(i + 1) for i, (e, a) in enumerate(zip(expected.entries, answer.entries))
             if e != 0 and not match_entry(match, e, a) and match_entry(match, -e, a)]
    if signs:
        return f"Sign error in entry {', '.join(signs)}."
    return None


def _matrix_mistake(expected, answer, match) -> str | None:
    rows, columns = expected.shape
    if answer.shape == (columns, rows):
        transposed = Matrix(tuple(zip(*expected.rows)))
        if transposed != expected and match(transposed, answer):
            return "Your matrix is transposed: rows and columns are swapped."
    if answer.shape != expected.shape:
        return None
    if match(Matrix(tuple(tuple(-e for e in row) for row in expected.rows)), answer):
        return "Sign error: every entry has the wrong sign."
    signs = [entry_name(i, columns) for i, (e, a) in enumerate(zip(expected.entries, answer.entries))
             if e != 0 and not match_entry(match, e, a) and match_entry(match, -e, a)]
    if signs:
        return f"Sign error in {'; '.join(signs)}."
    return None


def match_entry(match, expected, answer) -> bool:
    return isinstance(answer, sympy.Expr) and match.entry(expected, answer)
