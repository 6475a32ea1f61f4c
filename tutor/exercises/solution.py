"""A problem's worked solution: each entry of the exercise's ``solution`` computed for
the problem's values: ``steps:`` entries by the step engine (a Step tree, or a list of
them), text lines rendered with the template values and ``answer``.

A worked solution stops at what the exercise asks: the steps of its last step tree end
at the first top-level step whose result the exercise's checker accepts (hessian_steps
goes on to eigenvalues; an exercise asking for H stops at H). What an author wants to
show beyond the answer goes in ``going_further``, shown apart.
"""

from __future__ import annotations

import re

import sympy

from tutor.errors import ParseError
from tutor.exercises.evaluate import Evaluator, time_limited
from tutor.exercises.spec import ExerciseError
from tutor.exercises.templates import TemplateProblem, names_read, render
from tutor.language.values import SetValue, kind_of


def worked_solution(problem, evaluate: Evaluator | None = None, whole: bool = False) -> list:
    """Every entry of the problem's worked solution, in order, the last step tree ending at
    the answer (``whole``: every step its operations compute, also past the answer)."""
    evaluate = evaluate or Evaluator(problem.spec, problem.registry)
    entries = [solution_entry(problem, entry, evaluate) for entry in problem.spec.solution]
    return entries if whole else ending_at_answer(problem, entries)


def going_further(problem, evaluate: Evaluator | None = None) -> list:
    """The entries of the exercise's ``going_further`` (what it shows beyond the answer), computed."""
    evaluate = evaluate or Evaluator(problem.spec, problem.registry)
    return [solution_entry(problem, entry, evaluate, "going_further") for entry in problem.spec.going_further]


def ending_at_answer(problem, entries: list) -> list:
    """``entries`` with the last step tree cut after the answer: after the first top-level step
    whose result the exercise's checker accepts, and the steps right after it that still give
    the answer (it rewritten: a cancellation, a simplification). Unchanged when no step gives it."""
    trees = [i for i, entry in enumerate(entries) if not isinstance(entry, str)]
    if not trees or not isinstance(entries[trees[-1]], (list, tuple)):
        return entries
    steps = list(entries[trees[-1]])
    answered = False
    for number, step in enumerate(steps):
        gives_answer = _gives_answer(problem, getattr(step, "after", step))
        if answered and not gives_answer:
            return [*entries[:trees[-1]], steps[:number], *entries[trees[-1] + 1:]]
        answered = answered or gives_answer
    return entries


def _gives_answer(problem, value) -> bool:
    """Whether a step's result is the answer; a value of another kind is not judged at all."""
    value, expected = unwrapped(value), unwrapped(problem.expected.value)
    if isinstance(value, str) != isinstance(expected, str):
        return False
    if not isinstance(value, str) and kind_of(value) != kind_of(expected):
        return False
    return accepts(problem, value)


def accepts(problem, value) -> bool:
    """Whether the exercise's checker accepts ``value`` written as an answer would be, judged as
    a value: a worked solution shows exact values whatever form (sig-figs, ...) the answer takes."""
    return judged(problem, value).correct


def judged(problem, value):
    """The exercise checker's verdict on a value (see ``accepts``)."""
    from tutor.steps.formatting import as_text

    text = value if isinstance(value, str) else as_text(value)
    try:
        reading = problem.expected.read_answer(text)
    except ParseError:
        return problem.expected.check(text)
    return problem.expected.judge_reading(reading, forms=False)


def unwrapped(value):
    """A set of one item read as that item (solving f′ = 0 gives {x₀})."""
    return value.items[0] if isinstance(value, SetValue) and len(value) == 1 else value


def solution_entry(problem, entry: tuple, evaluate: Evaluator | None = None, name: str = "solution"):
    """One solution entry: a step tree from the step engine, or a rendered text line,
    computed within GENERATION_SECONDS (``name``: the field it comes from)."""
    kind, text = entry
    field = f"{name}.steps" if kind == "steps" else name
    with time_limited(problem.spec, field, f"the solution of seed {problem.seed}"):
        if kind == "steps":
            evaluate = evaluate or Evaluator(problem.spec, problem.registry)
            return _named(evaluate(text, problem.values, field), function_named(text, problem.values))
        values = {**problem.template_values(), "answer": problem.expected.value}
        try:
            return render(problem.registry.jinja, text, values)
        except TemplateProblem as error:
            raise ExerciseError(str(error), problem.spec.source, problem.spec.id, field) from None


def function_named(call: str, values: dict) -> str:
    """What a steps entry calls its function: the value it is called on, when that is named by
    one letter and is an expression (critical_point_steps(T, [x, y]) gives ∇T, T(4, 4)), else f."""
    found = re.match(r"\s*[A-Za-z_]\w*\(\s*([A-Za-z])\s*[,)]", call)
    name = found.group(1) if found else "f"
    return name if isinstance(values.get(name), sympy.Expr) else "f"


def _named(value, function: str):
    """The step tree ``value`` with its lines calling the function ``function``."""
    from tutor.steps.model import Step

    if function != "f":
        for step in value if isinstance(value, list) else [value]:
            if isinstance(step, Step):
                step.named(function)
    return value


def last_step_tree(entries: list) -> list:
    """The steps of the solution's last step tree (top-level steps in order), or []."""
    trees = [entry for entry in entries if not isinstance(entry, str)]
    if not trees:
        return []
    last = trees[-1]
    return list(last) if isinstance(last, (list, tuple)) else [last]


def solution_result(entries: list):
    """The value the worked solution arrives at: what its last step tree's last step gives
    (``after``), or None when the solution has no step tree."""
    steps = last_step_tree(entries)
    return getattr(steps[-1], "after", steps[-1]) if steps else None


def computed_values(entries: list) -> list:
    """Every value the last step tree computes on the way (each step's ``after``, parents first)."""
    found = []
    for step in last_step_tree(entries):
        for inner in step.walk() if hasattr(step, "walk") else (step,):
            found.append(getattr(inner, "after", inner))
    return found


def names_shown(source: str, environment) -> set:
    """The values a solution text line's template shows (``answer``, parameters, definitions);
    none when it does not parse."""
    return set(names_read(environment, source) or ())
