"""The fast path for equations: tutor.checking.kinds.check_equation's verdict from the
answer's syntax tree, without building SymPy.

check_equation scales the answer's difference (left - right) so that it agrees with the
expected one at a rational point, then compares the two differences as expressions.
Here the difference's tree is evaluated exactly (Fractions) at that point, scaled by
the same exact factor, and compared by tutor.checking.quick.quick_entry, as an
expression answer would be. Only exact rational equations (variables, integers, + - * /
and integer powers) against an exact rational expected equation are judged here: for
them the SymPy path's every step (identity, sampling, expanding the difference) has
its counterpart on the tree. Anything else raises Undecided, and the caller builds
SymPy and judges as before.
"""

from __future__ import annotations

from fractions import Fraction

from tutor.checking.kinds import Judge, PreparedEquation
from tutor.checking.numeric import EXACT, Unsupported
from tutor.checking.quick import TreeEntry, Undecided, quick_entry
from tutor.checking.tree_numeric import compile_tree
from tutor.checking.verdict import CORRECT, INCORRECT, Verdict
from tutor.language import nodes

NOT_THE_SAME = "not the same equation: some points solve one but not the other"


def quick_equation(expected: PreparedEquation, tree, names: tuple, judge: Judge) -> Verdict:
    """check_equation(expected, answer, judge) for the answer's syntax ``tree``, or Undecided."""
    if not isinstance(tree, nodes.Relation) or tree.ops != ("=",) or expected.point is None \
            or not expected.value.is_Rational:
        raise Undecided("not an exact equation against a scaled exact one")
    prepared = expected.prepared
    if prepared.approximate or not prepared.free_symbols or prepared.exact_function is None \
            or prepared.region_points:
        raise Undecided("an expected equation that is not exact and rational")
    left, right = tree.operands
    difference = nodes.BinaryOp("-", left, right, tree.column)
    function = _compiled(difference, names, judge)
    try:
        theirs = function.closure(EXACT)(tuple(_fraction(expected.point[v]) for v in expected.variables))
    except (ArithmeticError, Unsupported):
        raise Undecided("the difference has no exact value at the scaling point") from None
    if theirs == 0:
        return Verdict(INCORRECT, 0.0, NOT_THE_SAME, "symbolic")
    scale = _fraction(expected.value) / theirs
    if scale != 1:
        difference = nodes.BinaryOp("*", _number(scale, tree.column), difference, tree.column)
        function = _compiled(difference, names, judge)
    comparison = quick_entry(prepared, TreeEntry(difference, function), judge)
    if comparison.correct:
        return Verdict(CORRECT, 1.0, "correct", comparison.method)
    return Verdict(INCORRECT, 0.0, NOT_THE_SAME, comparison.method)


def _compiled(tree, names: tuple, judge: Judge):
    try:
        function = compile_tree(tree, names, judge.limits)
    except (Unsupported, RecursionError, ValueError, ArithmeticError) as error:
        raise Undecided(str(error)) from None
    if not function.rational or function.approximate or function.kinked:
        raise Undecided("not an exact rational difference")
    return function


def _fraction(rational) -> Fraction:
    return Fraction(int(rational.p), int(rational.q))


def _number(value: Fraction, column: int):
    """The syntax tree of an exact rational number: p, p/q, or its negation."""
    size = abs(value)
    tree = nodes.Number(str(size.numerator), column)
    if size.denominator != 1:
        tree = nodes.BinaryOp("/", tree, nodes.Number(str(size.denominator), column), column)
    return nodes.Negate(tree, column) if value < 0 else tree
