"""Check a student's answer against an expected one.

    expected = prepare("2*x*y^3", variables=["x", "y"])   # parse once ...
    expected.check("2xy^3")                              # ... check many times
    check("[4, 6]", "(4, 6.0)")                          # or in one call

Every check runs under the wall-time limit of its Limits; whatever goes wrong
with a student's text becomes an ``invalid`` verdict, never an exception.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import sympy

from tutor.checking.equivalence import Tolerance
from tutor.checking.kinds import BUILTIN_KINDS, KINDS, AnswerKind, Judge, natural_kind
from tutor.checking.verdict import CORRECT, INCORRECT, INVALID, Verdict, invalid
from tutor.errors import CheckTimeout, LimitError, ParseError
from tutor.language import Vocabulary, parse, to_text, to_unicode
from tutor.language.values import Matrix, SetValue, Vector, free_symbols
from tutor.limits import DEFAULT_LIMITS, Limits, time_limit

__all__ = ["check", "prepare", "ExpectedAnswer", "CheckOptions", "Verdict", "KINDS", "AnswerKind",
           "CORRECT", "INCORRECT", "INVALID"]


DEFAULT_RTOL = 1e-3
MAX_PLACES = 12  # decimal places beyond double precision's reach are not a tolerance
# built-in kind -> the natural kinds of expected values it can judge
_FITS = {"expression": {"expression", "number"}, "number": {"expression", "number"}, "vector": {"vector"},
         "matrix": {"matrix"}, "set": {"set"}, "choice": {"choice"}}


def tolerance_problem(name: str, value) -> str | None:
    """Why ``value`` is not a valid rtol, atol or places (None when it is, or is unset)."""
    if value is None:
        return None
    if name == "places":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PLACES:
            return f"places must be a whole number from 0 to {MAX_PLACES}"
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        return f"{name} must be a finite number of at least 0"
    if name == "rtol" and value > 1:
        return "rtol must be at most 1 (a relative tolerance of 100%)"
    return None


@dataclass(frozen=True)
class CheckOptions:
    """How to judge: decimals within ``rtol`` (relative) or ``atol``; ``places``
    decimal places sets atol to half a unit in the last place."""

    rtol: float = DEFAULT_RTOL
    atol: float = 0.0
    places: int | None = None
    limits: Limits = field(default_factory=lambda: DEFAULT_LIMITS)
    choices: tuple = ()  # the options of a choice answer

    def __post_init__(self):
        for name in ("rtol", "atol", "places"):
            problem = tolerance_problem(name, getattr(self, name))
            if problem:
                raise ValueError(f"{problem}, not {getattr(self, name)!r}")

    @property
    def tolerance(self) -> Tolerance:
        """``places`` replaces the relative tolerance by half a unit in that decimal place;
        the rounding rule applies only at the default (or a looser) relative tolerance."""
        if self.places is not None:
            return Tolerance(0.0, max(self.atol, 0.5 * 10.0 ** -self.places), accept_rounded=False)
        return Tolerance(self.rtol, self.atol, accept_rounded=self.rtol >= DEFAULT_RTOL)


class ExpectedAnswer:
    """An expected answer parsed and prepared once, to check many answers against."""

    def __init__(self, expected, variables=None, kind: str = "auto", options: CheckOptions | None = None,
                 kinds: dict | None = None):
        """Raises ParseError (LimitError when a work limit is hit, the wall time
        included) for an expected answer that cannot be read, ValueError for a
        kind that does not fit it."""
        self.options = options or CheckOptions()
        self.kinds = kinds or BUILTIN_KINDS
        seconds = self.options.limits.seconds
        try:
            with time_limit(seconds):
                self._prepare(expected, variables, kind)
        except CheckTimeout:
            raise LimitError(f"preparing the expected answer took longer than the limit of {seconds:g} s") from None
        except RecursionError:
            raise LimitError("the expected answer is nested too deeply") from None

    def _prepare(self, expected, variables, kind: str) -> None:
        limits = self.options.limits
        reader = self.kinds[kind].reader if kind in self.kinds else None
        if isinstance(expected, str) and reader is not None:
            expected = reader(expected)  # a kind with its own reader (choice, ...)
        elif isinstance(expected, str):
            expected = parse(expected, variables, limits)
        elif isinstance(expected, int):
            expected = sympy.Integer(expected)
        elif isinstance(expected, float):
            expected = sympy.Float(expected)
        elif not isinstance(expected, (str, sympy.Expr, Vector, Matrix, SetValue)):
            raise TypeError(f"an expected answer is text, a number or a SymPy value, not {type(expected).__name__}")
        self.value = expected
        names = sorted(variables) if variables is not None else sorted(str(s) for s in free_symbols(expected))
        self.variable_names = tuple(names)
        self.inferred = variables is None  # the variables are those the expected answer uses
        self.vocabulary = Vocabulary.of(names)
        from tutor.language import variable

        self.judge = Judge(tuple(variable(n) for n in names), self.options.tolerance, limits,
                           tuple(self.options.choices))
        self.kind = natural_kind(expected, names) if kind == "auto" else kind
        if self.kind not in self.kinds:
            raise ValueError(f"unknown answer kind {kind!r}; known kinds: {', '.join(self.kinds)}")
        natural = natural_kind(expected, names)
        if self.kind in _FITS and natural not in _FITS[self.kind]:
            raise ValueError(f"the answer kind {self.kind} does not fit the expected answer, which is "
                             f"{'an' if natural[0] in 'aeiou' else 'a'} {natural}")
        self.prepared = self.judge.prepare(expected)
        self.e_is_variable = "e" in names

    @property
    def text(self) -> str:
        return self.value if isinstance(self.value, str) else to_text(self.value, self.e_is_variable)

    def check(self, answer: str) -> Verdict:
        """Judge one answer text; never raises for anything in the text."""
        limits = self.options.limits
        try:
            with time_limit(limits.seconds):
                return self._check(answer)
        except CheckTimeout:
            return invalid(f"checking took longer than the limit of {limits.seconds:g} s", "timeout")
        except RecursionError:
            return invalid("the answer is nested too deeply to check", "limit")
        except MemoryError:
            return invalid("the answer needs too much memory to check", "limit")

    def read(self, answer: str, written: dict | None = None):
        """The value of an answer text (raises ParseError); no checking. ``written``
        collects how its decimals were typed (see tutor.language.parse)."""
        reader = self.kinds[self.kind].reader
        if reader is not None:
            if not isinstance(answer, str) or len(answer) > self.options.limits.max_length:
                raise ParseError("the answer is not text of a sensible length")
            return reader(answer)
        return parse(answer, self.vocabulary, self.options.limits, written)

    def _check(self, answer: str) -> Verdict:
        written: dict = {}
        try:
            value = self.read(answer, written)
        except LimitError as error:
            return invalid(str(error), "limit", error.column)
        except ParseError as error:
            return invalid(str(error), "parse", error.column)
        return self.judge_value(value, written)

    def judge_value(self, value, written: dict | None = None) -> Verdict:
        """Check an answer already read by ``read``."""
        judge = replace(self.judge, written=written) if written else self.judge
        try:
            verdict = self.kinds[self.kind].checker(self.prepared, value, judge)
        except (ArithmeticError, ValueError, TypeError, NotImplementedError, sympy.PolynomialError) as error:
            verdict = invalid(f"could not compare this answer ({type(error).__name__})", "limit")
        if not isinstance(value, (sympy.Basic, Vector, Matrix, SetValue)):
            verdict.interpreted = verdict.pretty = str(value)  # a word, or a plugin kind's value
        else:
            verdict.interpreted = to_text(value, self.e_is_variable)
            verdict.pretty = to_unicode(value, self.e_is_variable)
        return verdict


def prepare(expected, variables=None, kind: str = "auto", rtol: float | None = None,
            atol: float | None = None, places: int | None = None, limits: Limits | None = None,
            choices=()) -> ExpectedAnswer:
    """Parse and prepare an expected answer (text in the input language, or SymPy)."""
    options = CheckOptions(
        rtol=DEFAULT_RTOL if rtol is None else rtol,
        atol=0.0 if atol is None else atol,
        places=places,
        limits=limits or DEFAULT_LIMITS,
        choices=tuple(choices),
    )
    return ExpectedAnswer(expected, variables, kind, options)


def check(expected, answer: str, variables=None, kind: str = "auto", rtol: float | None = None,
          atol: float | None = None, places: int | None = None, limits: Limits | None = None,
          choices=()) -> Verdict:
    """Check one answer against one expected answer; see ``prepare`` for the options."""
    return prepare(expected, variables, kind, rtol, atol, places, limits, choices).check(answer)
