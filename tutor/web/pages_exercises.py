"""The instructors' exercise browser: every exercise, one variant at any seed with its answer
key, hints, diagnoses and worked solution, and the ``tutor validate`` report of its file.
Instructors only (or a server without credentials): these pages show answer keys."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.routing import Route

from tutor.web.responses import engine, error_page, forbidden_unless_instructor, html_page

DEFAULT_VALIDATE_SEEDS = 20
MAX_VALIDATE_SEEDS = 100
MAX_SEED = 10 ** 9


def routes() -> list:
    return [Route("/exercises", exercise_list), Route("/exercises/{exercise_id}", exercise_page),
            Route("/exercises/{exercise_id}/validate", validate_page)]


def _number(text, default: int, low: int, high: int) -> int | None:
    """A bounded integer from a query parameter (None when it is not one)."""
    if text in (None, ""):
        return default
    try:
        value = int(text)
    except ValueError:
        return None
    return value if low <= value <= high else None


async def exercise_list(request):
    refused = forbidden_unless_instructor(request)
    if refused:
        return refused
    return html_page(request, "exercises.j2", topics=engine(request).topics())


def _refusal(request):
    """Why the request gets no exercise page (a response), or None: instructors only, known ids."""
    refused = forbidden_unless_instructor(request)
    if refused:
        return refused
    exercise_id = request.path_params["exercise_id"]
    if exercise_id not in engine(request).library:
        return error_page(request, 404, f"No exercise {exercise_id!r}.")
    return None


async def exercise_page(request):
    refused = _refusal(request)
    if refused:
        return refused
    shared = engine(request)
    exercise_id = request.path_params["exercise_id"]
    seed = _number(request.query_params.get("seed"), 1, 0, MAX_SEED)
    if seed is None:
        return error_page(request, 400, f"The seed must be a whole number from 0 to {MAX_SEED}.")

    def build():
        from tutor.errors import TutorError
        from tutor.web.render import expected_html, mathml, prompt_html, solution_view

        try:
            problem = shared.problem(exercise_id, seed)
        except TutorError as error:
            return {"error": str(error)}
        e_is_variable = problem.expected.e_is_variable
        diagnoses = [{"wrong": mathml(wrong.value, e_is_variable), "message": diagnosis.message,
                      "credit": diagnosis.credit} for wrong, diagnosis in problem.diagnoses]
        solution, solution_error = solution_view(problem)
        return {"problem": problem, "prompt": prompt_html(problem), "expected": expected_html(problem),
                "diagnoses": diagnoses, "solution": solution, "solution_error": solution_error}

    view = await run_in_threadpool(build)
    return html_page(request, "exercise.j2", spec=shared.library[exercise_id], seed=seed, **view)


async def validate_page(request):
    """The validate report of the exercise's file (every exercise in it) over some seeds."""
    refused = _refusal(request)
    if refused:
        return refused
    shared = engine(request)
    exercise_id = request.path_params["exercise_id"]
    seeds = _number(request.query_params.get("seeds"), DEFAULT_VALIDATE_SEEDS, 1, MAX_VALIDATE_SEEDS)
    if seeds is None:
        return error_page(request, 400, f"Seeds must be a whole number from 1 to {MAX_VALIDATE_SEEDS}.")
    source = shared.library[exercise_id].source

    def run():
        from tutor.exercises.validate import Report, validate_exercise

        report = Report()
        for spec in shared.library.values():
            if spec.source == source:
                validate_exercise(spec, shared.registry, range(seeds), report)
        return report

    report = await run_in_threadpool(run)
    return html_page(request, "validate.j2", exercise_id=exercise_id, source=source, seeds=seeds, report=report)
