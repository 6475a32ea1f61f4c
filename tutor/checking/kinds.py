"""Answer kinds and their checkers: expression, number, vector, matrix, set, choice,
equation, interval and inequality.

A checker takes the prepared expected value, the answer as read and a Judge, and
returns a Verdict (status, score, message, method, per-entry verdicts). A kind
may bring its own reader for text that is not in the input language (a choice
among words). tutor.checking.answer_kind names these checkers in BUILTIN_KINDS, which
the built-in plugin registers; plugins add more through the register_answer_kinds hook.
"""

from __future__ import annotations

import decimal
import re
from dataclasses import dataclass, field
from functools import lru_cache

import sympy

from tutor.checking.answer_kind import ANSWER_KINDS, BUILTIN_KINDS, FORM_KINDS, AnswerKind  # noqa: F401  (re-exported)
from tutor.checking.equivalence import Comparison, Expression, Tolerance, compare
from tutor.checking.numeric import sample_points
from tutor.checking.verdict import CORRECT, INCORRECT, Verdict, invalid
from tutor.language.values import Equation, Matrix, RealSet, SetValue, Vector, kind_of
from tutor.limits import Limits


@dataclass(frozen=True)
class Judge:
    """What every comparison of one check shares: variables, tolerance, limits, choices."""

    variables: tuple
    tolerance: Tolerance
    limits: Limits
    choices: tuple = ()
    written: dict = field(default_factory=dict, compare=False)  # how the answer's decimals were typed

    def prepare(self, value):
        """Wrap an expected value (or its entries) as prepared Expressions."""
        if isinstance(value, Vector):
            return Vector(tuple(self.prepare(e) for e in value.entries), value.bracket)
        if isinstance(value, Matrix):
            return Matrix(tuple(tuple(self.prepare(e) for e in row) for row in value.rows))
        if isinstance(value, SetValue):
            return SetValue(tuple(self.prepare(i) for i in value.items))
        if isinstance(value, Equation):
            return PreparedEquation(value, self.variables)
        if isinstance(value, RealSet):
            return RealSet(tuple((self.prepare(low) if low.is_finite else low,
                                  self.prepare(high) if high.is_finite else high, low_closed, high_closed)
                                 for low, high, low_closed, high_closed in value.intervals),
                           value.variable, value.notation)
        if not hasattr(value, "free_symbols"):
            return value  # a word, or a value a plugin kind reads and checks itself
        return Expression(value, self.variables)

    def entry(self, expected: Expression, answer) -> Verdict:
        """Compare one expression entry; decimals may also be judged by their rounding."""
        comparison = compare(expected, answer, self.tolerance, self.limits)
        if (not comparison.equal and comparison.method == "tolerance" and self.tolerance.accept_rounded
                and _rounds_to(answer, expected.expr, self.written.get(id(answer)))):
            comparison = Comparison(True, "tolerance", "correctly rounded to the digits given")
        if comparison.equal:
            return Verdict(CORRECT, 1.0, "correct", comparison.method)
        return Verdict(INCORRECT, 0.0, "not equivalent to the expected answer: " + comparison.reason,
                       comparison.method)


def _rounds_to(answer, expected, text: str | None = None) -> bool:
    """A decimal with at least 3 significant digits (as typed: 1.30 has three) that is
    the expected value rounded."""
    if not (answer.is_Float and expected.is_number and not expected.free_symbols):
        return False
    try:
        written = decimal.Decimal(text) if text else decimal.Decimal(repr(float(answer))).normalize()
    except (TypeError, ValueError, decimal.InvalidOperation):
        return False
    exact = _exact_float(expected)
    if exact is None:
        return False
    sign, digits, exponent = written.as_tuple()
    if len(digits) < 3 or not isinstance(exponent, int):
        return False
    half_unit = 0.5 * 10.0 ** exponent
    return abs(float(answer) - exact) <= half_unit * (1 + 1e-9)


@lru_cache(maxsize=1024)
def _exact_float(expected) -> float | None:
    """A constant expected value as a float, through 30 digits (None if it has none); remembered,
    since many answers to one exercise meet the same expected value."""
    try:
        return float(expected.evalf(30))
    except (TypeError, ValueError):
        return None


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def check_expression(expected: Expression, answer, judge: Judge) -> Verdict:
    if kind_of(answer) != "expression":
        return invalid(f"expected a single expression, not {_a(kind_of(answer))}", "kind")
    return judge.entry(expected, answer)


def check_number(expected: Expression, answer, judge: Judge) -> Verdict:
    if kind_of(answer) != "expression":
        return invalid(f"expected a number, not {_a(kind_of(answer))}", "kind")
    if answer.free_symbols:
        names = ", ".join(sorted(str(s) for s in answer.free_symbols))
        return invalid(f"expected a number, but the answer depends on {names}", "kind")
    return judge.entry(expected, answer)


def _combine(entries: list[Verdict], what: str) -> Verdict:
    right = sum(1 for e in entries if e.correct)
    methods = {e.method for e in entries if e.method}
    method = "tolerance" if "tolerance" in methods else "numeric" if "numeric" in methods else "symbolic"
    if right == len(entries):
        return Verdict(CORRECT, 1.0, "correct", method, entries=entries)
    wrong = [str(i + 1) for i, e in enumerate(entries) if not e.correct]
    message = (f"{right} of {len(entries)} {what} correct; wrong: "
               f"{'entry' if len(wrong) == 1 else 'entries'} {', '.join(wrong)}")
    return Verdict(INCORRECT, right / len(entries), message, method, entries=entries)


def _as_vector(answer):
    if isinstance(answer, Matrix) and 1 in answer.shape:  # a row or column vector
        return Vector(answer.entries)
    return answer


def check_vector(expected: Vector, answer, judge: Judge) -> Verdict:
    answer = _as_vector(answer)
    if not isinstance(answer, Vector):
        return invalid(f"expected a vector such as [a, b], not {_a(kind_of(answer))}", "kind")
    if len(answer) != len(expected):
        return Verdict(INCORRECT, 0.0, f"expected {len(expected)} entries, got {len(answer)}", "symbolic")
    return _combine([judge.entry(e, a) for e, a in zip(expected.entries, answer.entries)], "entries")


def check_matrix(expected: Matrix, answer, judge: Judge) -> Verdict:
    if not isinstance(answer, Matrix):
        return invalid(f"expected a matrix such as [[a, b], [c, d]], not {_a(kind_of(answer))}", "kind")
    if answer.shape != expected.shape:
        (r, c), (ar, ac) = expected.shape, answer.shape
        return Verdict(INCORRECT, 0.0, f"expected a {r}×{c} matrix, got {ar}×{ac}", "symbolic")
    verdict = _combine([judge.entry(e, a) for e, a in zip(expected.entries, answer.entries)], "entries")
    if not verdict.correct:
        columns = expected.shape[1]
        wrong = [entry_name(i, columns) for i, e in enumerate(verdict.entries) if not e.correct]
        right = len(verdict.entries) - len(wrong)
        verdict.message = f"{right} of {len(verdict.entries)} entries correct; wrong: {', '.join(wrong)}"
    return verdict


def entry_name(index: int, columns: int) -> str:
    """Where entry ``index`` (row by row, from 0) of a matrix is: "row 2, column 1"."""
    return f"row {index // columns + 1}, column {index % columns + 1}"


class PreparedEquation:
    """An expected equation: its difference (left - right) prepared, and a rational point
    where that difference is not 0, at which answers' equations are scaled to compare."""

    def __init__(self, equation: Equation, variables: tuple):
        self.equation = equation
        self.variables = variables
        self.difference = equation.left - equation.right
        self.prepared = Expression(self.difference, variables)
        self.point, self.value = _nonzero_point(self.difference, variables)


def _nonzero_point(difference, variables):
    """A point of rational coordinates where ``difference`` is a nonzero number, and that number."""
    for point in sample_points(len(variables))[:12] if variables else [()]:
        exact = {v: sympy.Rational(round(c * 64), 64) for v, c in zip(variables, point)}
        value = difference.xreplace(exact)
        if value.is_number and value.is_zero is False and value.is_finite:
            return exact, value
    return None, None


def check_equation(expected: PreparedEquation, answer, judge: Judge) -> Verdict:
    """Two equations are the same when they have the same real solutions: here, when their
    differences (left - right) are constant multiples of each other (z = 2x + 3y - 1 and
    2x + 3y - z = 1; a tangent plane as z - z0 = fx (x - x0) + fy (y - y0))."""
    if not isinstance(answer, Equation):
        return invalid(f"expected an equation such as {_example(expected)}, not {_a(kind_of(answer))}", "kind")
    difference = answer.difference
    if expected.point is None:
        same = judge.entry(expected.prepared, difference)
        return same if not same.correct else Verdict(CORRECT, 1.0, "correct", same.method)
    theirs = difference.xreplace(expected.point)
    if not theirs.is_number or theirs.is_zero is not False:
        return Verdict(INCORRECT, 0.0, "not the same equation: some points solve one but not the other",
                       "symbolic")
    scale = expected.value / theirs  # the answer's equation scaled to agree with the expected one there
    comparison = judge.entry(expected.prepared, difference if scale == 1 else
                             sympy.Mul(scale, difference, evaluate=False))
    if comparison.correct:
        return Verdict(CORRECT, 1.0, "correct", comparison.method)
    return Verdict(INCORRECT, 0.0, "not the same equation: some points solve one but not the other",
                   comparison.method)


def _example(expected: PreparedEquation) -> str:
    names = [str(v) for v in expected.variables]
    return f"{names[-1]} = ..." if names else "a = b"


def _as_real_set(answer):
    if isinstance(answer, SetValue) and not answer.items:
        return RealSet(())
    return answer


def check_interval(expected: RealSet, answer, judge: Judge) -> Verdict:
    """Sets of reals (unions of intervals, or inequalities) are compared as sets: the same
    pieces, the same ends (exactly, or decimals within the tolerance), the same ends included."""
    answer = _as_real_set(answer)
    if not isinstance(answer, RealSet):
        return invalid(f"expected an interval such as (1, 3] or an inequality such as x > 2, "
                       f"not {_a(kind_of(answer))}", "kind")
    if len(answer) != len(expected):
        return Verdict(INCORRECT, 0.0, "not the same set of numbers", "symbolic")
    methods = []
    ends_differ = False
    for (low, high, low_closed, high_closed), (a_low, a_high, a_low_closed, a_high_closed) in zip(
            expected.intervals, answer.intervals):
        for end, given in ((low, a_low), (high, a_high)):
            if not isinstance(end, Expression):
                if given != end:
                    return Verdict(INCORRECT, 0.0, "not the same set of numbers", "symbolic")
                continue
            if not given.is_finite:
                return Verdict(INCORRECT, 0.0, "not the same set of numbers", "symbolic")
            same = judge.entry(end, given)
            if not same.correct:
                return Verdict(INCORRECT, 0.0, "not the same set of numbers", same.method)
            methods.append(same.method)
        ends_differ = ends_differ or (low_closed, high_closed) != (a_low_closed, a_high_closed)
    method = "tolerance" if "tolerance" in methods else "numeric" if "numeric" in methods else "symbolic"
    if ends_differ:
        return Verdict(INCORRECT, 0.0, "the right ends, but check which ends are included: "
                       "[ or ≤ includes an end, ( or < leaves it out", method)
    return Verdict(CORRECT, 1.0, "correct", method)


def check_set(expected: SetValue, answer, judge: Judge) -> Verdict:
    if not isinstance(answer, SetValue):
        return invalid(f"expected a set such as {{a, b}}, not {_a(kind_of(answer))}", "kind")
    matches: dict[int, int] = {}  # answer item -> expected item
    verdicts: list[list[Verdict | None]] = [[None] * len(expected.items) for _ in answer.items]

    def same(i: int, j: int) -> bool:
        if verdicts[i][j] is None:
            verdicts[i][j] = _item_verdict(expected.items[j], answer.items[i], judge)
        return verdicts[i][j].correct

    for i in range(len(answer.items)):
        _augment(i, set(), len(expected.items), same, matches)
    entries = []
    for i in range(len(answer.items)):
        if i in matches:
            entries.append(verdicts[i][matches[i]])
        else:
            entries.append(Verdict(INCORRECT, 0.0, "not in the expected set", "numeric"))
    found, wanted, given = len(matches), len(expected.items), len(answer.items)
    if found == wanted == given:
        method = _combine(entries, "items").method if entries else "symbolic"
        return Verdict(CORRECT, 1.0, "correct", method, entries=entries)
    parts = [f"{found} of {wanted} expected items found"]
    if given > found:
        parts.append(f"{given - found} item{'s' if given - found > 1 else ''} not in the set")
    score = found / max(wanted, given) if max(wanted, given) else 0.0
    return Verdict(INCORRECT, score, "; ".join(parts), "numeric", entries=entries)


def _augment(i: int, seen: set, count: int, same, matches: dict) -> bool:
    """Kuhn's matching, an order-free comparison: match answer item ``i`` to one of ``count``
    expected items, moving earlier matches where needed. (A function of its own, not a
    closure: a recursive closure is a reference cycle that only the garbage collector frees.)"""
    for j in range(count):
        if j not in seen and same(i, j):
            seen.add(j)
            holder = next((k for k, m in matches.items() if m == j), None)
            if holder is None or _augment(holder, seen, count, same, matches):
                matches[i] = j
                return True
    return False


def _item_verdict(expected_item, answer_item, judge: Judge) -> Verdict:
    if isinstance(expected_item, Vector):
        return check_vector(expected_item, answer_item, judge)
    if isinstance(answer_item, Vector):
        return Verdict(INCORRECT, 0.0, "a point where a value was expected", "symbolic")
    return judge.entry(expected_item, answer_item)


CHOICE_SYNONYMS = {
    "minimum": ("min", "local minimum", "local min", "minimum point", "a minimum", "minimizer"),
    "maximum": ("max", "local maximum", "local max", "maximum point", "a maximum", "maximizer"),
    "saddle": ("saddle point", "a saddle", "a saddle point", "saddle pt"),
    "inconclusive": ("test fails", "undetermined", "cannot tell", "unknown", "the test is inconclusive"),
}
_CANONICAL_CHOICE = {alias: name for name, aliases in CHOICE_SYNONYMS.items() for alias in aliases}


def read_choice(text: str) -> str:
    """A choice as written, normalised: lower case, single spaces, common synonyms merged."""
    if not isinstance(text, str):
        raise TypeError("a choice must be text")
    words = " ".join(re.sub(r"[^\w\s-]", " ", text.lower()).split())[:200]
    return _CANONICAL_CHOICE.get(words, words)


def check_choice(expected: str, answer: str, judge: Judge) -> Verdict:
    options = [read_choice(c) for c in judge.choices]
    if not answer:
        return invalid("the answer is empty", "parse")
    if options and answer not in options:
        return invalid(f"'{answer}' is not one of the choices: {', '.join(judge.choices)}", "kind")
    if answer == read_choice(expected):
        return Verdict(CORRECT, 1.0, "correct", "symbolic")
    return Verdict(INCORRECT, 0.0, f"not {answer}", "symbolic")


def wrong_choice(expected: str, answer: str, choices) -> list:
    """The declared choice a wrong answer picked (one choice: the one picked), else []."""
    if not isinstance(answer, str) or answer == read_choice(expected):
        return []
    return [c for c in choices if read_choice(c) == answer][:1]


def natural_kind(value, variables=()) -> str:
    """The kind an expected value implies: a constant with no variables declared is a number."""
    if isinstance(value, str):
        return "choice"  # a word
    if not isinstance(value, (Vector, Matrix, SetValue, Equation, RealSet)) and not hasattr(value, "free_symbols"):
        return "other"  # a value read by a plugin kind's own reader
    kind = kind_of(value)
    if kind == "expression" and not variables and not value.free_symbols:
        return "number"
    return kind
