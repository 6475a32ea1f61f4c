"""Generate a problem from an exercise spec and a seed: parameter draws, constraints,
definitions, the expected answer, the rendered prompt, hints and diagnoses.

Only what is asked for is computed: a definition when a constraint, the answer, a text or
another definition reads it (tutor.exercises.evaluate.DrawValues), the hints and the
diagnoses when first read (``Details``). A complete generator (``instantiate``, ``tutor
validate``) computes everything while generating, so a broken definition, hint or
diagnosis fails there; otherwise it fails, with the same error, where it is read.

The same (exercise id, seed) gives the same problem on any machine: the RNG is
Python's Mersenne Twister seeded with the text "id:seed" (stable across
platforms and versions). Expressions are read by tutor.exercises.evaluate.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

import sympy

from tutor.checking import CheckOptions, ExpectedAnswer
from tutor.checking.answer_kind import FORM_KINDS
from tutor.exercises.evaluate import DrawValues, Evaluator, time_limited, values_key
from tutor.exercises.problem import Diagnosis, Problem
from tutor.exercises.spec import ExerciseError, ExerciseSpec, Parameter
from tutor.exercises.templates import TemplateProblem, render, template_context
from tutor.language.values import entries

MAX_DRAWS = 200  # redraws before a spec is declared degenerate


class DegenerateExercise(ExerciseError):
    """No parameter draw satisfies the constraints (or every one is degenerate)."""


class Generator:
    """Makes the problems of one exercise; its Evaluator reads each expression once and
    remembers values across seeds, and a parameter draw seen before gives the problem it
    gave then (so many seeds of one exercise share the work). ``complete``: compute every
    definition, hint and diagnosis while generating (their errors are raised then), as
    ``tutor validate`` and the one-problem ``instantiate`` do; otherwise each is computed when
    first read."""

    def __init__(self, spec: ExerciseSpec, registry, complete: bool = False):
        self.spec = spec
        self.registry = registry
        self.complete = complete
        self.evaluate = Evaluator(spec, registry)
        self.made: dict = {}  # a parameter draw -> its Problem, or why it was rejected
        # drawing computes nothing when every parameter's choices are numbers (not expressions)
        self._plain_draws = all(p.kind != "choice" or all(
            isinstance(c, (int, float)) and not isinstance(c, bool) for c in p.spec) for p in spec.parameters)

    def problem(self, seed: int) -> Problem:
        """The problem for ``seed``: the first parameter draw that passes every check,
        generated within GENERATION_SECONDS. When drawing computes nothing, the first draw is
        made first, without a time limit: a draw that gave a problem before gives it again."""
        rng = random.Random(f"{self.spec.id}:{seed}")
        first = None
        if self._plain_draws:
            first = draw_all(self.spec, rng, None)
            key = values_key("draw", first)
            outcome = self.made.get(key) if key is not None else None
            if isinstance(outcome, Problem):
                return _for_seed(outcome, seed)
        with time_limited(self.spec, self.evaluate, f"generating seed {seed}"):
            return _instantiate(self.spec, seed, self.registry, self.evaluate, self.made, self.complete, rng, first)


def instantiate(spec: ExerciseSpec, seed: int, registry) -> Problem:
    """The problem for (spec, seed), complete: the first parameter draw that passes every check,
    with every definition, hint and diagnosis computed, generated within GENERATION_SECONDS."""
    return Generator(spec, registry, complete=True).problem(seed)


def _instantiate(spec: ExerciseSpec, seed: int, registry, evaluate, made: dict | None = None,
                 complete: bool = False, rng: random.Random | None = None, first: dict | None = None) -> Problem:
    """The problem of the first draw that passes; ``rng`` (seeded with "id:seed") may come with
    its ``first`` draw already made from it."""
    rng = rng or random.Random(f"{spec.id}:{seed}")
    last_reason = "no draws"
    early, late = _split_constraints(spec)
    made = {} if made is None else made
    for _ in range(MAX_DRAWS):
        values, first = first, None
        if values is None:
            values = draw_all(spec, rng, evaluate)
        key = values_key("draw", values)
        outcome = made.get(key) if key is not None else None
        if outcome is None:
            outcome = _variant(spec, seed, values, early, late, evaluate, registry, complete)
            if key is not None:
                made[key] = outcome
        if isinstance(outcome, str):
            last_reason = outcome
            continue
        return _for_seed(outcome, seed)
    raise DegenerateExercise(f"no valid variant in {MAX_DRAWS} draws for seed {seed}: {last_reason}",
                             spec.source, spec.id, "parameters")


def _for_seed(problem: Problem, seed: int) -> Problem:
    """A variant made for another seed with the same draw, as this seed's problem."""
    return problem if problem.seed == seed else replace(problem, seed=seed)


def draw_all(spec: ExerciseSpec, rng: random.Random, evaluate) -> dict:
    """One draw of every parameter, in order (a parameter may depend on those before it)."""
    values: dict = {}
    for parameter in spec.parameters:
        values[parameter.name] = draw(parameter, rng, evaluate, values, spec)
    return values


def _variant(spec, seed, parameters, early, late, evaluate, registry, complete: bool = False) -> Problem | str:
    """The problem of one parameter draw, or why the draw is rejected (the same draw gives
    the same outcome: everything is computed from the parameters). The late constraints, the
    answer and the prompt compute the definitions they read; ``complete`` computes them all,
    in order, first (as the hints and diagnoses after)."""
    if not _hold(early, parameters, evaluate):
        return "the constraints never all held"
    values = _draw_values(spec, parameters, evaluate)
    if complete:
        for name in values:
            values[name]  # noqa: B018 - computed now, in order, so that an error is raised here
    if not _hold(late, values, evaluate):
        return "the constraints never all held"
    expected = _expected_value(spec, values, evaluate, registry)
    reason = _degenerate(expected, spec)
    if reason:
        return reason
    problem = _problem(spec, seed, values, expected, evaluate, registry)
    if complete:
        problem.complete()
    return problem


def _draw_values(spec: ExerciseSpec, parameters: dict, evaluate):
    """The draw's values, each definition computed when read; all of them computed in order
    when a definition reuses a parameter's name (it then replaces the drawn value)."""
    if any(name in parameters for name, _ in spec.define):
        values = dict(parameters)
        for name, text in spec.define:
            values[name] = evaluate(text, values, f"define.{name}")
        return values
    return DrawValues(parameters, spec.define, evaluate)


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
    return kind.reader(_rendered(registry.jinja, spec, "answer.value", spec.answer.value, values, evaluate))


def draw(parameter: Parameter, rng: random.Random, evaluate, values: dict, spec: ExerciseSpec):
    """One value for a parameter, avoiding its excluded values."""
    made = _made_values(parameter)
    for _ in range(100):
        if parameter.kind == "int":
            raw = rng.randint(*parameter.spec)
        elif parameter.kind == "rational":
            (nlo, nhi), (dlo, dhi) = parameter.spec
            raw = (rng.randint(nlo, nhi), rng.randint(dlo, dhi))
        elif parameter.kind == "decimal":
            low, high = parameter.spec
            raw = f"{rng.uniform(low, high):.{parameter.places}f}"
        else:
            raw = rng.choice(parameter.spec)
            if type(raw) not in (int, float):  # an expression: its value depends on the values drawn before
                value = _choice_value(raw, evaluate, values, parameter)
                if not _excluded(value, parameter):
                    return value
                continue
            raw = (type(raw), raw)  # 1 and 1.0 make different values
        found = made.get(raw)
        if found is None:
            value = _drawn_value(parameter, raw, evaluate, values)
            found = (value, _excluded(value, parameter))
            if len(made) >= MAX_MADE_VALUES:
                made.clear()
            made[raw] = found
        if not found[1]:
            return found[0]
    raise DegenerateExercise("every drawn value is excluded", spec.source, spec.id, f"parameters.{parameter.name}")


MAX_MADE_VALUES = 4096  # values of one parameter kept, by what was drawn
MAX_PARAMETERS = 1024  # parameters whose values are kept
_MADE: dict = {}  # id of a Parameter -> (the Parameter, {what was drawn: (its value, excluded?)})


def _made_values(parameter: Parameter) -> dict:
    """The values made for ``parameter`` so far (each drawn number is made once: a SymPy
    number from an int, a fraction, a decimal's text or a numeric choice)."""
    found = _MADE.get(id(parameter))
    if found is None or found[0] is not parameter:
        if len(_MADE) >= MAX_PARAMETERS:
            _MADE.clear()
        found = _MADE[id(parameter)] = (parameter, {})  # the Parameter is kept, so its id is not reused
    return found[1]


def _drawn_value(parameter: Parameter, raw, evaluate, values):
    if parameter.kind == "int":
        return sympy.Integer(raw)
    if parameter.kind == "rational":
        return sympy.Rational(*raw)
    if parameter.kind == "decimal":
        return sympy.Float(raw, 15)
    return _choice_value(raw[1], evaluate, values, parameter)


def _choice_value(choice, evaluate, values, parameter):
    if isinstance(choice, bool):
        raise ExerciseError("a choice cannot be true/false", field=f"parameters.{parameter.name}")
    if isinstance(choice, int):
        return sympy.Integer(choice)
    if isinstance(choice, float):
        return sympy.Float(repr(choice), 15)
    return evaluate(choice, values, f"parameters.{parameter.name}")


def _excluded(value, parameter: Parameter) -> bool:
    return any(_equal(value, excluded) for excluded in parameter.exclude)


def _equal(value, excluded) -> bool:
    if isinstance(excluded, bool) or not isinstance(excluded, (int, float)):
        return False
    return isinstance(value, sympy.Expr) and value.is_number and abs(float(value) - excluded) < 1e-12


def _degenerate(expected, spec: ExerciseSpec) -> str | None:
    """Why a computed expected answer is unusable, or None."""
    found = entries(expected)
    for entry in found:
        if isinstance(entry, sympy.Basic) and entry.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
            return "the expected answer is undefined"
    if not spec.answer.allow_zero and found and all(isinstance(e, sympy.Expr) and e == 0 for e in found):
        return "the expected answer is 0 (set answer.allow_zero if that is intended)"
    return None


def _problem(spec, seed, values, expected, evaluate, registry) -> Problem:
    answer = spec.answer
    options = CheckOptions(rtol=1e-3 if answer.rtol is None else answer.rtol,
                           atol=0.0 if answer.atol is None else answer.atol, places=answer.places,
                           choices=answer.choices, form=answer.form, form_credit=answer.form_credit)
    prepared = ExpectedAnswer(expected, list(spec.variables), answer.kind, options, registry.kinds)
    prompt = _rendered(registry.jinja, spec, "prompt", spec.prompt, values, evaluate)
    return Problem(spec=spec, seed=seed, values=values, prompt=prompt, expected=prepared, registry=registry,
                   evaluate=evaluate, details=Details(spec, values, prepared, evaluate, registry))


class Details:
    """What one variant computes only when it is read: its hints and its diagnoses (a wrong
    answer's, and a wrong choice's). Shared by the problems of the draw (Problem.shown)."""

    def __init__(self, spec: ExerciseSpec, values, expected: ExpectedAnswer, evaluate, registry):
        self.spec, self.values, self.expected, self.evaluate, self.registry = \
            spec, values, expected, evaluate, registry

    def hints(self) -> list:
        return [_rendered(self.registry.jinja, self.spec, "hints", hint, self.values, self.evaluate)
                for hint in self.spec.hints]

    def diagnoses(self) -> tuple[list, dict]:
        """The (ExpectedAnswer of a wrong answer, Diagnosis) pairs, and a declared choice ->
        why picking it is wrong."""
        spec, values, evaluate, expected = self.spec, self.values, self.evaluate, self.expected
        diagnoses, choice_diagnoses = [], {}
        for entry in spec.diagnosis:
            if entry.when is not None and evaluate(entry.when, values, "diagnosis.when", relations=True) != sympy.true:
                continue
            diagnosis = Diagnosis(_rendered(self.registry.jinja, spec, "diagnosis.message", entry.message, values,
                                            evaluate), entry.credit)
            if entry.choice is not None:
                choice_diagnoses.setdefault(entry.choice, diagnosis)
                continue
            wrong = evaluate(entry.answer, values, "diagnosis.answer", forms=expected.kind in FORM_KINDS)
            diagnoses.append((ExpectedAnswer(wrong, list(spec.variables), expected.kind, expected.options,
                                             self.registry.kinds), diagnosis))
        return diagnoses, choice_diagnoses


def _rendered(env, spec: ExerciseSpec, field: str, source: str, values, evaluate) -> str:
    """A text of the exercise rendered with the values it reads (an error names ``field``)."""
    evaluate.where = field
    try:
        return render(env, source, template_context(env, source, values, spec.variables))
    except TemplateProblem as error:
        raise ExerciseError(str(error), spec.source, spec.id, field) from None


__all__ = ["DegenerateExercise", "Generator", "MAX_DRAWS", "draw", "instantiate"]
