"""A problem's worked solution: each entry of the exercise's ``solution`` computed for
the problem's values: ``steps:`` entries by the step engine (a Step tree, or a list of
them), text lines rendered with the template values and ``answer``."""

from __future__ import annotations

from tutor.exercises.evaluate import Evaluator, time_limited
from tutor.exercises.spec import ExerciseError
from tutor.exercises.templates import TemplateProblem, render


def worked_solution(problem, evaluate: Evaluator | None = None) -> list:
    """Every entry of the problem's worked solution, in order."""
    evaluate = evaluate or Evaluator(problem.spec, problem.registry)
    return [solution_entry(problem, entry, evaluate) for entry in problem.spec.solution]


def solution_entry(problem, entry: tuple, evaluate: Evaluator | None = None):
    """One solution entry: a step tree from the step engine, or a rendered text line,
    computed within GENERATION_SECONDS."""
    kind, text = entry
    field = "solution.steps" if kind == "steps" else "solution"
    with time_limited(problem.spec, field, f"the solution of seed {problem.seed}"):
        if kind == "steps":
            evaluate = evaluate or Evaluator(problem.spec, problem.registry)
            return evaluate(text, problem.values, field)
        values = {**problem.template_values(), "answer": problem.expected.value}
        try:
            return render(problem.registry.jinja, text, values)
        except TemplateProblem as error:
            raise ExerciseError(str(error), problem.spec.source, problem.spec.id, field) from None


def solution_result(entries: list):
    """The value the worked solution arrives at: what the last step tree gives (the last
    step's ``after``), or None when the solution has no step tree."""
    trees = [entry for entry in entries if not isinstance(entry, str)]
    if not trees:
        return None
    last = trees[-1]
    if isinstance(last, (list, tuple)):
        if not last:
            return None
        last = last[-1]
    return getattr(last, "after", last)
