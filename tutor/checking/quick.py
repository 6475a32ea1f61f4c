"""The fast path of checking: judge an answer from its syntax tree, without SymPy.

``quick_verdict(checker, prepared, tree, judge)`` runs a built-in checker (expression,
number, vector, matrix) on the answer's tree: each entry is compiled to numeric
closures (tutor.checking.tree_numeric) and compared with the prepared expected
Expression at the same sample points, by the same tests, as
tutor.checking.equivalence.compare does. It decides:

- a difference at a sample point where the answer is defined -> incorrect (the same
  point, reason and method as the SymPy path);
- exact rational expressions equal in floats and equal modulo a random prime at three
  random points -> correct, 'symbolic' (what expanding or cancelling finds);
- answers equal in floats whose trees tell what SymPy's symbolic step would find
  (tutor.checking.sympy_outcome): square-root constants exactly equal -> correct,
  'symbolic'; a function that stays in the difference -> confirmed in mpmath, 'numeric'.

Anything else raises Undecided inside the checker, and the caller builds SymPy and
judges as before: answers the fast path does not decide keep their verdicts.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from tutor.checking.equivalence import (CONFIRM_POINTS, ENOUGH_POINTS, Expression, _differs_at, _symbolic, _where,
                                        persists)
from tutor.checking.kinds import Judge, _rounds_to
from tutor.checking.numeric import (FLOAT, MAGNITUDE, MODULAR, MODULUS, MP, Unsupported, evaluate, modular_points,
                                    sample_points)
from tutor.checking.sympy_outcome import keeps_a_function, surds_equal
from tutor.checking.tree_numeric import TreeFunction, compile_shared, operand_chain
from tutor.checking.verdict import CORRECT, INCORRECT, Verdict
from tutor.language import nodes
from tutor.language.values import Matrix, SetValue, Vector

KINDS = ("expression", "number", "vector", "matrix", "set")  # the built-in kinds it judges
EXACT_POINTS = 3  # random points at which exact rational expressions must agree (modulo a prime)


class Undecided(Exception):
    """The fast path cannot be sure of the verdict: build SymPy and judge as before."""


class TreeEntry:
    """An answer's entry as a syntax tree, standing where a SymPy expression would."""

    def __init__(self, tree, function: TreeFunction):
        self.tree = tree
        self.function = function

    @property
    def key(self):
        memo = self.function.memo  # the key depends on the tree's shape only: work it out once per shape
        if "key" not in memo:
            memo["key"] = tree_key(self.tree)
        return memo["key"]

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
    """The answer's value with TreeEntries for expressions: an expression, a vector, a
    matrix or a set, as the Builder would make it; Undecided for anything else."""
    if isinstance(tree, nodes.Sequence):
        if not tree.items:
            raise Undecided("an empty sequence")
        if tree.kind == "set":
            return _set(tree, names, limits)
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


def _set(tree, names, limits) -> SetValue:
    """A set of expressions or points. The Builder drops items equal to an earlier one;
    items that are not surely different at a sample point are left to SymPy."""
    items = []
    for item in tree.items:
        if isinstance(item, nodes.Sequence):
            if item.kind == "set" or any(isinstance(e, nodes.Sequence) for e in item.items) or not item.items:
                raise Undecided("a set of sets or matrices")
            items.append(Vector(tuple(_entry(e, names, limits) for e in item.items),
                                "(" if item.kind == "tuple" else "["))
        else:
            items.append(_entry(item, names, limits))
    point = sample_points(len(names))[0] if names else ()
    values = [_values_at(item, point) for item in items]
    for i, first in enumerate(values):
        for second in values[:i]:
            if len(first) == len(second) and all(abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)
                                                 for a, b in zip(first, second)):
                raise Undecided("two items may be the same")
    return SetValue(tuple(items))


def _values_at(item, point) -> tuple:
    entries = item.entries if isinstance(item, Vector) else (item,)
    values = tuple(evaluate(e.function.closure(FLOAT), point) for e in entries)
    if any(v is None for v in values):
        raise Undecided("an item undefined at a sample point")
    return values


def _entry(tree, names, limits) -> TreeEntry:
    try:
        return TreeEntry(tree, compile_shared(tree, names, limits))
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
        self._point = self._value = None  # the last point evaluated (quick_entry, then _differs_at)

    def value_at(self, point):
        if point is self._point:
            return self._value
        value = evaluate(self.float_function, point)
        if value is None:
            self.undefined = True  # SymPy's form may be defined here (x/x is 1): not ours to judge
        self._point, self._value = point, value
        return value

    @cached_property
    def mp_function(self):
        try:
            return self.function.closure(MP)
        except Unsupported:
            return None

    def mp_value(self, point):
        return evaluate(self.mp_function, point, MP) if self.mp_function is not None else None

    @cached_property
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


_MEMO_SIZE = 64  # entry verdicts remembered per expected expression
_memos: "weakref.WeakKeyDictionary[Expression, dict]" = weakref.WeakKeyDictionary()


def quick_entry(expected: Expression, answer: TreeEntry, judge: Judge) -> Verdict:
    """One entry: a Verdict as judge.entry would give it, or Undecided.

    The verdict depends on the answer's tree only through its shape (the tree without its
    columns): it is remembered per expected expression and answer shape, so the many
    answers of one shape to one problem (2x, 2*x, 2 x) are judged once."""
    shape = answer.function.shape
    if shape is None:
        return _judged(expected, answer, judge)
    memo = _memos.get(expected)
    if memo is None:
        memo = _memos.setdefault(expected, {})
    tolerance, limits = judge.tolerance, judge.limits
    key = (shape, answer.function.names, id(tolerance), id(limits))  # known by identity, not hashed
    entry = memo.get(key)
    if entry is not None and entry[0] is tolerance and entry[1] is limits:
        found = entry[2] if len(entry) == 3 else entry[2:]
    else:
        try:
            verdict = _judged(expected, answer, judge)
            found = (verdict.status, verdict.score, verdict.message, verdict.method)
        except Undecided as undecided:
            found = str(undecided)
        if len(memo) < _MEMO_SIZE:
            # one flat tuple per entry, not a tuple in a tuple: fewer objects for the gc to walk
            memo[key] = (tolerance, limits, found) if type(found) is str else (tolerance, limits, *found)
    if type(found) is str:
        raise Undecided(found)
    return Verdict(*found)


def _judged(expected: Expression, answer: TreeEntry, judge: Judge) -> Verdict:
    function = answer.function
    if not expected.free_symbols:
        if function.variables:
            raise Undecided("SymPy may cancel the variables")
        expected = expected.constant_form
    approximate = expected.approximate or function.approximate
    tolerance = judge.tolerance if approximate else None
    candidate = _TreeExpression(function, expected.variables)
    points = sample_points(len(expected.variables)) if expected.variables else ((),)
    valid = []
    for point in points:
        # _differs_at(expected, candidate, point, tolerance), with its common outcome found
        # first: values this close agree whatever the scale of the terms
        e = expected.value_at(point)
        if e is None:
            continue  # the expected answer is undefined here: no test
        a = candidate.value_at(point)
        if a is None:
            if _identical(expected, answer):
                return Verdict(CORRECT, 1.0, "correct", "symbolic")
            raise Undecided("the answer is undefined at a sample point")
        if type(e) is float and abs(a - e) <= (1e-6 * max(abs(a), abs(e)) + 1e-12 if tolerance is None else
                                               (tolerance.rtol * abs(e) + tolerance.atol) * (1 + 1e-12) + 1e-300):
            outcome = True
        else:
            outcome = _differs_at(expected, candidate, point, tolerance)
        if outcome is True:
            valid.append(point)
            if len(valid) >= ENOUGH_POINTS:
                break
        elif outcome is not False:
            if outcome.method == "tolerance" and tolerance.accept_rounded and not function.variables \
                    and _rounded(expected, answer.tree):
                return Verdict(CORRECT, 1.0, "correct", "tolerance")
            return Verdict(INCORRECT, 0.0, "not equivalent to the expected answer: " + outcome.reason,
                           outcome.method)
    exactly = None
    if tolerance is None and valid and not function.kinked:
        # where the steps below would reach _exactly_equal, its answer decides as _identical's
        # would (both 'symbolic'), and it is the cheaper of the two
        exactly = _exactly_equal(expected, function, judge)
        if exactly:
            return Verdict(CORRECT, 1.0, "correct", "symbolic")
    if _identical(expected, answer):
        return Verdict(CORRECT, 1.0, "correct", "symbolic")  # compare's first test
    if not valid or expected.region_points or function.kinked:
        raise Undecided("no point to judge at, or kinks between the points")
    different_functions = bool(expected.function_names - function.functions)
    if tolerance is not None and (different_functions or (not expected.approximate and not function.loose_decimals)
                                  or not function.approximate):
        # not identical: the answer's decimals stay decimals in SymPy and the expected answer
        # has none, or the answer has no decimal (so SymPy's value of it has no Float) and
        # the expected answer has one, or the expected answer applies a function the answer
        # never calls
        return Verdict(CORRECT, 1.0, "correct", "tolerance")
    if tolerance is None and different_functions and function.digits <= 15:
        # not identical, and a function of the variables stays in the difference, so that
        # compare leaves expanding aside and confirms in mpmath (_confirm_mp)
        return _confirmed(expected, candidate, valid)
    if exactly if exactly is not None else _exactly_equal(expected, function, judge):
        return Verdict(CORRECT, 1.0, "correct", "symbolic")
    if tolerance is None:
        known = _known_without_sympy(expected, answer, candidate, judge, valid)
        if known is not None:
            return known
    return _decided_with_sympy(expected, answer, tolerance, judge, valid)


def _known_without_sympy(expected: Expression, answer: TreeEntry, candidate: "_TreeExpression", judge: Judge,
                         valid: list) -> Verdict | None:
    """_decided_with_sympy's verdict for an exact answer equal in floats, where the trees tell
    what SymPy would find (tutor.checking.sympy_outcome); None where only SymPy can."""
    function = answer.function
    if function.digits > 15 or function.approximate or expected.approximate:
        return None
    if not expected.variables:
        if not function.variables and expected.expansion + function.expansion <= judge.limits.max_expansion // 10 \
                and surds_equal(expected, answer.tree):
            return Verdict(CORRECT, 1.0, "correct", "symbolic")  # what expanding their difference finds
        return None
    expected_key, answer_key = _expected_key(expected), answer.key
    if expected_key is None or answer_key is None or candidate.mp_function is None or not keeps_a_function(
            expected_key, answer_key, frozenset(v.name for v in expected.variables)):
        return None
    try:  # compare's _confirm_mp; a difference that persists is left to SymPy, for its reason
        return _confirmed(expected, candidate, valid)
    except Undecided:
        return None


def _decided_with_sympy(expected: Expression, answer: TreeEntry, tolerance, judge: Judge, valid: list) -> Verdict:
    """Equal in floats at the same points as compare found: the rest of compare on this
    entry built in SymPy (identity, expanding or cancelling, mpmath confirmation), without
    sampling again."""
    from tutor.errors import ParseError
    from tutor.language.build import Builder

    try:
        value = Builder(judge.limits).build(answer.tree)
    except (ParseError, ArithmeticError, ValueError, TypeError, RecursionError):
        raise Undecided("the answer's value: as the SymPy path builds it") from None
    if value == expected.expr:
        return Verdict(CORRECT, 1.0, "correct", "symbolic")
    if tolerance is not None:
        return Verdict(CORRECT, 1.0, "correct", "tolerance")
    comparison = _symbolic(expected.expr, value, expected.variables, judge.limits)
    if comparison is None:  # compare's _confirm_mp, which gives these verdicts with its reasons
        point = _persisting_point(expected, Expression(value, expected.variables), valid)
        if point is not None:
            return Verdict(INCORRECT, 0.0, "not equivalent to the expected answer: " + _where(
                expected.variables, point) + " (a small but real difference)", "numeric")
        return Verdict(CORRECT, 1.0, "correct", "numeric")
    if comparison.equal:
        return Verdict(CORRECT, 1.0, "correct", comparison.method)
    return Verdict(INCORRECT, 0.0, "not equivalent to the expected answer: " + comparison.reason, comparison.method)


def _identical(expected: Expression, answer: TreeEntry) -> bool:
    key = _expected_key(expected)
    return key is not None and key == answer.key


def _confirmed(expected: Expression, candidate: "_TreeExpression", valid: list) -> Verdict:
    """compare's _confirm_mp on the tree: a difference that persists at 60 digits is left to SymPy."""
    if _persisting_point(expected, candidate, valid) is not None:
        raise Undecided("a small but real difference")
    return Verdict(CORRECT, 1.0, "correct", "numeric")


def _persisting_point(expected: Expression, answer: Expression, valid: list):
    """The first of compare's confirmation points where the difference persists at 60 digits, or None."""
    return next((point for point in valid[:CONFIRM_POINTS] if persists(expected, answer, point)), None)


class _Written(float):
    """A decimal as the rounding rule sees it (a SymPy Float there)."""

    is_Float = True


def _rounded(expected: Expression, tree) -> bool:
    """Whether a constant answer is a decimal that is the expected value correctly rounded
    (tutor.checking.kinds._rounds_to); Undecided for a constant that is not one decimal."""
    sign = ""
    if isinstance(tree, nodes.Negate):
        sign, tree = "-", tree.operand
    if not isinstance(tree, nodes.Number) or ("." not in tree.text and "e" not in tree.text.lower()):
        raise Undecided("a constant that SymPy may make a decimal")
    text = sign + tree.text
    return _rounds_to(_Written(text), expected.expr, text)


def _exactly_equal(expected: Expression, function: TreeFunction, judge: Judge) -> bool:
    """Exact rational expressions, small enough that SymPy would expand or cancel their
    difference, equal modulo a random prime p of 62 bits at EXACT_POINTS random points
    (tutor.checking.numeric.MODULAR: a nonzero rational function of degree d vanishes
    at a random point with probability at most d / 2^61)."""
    if expected.approximate or function.approximate or not function.rational or function.kinked:
        return False
    if expected.region_points or expected.expansion + function.expansion > judge.limits.max_expansion // 10:
        return False
    theirs = expected.residues
    if theirs is None:
        return False
    try:
        closure = function.closure(MODULAR, keep=False)  # used once per answer: not kept
    except Unsupported:
        return False  # an integer exponent that is not a literal (x^--2)
    agreed = 0
    for point, value in zip(modular_points(len(expected.variables)), theirs):
        if value is None:
            continue
        try:
            ours = closure(point) % MODULUS
        except ArithmeticError:
            continue
        if ours != value:
            return False
        agreed += 1
        if agreed >= EXACT_POINTS:
            return True
    return False


# -- identity: the same SymPy expression, known from the trees -------------------------------
_CANONICAL_FUNCTIONS = {"ln": "log", "arcsin": "asin", "arccos": "acos", "arctan": "atan", "sigmoid": "sigma"}
_ONE = 1
_EMPTY = frozenset()  # the monomial of a number


class _NoKey(Exception):
    """The tree is beyond what tree_key can promise."""


def tree_key(tree):
    """A key such that two trees with equal keys build the same SymPy expression, or None.

    The tree is normalised only by rewritings that SymPy's own construction always does
    too: sums and products in any order and nesting, like terms and like powers
    combined, exact numbers multiplied out, a number times a single sum distributed,
    integer powers of products and of powers, e^z as exp(z), sqrt(z) as z^(1/2). Decimals
    are kept as written and refused beside other numbers (their sum depends on order).
    Equal keys then mean SymPy builds the same expression: 'identical' for compare.
    """
    try:
        return _freeze(_normal(tree))
    except (_NoKey, RecursionError, ValueError, ZeroDivisionError, OverflowError):
        return None


def _normal(tree) -> dict:
    """A sum: {monomial: coefficient}, a monomial a sorted tuple of (base key, exponent)."""
    kind = type(tree)
    if kind is nodes.Number:
        text = tree.text
        if "." not in text and "e" not in text.lower():
            return {_EMPTY: int(text)}
        mantissa = text.lower().partition("e")[0]
        if len(mantissa.replace(".", "").lstrip("0")) > 15:
            raise _NoKey
        return _atom(("f", str(Decimal(text).normalize())))
    if kind is nodes.Variable:
        return _atom(("v", tree.name))
    if kind is nodes.Constant:
        return _atom(("c", tree.name))
    if kind is nodes.Negate:
        return {m: -c for m, c in _normal(tree.operand).items()}
    if kind is nodes.BinaryOp and tree.op in "+-":
        total: dict = {}
        for op, node in operand_chain(tree, "+-"):
            for m, c in _normal(node).items():
                total[m] = total.get(m, 0) + (c if op == "+" else -c)
        return _sum(total)
    if kind is nodes.BinaryOp and tree.op in "*/":
        factors = [_normal(node) if op == "*" else _power(_normal(node), {_EMPTY: -1})
                   for op, node in operand_chain(tree, "*/")]
        return _product(factors)
    if kind is nodes.BinaryOp:
        if isinstance(tree.left, nodes.Constant) and tree.left.name == "e":
            return _atom(("call", "exp", _freeze(_normal(tree.right))))
        return _power(_normal(tree.left), _normal(tree.right))
    if kind is nodes.Call and len(tree.args) == 1:
        argument = _normal(tree.args[0])
        if tree.function == "sqrt":
            value = _power(argument, {_EMPTY: Fraction(1, 2)})
        else:
            value = _atom(("call", _CANONICAL_FUNCTIONS.get(tree.function, tree.function), _freeze(argument)))
        return value if tree.power is None else _power(value, {_EMPTY: tree.power})
    raise _NoKey


def _atom(key) -> dict:
    return {frozenset(((key, _ONE),)): _ONE}


def _sum(total: dict) -> dict:
    total = {m: _exact(c) for m, c in total.items() if c != 0}
    floats = [m for m in total if any(base[0] == "f" for base, _ in m)]
    if floats and (len(floats) > 1 or _EMPTY in total):
        raise _NoKey  # SymPy adds these numbers, in an order of its own
    return total


def _exact(number):
    """An int for a whole Fraction: equal keys hash and compare alike."""
    return int(number) if isinstance(number, Fraction) and number.denominator == 1 else number


def _rational(value) -> bool:
    return isinstance(value, (int, Fraction))


def _product(factors: list) -> dict:
    coefficient, powers, sums = 1, {}, []
    for factor in factors:
        if len(factor) == 1:
            (monomial, c), = factor.items()
            coefficient *= c
            for base, exponent in monomial:
                _combine(powers, base, exponent)
        else:
            sums.append(_freeze(factor))
    for frozen in sums:
        _combine(powers, ("sum", frozen), _ONE)
    if coefficient == 0:
        return {}
    coefficient = _exact(_numbers(powers, coefficient))
    monomial = frozenset((b, _exact(e)) for b, e in powers.items() if e != 0)
    decimals = sum(1 for b, _ in monomial if b[0] == "f")
    if decimals and (coefficient not in (1, -1) or decimals > 1):
        raise _NoKey  # SymPy multiplies a decimal by the other numbers
    if len(monomial) == 1:
        (base, exponent), = monomial
        if base[0] == "sum" and exponent == 1:
            return _sum({m: c * coefficient for m, c in base[1]})  # distributed, as SymPy does
    return {monomial: coefficient}


def _combine(powers: dict, base, exponent) -> None:
    if base in powers:
        if not _rational(powers[base]) or not _rational(exponent):
            raise _NoKey  # x^a x^b: SymPy adds symbolic exponents
        powers[base] = powers[base] + exponent
    else:
        powers[base] = exponent


def _numbers(powers: dict, coefficient):
    """Exact numbers to integer powers go into the coefficient (SymPy evaluates them)."""
    for base in [b for b in powers if b[0] == "num"]:
        exponent = powers[base]
        if _rational(exponent) and _exact(exponent) == exponent and isinstance(_exact(exponent), int):
            if abs(exponent) > 64:
                raise _NoKey
            coefficient *= Fraction(base[1]) ** int(exponent)
            del powers[base]
        else:
            raise _NoKey  # roots of numbers: SymPy simplifies them (sqrt(8) is 2 sqrt(2))
    return coefficient


def _power(base: dict, exponent: dict) -> dict:
    number = exponent.get(_EMPTY) if len(exponent) == 1 and _EMPTY in exponent else None
    if number is None and not exponent:
        number = 0
    if number is None:
        if len(base) == 1 and _EMPTY in base and not (isinstance(_exact(base[_EMPTY]), int) and base[_EMPTY] >= 2):
            raise _NoKey  # (1/2)^t is 2^(-t) to SymPy
        return _atom(("^", _freeze(base), _freeze(exponent)))
    if number == 0:
        return {_EMPTY: _ONE}
    if number == 1:
        return base
    if len(base) == 1:
        (monomial, c), = base.items()
        if type(number) is int or number.denominator == 1:  # integer powers of products and of powers
            if c == 0 and number < 0:
                raise _NoKey
            n = int(number)
            if abs(n) > 64 and c not in (1, -1):
                raise _NoKey
            if c == 1 and len(monomial) == 1:  # x^n, (x^2)^n: the common case, directly
                (b, e), = monomial
                if b[0] not in ("num", "f", "sum") and _rational(e):
                    return {frozenset(((b, _exact(e * n)),)): _ONE}
            powers: dict = {}
            for b, e in monomial:
                if not _rational(e):
                    raise _NoKey
                powers[b] = e * n
            power = c ** n if type(c) is int and n >= 0 else Fraction(c) ** n
            return _product([{_EMPTY: power}, {frozenset(powers.items()): _ONE}])
        if c == 1 and len(monomial) == 1:
            (b, e), = monomial
            if e == 1:
                return {frozenset(((b, number),)): _ONE}  # x^(1/2)
        if not monomial and c > 0:
            return {frozenset(((("num", c), number),)): _ONE}  # sqrt(2)
        raise _NoKey
    return {frozenset(((("sum", _freeze(base)), number),)): _ONE}


def _freeze(total: dict):
    return frozenset(total.items())


def attach_keys(prepared, tree, limits) -> None:
    """Give each prepared expected Expression the syntax subtree it was built from (from
    ``tree``, the expected answer's), whose key _identical compares when first needed.
    Items of a set are paired in the order written, when none was merged, and each pairing is
    checked by building the subtree again before its key is used."""
    for expression, subtree, exact in _pairs(prepared, tree):
        expression.source = (subtree, exact, limits)


def _expected_key(expected: Expression):
    if expected.source is None:
        return None
    if expected.tree_key is None:
        from tutor.errors import ParseError
        from tutor.language.build import Builder

        subtree, exact, limits = expected.source
        key = False
        try:
            if exact or Builder(limits).expression(subtree) == expected.expr:
                key = tree_key(subtree) or False
        except (ParseError, ArithmeticError, ValueError, TypeError, RecursionError):
            pass
        expected.tree_key = key
    return expected.tree_key or None


def _pairs(prepared, tree, exact: bool = True):
    """(prepared Expression, syntax subtree, whether that subtree surely built it) for each
    expression entry, where the shapes match."""
    if isinstance(prepared, Expression):
        if not isinstance(tree, nodes.Sequence):
            yield prepared, tree, exact
        return
    if not isinstance(tree, nodes.Sequence):
        return
    if isinstance(prepared, Vector) and len(prepared.entries) == len(tree.items):
        for entry, item in zip(prepared.entries, tree.items):
            yield from _pairs(entry, item, exact)
    elif isinstance(prepared, Matrix) and all(isinstance(row, nodes.Sequence) for row in tree.items) \
            and len(prepared.rows) == len(tree.items):
        for row, items in zip(prepared.rows, tree.items):
            if len(row) == len(items.items):
                for entry, item in zip(row, items.items):
                    yield from _pairs(entry, item, exact)
    elif isinstance(prepared, SetValue) and len(prepared.items) == len(tree.items):
        for item, subtree in zip(prepared.items, tree.items):  # in the order written; checked by building
            yield from _pairs(item, subtree, False)
