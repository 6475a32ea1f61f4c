"""The notebook quiz: ipywidgets for one problem at a time, with the terminal quiz's rules.

An answer box whose "interpreted as" line follows every keystroke (tutor's parser, the
reading typeset by MathJax), and four buttons: submit, hint, solution and next. Answers
count as in ``tutor quiz``: an answer that cannot be read costs no try, ``retries`` extra
tries after a wrong one, then the answer is shown; next on an unfinished problem skips it.
Every answer (and skip) is stored before its verdict shows, in the same progress database,
and a finished problem is rated for spaced repetition; the next exercise is the
scheduler's choice (tutor.practice.scheduler's public functions).

Tests and notebooks drive it from Python: ``q.answer.value = "2x"; q.submit.click();
q.verdict.status``.
"""

from __future__ import annotations

import html
import json
import random
import secrets
import time

from tutor.notebook.render import (
    WorkedSolution, interpreted_latex, math_latex, problem_html, text_with_math_html, verdict_html,
)
from tutor.practice.clock import clock_from_env, timestamp
from tutor.practice.scheduler import end_problem, next_exercise, record_attempt
from tutor.practice.summary import ProblemResult
from tutor.status import SKIPPED, Status


class NotebookQuiz:
    """A quiz in a notebook over ``candidates`` (exercise specs); display it to use it."""

    def __init__(self, candidates, make_problem, store, *, user: str, seed: int, retries: int = 2, now=None,
                 timer=time.monotonic, settings: str = ""):
        import ipywidgets as widgets

        self.candidates = list(candidates)
        self.make_problem = make_problem
        self.store = store
        self.user = user
        self.seed = int(seed)
        self.retries = retries
        self.now = now or clock_from_env()
        self.timer = timer
        self.rng = random.Random(f"tutor-quiz:{self.seed}")
        self.topics: list[str] = []
        self.position = 0
        self.problem = None
        self.result: ProblemResult | None = None
        self.verdict = None
        self.finished = True
        self.session_id = store.start_session(user, self.seed, settings)

        self.title = widgets.HTML()
        self.prompt = widgets.HTMLMath()
        self.answer = widgets.Text(placeholder="your answer, e.g. 3x^2", continuous_update=True,
                                   layout=widgets.Layout(width="60%"))
        self.interpreted = widgets.HTMLMath()
        self.submit = widgets.Button(description="submit", button_style="primary")
        self.hint = widgets.Button(description="hint")
        self.solution = widgets.Button(description="solution")
        self.next = widgets.Button(description="next")
        self.feedback = widgets.HTMLMath()
        self.help = widgets.HTMLMath()
        self.widget = widgets.VBox([self.title, self.prompt, widgets.HBox([self.answer, self.submit]),
                                    self.interpreted, self.feedback,
                                    widgets.HBox([self.hint, self.solution, self.next]), self.help])
        self.answer.observe(self._on_typing, names="value")
        self.submit.on_click(self._on_submit)
        self.hint.on_click(self._on_hint)
        self.solution.on_click(self._on_solution)
        self.next.on_click(self._on_next)
        self._ask_next()

    @classmethod
    def start(cls, topic=None, user=None, exercise=None, db=None, seed=None, retries: int = 2, plugins_dir=None,
              clock=None) -> "NotebookQuiz":
        """A quiz over the library (``topic``/``exercise``: a name or a list), in the progress database."""
        from tutor.cli.options import default_user
        from tutor.exercises import instantiate
        from tutor.exercises.loader import load_library
        from tutor.practice.store import default_path, open_store
        from tutor.registry import get_registry

        registry = get_registry(plugins_dir)
        library = load_library(registry)
        topics, exercises = _names(topic), _names(exercise)
        unknown = [t for t in topics if t not in {s.topic for s in library.values()}]
        unknown += [e for e in exercises if e not in library]
        if unknown:
            raise ValueError(f"unknown topic or exercise {', '.join(map(repr, unknown))}; "
                             f"the topics are: {', '.join(sorted({s.topic for s in library.values()}))}")
        candidates = [s for s in library.values()
                      if (not topics or s.topic in topics) and (not exercises or s.id in exercises)]
        if not candidates:
            raise ValueError("no exercise to practise")
        user = user or default_user()
        seed = secrets.randbelow(100_000) if seed is None else seed
        store = open_store(db or default_path())
        settings = json.dumps({"command": "notebook", "topics": topics, "exercises": exercises,
                               "retries": retries}, sort_keys=True)
        return cls(candidates, lambda spec, problem_seed: instantiate(spec, problem_seed, registry), store,
                   user=user, seed=seed, retries=retries, now=clock, settings=settings)

    # -- in the notebook -------------------------------------------------------------------------

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.widget._repr_mimebundle_(include=include, exclude=exclude)

    def close(self) -> None:
        """End the session and close the progress database."""
        self.store.end_session(self.session_id)
        self.store.close()

    @property
    def feedback_text(self) -> str:
        """The feedback as plain text (what a reader of the widget sees, without the markup)."""
        return _plain(self.feedback.value)

    # -- one problem at a time -------------------------------------------------------------------

    def _ask_next(self) -> None:
        pool = list(self.candidates)
        while pool:
            spec = next_exercise(self.store, self.user, pool, self.now, rng=self.rng, recent_topics=self.topics)
            try:
                problem = self.make_problem(spec, self.seed + self.position)
            except Exception as error:  # a broken exercise or plugin: practise the others
                self.help.value = f"<i>(leaving out {html.escape(spec.id)}: {html.escape(str(error))})</i>"
                pool.remove(spec)
                continue
            self.position += 1
            self.topics.append(spec.topic)
            self.problem, self.finished, self.verdict = problem, False, None
            self.result = ProblemResult(self.position, spec.id, spec.topic, spec.title, problem.seed)
            self.tries_left = 1 + self.retries
            self.since = self.timer()
            self.title.value = f"<b>Problem {self.position}</b> · {html.escape(spec.topic)}"
            self.prompt.value = problem_html(problem)
            self.answer.value = ""
            self.interpreted.value = self.feedback.value = self.help.value = ""
            self._buttons()
            return
        self.problem = None
        self.feedback.value = "<b>No exercise could be generated.</b>"
        self._buttons()

    def _buttons(self) -> None:
        open_ = self.problem is not None and not self.finished
        self.submit.disabled = self.answer.disabled = not open_
        self.hint.disabled = not open_ or self.result.hints >= len(self.problem.hints)
        self.solution.disabled = self.problem is None or self.result.steps
        self.next.disabled = self.problem is None
        self.next.description = "next" if not open_ else "skip, next"

    def _on_typing(self, change) -> None:
        text = (change["new"] or "").strip()
        if not text or self.problem is None:
            self.interpreted.value = ""
            return
        try:
            shown = html.escape(r"\(" + interpreted_latex(self.problem, text) + r"\)")
            self.interpreted.value = f"interpreted as: {shown}"
        except Exception as error:  # ParseError, a limit: what the student needs to fix
            self.interpreted.value = f"<i>cannot read that yet: {html.escape(str(error))}</i>"

    def _on_submit(self, _button) -> None:
        if self.problem is None or self.finished:
            return
        answer = self.answer.value.strip()
        if not answer:
            return
        try:
            verdict = self.problem.check(answer)
        except Exception as error:  # a plugin's diagnosis failed, say: not the student's fault
            self.feedback.value = f"<i>this answer could not be checked: {html.escape(str(error))}</i>"
            return
        self._record(answer, verdict.status, verdict)
        self.result.add(verdict.status, verdict.score)
        self.verdict = verdict
        try:
            value = interpreted_latex(self.problem, answer) if verdict.pretty is not None else None
        except Exception:
            value = None
        lines = [verdict_html(verdict, value)]
        if verdict.status == Status.CORRECT:
            self._finish()
        elif verdict.status == Status.INCORRECT:
            self.tries_left -= 1
            if self.tries_left <= 0:
                lines.append(self._reveal())
                self._finish()
            else:
                lines.append(f"<i>{self.tries_left} {'try' if self.tries_left == 1 else 'tries'} left</i>")
        else:
            lines.append("<i>(an answer that cannot be read costs no try)</i>")
        self.feedback.value = "".join(lines)
        self._buttons()

    def _on_hint(self, _button) -> None:
        hints = list(self.problem.hints) if self.problem is not None else []
        if self.finished or self.result.hints >= len(hints):
            return
        self.result.hints += 1
        self.help.value = "".join(f"<p>Hint {n} of {len(hints)}: {text_with_math_html(hint)}</p>"
                                  for n, hint in enumerate(hints[:self.result.hints], 1))
        self._buttons()

    def _on_solution(self, _button) -> None:
        if self.problem is None:
            return
        try:
            shown = WorkedSolution(self.problem)
        except Exception as error:  # the solution is a help: its failure must not end the quiz
            self.help.value = f"<i>the worked solution could not be shown: {html.escape(str(error))}</i>"
            return
        if not shown.lines():
            self.help.value = "<i>this exercise has no worked solution</i>"
            return
        if not self.finished:
            self.result.steps = True
        self.help.value = shown._repr_html_()
        self._buttons()

    def _on_next(self, _button) -> None:
        if self.problem is None:
            return
        if not self.finished:
            self._record("", SKIPPED)
            self.result.add(SKIPPED)
            self._finish()
        self._ask_next()

    def _record(self, answer: str, status: str, verdict=None) -> None:
        now = self.timer()
        attempt = self.result.attempt(self.problem, answer, status, user=self.user, session_id=self.session_id,
                                      duration=now - self.since, created_at=timestamp(self.now()), verdict=verdict)
        record_attempt(self.store, attempt)
        self.since = now

    def _finish(self) -> None:
        self.finished = True
        end_problem(self.store, self.user, self.session_id, self.position, self.now)

    def _reveal(self) -> str:
        value = self.problem.expected.value
        shown = html.escape(r"\(" + math_latex(value) + r"\)") if not isinstance(value, str) else html.escape(value)
        return f"<p>The answer: {shown}</p>"


def _names(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _plain(markup: str) -> str:
    import re

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())
