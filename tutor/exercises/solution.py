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
    """The values a solution text line's template shows (``answer``, parameters, definitions)."""
    from jinja2 import meta

    try:
        return set(meta.find_undeclared_variables(environment.parse(source)))
    except Exception:  # noqa: BLE001 - a template that does not parse shows nothing
        return set()
