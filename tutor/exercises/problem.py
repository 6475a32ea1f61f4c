"""Turn an exercise spec and a seed into a Problem: parameters, prompt, expected answer.

The same (exercise id, seed) gives the same problem on any machine: the RNG is
Python's Mersenne Twister seeded with the text "id:seed" (stable across
platforms and versions). Expressions in exercise files are read by the safe
input-language parser, with the named operations and the values defined so far.
"""

from __future__ import annotations

import contextlib
import copy
import random
import re
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property

import sympy

from tutor.checking import CORRECT, INCORRECT, CheckOptions, ExpectedAnswer, Verdict
from tutor.checking.forms import written_answer
from tutor.checking.kinds import FORM_KINDS
from tutor.errors import CheckTimeout, ParseError, TutorError
from tutor.exercises.spec import ExerciseError, ExerciseSpec, Parameter
from tutor.exercises.templates import TemplateProblem, render
from tutor.language import Vocabulary, parse_tree, to_text
from tutor.language.build import Builder, variable
from tutor.language.values import map_entries
from tutor.limits import DEFAULT_LIMITS, time_limit

MAX_DRAWS = 200  # redraws before a spec is declared degenerate
GENERATION_SECONDS = 10.0  # wall time to generate one problem, or to compute one solution entry
VARIANT_CACHE_SIZE = 4096  # variants kept by their drawn parameters (many seeds draw the same ones)


class DegenerateExercise(ExerciseError):
    """No parameter draw satisfies the constraints (or every one is degenerate)."""


@dataclass(frozen=True)
class Diagnosis:
    """A targeted message for a wrong answer, with optional partial credit."""

    message: str
    credit: float = 0.0


@dataclass
class Problem:
    """One generated problem: what to show, what to expect, how to help."""

    spec: ExerciseSpec
    seed: int
    values: dict  # parameters and definitions, as SymPy values
    prompt: str
    expected: ExpectedAnswer
    hints: list
    registry: object = field(repr=False)
    diagnoses: list = field(default_factory=list)  # (ExpectedAnswer of a wrong answer, Diagnosis)

    @property
    def id(self) -> str:
        return self.spec.id

    @cached_property
    def answer_text(self) -> str:
        """The expected answer in the input language; computed decimals are shown with the
        fewest significant digits (6 or more) that the answer's own checker accepts."""
        value = self.expected.value
        written = written_answer(self.expected.options.form, value)
        if written is not None:
            return written
        if isinstance(value, str) or not _has_floats(value):
            return self.expected.text
        for digits in (6, 8, 10, 12):
            shown = map_entries(value, lambda e: e.xreplace({f: sympy.Float(f, digits) for f in e.atoms(sympy.Float)}))
            text = to_text(shown, self.expected.e_is_variable)
            if self.expected.check(text).status == CORRECT:
                return text
        return self.expected.text

    def template_values(self) -> dict:
        return {**self.values, **{name: variable(name) for name in self.spec.variables}}

    def render_prompt(self, style: str = "unicode") -> str:
        """The prompt with values in ``style``: unicode (as shown), text or latex."""
        if style == "unicode":
            return self.prompt
        with _time_limited(self.spec, "prompt", f"rendering the prompt of seed {self.seed}"):
            try:
                return render(self.registry.jinja_for(style), self.spec.prompt, self.template_values())
            except TemplateProblem as error:
                raise ExerciseError(str(error), self.spec.source, self.spec.id, "prompt") from None

    def check(self, answer: str) -> Verdict:
        """Judge an answer, then explain a wrong one (the exercise's diagnoses, then plugins).
        The answer is read once; every diagnosis judges that reading."""
        verdict, reading = self.expected.check_read(answer)
        if not self.spec.answer.partial_credit and verdict.status != CORRECT and verdict.form is None:
            verdict.score = 0.0
        if verdict.status == INCORRECT and verdict.form is None and reading is not None:
            diagnosis = self.diagnose(reading, verdict)
            if diagnosis is not None:
                verdict.message = diagnosis.message
                verdict.score = max(verdict.score, diagnosis.credit)
        return verdict

    def diagnose(self, answer, verdict: Verdict) -> Diagnosis | None:
        """The first diagnosis of a wrong answer (a text, or a Reading of one), or None."""
        reading = answer
        if isinstance(answer, str):
            try:
                reading = self.expected.read_answer(answer)
            except ParseError:
                return None
        for wrong, diagnosis in self.diagnoses:
            if wrong.judge_reading(reading, forms=False).status == CORRECT:
                return diagnosis
        return self.registry.diagnose(self, reading.value, verdict)

    @cached_property
    def solution(self) -> list:
        """The worked solution: step trees from the step engine and rendered text lines."""
        return [solve(self, entry) for entry in self.spec.solution]

    def to_dict(self) -> dict:
        return {
            "id": self.id, "seed": self.seed, "title": self.spec.title, "topic": self.spec.topic,
            "difficulty": self.spec.difficulty, "prompt": self.prompt, "variables": list(self.spec.variables),
            "kind": self.expected.kind, "answer": self.answer_text, "hints": list(self.hints),
            "parameters": {name: _plain(self.values[name]) for name in (p.name for p in self.spec.parameters)},
        }


def _has_floats(value) -> bool:
    found = []
    map_entries(value, lambda e: found.append(bool(e.atoms(sympy.Float))))
    return any(found)


def _plain(value):
    return value if isinstance(value, str) else to_text(value)


class _Evaluator:
    """Reads the exercise's expressions with the operations and the values so far."""

    def __init__(self, spec: ExerciseSpec, registry):
        self.spec = spec
        self.registry = registry
        self.operations = {name: op.function for name, op in registry.operations.items()}
        self.arities = registry.operation_arities
        self._trees = _parse_trees(registry)
        self.where = "parameters"  # the field being computed, for a timeout's message

    def __call__(self, text: str, values: dict, where: str, relations: bool = False, forms: bool = False):
        self.where = where
        names = frozenset(self.spec.variables) | frozenset(values)
        key = (text, names, relations, forms)
        try:
            tree = self._trees.get(key)
            if tree is None:
                vocabulary = Vocabulary.of(names, self.arities, relations, exercise=True, forms=forms)
                tree = self._trees[key] = parse_tree(text, vocabulary, _EXERCISE_LIMITS)
            return Builder(_EXERCISE_LIMITS, self.operations, values).build(tree)
        except ParseError as error:
            raise ExerciseError(f"{error} in {text!r}", self.spec.source, self.spec.id, where) from None
        except (TypeError, ValueError, ArithmeticError, NotImplementedError, AttributeError,
                sympy.SympifyError) as error:
            raise ExerciseError(f"cannot compute {text!r}: {type(error).__name__}: {error}", self.spec.source,
                                self.spec.id, where) from None


_EXERCISE_LIMITS = DEFAULT_LIMITS
_TREES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
MAX_TREES = 20_000  # parsed exercise expressions kept per registry


def _parse_trees(registry) -> dict:
    """The parse trees of exercise expressions, shared by every variant (trees are immutable)."""
    try:
        trees = _TREES.setdefault(registry, {})
    except TypeError:  # a registry that cannot be weakly referenced: no sharing
        return {}
    if len(trees) > MAX_TREES:
        trees.clear()
    return trees


@contextlib.contextmanager
def _time_limited(spec: ExerciseSpec, where, what: str):
    """Run the block under GENERATION_SECONDS of wall time; past it, an ExerciseError naming
    the field (``where``: a field name, or an _Evaluator that knows the field it is at)."""
    try:
        with time_limit(GENERATION_SECONDS):
            yield
    except CheckTimeout:
        field = where if isinstance(where, str) else where.where
        raise ExerciseError(f"{what} took longer than {GENERATION_SECONDS:g} s", spec.source, spec.id,
                            field) from None


def instantiate(spec: ExerciseSpec, seed: int, registry) -> Problem:
    """The problem for (spec, seed): the first parameter draw that passes every check,
    generated within GENERATION_SECONDS."""
    evaluate = _Evaluator(spec, registry)
    with _time_limited(spec, evaluate, f"generating seed {seed}"):
        return _instantiate(spec, seed, registry, evaluate)


def _instantiate(spec: ExerciseSpec, seed: int, registry, evaluate) -> Problem:
    rng = random.Random(f"{spec.id}:{seed}")
    last_reason = "no draws"
    early = _split_constraints(spec)[0]
    for _ in range(MAX_DRAWS):
        values = {}
        for parameter in spec.parameters:
            values[parameter.name] = draw(parameter, rng, evaluate, values, spec)
        if not _hold(early, values, evaluate):
            last_reason = "the constraints never all held"
            continue
        outcome = _VARIANTS.outcome(spec, registry, values, lambda: _completed(spec, values, evaluate, registry))
        if isinstance(outcome, str):
            last_reason = outcome
            continue
        problem = copy.copy(outcome)  # shares the computed answer text and solution; only the seed differs
        problem.seed = seed
        return problem
    raise DegenerateExercise(f"no valid variant in {MAX_DRAWS} draws for seed {seed}: {last_reason}",
                             spec.source, spec.id, "parameters")


class _VariantCache:
    """Everything after the parameter draw is a pure function of (spec, registry, drawn values):
    the defines, the expected answer, the prompt and the diagnoses. Students whose seeds draw the
    same parameters share that work (a class of 1,500 on an exercise with a few hundred
    parameter combinations mostly does)."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def outcome(self, spec, registry, values: dict, compute):
        """The Problem (seed to be set) or why the draw is unusable (a string); ``compute()`` on a miss."""
        key = (id(spec), id(registry), tuple((name, type(value), value) for name, value in values.items()))
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] is spec and entry[1] is registry:
                self._entries.move_to_end(key)
                return entry[2]
        result = compute()
        with self._lock:
            self._entries[key] = (spec, registry, result)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return result

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_VARIANTS = _VariantCache(VARIANT_CACHE_SIZE)


def _completed(spec: ExerciseSpec, values: dict, evaluate, registry):
    """The Problem for these drawn parameters (seed 0), or why they are unusable (a string)."""
    values = dict(values)
    for name, text in spec.define:
        values[name] = evaluate(text, values, f"define.{name}")
    if not _hold(_split_constraints(spec)[1], values, evaluate):
        return "the constraints never all held"
    expected = _expected_value(spec, values, evaluate, registry)
    return _degenerate(expected, spec) or _problem(spec, 0, values, expected, evaluate, registry)


def _split_constraints(spec: ExerciseSpec) -> tuple[list, list]:
    """Constraints on the parameters alone (checked before the defines are computed)
    and those that name a define (checked after)."""
    defined = [name for name, _ in spec.define]
    early, late = [], []
    for constraint in spec.constraints:
        names_a_define = any(re.search(rf"(?<![A-Za-z_]){re.escape(name)}(?![A-Za-z0-9_])", constraint)
                             for name in defined)
        (late if names_a_define else early).append(constraint)
    return early, late


def _hold(constraints, values: dict, evaluate) -> bool:
    return all(evaluate(c, values, "constraints", relations=True) == sympy.true for c in constraints)


def _expected_value(spec: ExerciseSpec, values: dict, evaluate, registry):
    """The expected answer: an expression; for kinds with their own reader (choice, ...)
    either an operation giving the word (classify(H)) or the word itself, as Jinja text."""
    kind = registry.kinds.get(spec.answer.kind)
    if kind is None or kind.reader is None:
        return evaluate(spec.answer.value, values, "answer.value", forms=spec.answer.kind in FORM_KINDS)
    try:
        value = evaluate(spec.answer.value, values, "answer.value")
        if isinstance(value, str):
            return kind.reader(value)
    except ExerciseError:
        pass
    evaluate.where = "answer.value"
    try:
        text = render(registry.jinja, spec.answer.value, {**values, **{n: variable(n) for n in spec.variables}})
    except TemplateProblem as error:
        raise ExerciseError(str(error), spec.source, spec.id, "answer.value") from None
    return kind.reader(text)


def draw(parameter: Parameter, rng: random.Random, evaluate, values: dict, spec: ExerciseSpec):
    """One value for a parameter, avoiding its excluded values."""
    for _ in range(100):
        if parameter.kind == "int":
            value = sympy.Integer(rng.randint(*parameter.spec))
        elif parameter.kind == "rational":
            (nlo, nhi), (dlo, dhi) = parameter.spec
            value = sympy.Rational(rng.randint(nlo, nhi), rng.randint(dlo, dhi))
        elif parameter.kind == "decimal":
            low, high = parameter.spec
            value = sympy.Float(f"{rng.uniform(low, high):.{parameter.places}f}", 15)
        else:
            choice = rng.choice(parameter.spec)
            value = _choice_value(choice, evaluate, values, parameter)
        if not any(_equal(value, excluded) for excluded in parameter.exclude):
            return value
    raise DegenerateExercise("every drawn value is excluded", spec.source, spec.id, f"parameters.{parameter.name}")


def _choice_value(choice, evaluate, values, parameter):
    if isinstance(choice, bool):
        raise ExerciseError("a choice cannot be true/false", field=f"parameters.{parameter.name}")
    if isinstance(choice, int):
        return sympy.Integer(choice)
    if isinstance(choice, float):
        return sympy.Float(repr(choice), 15)
    return evaluate(choice, values, f"parameters.{parameter.name}")


def _equal(value, excluded) -> bool:
    if isinstance(excluded, bool) or not isinstance(excluded, (int, float)):
        return False
    return isinstance(value, sympy.Expr) and value.is_number and abs(float(value) - excluded) < 1e-12


def _degenerate(expected, spec: ExerciseSpec) -> str | None:
    """Why a computed expected answer is unusable, or None."""
    entries = _entries(expected)
    for entry in entries:
        if isinstance(entry, sympy.Basic) and entry.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
            return "the expected answer is undefined"
    if not spec.answer.allow_zero and entries and all(isinstance(e, sympy.Expr) and e == 0 for e in entries):
        return "the expected answer is 0 (set answer.allow_zero if that is intended)"
    return None


def _entries(value) -> list:
    from tutor.language.values import Matrix, SetValue, Vector

    if isinstance(value, Vector):
        return list(value.entries)
    if isinstance(value, Matrix):
        return list(value.entries)
    if isinstance(value, SetValue):
        return [e for item in value.items for e in _entries(item)] if value.items else []
    return [value]


def _problem(spec, seed, values, expected, evaluate, registry) -> Problem:
    answer = spec.answer
    options = CheckOptions(rtol=1e-3 if answer.rtol is None else answer.rtol,
                           atol=0.0 if answer.atol is None else answer.atol, places=answer.places,
                           choices=answer.choices, form=answer.form, form_credit=answer.form_credit)
    variables = list(spec.variables)
    prepared = ExpectedAnswer(expected, variables, answer.kind, options, registry.kinds)
    env = registry.jinja
    template_values = {**values, **{name: variable(name) for name in spec.variables}}
    prompt = _rendered(env, spec, "prompt", spec.prompt, template_values, evaluate)
    hints = [_rendered(env, spec, "hints", hint, template_values, evaluate) for hint in spec.hints]
    diagnoses = []
    for entry in spec.diagnosis:
        wrong = evaluate(entry.answer, values, "diagnosis.answer", forms=prepared.kind in FORM_KINDS)
        evaluate.where = "diagnosis.message"
        try:
            message = render(env, entry.message, template_values)
        except TemplateProblem as error:
            raise ExerciseError(str(error), spec.source, spec.id, "diagnosis.message") from None
        diagnoses.append((ExpectedAnswer(wrong, variables, prepared.kind, options, registry.kinds),
                          Diagnosis(message, entry.credit)))
    return Problem(spec, seed, values, prompt, prepared, hints, registry, diagnoses)


def _rendered(env, spec: ExerciseSpec, field: str, source: str, values: dict, evaluate) -> str:
    evaluate.where = field
    try:
        return render(env, source, values)
    except TemplateProblem as error:
        raise ExerciseError(str(error), spec.source, spec.id, field) from None


def solve(problem: Problem, entry: tuple):
    """One solution entry: a step tree from the step engine, or a rendered text line,
    computed within GENERATION_SECONDS."""
    kind, text = entry
    field = "solution.steps" if kind == "steps" else "solution"
    with _time_limited(problem.spec, field, f"the solution of seed {problem.seed}"):
        if kind == "steps":
            return _Evaluator(problem.spec, problem.registry)(text, problem.values, field)
        values = {**problem.template_values(), "answer": problem.expected.value}
        try:
            return render(problem.registry.jinja, text, values)
        except TemplateProblem as error:
            raise ExerciseError(str(error), problem.spec.source, problem.spec.id, field) from None


__all__ = ["Problem", "Diagnosis", "instantiate", "DegenerateExercise", "TutorError"]
