"""Answer kinds and their checkers: expression, number, vector, matrix, set, choice.

A checker takes the prepared expected value, the answer as read and a Judge, and
returns a Verdict (status, score, message, method, per-entry verdicts). A kind
may bring its own reader for text that is not in the input language (a choice
among words). BUILTIN_KINDS is what the built-in plugin registers; plugins add
more through the register_answer_kinds hook.
"""

from __future__ import annotations

import decimal
import re
from dataclasses import dataclass, field
from typing import Callable

from tutor.checking.equivalence import Comparison, Expression, Tolerance, compare
from tutor.checking.verdict import CORRECT, INCORRECT, Verdict, invalid
from tutor.language.values import Matrix, SetValue, Vector, kind_of, map_entries
from tutor.limits import Limits

@dataclass(frozen=True)
class AnswerKind:
    """A kind of answer: its checker, and a reader when it is not the input language."""

    checker: Callable
    reader: Callable | None = None


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
        # a word, or a value a plugin kind reads and checks itself, stays as it is
        return map_entries(value, lambda e: Expression(e, self.variables))

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
        exact = float(expected.evalf(30))
    except (TypeError, ValueError, decimal.InvalidOperation):
        return False
    sign, digits, exponent = written.as_tuple()
    if len(digits) < 3 or not isinstance(exponent, int):
        return False
    half_unit = 0.5 * 10.0 ** exponent
    return abs(float(answer) - exact) <= half_unit * (1 + 1e-9)


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
    return _combine([judge.entry(e, a) for e, a in zip(expected.entries, answer.entries)], "entries")


def check_set(expected: SetValue, answer, judge: Judge) -> Verdict:
    if not isinstance(answer, SetValue):
        return invalid(f"expected a set such as {{a, b}}, not {_a(kind_of(answer))}", "kind")
    matches: dict[int, int] = {}  # answer item -> expected item
    verdicts: list[list[Verdict | None]] = [[None] * len(expected.items) for _ in answer.items]

    def same(i: int, j: int) -> bool:
        if verdicts[i][j] is None:
            verdicts[i][j] = _item_verdict(expected.items[j], answer.items[i], judge)
        return verdicts[i][j].correct

    def augment(i: int, seen: set) -> bool:  # Kuhn's matching: order-free comparison
        for j in range(len(expected.items)):
            if j not in seen and same(i, j):
                seen.add(j)
                holder = next((k for k, m in matches.items() if m == j), None)
                if holder is None or augment(holder, seen):
                    matches[i] = j
                    return True
        return False

    for i in range(len(answer.items)):
        augment(i, set())
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


BUILTIN_KINDS = {
    "expression": AnswerKind(check_expression),
    "number": AnswerKind(check_number),
    "vector": AnswerKind(check_vector),
    "matrix": AnswerKind(check_matrix),
    "set": AnswerKind(check_set),
    "choice": AnswerKind(check_choice, read_choice),
}
KINDS = tuple(BUILTIN_KINDS)


def natural_kind(value, variables=()) -> str:
    """The kind an expected value implies: a constant with no variables declared is a number."""
    if isinstance(value, str):
        return "choice"  # a word
    if not isinstance(value, (Vector, Matrix, SetValue)) and not hasattr(value, "free_symbols"):
        return "other"  # a value read by a plugin kind's own reader
    kind = kind_of(value)
    if kind == "expression" and not variables and not value.free_symbols:
        return "number"
    return kind
