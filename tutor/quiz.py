"""The quiz loop: show a problem, read answers and commands, judge, record, summarise.

All input and output goes through two injected functions, so the loop runs the same
on a terminal, on piped input and in tests:

* ``read(prompt) -> str`` returns one line; it raises EOFError at the end of input and
  KeyboardInterrupt on Ctrl-C, and either ends the session cleanly with its summary;
* ``write(text="", style=None)`` prints one line; ``style`` is a hint for colour
  ('good', 'bad', 'warn', 'note', 'title' or None) that a plain writer may ignore.

Each judged answer (and each skip) is recorded in the store before its verdict is
shown, so what the student has seen judged is already saved. Which exercise comes
next is the adaptive scheduler's choice (``tutor.adaptive``), and the problem itself
comes from an injected ``make_problem(spec, seed)``: the quiz knows nothing of files,
plugins or SymPy.
"""

from __future__ import annotations

import random
import time
import unicodedata
from dataclasses import dataclass, field

from tutor.adaptive import Leitner, Outcome
from tutor.errors import TutorError
from tutor.store import CORRECT, INCORRECT, INVALID, SKIPPED, Attempt, StoreError

PROMPT = "answer> "
DEFAULT_RETRIES = 2
DEFAULT_COUNT = 10
MAX_CARET_LINE = 78

COMMANDS = {
    "hint": "show the next hint",
    "steps": "show the worked, step-by-step solution",
    "skip": "give up on this problem and see the answer",
    "quit": "end the session (Ctrl-D and Ctrl-C do too); progress is saved",
    "help": "show this list",
}
# (no one-letter aliases: a one-letter answer is a variable, like q)
ALIASES = {"exit": "quit", ":q": "quit", "?": "help", "solution": "steps"}

KIND_NOTES = {
    "number": "a number",
    "vector": "a vector, e.g. [a, b]",
    "matrix": "a matrix, e.g. [[a, b], [c, d]]",
    "set": "a set, e.g. {p, q}",
}


@dataclass
class ProblemResult:
    """How one problem went, for the summary."""

    position: int
    exercise_id: str
    topic: str
    title: str
    seed: int
    status: str = "unanswered"   # correct, incorrect, skipped or unanswered
    first: str | None = None     # the first judged result: correct, incorrect, skipped
    score: float = 0.0           # the best score of its judged answers
    tries: int = 0               # judged answers
    hints: int = 0
    steps: bool = False

    @property
    def recorded(self) -> bool:
        return self.first is not None or self.tries > 0


@dataclass
class Summary:
    """The session as plain data; ``lines()`` is what the quiz prints at the end."""

    user: str
    seed: int
    session_id: int | None = None
    results: list = field(default_factory=list)
    seconds: float = 0.0
    ended_by: str = "done"       # done, quit, eof, interrupt, error, empty
    error: str | None = None

    @property
    def problems(self) -> list:
        return [r for r in self.results if r.recorded]

    def by_topic(self) -> dict:
        topics: dict = {}
        for result in self.problems:
            entry = topics.setdefault(result.topic, {"problems": 0, "first_try": 0, "correct": 0, "score": 0.0})
            entry["problems"] += 1
            entry["first_try"] += result.first == CORRECT
            entry["correct"] += result.status == CORRECT
            entry["score"] += result.score
        return topics

    def to_dict(self) -> dict:
        return {"user": self.user, "seed": self.seed, "session": self.session_id, "ended_by": self.ended_by,
                "seconds": round(self.seconds, 3), "topics": self.by_topic(),
                "problems": [vars(r) for r in self.problems]}

    def lines(self) -> list[str]:
        topics = self.by_topic()
        lines = [f"Session summary: user {self.user}, seed {self.seed}, "
                 f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''} in {duration(self.seconds)}"]
        if not topics:
            return lines + ["No problems answered."]
        width = max(len("total"), len("topic"), *(len(t) for t in topics))
        lines.append(f"  {'topic':<{width}}  problems  first try  score")
        total = {"problems": 0, "first_try": 0, "score": 0.0}
        for topic, entry in sorted(topics.items()):
            lines.append(_summary_row(topic, entry, width))
            for key in total:
                total[key] += entry[key]
        if len(topics) > 1:
            lines.append(_summary_row("total", total, width))
        return lines


def _summary_row(name: str, entry: dict, width: int) -> str:
    n = entry["problems"]
    percent = f" ({100 * entry['score'] / n:.0f}%)" if n else ""
    first = f"{entry['first_try']}/{n}"
    return f"  {name:<{width}}  {n:>8}  {first:>9}  {_number(entry['score'])}/{n}{percent}"


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class _End(Exception):
    """Leave the session: the student quit, input ended, or Ctrl-C."""

    def __init__(self, how: str):
        self.how = how


class Quiz:
    """One quiz session over ``candidates`` (exercise specs with .id, .topic, .title, .difficulty)."""

    def __init__(self, candidates, make_problem, store, *, read, write, user: str, seed: int,
                 count: int = DEFAULT_COUNT, retries: int = DEFAULT_RETRIES, settings: str = "",
                 clock=time.monotonic, render_solution=None):
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
        self.rng = random.Random(f"tutor-quiz:{self.seed}")
        self._render_solution = render_solution

    # -- the session --------------------------------------------------------------------

    def run(self) -> Summary:
        summary = Summary(self.user, self.seed)
        started = self.clock()
        try:
            scheduler = Leitner.from_attempts(self.store.attempts(self.user))
            summary.session_id = self.store.start_session(self.user, self.seed, self.settings)
        except StoreError as error:
            summary.ended_by, summary.error = "error", str(error)
            return summary
        self.session_id = summary.session_id
        pool = list(self.candidates)
        position = 0
        try:
            while position < self.count and pool:
                spec = scheduler.choose(pool, self.rng)
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
                summary.results.append(result)
                try:
                    self.ask(problem, result)
                finally:
                    if result.recorded:
                        scheduler.update(Outcome(spec.id, spec.topic,
                                                 result.first, _helped(result)))
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
        for number, line in enumerate(summary.lines()):
            self.write(line, "title" if number == 0 else None)
        return summary

    # -- one problem --------------------------------------------------------------------

    def ask(self, problem, result: ProblemResult) -> None:
        spec = problem.spec
        self.write()
        self.write(f"── Problem {result.position} of {self.count} · {spec.topic} · {spec.title} "
                   f"[{spec.id}, seed {result.seed}]", "title")
        self.write(problem.prompt)
        note = self._answer_note(problem)
        if note:
            self.write(note, "note")
        tries_left = 1 + self.retries
        since = self.clock()
        while True:
            text = self._read()
            command = ALIASES.get(text.strip().lower(), text.strip().lower())
            if not command:
                continue
            if command == "help":
                self._help()
            elif command == "hint":
                self._hint(problem, result)
            elif command == "steps":
                self._steps(problem, result)
            elif command == "quit":
                raise _End("quit")
            elif command == "skip":
                self._record(problem, result, "", SKIPPED, since)
                if result.first is None:
                    result.first = SKIPPED
                if result.status != CORRECT:
                    result.status = SKIPPED
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
                if verdict.status == CORRECT:
                    return
                if verdict.status == INCORRECT:
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
        status = verdict.status
        if status != INVALID:
            result.tries += 1
        self._record(problem, result, answer, status, since, verdict)
        if status != INVALID:
            if result.first is None:
                result.first = status
            result.score = max(result.score, verdict.score)
            result.status = CORRECT if status == CORRECT or result.status == CORRECT else status
        if verdict.pretty is not None:
            shown = verdict.pretty
            if verdict.interpreted and verdict.interpreted != verdict.pretty:
                shown += f"    ({verdict.interpreted})"
            self.write(f"interpreted as: {shown}")
        method = f" ({verdict.method})" if verdict.method else ""
        if status == CORRECT:
            self.write(f"✓ correct{method}", "good")
        elif status == INCORRECT:
            credit = f" [partial credit {_number(verdict.score)}]" if verdict.score > 0 else ""
            self.write(f"✗ incorrect{method}{credit}: {verdict.message}", "bad")
            for number, entry in enumerate(getattr(verdict, "entries", []) or [], 1):
                if not entry.correct:
                    self.write(f"  entry {number}: {entry.message}", "bad")
        else:
            self.write(f"? could not read that: {verdict.message}", "warn")
            for line in caret_lines(answer, verdict.column):
                self.write(line, "warn")
            self.write("(an answer that cannot be read costs no try; type help for the commands)", "note")

    def _record(self, problem, result: ProblemResult, answer: str, status: str, since: float, verdict=None):
        attempt = Attempt(
            user=self.user, exercise_id=problem.spec.id, topic=problem.spec.topic, seed=result.seed,
            answer=answer, verdict=status, score=float(verdict.score) if verdict else 0.0,
            method=verdict.method if verdict else None, interpreted=verdict.interpreted if verdict else None,
            message=verdict.message if verdict else "", hints_used=result.hints, steps_shown=result.steps,
            duration=max(0.0, self.clock() - since),
            try_number=result.tries if status in (CORRECT, INCORRECT) else result.tries + 1,
            position=result.position, session_id=self.session_id)
        self.store.record(attempt)  # committed before the verdict is shown

    # -- commands -----------------------------------------------------------------------

    def _help(self) -> None:
        self.write("Type your answer in the input language (2x, x^2, sqrt(x), sigma(z), [a, b], ...),")
        self.write("or one of these commands (a command wins over an answer of the same spelling):")
        for name, text in COMMANDS.items():
            self.write(f"  {name:<6} {text}")

    def _hint(self, problem, result: ProblemResult) -> None:
        hints = list(problem.hints)
        if result.hints >= len(hints):
            more = "no hints for this problem" if not hints else "no more hints"
            self.write(f"({more}; type steps for the worked solution)", "note")
            return
        result.hints += 1
        self.write(f"Hint {result.hints} of {len(hints)}: {hints[result.hints - 1]}", "note")

    def _steps(self, problem, result: ProblemResult) -> None:
        text = self._solution(problem)
        if text is None:
            return
        if not text:
            self.write("(this exercise has no worked solution; try a hint, or skip to see the answer)", "note")
            return
        result.steps = True
        self._show_solution(text)

    def _solution(self, problem) -> str | None:
        """The worked solution in unicode ('' when there is none, None when it failed, with a note)."""
        render = self._render_solution
        if render is None:
            from tutor.solutions import render_solution as render
        try:
            return render(problem, "unicode")
        except Exception as error:  # the solution is a help: its failure must not end the session
            self.write(f"(the worked solution could not be shown: {error})", "warn")
            return None

    def _show_solution(self, text: str) -> None:
        self.write("Worked solution:", "title")
        for line in text.splitlines():
            self.write(f"  {line}")

    def _reveal(self, problem, result: ProblemResult) -> None:
        self.write(f"The answer: {expected_pretty(problem)}", "note")
        if not result.steps:
            text = self._solution(problem)
            if text:
                self._show_solution(text)

    def _answer_note(self, problem) -> str:
        spec = problem.spec
        kind = getattr(problem.expected, "kind", "expression")
        parts = []
        if kind == "choice":
            choices = getattr(spec.answer, "choices", ()) or ()
            parts.append(f"answer one of: {', '.join(map(str, choices))}" if choices else "answer in words")
        elif kind in KIND_NOTES:
            parts.append(f"answer: {KIND_NOTES[kind]}")
        variables = list(spec.variables)
        if variables and kind not in ("number", "choice"):
            parts.append(f"variables: {', '.join(variables)}")
        parts.append("type help for commands")
        return "(" + "; ".join(parts) + ")"


def _helped(result: ProblemResult) -> bool:
    """Help before the first judged answer: a correct first answer ends the problem at once,
    so any hint or steps it has were taken before it (the same rule as the store replay)."""
    return result.hints > 0 or result.steps


def expected_pretty(problem) -> str:
    """The expected answer in unicode, for people."""
    value = getattr(problem.expected, "value", None)
    if isinstance(value, str) or value is None:
        return problem.answer_text
    try:
        from tutor.language import to_unicode

        return to_unicode(value, getattr(problem.expected, "e_is_variable", False))
    except Exception:  # pragma: no cover - printing never fails on a value the checker prepared
        return problem.answer_text


def caret_lines(answer: str, column: int | None) -> list[str]:
    """The answer and a caret under ``column`` (1-based), when that helps."""
    if column is None or not answer or "\n" in answer or column < 1 or column > len(answer) + 1:
        return []
    if _width(answer) + 4 > MAX_CARET_LINE:
        return []
    return [f"    {answer}", "    " + " " * _width(answer[:column - 1]) + "^"]


def _width(text: str) -> int:
    width = 0
    for character in text:
        if unicodedata.combining(character):
            continue
        width += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return width
