"""Expected answers: parse one once, then check many answers against it.

    expected = prepare("2*x*y^3", variables=["x", "y"])   # parse once ...
    expected.check("2xy^3")                              # ... check many times
    check("[4, 6]", "(4, 6.0)")                          # or in one call

Every check runs under the wall-time limit of its Limits; whatever goes wrong
with a student's text becomes an ``invalid`` verdict, never an exception.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from functools import lru_cache

import sympy

from tutor.checking import forms as form_rules
from tutor.checking.equivalence import Tolerance
from tutor.checking.answer_kind import BUILTIN_KINDS, FORM_KINDS
from tutor.checking.kinds import Judge, natural_kind
from tutor.checking.tolerance import DEFAULT_RTOL, tolerance_problem
from tutor.checking import quick
from tutor.checking.quick_equation import quick_equation
from tutor.checking.tree_expected import prepare_from_tree
from tutor.checking.verdict import INCORRECT, LazyTexts, Verdict, invalid
from tutor.errors import CheckTimeout, LimitError, ParseError
from tutor.language import Vocabulary, parse_tree, to_text, to_unicode
from tutor.language.build import Builder
from tutor.language.values import Equation, Matrix, RealSet, SetValue, Vector, free_symbols
from tutor.limits import DEFAULT_LIMITS, Limits, time_limit

# built-in kind -> the natural kinds of expected values it can judge
_FITS = {"expression": {"expression", "number"}, "number": {"expression", "number"}, "vector": {"vector"},
         "matrix": {"matrix"}, "set": {"set"}, "choice": {"choice"}, "equation": {"equation"},
         "interval": {"interval"}, "inequality": {"interval"}}
_VALUES = (sympy.Expr, Vector, Matrix, SetValue, Equation, RealSet)
_REMEMBERED_LENGTH = 200  # answer texts up to this long are remembered with their verdicts ...
_REMEMBERED = 512  # ... this many per expected answer
_REMEMBERED_SHARE = 0.25  # and only from checks that took less than this share of the time limit


@dataclass(frozen=True)
class CheckOptions:
    """How to judge: decimals within ``rtol`` (relative) or ``atol``; ``places``
    decimal places sets atol to half a unit in the last place."""

    rtol: float = DEFAULT_RTOL
    atol: float = 0.0
    places: int | None = None
    limits: Limits = field(default_factory=lambda: DEFAULT_LIMITS)
    choices: tuple = ()  # the options of a choice answer
    form: tuple = ()  # tutor.checking.forms.Form requirements: expanded, sig-figs: 4, ...
    form_credit: float = 0.0  # the score of a right value in the wrong form

    def __post_init__(self):
        for name in ("rtol", "atol", "places"):
            problem = tolerance_problem(name, getattr(self, name))
            if problem:
                raise ValueError(f"{problem}, not {getattr(self, name)!r}")
        if isinstance(self.form_credit, bool) or not isinstance(self.form_credit, (int, float)) \
                or not 0 <= self.form_credit <= 1:
            raise ValueError(f"form_credit must be a number from 0 to 1, not {self.form_credit!r}")

    @property
    def tolerance(self) -> Tolerance:
        """``places`` replaces the relative tolerance by half a unit in that decimal place;
        the rounding rule applies only at the default (or a looser) relative tolerance.
        The forms sig-figs and decimal-places set the tolerance they imply."""
        places = form_rules.places(self.form, self.places)
        if places is not None:
            return Tolerance(0.0, max(self.atol, 0.5 * 10.0 ** -places), accept_rounded=False)
        rtol = form_rules.relative_tolerance(self.form, self.rtol)
        return Tolerance(rtol, self.atol, accept_rounded=rtol >= DEFAULT_RTOL)


class Reading:
    """A student's answer read once: its value, syntax tree and how its decimals were typed.

    The value may be built later, when first asked for (``build``): an answer the fast
    path judged from its tree builds SymPy only if a diagnosis or "interpreted as" needs it.
    """

    def __init__(self, value=None, tree=None, written: dict | None = None, build=None, parse=None):
        """``build``: a function of the syntax tree giving the value; ``parse``: a function
        giving the syntax tree, when first asked for (a text read before)."""
        self._value, self._tree = value, tree
        self.written = {} if written is None else written
        self._build, self._parse = build, parse
        self.compiled: dict = {}  # tutor.checking.quick: the tree's values per set of variables

    @property
    def tree(self):
        if self._parse is not None:
            self._tree, self._parse = self._parse(), None
        return self._tree

    @property
    def built(self) -> bool:
        return self._build is None

    @property
    def value(self):
        if self._build is not None:
            self._value, self._build = self._build(self.tree), None
        return self._value


class ExpectedAnswer:
    """An expected answer parsed and prepared once, to check many answers against."""

    def __init__(self, expected, variables=None, kind: str = "auto", options: CheckOptions | None = None,
                 kinds: dict | None = None):
        """Raises ParseError (LimitError when a work limit is hit, the wall time
        included) for an expected answer that cannot be read, ValueError for a
        kind that does not fit it."""
        self.options = options or CheckOptions()
        self.kinds = kinds or BUILTIN_KINDS
        self._verdicts: dict = {}  # answer text -> (its verdict, its reading): see check_read
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
        tree = prepared = None
        names = sorted(variables) if variables is not None else None
        if isinstance(expected, str) and reader is None and names is not None and kind in _TREE_KINDS:
            tree, prepared = _prepared_from_tree(expected, names, limits)
        if prepared is not None:
            self._unbuilt = tree  # its SymPy value is built when first asked for (self.value)
        elif isinstance(expected, str) and reader is not None:
            expected = reader(expected)  # a kind with its own reader (choice, ...)
        elif isinstance(expected, str) and tree is not None:
            expected = Builder(limits).build(tree)  # read above, not plain: SymPy's value now
        elif isinstance(expected, str):
            expected, tree = _parse_expected(expected, variables, kind, limits)
        elif isinstance(expected, int):
            expected = sympy.Integer(expected)
        elif isinstance(expected, float):
            expected = sympy.Float(expected)
        elif not isinstance(expected, (str, *_VALUES)):
            raise TypeError(f"an expected answer is text, a number or a SymPy value, not {type(expected).__name__}")
        if prepared is None:
            self.value = expected
        names = names if names is not None else sorted(str(s) for s in free_symbols(expected))
        self.variable_names = tuple(names)
        self.inferred = variables is None  # the variables are those the expected answer uses
        from tutor.language import variable

        self.judge = Judge(tuple(variable(n) for n in names), self.options.tolerance, limits,
                           tuple(self.options.choices))
        natural = natural_kind(expected if prepared is None else prepared, names)
        self.kind = natural if kind == "auto" else kind
        forms = self.kind in FORM_KINDS
        # a set of reals given in interval notation names no variable: any one may write it as inequalities
        self.vocabulary = _vocabulary(None if forms and variables is None else names, forms)
        if self.kind not in self.kinds:
            raise ValueError(f"unknown answer kind {kind!r}; known kinds: {', '.join(self.kinds)}")
        if self.kind in _FITS and natural not in _FITS[self.kind]:
            raise ValueError(f"the answer kind {self.kind} does not fit the expected answer, which is "
                             f"{'an' if natural[0] in 'aeiou' else 'a'} {natural}")
        self.prepared = self.judge.prepare(expected) if prepared is None else prepared
        self.e_is_variable = "e" in names
        if tree is not None and self.kind in quick.KINDS:
            quick.attach_keys(self.prepared, tree, limits)

    _unbuilt = None  # the syntax tree of an expected answer prepared without SymPy, until value is built

    @property
    def value(self):
        """The expected value (SymPy, or a Vector, Matrix, ... of it; a word for a choice)."""
        if self._unbuilt is not None:
            self._value = Builder(self.options.limits).build(self._unbuilt)
            self._unbuilt = None
        return self._value

    @value.setter
    def value(self, value) -> None:
        self._value, self._unbuilt = value, None

    @property
    def text(self) -> str:
        return self.value if isinstance(self.value, str) else to_text(self.value, self.e_is_variable)

    def check(self, answer: str) -> Verdict:
        """Judge one answer text; never raises for anything in the text."""
        return self.check_read(answer)[0]

    def read(self, answer: str, written: dict | None = None):
        """The value of an answer text (raises ParseError); no checking. ``written``
        collects how its decimals were typed (see tutor.language.parse)."""
        return self.read_answer(answer, written).value

    def read_answer(self, answer: str, written: dict | None = None) -> Reading:
        """Read an answer text once (raises ParseError): value, syntax tree and decimals as typed."""
        written = {} if written is None else written
        reader = self.kinds[self.kind].reader
        if reader is not None:
            if not isinstance(answer, str) or len(answer) > self.options.limits.max_length:
                raise ParseError("the answer is not text of a sensible length")
            return Reading(reader(answer), None, written)
        tree = parse_tree(answer, self.vocabulary, self.options.limits)
        return Reading(Builder(self.options.limits, written=written).build(tree), tree, written)

    def _parse(self, answer: str):
        """The syntax tree of an answer text (raises ParseError), or None for a kind with its own reader."""
        if self.kinds[self.kind].reader is not None:
            return None
        return parse_tree(answer, self.vocabulary, self.options.limits)

    def _quick(self, reading: Reading, forms: bool = True) -> Verdict | None:
        """The fast path (tutor.checking.quick): a verdict from the syntax tree, or None
        when only SymPy can be sure of it."""
        if reading.tree is None or self.kinds.get(self.kind) is not BUILTIN_KINDS.get(self.kind) \
                or (self.kind not in quick.KINDS and self.kind != "equation"):
            return None
        names = tuple(self.variable_names)
        judge = self._quick_judge
        try:
            if self.kind == "equation":
                verdict = quick_equation(self.prepared, reading.tree, names, judge)
            else:
                value = reading.compiled.get(names)
                if value is None:
                    value = reading.compiled[names] = quick.tree_value(reading.tree, names, self.options.limits)
                verdict = self.kinds[self.kind].checker(self.prepared, value, judge)
        except quick.Undecided:
            return None
        if verdict.correct and forms and self.options.form:
            return None  # the form of a right value is judged on SymPy
        return verdict

    def _judge_fields(self) -> tuple:
        judge = self.judge
        return judge.variables, judge.tolerance, judge.limits, judge.choices

    @property
    def _quick_judge(self) -> "quick.QuickJudge":
        """The fast path's Judge, made once per Judge (it holds no state of a check)."""
        made = self.__dict__.get("_quick_judges")
        if made is None or made[0] is not self.judge:
            made = self.__dict__["_quick_judges"] = (self.judge, quick.QuickJudge(*self._judge_fields()))
        return made[1]

    def check_read(self, answer: str) -> tuple[Verdict, Reading | None]:
        """Judge an answer text and return how it was read (None when it could not be), so
        that diagnoses can judge the same reading without parsing the text again.

        A short text checked before (another student's same answer) gets a copy of the
        verdict it got then, and the same reading."""
        remembered = self._verdicts.get(answer) if type(answer) is str else None
        if remembered is not None:
            fields, read = remembered
            if not read:
                return Verdict.thawed(fields), None
            reading = self._reading(text=answer)
            return self._interpreted_later(Verdict.thawed(fields), reading), reading
        started = time.perf_counter()
        verdict, reading, settled = self._check_read(answer)
        if settled and len(answer) <= _REMEMBERED_LENGTH and len(self._verdicts) < _REMEMBERED \
                and time.perf_counter() - started < _REMEMBERED_SHARE * (self.options.limits.seconds or 1.0):
            # the verdict's fields alone, no reading: a reading of the text again is made when
            # asked for, and its texts are printed from that
            if reading is None:
                self._verdicts[answer] = (verdict.frozen(), False)
            elif reading.tree is not None and verdict.texts_pending:
                self._verdicts[answer] = (verdict.frozen(texts=False), True)
        return verdict, reading

    def _reading(self, tree=None, text: str | None = None) -> Reading:
        """A Reading of a syntax tree (or of a text, parsed when first asked for), its SymPy
        value built when first asked for."""
        limits = self.options.limits
        written = {}
        return Reading(tree=tree, written=written, build=lambda tree: Builder(limits, written=written).build(tree),
                       parse=None if text is None else lambda: self._parse(text))

    def _check_read(self, answer: str) -> tuple[Verdict, Reading | None, bool]:
        """check_read's work, and whether its verdict is settled by the text alone (not by
        the clock or the memory left), so that the same text may get it again."""
        limits = self.options.limits
        reading = None
        try:
            with time_limit(limits.seconds):
                try:
                    tree = self._parse(answer)
                    if tree is not None:
                        reading = self._reading(tree)
                        verdict = self._quick(reading)
                        if verdict is not None:
                            return self._interpreted_later(verdict, reading), reading, True
                        reading.value  # noqa: B018  (built here, under the limits)
                    else:
                        reading = self.read_answer(answer)
                except LimitError as error:
                    return invalid(str(error), "limit", error.column), None, True
                except ParseError as error:
                    return invalid(str(error), "parse", error.column), None, True
                return self.judge_value(reading.value, reading.written, reading.tree), reading, True
        except CheckTimeout:
            return invalid(f"checking took longer than the limit of {limits.seconds:g} s", "timeout"), reading, False
        except RecursionError:
            return invalid("the answer is nested too deeply to check", "limit"), reading, False
        except MemoryError:
            return invalid("the answer needs too much memory to check", "limit"), reading, False

    def judge_reading(self, reading: Reading, forms: bool = True) -> Verdict:
        """Judge an answer already read (by this or another ExpectedAnswer of the same
        variables), under the time limit; ``forms=False`` judges the value alone."""
        limits = self.options.limits
        try:
            with time_limit(limits.seconds):
                verdict = self._quick(reading, forms)
                if verdict is not None:
                    return self._interpreted_later(verdict, reading)
                return self.judge_value(reading.value, reading.written, reading.tree if forms else None)
        except CheckTimeout:
            return invalid(f"checking took longer than the limit of {limits.seconds:g} s", "timeout")
        except (RecursionError, MemoryError):
            return invalid("the answer is too large to check", "limit")

    def _interpreted_later(self, verdict: Verdict, reading: Reading) -> Verdict:
        """``verdict`` with its interpreted and pretty texts written from the reading's
        value when first asked for (building SymPy then, if nothing has yet)."""
        return _texts_later(verdict, lambda: reading.value, self.e_is_variable)

    def _check(self, answer: str) -> Verdict:
        return self.check_read(answer)[0]

    def judge_value(self, value, written: dict | None = None, tree=None) -> Verdict:
        """Check an answer already read by ``read``; with its syntax ``tree``, also its form."""
        judge = replace(self.judge, written=written) if written else self.judge
        try:
            verdict = self.kinds[self.kind].checker(self.prepared, value, judge)
            if verdict.correct and self.options.form and tree is not None:
                reason = form_rules.form_problem(self.options.form, tree, value, self.options.limits, self.value)
                if reason:
                    verdict = Verdict(INCORRECT, self.options.form_credit, form_rules.PREFIX + reason,
                                      verdict.method, form=reason)
        except (ArithmeticError, ValueError, TypeError, NotImplementedError, sympy.PolynomialError) as error:
            verdict = invalid(f"could not compare this answer ({type(error).__name__})", "limit")
        if not isinstance(value, (sympy.Basic, *_VALUES)):
            verdict.interpreted = verdict.pretty = str(value)  # a word, or a plugin kind's value
            return verdict
        return _texts_later(verdict, lambda: value, self.e_is_variable)


def _texts_later(verdict: Verdict, value, e_is_variable: bool) -> Verdict:
    """``verdict`` with its interpreted and pretty texts printed from ``value()`` when first
    asked for: most callers read only the status, score and message."""
    def texts():
        try:
            built = value()
        except (ParseError, ArithmeticError, ValueError, TypeError, RecursionError):
            return None, None
        return to_text(built, e_is_variable), to_unicode(built, e_is_variable)
    return LazyTexts.of(verdict, texts)


def _parse_expected(text: str, variables, kind: str, limits: Limits) -> tuple:
    """An expected answer's text, as (value, syntax tree); equations, inequalities and
    intervals for their kinds (and for kind auto when the text is one of them)."""
    if kind in FORM_KINDS:
        return _read(text, _vocabulary(variables, True), limits)
    try:
        return _read(text, _vocabulary(variables), limits)
    except ParseError:
        if kind != "auto":
            raise
        try:
            return _read(text, _vocabulary(variables, True), limits)
        except ParseError:
            pass
        raise


_TREE_KINDS = ("auto", "expression", "number", "vector", "matrix", "set")  # kinds an expected tree may be prepared for


def _prepared_from_tree(text: str, names: list, limits: Limits) -> tuple:
    """(syntax tree, prepared value) of an expected answer whose SymPy value can wait
    (tutor.checking.tree_expected); (syntax tree, None) when it must be built in SymPy now,
    and (None, None) when the text does not read with these variables alone."""
    from tutor.language import variable

    try:
        tree = parse_tree(text, _vocabulary(names), limits)
    except ParseError:
        return None, None
    return tree, prepare_from_tree(tree, tuple(names), tuple(variable(n) for n in names), limits)


def _vocabulary(names, forms: bool = False) -> Vocabulary:
    """Vocabulary.of(names, forms=forms), one shared by every expected answer that declares
    these names (the parser remembers trees per vocabulary: an answer read for one exercise
    is not parsed again for another of the same variables)."""
    if names is not None and not all(type(name) is str for name in names):
        return Vocabulary.of(names, forms=forms)
    return _shared_vocabulary(None if names is None else tuple(sorted(names)), forms)


@lru_cache(maxsize=256)
def _shared_vocabulary(names: tuple | None, forms: bool) -> Vocabulary:
    return Vocabulary.of(names, forms=forms)


def _read(text: str, vocabulary: Vocabulary, limits: Limits) -> tuple:
    tree = parse_tree(text, vocabulary, limits)
    return Builder(limits).build(tree), tree


def prepare(expected, variables=None, kind: str = "auto", rtol: float | None = None,
            atol: float | None = None, places: int | None = None, limits: Limits | None = None,
            choices=(), form=(), form_credit: float = 0.0) -> ExpectedAnswer:
    """Parse and prepare an expected answer (text in the input language, or SymPy).
    ``form`` lists required forms: Form objects, or what an exercise's ``form:`` holds
    ("expanded", {"sig-figs": 4}, ...)."""
    options = CheckOptions(
        rtol=DEFAULT_RTOL if rtol is None else rtol,
        atol=0.0 if atol is None else atol,
        places=places,
        limits=limits or DEFAULT_LIMITS,
        choices=tuple(choices),
        form=_forms(form),
        form_credit=form_credit,
    )
    return ExpectedAnswer(expected, variables, kind, options)


def _forms(form) -> tuple:
    if isinstance(form, form_rules.Form):
        return (form,)
    items = form if isinstance(form, (list, tuple)) else [form] if form else []
    if all(isinstance(item, form_rules.Form) for item in items):
        return tuple(items)
    return form_rules.read_forms(list(items))


def check(expected, answer: str, variables=None, kind: str = "auto", rtol: float | None = None,
          atol: float | None = None, places: int | None = None, limits: Limits | None = None,
          choices=(), form=(), form_credit: float = 0.0) -> Verdict:
    """Check one answer against one expected answer; see ``prepare`` for the options."""
    return prepare(expected, variables, kind, rtol, atol, places, limits, choices, form,
                   form_credit).check(answer)
