"""Validate exercises: every variant must generate, render, and accept its own answer.

For each exercise and each seed: the problem must instantiate (parameters,
constraints, definitions, prompt, hints), its expected answer must be judged
correct by its own checker, no diagnosis may accept the right answer, and the
worked solution must compute. Each failure says which file, which exercise,
which seed, what kind of failure (see KINDS) and in which field.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from tutor.errors import TutorError
from tutor.exercises.generate import DegenerateExercise, instantiate
from tutor.exercises.spec import ExerciseError

# kind of failure -> what it means, for the instructor
KINDS = {
    "schema": "the file or an exercise's fields do not follow the format",
    "compute": "a parameter, constraint, definition or answer value does not compute",
    "render": "the prompt, a hint or a message does not render (Jinja)",
    "degenerate": "no parameter draw gives a usable variant",
    "answer": "the expected answer is not accepted by its own checker",
    "diagnosis": "a diagnosis also matches the right answer",
    "solution": "the worked solution does not compute",
    "skipped": "(a warning) further seeds of this exercise were not tried",
    "variety": "(a warning) the seeds give few distinct prompts",
}


@dataclass
class Failure:
    """One problem found: where (file, exercise, seed, field) and what."""

    exercise: str | None
    seed: int | None
    message: str
    source: str = ""
    kind: str = "compute"
    field: str | None = None
    expected: str | None = None  # the expected answer, for kind 'answer'
    verdict: str | None = None  # its own checker's verdict on it

    def __str__(self) -> str:
        where = self.exercise or "(file)"
        if self.seed is not None:
            where += f" (seed {self.seed})"
        what = f"{self.field}: " if self.field else ""
        return f"{where} [{self.kind}] {what}{self.message}"

    def line(self) -> str:
        """The failure as one line, starting with its file."""
        return f"{self.source}: {self}" if self.source else str(self)


@dataclass
class Report:
    exercises: int = 0
    variants: int = 0
    failures: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def failing_exercises(self) -> list:
        """Ids of exercises (or files, for schema errors) with a failure, in order of appearance."""
        return list(dict.fromkeys(f.exercise or f.source for f in self.failures))

    def summary(self) -> str:
        head = f"{self.exercises} exercises, {self.variants} variants"
        if self.ok:
            return f"{head}: ok"
        kinds = {}
        for failure in self.failures:
            kinds[failure.kind] = kinds.get(failure.kind, 0) + 1
        counted = ", ".join(f"{n} {k}" for k, n in kinds.items())
        return (f"{head}: {sum(kinds.values())} failure(s) in {len(self.failing_exercises())} "
                f"exercise(s) or file(s) ({counted})")

    def to_dict(self) -> dict:
        return {"ok": self.ok, "exercises": self.exercises, "variants": self.variants,
                "summary": self.summary(), "failures": [asdict(f) for f in self.failures],
                "warnings": [asdict(w) for w in self.warnings]}


def read_specs(files, known_kinds, report: Report) -> list:
    """The exercises of ``files``; a file that does not read, or a repeated id, is a schema failure."""
    from tutor.exercises.loader import read_file

    specs, seen = [], {}
    for path in files:
        try:
            found = read_file(path, tuple(known_kinds))
        except ExerciseError as error:
            report.failures.append(Failure(error.exercise, None, reason(error), error.source or str(path),
                                           "schema", error.field))
            continue
        for spec in found:
            if spec.id in seen:
                report.failures.append(Failure(spec.id, None, f"the id is also used in {seen[spec.id]}",
                                               spec.source, "schema", "id"))
                continue
            seen[spec.id] = spec.source
            specs.append(spec)
    return specs


def validate_exercise(spec, registry, seeds, report: Report, max_failures: int = 3) -> None:
    """Check ``spec`` over ``seeds``; stop after ``max_failures`` failing seeds of it."""
    report.exercises += 1
    failures = 0
    prompts = set()
    for seed in seeds:
        failure = _variant_problem(spec, seed, registry, prompts)
        report.variants += 1
        if failure:
            report.failures.append(failure)
            failures += 1
            if failure.kind == "degenerate" or failures >= max_failures:
                report.warnings.append(Failure(spec.id, None, f"further seeds skipped after {failures} failure(s)",
                                               spec.source, "skipped"))
                return
    if spec.parameters and len(seeds) >= 20 and len(prompts) < 5:
        report.warnings.append(Failure(spec.id, None, f"only {len(prompts)} distinct variants over "
                                                      f"{len(seeds)} seeds", spec.source, "variety"))


def _variant_problem(spec, seed, registry, prompts: set) -> Failure | None:
    def fail(message, kind, field=None, **extra):
        return Failure(spec.id, seed, message, spec.source, kind, field, **extra)

    try:
        problem = instantiate(spec, seed, registry)
    except DegenerateExercise as error:
        return fail(reason(error), "degenerate", error.field)
    except ExerciseError as error:
        message = reason(error)
        kind = "render" if "does not render" in message else "compute"
        return fail(message, kind, error.field)
    except TutorError as error:
        return fail(str(error), "compute")
    prompts.add(problem.prompt)
    if not problem.prompt.strip():
        return fail("the prompt renders empty", "render", "prompt")
    verdict = problem.check(problem.answer_text)
    if not verdict.correct:
        return fail(f"its own expected answer {problem.answer_text!r} is judged {verdict.status}: "
                    f"{verdict.message}", "answer", "answer.value", expected=problem.answer_text,
                    verdict=verdict.status)
    for wrong, diagnosis in problem.diagnoses:
        if wrong.check(problem.answer_text).correct:
            return fail(f"the diagnosis {diagnosis.message[:60]!r} also matches the right answer "
                        f"{problem.answer_text!r}", "diagnosis", "diagnosis.answer", expected=problem.answer_text)
    try:
        from tutor.solutions import render_solution

        render_solution(problem, "text")
    except ExerciseError as error:
        return fail(f"the solution does not compute: {reason(error)}", "solution", error.field or "solution")
    except TutorError as error:
        return fail(f"the solution does not compute: {error}", "solution", "solution")
    except (TypeError, ValueError, ArithmeticError, NotImplementedError) as error:
        return fail(f"the solution does not compute: {type(error).__name__}: {error}", "solution", "solution")
    return None


def reason(error: ExerciseError) -> str:
    """An ExerciseError's message without the file / exercise / field it starts with."""
    text = str(error)
    for part in (error.source, f"exercise {error.exercise!r}" if error.exercise else "",
                 f"field {error.field!r}" if error.field else ""):
        if part and text.startswith(part + ": "):
            text = text[len(part) + 2:]
    return text
