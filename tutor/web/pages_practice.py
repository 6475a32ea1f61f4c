"""Practice pages: the topics with the student's mastery, a problem at a time, the summary.

Every action is a form post (answer, hint, solution, skip, next, end) answered by a
redirect to the problem page, so practice works without JavaScript and with the keyboard;
the live preview of how an answer reads is a GET the page's script calls as one types.
Checks run in worker threads, each under the checker's limits.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse
from starlette.routing import Route

from tutor.web.guard import csrf_ok
from tutor.web.practice import DEFAULT_COUNT
from tutor.web.responses import JSON, engine, error_page, form_text, html_page, identity

ACTIONS = ("answer", "hint", "solution", "skip", "next", "end")
MAX_SEED = 10 ** 9


def routes() -> list:
    return [Route("/", home), Route("/practice", start, methods=["POST"]),
            Route("/practice/{key}", problem_page), Route("/practice/{key}/preview", preview),
            Route("/practice/{key}/summary", summary_page),
            Route("/practice/{key}/{action}", act, methods=["POST"])]


async def home(request):
    """The topics, each with the student's mastery, and forms to start practising."""
    from tutor.practice.clock import clock_from_env
    from tutor.practice.scheduler import user_progress

    shared = engine(request)
    who = identity(request)

    def report():
        return user_progress(shared.store(), who.user, clock_from_env()())

    rows = {row["topic"]: row for row in (await run_in_threadpool(report))["topics"]}
    topics = [{"topic": topic, "exercises": len(specs), "row": rows.get(topic)}
              for topic, specs in shared.topics().items()]
    return html_page(request, "home.j2", topics=topics, count=request.app.state.config.count)


async def start(request):
    form = await request.form()
    if not csrf_ok(request, form.get("csrf")):
        return error_page(request, 403, "This form has expired: reload the page and try again.")
    shared, config = engine(request), request.app.state.config
    topic = form_text(form.get("topic")) or None
    candidates = [s for s in shared.library.values() if topic is None or s.topic == topic]
    if not candidates:
        return error_page(request, 404, "No exercises in that topic.")
    count = _whole(form.get("count"), 1, 100) or config.count or DEFAULT_COUNT
    seed = _whole(form.get("seed"), 0, MAX_SEED)  # as tutor quiz --seed: replays a session
    practice = await run_in_threadpool(request.app.state.sessions.start, shared, identity(request).user, candidates,
                                       topic=topic, count=count, retries=config.retries, seed=seed)
    return RedirectResponse(f"/practice/{practice.key}", status_code=303)


def _whole(text, low: int, high: int) -> int | None:
    """A whole number from ``low`` to ``high`` in a form field, else None."""
    try:
        value = int(form_text(text))
    except ValueError:
        return None
    return value if low <= value <= high else None


GONE = "No such practice session (it may have ended when the server restarted)."


def _practice(request):
    """The request's practice session if it is this user's, else None."""
    return request.app.state.sessions.get(request.path_params["key"], identity(request).user)


async def problem_page(request):
    practice = _practice(request)
    if practice is None:
        return error_page(request, 404, GONE)
    shared = engine(request)

    def build():
        from tutor.web.render import expected_html, prompt_html, solution_view

        with practice.lock:
            problem = practice.next_problem(shared)
            if problem is None:
                return None
            current = practice.current
            view = {"practice": practice, "current": current, "problem": problem, "prompt": prompt_html(problem),
                    "hints": list(problem.hints)[:current.result.hints], "more_hints": len(problem.hints),
                    "feedback": _feedback(shared, problem, current), "expected": None, "solution": None,
                    "solution_error": None}
            if current.finished:  # the problem is over: its answer and solution are the student's now
                view["expected"] = expected_html(problem)
                view["solution"], view["solution_error"] = solution_view(problem)
            return view

    view = await run_in_threadpool(build)
    if view is None:
        return RedirectResponse(f"/practice/{practice.key}/summary", status_code=303)
    return html_page(request, "problem.j2", **view)


def _feedback(shared, problem, current) -> dict | None:
    from tutor.web.render import mathml

    if current.feedback is None:
        return None
    verdict = current.feedback["verdict"]
    interpreted = None
    if verdict.interpreted is not None:
        value, error = shared.read(problem, current.answer)
        interpreted = mathml(value, problem.expected.e_is_variable) if error is None else None
    return {"verdict": verdict, "interpreted": interpreted, "tries_left": current.feedback["tries_left"],
            "answer": current.answer, "wrong_entries": [(n, e) for n, e in enumerate(verdict.entries, 1)
                                                        if not e.correct]}


async def act(request):
    action = request.path_params["action"]
    if action not in ACTIONS:
        return error_page(request, 404, "No such page.")
    practice = _practice(request)
    if practice is None:
        return error_page(request, 404, GONE)
    form = await request.form()
    if not csrf_ok(request, form.get("csrf")):
        return error_page(request, 403, "This form has expired: reload the page and try again.")
    answer = form_text(form.get("answer"))
    shared = engine(request)

    def run():
        with practice.lock:
            if action == "end":
                practice.end(shared)
                return "summary"
            problem = practice.next_problem(shared)
            if problem is None:
                return "summary"
            current = practice.current
            if action == "answer" and not current.finished and answer.strip():
                practice.answer(shared, problem, answer)
            elif action == "hint" and not current.finished:
                practice.hint(problem)
            elif action == "skip" and not current.finished:
                practice.skip(shared, problem)
            elif action == "solution":
                practice.show_solution(shared, problem)
            elif action == "next":
                practice.advance()
                return "summary" if practice.done else "problem"
            return "problem"

    where = await run_in_threadpool(run)
    # no #fragment: a page with a target element would not honour autofocus (HTML spec)
    target = f"/practice/{practice.key}" + ("/summary" if where == "summary" else "")
    return RedirectResponse(target, status_code=303)


async def preview(request):
    """How the answer typed so far reads: JSON for the page's script (nothing about the expected answer)."""
    from tutor.web.render import preview as read_preview

    practice = _practice(request)
    if practice is None or practice.current is None:
        return JSON({"error": "no such practice session"}, status_code=404)
    answer = form_text(request.query_params.get("answer", ""))
    shared = engine(request)
    result = practice.current.result
    problem = await run_in_threadpool(shared.problem, result.exercise_id, result.seed)
    return JSON(await run_in_threadpool(read_preview, shared, problem, answer))


async def summary_page(request):
    practice = _practice(request)
    if practice is None:
        return error_page(request, 404, GONE)
    summary = await run_in_threadpool(_finished, practice, engine(request))
    return html_page(request, "summary.j2", summary=summary, practice=practice)


def _finished(practice, shared):
    """End the session (once) and return its summary."""
    with practice.lock:
        practice.end(shared)
        return practice.summary
