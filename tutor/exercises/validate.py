"""Validate exercises: every variant must generate, render, accept its own answer, and
its worked solution must arrive at that answer.

For each exercise and each seed: the problem must instantiate (parameters,
constraints, definitions, prompt, hints), its expected answer must be judged
correct by its own checker, no diagnosis may accept the right answer, the
worked solution must compute and render, and what its last step tree gives
must be accepted by the exercise's checker (see ``solution_result``). Each
failure says which file, which exercise, which seed, what kind of failure (see
FAILURE_KINDS) and in which field.

Seeds that draw the same parameters give the same variant: it is checked once
and its outcome (a failure included, with the seed's own number) repeated.
``validate_all`` spreads exercises over worker processes and yields each
exercise's outcome in the exercises' order as soon as it and those before it
are done.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, replace

from tutor.errors import TutorError
from tutor.exercises.evaluate import values_key
from tutor.exercises.generate import DegenerateExercise, Generator
from tutor.exercises.solution import computed_values, judged, names_shown, solution_result, unwrapped
from tutor.exercises.spec import ExerciseError
from tutor.exercises.validate_checks import (
    ambiguous_text, form_mismatch, is_zero_key, non_critical_classification, round_off)
from tutor.language.values import free_symbols, kind_of
from tutor.steps.formatting import as_text

# an exercise with parameters is "always 0" once this many distinct variants all key 0 (fewer: chance)
ZERO_KEY_VARIANTS = 5

# kind of failure -> what it means, for the instructor
FAILURE_KINDS = {
    "schema": "the file or an exercise's fields do not follow the format",
    "compute": "a parameter, constraint, definition or answer value does not compute",
    "render": "the prompt, a hint or a message does not render (Jinja)",
    "degenerate": "no parameter draw gives a usable variant",
    "answer": "the expected answer is not accepted by its own checker",
    "diagnosis": "a diagnosis also matches the right answer",
    "solution": "the worked solution does not compute",
    "result": "the worked solution arrives at another value than the expected answer",
    "round-off": "the answer key or a definition holds round-off (-2.2e-16 for 0): compute it exactly",
    "zero": "the answer is 0 in every variant: the exercise asks nothing",
    "classification": "the worked solution classifies a point that is not a critical point",
    "ambiguous": "the prompt or a hint writes maths the student language reads as ambiguous (e^2x, 1/2x)",
    "form": "the prompt states a form (exactly, 4 significant digits, ...) the answer does not declare, or "
            "the other way round",
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


@dataclass
class Outcome:
    """What validating one exercise found: variants tried, failures, warnings."""

    exercise: str
    variants: int = 0
    failures: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def add_to(self, report: Report) -> None:
        report.exercises += 1
        report.variants += self.variants
        report.failures.extend(self.failures)
        report.warnings.extend(self.warnings)


def validate_exercise(spec, registry, seeds, report: Report, max_failures: int = 3) -> None:
    """Check ``spec`` over ``seeds``; stop after ``max_failures`` failing seeds of it."""
    check_exercise(spec, registry, seeds, max_failures).add_to(report)


def check_exercise(spec, registry, seeds, max_failures: int = 3) -> Outcome:
    """The outcome of ``spec`` over ``seeds``, stopping after ``max_failures`` failing seeds."""
    outcome = Outcome(spec.id)
    generator = Generator(spec, registry, complete=True)  # every definition, hint and diagnosis
    prompts: set = set()
    seen: dict = {}  # the parameters of a variant -> its failure (None: it passed)
    keys = {"checked": 0, "zero": 0}  # distinct variants checked, and those whose key is 0
    failures = 0
    for seed in seeds:
        failure = _variant_problem(spec, seed, generator, prompts, seen, keys)
        outcome.variants += 1
        if failure:
            outcome.failures.append(failure)
            failures += 1
            if failure.kind == "degenerate" or failures >= max_failures:
                outcome.warnings.append(Failure(spec.id, None, f"further seeds skipped after {failures} failure(s)",
                                                spec.source, "skipped"))
                return outcome
    if keys["zero"] == keys["checked"] and keys["checked"] >= (ZERO_KEY_VARIANTS if spec.parameters else 1):
        outcome.failures.append(Failure(spec.id, None, f"the answer is 0 in all {keys['checked']} distinct "
                                        "variant(s): the exercise asks nothing", spec.source, "zero",
                                        "answer.value"))
    if spec.parameters and len(seeds) >= 20 and len(prompts) < 5:
        outcome.warnings.append(Failure(spec.id, None, f"only {len(prompts)} distinct variants over "
                                                       f"{len(seeds)} seeds", spec.source, "variety"))
    return outcome


def _variant_problem(spec, seed, generator: Generator, prompts: set, seen: dict,
                     keys: dict | None = None) -> Failure | None:
    def fail(message, kind, field=None, **extra):
        return Failure(spec.id, seed, message, spec.source, kind, field, **extra)

    try:
        problem = generator.problem(seed)
    except DegenerateExercise as error:
        return fail(reason(error), "degenerate", error.field)
    except ExerciseError as error:
        message = reason(error)
        kind = "render" if "does not render" in message else "compute"
        return fail(message, kind, error.field)
    except TutorError as error:
        return fail(str(error), "compute")
    prompts.add(problem.prompt)
    key = values_key(problem.prompt, problem.values)  # what makes a variant: its values
    if key is not None and key in seen:
        earlier = seen[key]
        return None if earlier is None else replace(earlier, seed=seed)
    failure = _checked(problem, fail)
    if keys is not None:
        keys["checked"] += 1
        keys["zero"] += is_zero_key(problem)
    if key is not None:
        seen[key] = failure
    return failure


def _checked(problem, fail) -> Failure | None:
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
    for check, kind in ((round_off, "round-off"), (ambiguous_text, "ambiguous"), (form_mismatch, "form")):
        found = check(problem)
        if found:
            return fail(found[1], kind, found[0], expected=problem.answer_text)
    try:
        from tutor.solutions import render_solution

        render_solution(problem, "text")
    except ExerciseError as error:
        return fail(f"the solution does not compute: {reason(error)}", "solution", error.field or "solution")
    except TutorError as error:
        return fail(f"the solution does not compute: {error}", "solution", "solution")
    except (TypeError, ValueError, ArithmeticError, NotImplementedError) as error:
        return fail(f"the solution does not compute: {type(error).__name__}: {error}", "solution", "solution")
    found = (non_critical_classification(problem, problem.solution)
             or non_critical_classification(problem, problem.going_further, "going_further"))
    if found:
        return fail(found[1], "classification", found[0], expected=problem.answer_text)
    return _result_failure(problem, fail)


def _result_failure(problem, fail) -> Failure | None:
    """A failure when the worked solution does not arrive at the expected answer (the rule is
    in docs/authoring.md, "Testing: tutor validate"): the last step tree's result, or a value
    it computes on the way, must be accepted by the exercise's checker, or a text line after
    the steps must show ``{{ answer }}`` (the steps worked out a part, or checked the answer);
    a result of another shape than the answer (f″(x) before its value at the point) passes
    when a text line shows the answer or a value the checker accepts."""
    entries = problem.solution
    result = solution_result(entries)
    if result is None:
        return None
    result = unwrapped(result)
    verdict = judged(problem, result)
    if verdict.correct:
        return None
    wanted = _shape(problem.expected.value)
    if any(_shape(v) == wanted and judged(problem, v).correct for v in map(unwrapped, computed_values(entries))):
        return None
    if _shape(result) == wanted and _text_shows_answer(problem, wanted, answer_only=True, after_steps=True):
        return None  # the steps worked out a part (or checked the answer); the text then states it
    shown = _clipped(as_text(result))
    if _shape(result) != wanted:
        if _text_shows_answer(problem, wanted):
            return None
        return fail(f"the worked solution's steps end at {shown!r} and no line of it shows the answer "
                    f"{problem.answer_text!r}", "result", "solution", expected=problem.answer_text)
    return fail(f"the worked solution arrives at {shown!r}, but the expected answer is "
                f"{problem.answer_text!r} (judged {verdict.status}"
                f"{': ' + verdict.message if verdict.message else ''})", "result", "solution.steps",
                expected=problem.answer_text, verdict=verdict.status)


def _text_shows_answer(problem, wanted: tuple, answer_only: bool = False, after_steps: bool = False) -> bool:
    """True when a text line of the solution (``after_steps``: one after its last step tree)
    shows ``answer`` or (unless ``answer_only``) a value the checker accepts."""
    shown = set()
    for kind, text in problem.spec.solution:
        if kind == "steps":
            if after_steps:
                shown = set()
        else:
            shown |= names_shown(text, problem.registry.jinja)
    if "answer" in shown:
        return True
    if answer_only:
        return False
    values = [problem.values[name] for name in sorted(shown) if name in problem.values]
    return any(_shape(v) == wanted and judged(problem, v).correct for v in values)


def _shape(value) -> tuple:
    """What kind of value: a word, or an expression, vector, matrix or set, with or without variables."""
    if isinstance(value, str):
        return ("word", False)
    return kind_of(value), bool(free_symbols(value))


def _clipped(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[:length - 3] + "..."


def validate_all(specs, seeds, max_failures: int = 3, workers: int | None = None, plugins_dir=None,
                 registry=None, progress=None):
    """Each spec's Outcome, in the order of ``specs``, as soon as it and those before it are
    done; ``workers`` processes (default: every core), each loading the plugins of
    ``plugins_dir`` (and of the environment) itself. One worker works in this process,
    with ``registry``. ``progress(done, outcome)`` is called as each exercise finishes."""
    specs = list(specs)
    workers = min(workers or os.cpu_count() or 1, len(specs))
    if workers <= 1:
        for number, spec in enumerate(specs, 1):
            outcome = check_exercise(spec, registry, seeds, max_failures)
            if progress:
                progress(number, outcome)
            yield outcome
        return
    import concurrent.futures
    import concurrent.futures.process

    done: dict = {}
    with concurrent.futures.ProcessPoolExecutor(workers, initializer=_start_worker,
                                                initargs=(plugins_dir,)) as pool:
        futures = {pool.submit(_worker_check, spec, seeds, max_failures): index for index, spec in enumerate(specs)}
        following = 0
        for future in concurrent.futures.as_completed(futures):
            try:
                done[futures[future]] = outcome = future.result()
            except concurrent.futures.process.BrokenProcessPool:
                raise TutorError("a validation worker stopped unexpectedly (out of memory?); "
                                 "try fewer --workers") from None
            if progress:
                progress(len(done) + following, outcome)
            while following in done:
                yield done.pop(following)
                following += 1


_WORKER_REGISTRY = None


def _start_worker(plugins_dir) -> None:
    """A worker's start: its own registry, from the same plugins (safe under fork and spawn)."""
    global _WORKER_REGISTRY
    from tutor.registry import get_registry

    _WORKER_REGISTRY = get_registry(plugins_dir)


def _worker_check(spec, seeds, max_failures) -> Outcome:
    try:
        return check_exercise(spec, _WORKER_REGISTRY, seeds, max_failures)
    except Exception as error:  # noqa: BLE001 - one exercise's crash is its failure, not the run's
        return Outcome(spec.id, 0, [Failure(spec.id, None, f"validation stopped: {type(error).__name__}: {error}",
                                            spec.source, "compute")])


def reason(error: ExerciseError) -> str:
    """An ExerciseError's message without the file / exercise / field it starts with."""
    text = str(error)
    for part in (error.source, f"exercise {error.exercise!r}" if error.exercise else "",
                 f"field {error.field!r}" if error.field else ""):
        if part and text.startswith(part + ": "):
            text = text[len(part) + 2:]
    return text
