"""The fast path of checking: judge an answer from its syntax tree, without SymPy.

``quick_verdict(checker, prepared, tree, judge)`` runs a built-in checker (expression,
number, vector, matrix) on the answer's tree: each entry is compiled to numeric
closures (tutor.checking.tree_numeric) and compared with the prepared expected
Expression at the same sample points, by the same tests, as
tutor.checking.equivalence.compare does. It decides:

- a difference at a sample point where the answer is defined -> incorrect (the same
  point, reason and method as the SymPy path);
- exact rational expressions equal in floats and equal exactly (Fractions) at three
  random rational points -> correct, 'symbolic' (what expanding or cancelling finds).

Anything else raises Undecided inside the checker, and the caller builds SymPy and
judges as before: answers the fast path does not decide keep their verdicts.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from tutor.checking.equivalence import ENOUGH_POINTS, Expression, _differs_at
from tutor.checking.kinds import Judge
from tutor.checking.numeric import EXACT, FLOAT, MAGNITUDE, MP, Unsupported, evaluate, sample_points
from tutor.checking.tree_numeric import TreeFunction, compile_tree
from tutor.checking.verdict import CORRECT, INCORRECT, Verdict
from tutor.language import nodes
from tutor.language.magnitude import expansion_size
from tutor.language.values import Matrix, Vector

KINDS = ("expression", "number", "vector", "matrix")  # the built-in kinds it judges
EXACT_POINTS = 3  # random rational points at which exact rational expressions must agree
_RANDOM = random.SystemRandom()  # points nobody can aim an answer at


class Undecided(Exception):
    """The fast path cannot be sure of the verdict: build SymPy and judge as before."""


class TreeEntry:
    """An answer's entry as a syntax tree, standing where a SymPy expression would."""

    def __init__(self, tree, function: TreeFunction):
        self.tree = tree
        self.function = function

    @property
    def free_symbols(self):
        if self.function.variables:
            raise Undecided("SymPy may cancel the variables of a number answer")
        return set()


@dataclass(frozen=True)
class QuickJudge(Judge):
    """A Judge whose entries are TreeEntries, compared without SymPy."""

    def entry(self, expected, answer) -> Verdict:
        if not isinstance(answer, TreeEntry) or not isinstance(expected, Expression):
            raise Undecided("not an expression entry")
        return quick_entry(expected, answer, self)


def tree_value(tree, names: tuple, limits):
    """The answer's value with TreeEntries for expressions: an expression, a vector or a
    matrix, as the Builder would make it; Undecided for anything else."""
    if isinstance(tree, nodes.Sequence):
        if tree.kind == "set" or not tree.items:
            raise Undecided("sets are compared with SymPy")
        nested = [isinstance(item, nodes.Sequence) for item in tree.items]
        if not any(nested):
            return Vector(tuple(_entry(item, names, limits) for item in tree.items),
                          "(" if tree.kind == "tuple" else "[")
        if tree.kind != "vector" or not all(nested) or any(row.kind != "vector" for row in tree.items):
            raise Undecided("a mixed or nested sequence")
        if len({len(row.items) for row in tree.items}) != 1 or any(
                isinstance(e, nodes.Sequence) for row in tree.items for e in row.items):
            raise Undecided("rows of different lengths")
        return Matrix(tuple(tuple(_entry(e, names, limits) for e in row.items) for row in tree.items))
    return _entry(tree, names, limits)


def _entry(tree, names, limits) -> TreeEntry:
    try:
        return TreeEntry(tree, compile_tree(tree, names, limits))
    except (Unsupported, RecursionError, ValueError, ArithmeticError) as error:
        raise Undecided(str(error)) from None


class _TreeExpression:
    """A TreeEntry in the role of a prepared Expression for equivalence's point tests."""

    exact_digits = 0  # numbers beyond double precision are left to SymPy (see compile_tree)

    def __init__(self, function: TreeFunction, variables: tuple):
        self.function = function
        self.variables = variables
        self.float_function = function.closure(FLOAT)
        self.undefined = False

    def value_at(self, point):
        value = evaluate(self.float_function, point)
        if value is None:
            self.undefined = True  # SymPy's form may be defined here (x/x is 1): not ours to judge
        return value

    @property
    def mp_function(self):
        try:
            return self.function.closure(MP)
        except Unsupported:
            return None

    @property
    def magnitude_function(self):
        try:
            return self.function.closure(MAGNITUDE)
        except Unsupported:
            return None

    def digits_needed(self, point) -> int:
        function = self.magnitude_function
        size = evaluate(function, point) if function is not None else None
        if size is None and function is not None:
            raise Undecided("magnitudes beyond the float range")
        if not size or size <= 1:
            return 0
        return int(math.log10(size)) + 1


def quick_entry(expected: Expression, answer: TreeEntry, judge: Judge) -> Verdict:
    """One entry: a Verdict as judge.entry would give it, or Undecided."""
    function = answer.function
    if not expected.expr.free_symbols:
        if function.variables:
            raise Undecided("SymPy may cancel the variables")
        expected = expected.constant_form
    approximate = expected.approximate or function.approximate
    tolerance = judge.tolerance if approximate else None
    candidate = _TreeExpression(function, expected.variables)
    points = sample_points(len(expected.variables)) if expected.variables else ((),)
    valid = 0
    for point in points:
        outcome = _differs_at(expected, candidate, point, tolerance)
        if candidate.undefined:
            raise Undecided("the answer is undefined at a sample point")
        if outcome is True:
            valid += 1
            if valid >= ENOUGH_POINTS:
                break
        elif outcome is not False:
            if outcome.method == "tolerance" and tolerance.accept_rounded and not function.variables:
                raise Undecided("a decimal may be the expected value correctly rounded")
            return Verdict(INCORRECT, 0.0, "not equivalent to the expected answer: " + outcome.reason,
                           outcome.method)
    if valid and _exactly_equal(expected, function, judge):
        return Verdict(CORRECT, 1.0, "correct", "symbolic")
    raise Undecided("equal in floats: SymPy decides how")


def _exactly_equal(expected: Expression, function: TreeFunction, judge: Judge) -> bool:
    """Exact rational expressions, small enough that SymPy would expand or cancel their
    difference, equal at EXACT_POINTS random rational points (a nonzero rational function
    of degree d vanishes at a random point of 2^62 candidates per coordinate with
    probability at most d / 2^62)."""
    if expected.approximate or function.approximate or not function.rational or function.kinked:
        return False
    exact = expected.exact_function
    if exact is None or expected.region_points:
        return False
    if expansion_size(expected.expr) + function.expansion > judge.limits.max_expansion // 10:
        return False
    closure = function.closure(EXACT)
    dimension = len(expected.variables)
    agreed = 0
    for _ in range(2 * EXACT_POINTS):
        point = tuple(_random_rational() for _ in range(dimension))
        theirs = evaluate(exact, point, EXACT)
        try:
            ours = closure(point)
        except ArithmeticError:
            continue
        if theirs is None:
            continue
        if theirs != ours:
            return False
        agreed += 1
        if agreed >= EXACT_POINTS:
            return True
    return False


def _random_rational():
    from fractions import Fraction

    return Fraction(_RANDOM.randrange(-2 ** 31, 2 ** 31), _RANDOM.randrange(1, 2 ** 31))
