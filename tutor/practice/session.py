"""The quiz loop: show a problem, read answers and commands, judge, record, summarise.

All input and output goes through two functions given to ``Quiz``, so the loop runs the
same on a terminal, on piped input and in tests (``tutor.practice.terminal`` makes the
terminal's pair):

* ``read(prompt) -> str`` returns one line; it raises EOFError at the end of input and
  KeyboardInterrupt on Ctrl-C, and either ends the session cleanly with its summary;
* ``write(text="", style=None)`` prints one line; ``style`` is a hint for colour
  ('good', 'bad', 'warn', 'note', 'title', 'command' or None) that a plain writer may ignore
  (a terminal wraps every line to its width but a 'command', which is copied whole).

Each judged answer (and each skip) is recorded in the store before its verdict is
shown, so what the student has seen judged is already saved; when a problem ends, its
rating updates the exercise's spaced-repetition card. Which exercise comes next is the
scheduler's choice (``tutor.practice.scheduler``): a quiz asks ``count`` problems, due
ones first; a review (``review=True``) asks what is due, then at most ``new_limit`` new
exercises, and stops. The problem itself comes from ``make_problem(spec, seed)``: the
loop knows nothing of files or plugins. Two clocks: ``clock`` (monotonic seconds) times
answers, ``now`` (an aware UTC datetime, tutor.practice.clock) dates records and due dates.
"""

from __future__ import annotations

import random
import time

from tutor.errors import TutorError
from tutor.practice.commands import command_of, help_lines
from tutor.practice.display import answer_note, expected_pretty, verdict_lines
from tutor.practice.clock import clock_from_env, timestamp
from tutor.practice.scheduler import Deck, end_problem, record_attempt
from tutor.practice.store import StoreError
from tutor.practice.summary import ProblemResult, Summary
from tutor.solutions import render_solution
from tutor.status import SKIPPED, Status
from tutor.steps.model import FULL_DETAIL  # the solution's levels of detail: 1 the method, ..., 3 every step

PROMPT = "answer> "
SOLUTION_DETAIL = {  # command -> the level it shows, from the level shown so far
    "steps": lambda shown: 1,
    "more": lambda shown: min(shown + 1, FULL_DETAIL),
    "steps all": lambda shown: FULL_DETAIL,
}
REVEAL_DETAIL = 2  # the detail of the solution shown with the answer, after a skip or the last try
DEFAULT_RETRIES = 2
DEFAULT_COUNT = 10


class _End(Exception):
    """Leave the session: the student quit, input ended, or Ctrl-C."""

    def __init__(self, how: str):
        self.how = how


class Quiz:
    """One quiz session over ``candidates`` (exercise specs with .id, .topic, .title, .difficulty).

    ``render_solution(problem, style)`` writes a worked solution (tutor.solutions' by default).
    """

    def __init__(self, candidates, make_problem, store, *, read, write, user: str, seed: int,
                 count: int = DEFAULT_COUNT, retries: int = DEFAULT_RETRIES, settings: str = "",
                 clock=time.monotonic, now=None, review: bool = False, new_limit: int | None = None,
                 render_solution=render_solution):
        self.candidates = list(candidates)
        self.make_problem = make_problem
        self.store = store
        self.read = read
        self.write = write
        self.user = user
        self.seed = int(seed)
        self.count = count
        self.retries = retries
        self.settings = settings
        self.clock = clock
        self.now = now or clock_from_env()
        self.review = review
        self.new_limit = new_limit
        self.rng = random.Random(f"tutor-quiz:{self.seed}")
        self.render_solution = render_solution

    # -- the session --------------------------------------------------------------------

    def run(self) -> Summary:
        summary = Summary(self.user, self.seed)
        started = self.clock()
        try:
            deck = Deck.load(self.store, self.user)
            if self.review and not self._plan_review(deck):
                return summary
            summary.session_id = self.store.start_session(self.user, self.seed, self.settings)
        except StoreError as error:
            summary.ended_by, summary.error = "error", str(error)
            return summary
        self.session_id = summary.session_id
        pool = list(self.candidates)
        position = 0
        topics: list[str] = []
        new_asked = 0
        try:
            while position < self.count and pool:
                new = self.new_limit is None or new_asked < self.new_limit
                spec = deck.choose(pool, self.now(), self.rng, topics, new=new, later=not self.review)
                if spec is None:
                    break
                seed = self.seed + position
                try:
                    problem = self.make_problem(spec, seed)
                except Exception as error:  # a broken exercise or plugin: practise the others
                    reason = error if isinstance(error, TutorError) else f"{type(error).__name__}: {error}"
                    self.write(f"(leaving out {spec.id}: {reason})", "warn")
                    pool.remove(spec)
                    continue
                position += 1
                result = ProblemResult(position, spec.id, spec.topic, spec.title, seed)
                result.due = "due" if deck.is_due(spec.id, self.now()) else "new" if spec.id not in deck.cards else ""
                new_asked += result.due == "new"
                topics.append(spec.topic)
                summary.results.append(result)
                try:
                    self.ask(problem, result)
                finally:
                    if result.recorded:
                        deck.put(end_problem(self.store, self.user, self.session_id, position, self.now))
            if not pool and position == 0:
                summary.ended_by, summary.error = "empty", "no exercise could be generated"
        except _End as end:
            summary.ended_by = end.how
        except (EOFError, KeyboardInterrupt) as error:  # outside a read: while checking, say
            summary.ended_by = "eof" if isinstance(error, EOFError) else "interrupt"
            self.write()
            self.write("(end of input)" if summary.ended_by == "eof" else "(interrupted)", "note")
        except StoreError as error:
            summary.ended_by, summary.error = "error", str(error)
            self.write(f"error: {error}", "bad")
        summary.seconds = self.clock() - started
        try:
            self.store.end_session(summary.session_id)
        except StoreError:
            pass
        self.write()
        for line_number, line in enumerate(summary.lines()):
            self.write(line, "title" if line_number == 0 else None)
        return summary

    def _plan_review(self, deck) -> bool:
        """A review asks the due exercises, then new ones: fewer than ``count`` if that is all
        there is; False (after saying so) when there is nothing to ask."""
        now = self.now()
        ids = {spec.id for spec in self.candidates}
        due = sum(deck.is_due(i, now) for i in ids)
        fresh = sum(i not in deck.cards for i in ids)
        if self.new_limit is not None:
            fresh = min(fresh, self.new_limit)
        self.count = min(self.count, due + fresh)
        if self.count:
            self.write(f"{due} due, {fresh} new", "note")
            return True
        upcoming = [deck.cards[i].due for i in ids if i in deck.cards]
        when = f"; the next is due {min(upcoming).strftime('%Y-%m-%d %H:%M')} UTC" if upcoming else ""
        self.write(f"Nothing is due and nothing new to learn{when}.", "note")
        return False

    # -- one problem --------------------------------------------------------------------

    def ask(self, problem, result: ProblemResult) -> None:
        spec = problem.spec
        self.detail_shown = 0  # the level of detail of the worked solution shown so far (0: none)
        self.write()
        status = f" · {result.due}" if self.review and result.due else ""
        self.write(f"── Problem {result.position} of {self.count} · {spec.topic} · {spec.title}{status} "
                   f"[{spec.id}, seed {result.seed}]", "title")
        self.write(problem.prompt)
        self.write(answer_note(problem), "note")
        tries_left = 1 + self.retries
        since = self.clock()
        while True:
            text = self._read()
            command = command_of(text)
            if not command:
                continue
            if command == "help":
                for line in help_lines():
                    self.write(line)
            elif command == "hint":
                self._hint(problem, result)
            elif command in SOLUTION_DETAIL:
                self._steps(problem, result, SOLUTION_DETAIL[command](self.detail_shown))
            elif command == "quit":
                raise _End("quit")
            elif command == "skip":
                self._record(problem, result, "", SKIPPED, since)
                result.add(SKIPPED)
                self.write("Skipped.", "warn")
                self._reveal(problem, result)
                return
            else:
                answer = text.strip()
                try:
                    verdict = problem.check(answer)
                except Exception as error:  # a plugin's diagnosis failed, say: not the student's fault
                    self.write(f"(this answer could not be checked: {type(error).__name__}: {error}; "
                               "try another form, or skip)", "warn")
                    continue
                now = self.clock()
                self._judged(problem, result, answer, verdict, since)
                since = now
                if verdict.status == Status.CORRECT:
                    return
                if verdict.status == Status.INCORRECT:
                    tries_left -= 1
                    if tries_left <= 0:
                        self._reveal(problem, result)
                        return
                    self.write(f"{tries_left} {'try' if tries_left == 1 else 'tries'} left: answer again, "
                               "or type hint, steps or skip.", "note")

    def _read(self) -> str:
        try:
            return self.read(PROMPT)
        except EOFError:
            self.write()
            self.write("(end of input)", "note")
            raise _End("eof") from None
        except KeyboardInterrupt:
            self.write()
            self.write("(interrupted)", "note")
            raise _End("interrupt") from None

    def _judged(self, problem, result: ProblemResult, answer: str, verdict, since: float) -> None:
        self._record(problem, result, answer, verdict.status, since, verdict)
        result.add(verdict.status, verdict.score)
        for text, style in verdict_lines(verdict, answer):
            self.write(text, style)

    def _record(self, problem, result: ProblemResult, answer: str, status: str, since: float, verdict=None):
        attempt = result.attempt(problem, answer, status, user=self.user, session_id=self.session_id,
                                 duration=self.clock() - since, created_at=timestamp(self.now()), verdict=verdict)
        record_attempt(self.store, attempt)  # committed before the verdict is shown

    # -- help ---------------------------------------------------------------------------

    def _hint(self, problem, result: ProblemResult) -> None:
        hints = list(problem.hints)
        if result.hints >= len(hints):
            more = "no hints for this problem" if not hints else "no more hints"
            self.write(f"({more}; type steps for the worked solution)", "note")
            return
        result.hints += 1
        self.write(f"Hint {result.hints} of {len(hints)}: {hints[result.hints - 1]}", "note")

    def _steps(self, problem, result: ProblemResult, detail: int) -> None:
        if detail == self.detail_shown == FULL_DETAIL:
            self.write("(that was every step already)", "note")
            return
        text = self._solution(problem, detail)
        if text is None:
            return
        if not text:
            self.write("(this exercise has no worked solution; try a hint, or skip to see the answer)", "note")
            return
        result.steps = True
        self.detail_shown = detail
        self._show_solution(text, detail)
        if detail < FULL_DETAIL:
            self.write("(more: more detail; steps all: every rule)", "note")

    def _solution(self, problem, detail: int) -> str | None:
        """The worked solution in unicode at ``detail`` ('' when there is none, None when it failed,
        with a note)."""
        try:
            return self.render_solution(problem, "unicode", detail=detail)
        except Exception as error:  # the solution is a help: its failure must not end the session
            self.write(f"(the worked solution could not be shown: {error})", "warn")
            return None

    def _show_solution(self, text: str, detail: int) -> None:
        heading = {1: "Worked solution:", FULL_DETAIL: "Worked solution, every step:"}
        self.write(heading.get(detail, f"Worked solution, detail {detail} of {FULL_DETAIL}:"), "title")
        for line in text.splitlines():
            self.write(f"  {line}")

    def _reveal(self, problem, result: ProblemResult) -> None:
        self.write(f"The answer: {expected_pretty(problem)}", "note")
        if not result.steps:
            text = self._solution(problem, REVEAL_DETAIL)
            if text:
                self._show_solution(text, REVEAL_DETAIL)
