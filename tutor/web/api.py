"""The JSON API a course site, an LMS plugin or an external grader calls.

    POST /api/check                          check an answer against an expected one
    GET  /api/exercises                      the exercises
    GET  /api/exercises/{id}/problem?seed=N  one variant, without its answer
    POST /api/exercises/{id}/check           check an answer to that variant (feedback, diagnosis)
    GET  /api/openapi.json                   this API's OpenAPI description

POST bodies are JSON objects (Content-Type application/json, which also keeps other
sites' forms out); a field of the wrong type is a 422 with one line saying which.
Checks run in worker threads under the checker's limits; a hostile answer is an
``invalid`` verdict. Nothing here records attempts (the caller keeps its records).
"""

from __future__ import annotations

import json
import math

from starlette.concurrency import run_in_threadpool
from starlette.routing import Route

from tutor.web.responses import JSON, engine

MAX_SEED = 10 ** 9


class BadRequest(Exception):
    """A request the API cannot take: (status, one-line message)."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.status = status


def routes() -> list:
    from tutor.web.openapi import openapi

    return [Route("/api/check", check, methods=["POST"]), Route("/api/exercises", exercises),
            Route("/api/exercises/{exercise_id}/problem", problem),
            Route("/api/exercises/{exercise_id}/check", check_problem, methods=["POST"]),
            Route("/api/openapi.json", openapi)]


def _refusing(handler):
    """Turn BadRequest into its JSON error response."""
    import functools

    @functools.wraps(handler)
    async def handle(request):
        try:
            return await handler(request)
        except BadRequest as error:
            return JSON({"error": str(error)}, status_code=error.status)

    return handle


async def _body(request) -> dict:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise BadRequest("send a JSON object with Content-Type: application/json", 415)
    try:
        body = json.loads(await request.body())
    except (ValueError, RecursionError):
        raise BadRequest("the body is not valid JSON", 400) from None
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object", 400)
    return body


def _text(body: dict, name: str, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise BadRequest(f'"{name}" must be a string')
    return value


def _number(body: dict, name: str, integer: bool = False):
    value = body.get(name)
    if value is None:
        return None
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or \
            (isinstance(value, float) and not math.isfinite(value)):
        raise BadRequest(f'"{name}" must be {"a whole number" if integer else "a number"}')
    return value


def _seed(value) -> int:
    try:
        seed = int(value)
    except (TypeError, ValueError):
        raise BadRequest("the seed must be a whole number") from None
    if isinstance(value, bool) or not 0 <= seed <= MAX_SEED:
        raise BadRequest(f"the seed must be a whole number from 0 to {MAX_SEED}")
    return seed


def _variant(shared, spec, seed: int):
    """The problem (spec, seed); a variant that cannot be generated is a 500 with its reason."""
    from tutor.errors import TutorError

    try:
        return shared.problem(spec.id, seed)
    except TutorError as error:
        raise BadRequest(f"this variant cannot be generated: {error}", 500) from None


def _spec(request):
    exercise_id = request.path_params["exercise_id"]
    spec = engine(request).library.get(exercise_id)
    if spec is None:
        raise BadRequest(f"unknown exercise {exercise_id!r}", 404)
    return spec


@_refusing
async def check(request):
    """Check ``answer`` against ``expected``: the verdict, how the answer was read, the method."""
    from tutor.checking import tolerance_problem
    from tutor.checking.answer_kind import ANSWER_KINDS
    from tutor.checking.forms import parse_form_text
    from tutor.cli.options import variable_names
    from tutor.errors import ParseError

    body = await _body(request)
    expected, answer = _text(body, "expected"), _text(body, "answer")
    try:
        variables = variable_names(body.get("variables"))
    except ValueError as error:
        raise BadRequest(str(error).replace('"vars"', '"variables"')) from None
    kind = body.get("kind", "auto")
    if kind not in ("auto", *(k for k in ANSWER_KINDS if k != "choice")):
        raise BadRequest(f'"kind" must be auto or one of: {", ".join(k for k in ANSWER_KINDS if k != "choice")}')
    numbers = {name: _number(body, name, integer=name == "places") for name in ("rtol", "atol", "places")}
    for name, value in numbers.items():
        problem_text = tolerance_problem(name, value)
        if problem_text:
            raise BadRequest(f'"{name}": {problem_text}')
    forms = body.get("form", [])
    forms = [forms] if isinstance(forms, str) else forms
    if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
        raise BadRequest('"form" must be a string or a list of strings (expanded, factored, sig-figs:3, ...)')
    try:
        required = tuple(parse_form_text(text) for text in forms)
    except ValueError as error:
        raise BadRequest(f'"form": {error}') from None
    shared = engine(request)

    def run():
        try:
            prepared = shared.prepared(expected, variables, kind, form=required, **numbers)
        except ParseError as error:
            raise BadRequest(f"the expected answer cannot be read: {error}") from None
        except ValueError as error:
            raise BadRequest(str(error)) from None
        data = prepared.check(answer).to_dict()
        data["variables"] = list(prepared.variable_names)
        return data

    return JSON(await run_in_threadpool(run))


async def exercises(request):
    shared = engine(request)
    return JSON({"exercises": [{"id": s.id, "title": s.title, "topic": s.topic, "difficulty": s.difficulty,
                                "variables": list(s.variables)} for s in sorted(shared.library.values(),
                                                                                 key=lambda s: (s.topic, s.id))]})


@_refusing
async def problem(request):
    """One variant: prompt (unicode and MathML), variables, answer kind, how many hints; never its answer."""
    spec = _spec(request)
    seed = _seed(request.query_params.get("seed", "1"))
    shared = engine(request)

    def run():
        from tutor.web.render import prompt_html

        made = _variant(shared, spec, seed)
        return {"id": spec.id, "seed": seed, "title": spec.title, "topic": spec.topic,
                "difficulty": spec.difficulty, "prompt": made.prompt, "prompt_html": str(prompt_html(made)),
                "variables": list(spec.variables), "kind": made.expected.kind, "hints": len(made.hints)}

    return JSON(await run_in_threadpool(run))


@_refusing
async def check_problem(request):
    """Check an answer to (exercise, seed): the verdict with the exercise's feedback and diagnosis."""
    spec = _spec(request)
    body = await _body(request)
    seed, answer = _seed(body.get("seed")), _text(body, "answer")
    shared = engine(request)

    def run():
        made = _variant(shared, spec, seed)
        try:
            verdict = made.check(answer)
        except Exception as error:  # a plugin's diagnosis failed: the caller gets its one line
            raise BadRequest(f"this answer could not be checked: {type(error).__name__}: {error}", 500) from None
        data = verdict.to_dict()
        data.update({"exercise": spec.id, "seed": seed, "feedback": verdict.message})
        return data

    return JSON(await run_in_threadpool(run))
