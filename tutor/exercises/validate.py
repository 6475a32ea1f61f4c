"""Validate exercises: every variant must generate, render, and accept its own answer.

For each exercise and each seed: the problem must instantiate (parameters,
constraints, definitions, prompt, hints), its expected answer must be judged
correct by its own checker, no diagnosis may accept the right answer, and the
worked solution must compute. Problems are reported by exercise and seed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.errors import TutorError
from tutor.exercises.problem import instantiate


@dataclass
class Failure:
    exercise: str
    seed: int | None
    message: str
    source: str = ""

    def __str__(self) -> str:
        where = f"{self.exercise}" + (f" (seed {self.seed})" if self.seed is not None else "")
        return f"{where}: {self.message}"


@dataclass
class Report:
    exercises: int = 0
    variants: int = 0
    failures: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict:
        return {"ok": self.ok, "exercises": self.exercises, "variants": self.variants,
                "failures": [vars(f) for f in self.failures], "warnings": [vars(w) for w in self.warnings]}


def validate_exercise(spec, registry, seeds, report: Report, max_failures: int = 3) -> None:
    """Check ``spec`` over ``seeds``; stop after ``max_failures`` failing seeds of it."""
    report.exercises += 1
    failures = 0
    prompts = set()
    for seed in seeds:
        message = _variant_problem(spec, seed, registry, prompts)
        report.variants += 1
        if message:
            report.failures.append(Failure(spec.id, seed, message, spec.source))
            failures += 1
            if failures >= max_failures:
                report.failures.append(Failure(spec.id, None, "further seeds skipped", spec.source))
                return
    if spec.parameters and len(seeds) >= 20 and len(prompts) < 5:
        report.warnings.append(Failure(spec.id, None, f"only {len(prompts)} distinct variants over "
                                                      f"{len(seeds)} seeds", spec.source))


def _variant_problem(spec, seed, registry, prompts: set) -> str | None:
    try:
        problem = instantiate(spec, seed, registry)
    except TutorError as error:
        return str(error)
    prompts.add(problem.prompt)
    if not problem.prompt.strip():
        return "the prompt renders empty"
    verdict = problem.check(problem.answer_text)
    if not verdict.correct:
        return (f"its own expected answer {problem.answer_text!r} is judged {verdict.status}: "
                f"{verdict.message}")
    for wrong, diagnosis in problem.diagnoses:
        if wrong.check(problem.answer_text).correct:
            return f"the diagnosis {diagnosis.message[:60]!r} also matches the right answer"
    try:
        from tutor.solutions import render_solution

        render_solution(problem, "text")
    except TutorError as error:
        return f"the solution does not compute: {error}"
    except (TypeError, ValueError, ArithmeticError, NotImplementedError) as error:
        return f"the solution does not compute: {type(error).__name__}: {error}"
    return None
