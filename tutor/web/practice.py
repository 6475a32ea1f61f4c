"""Practice in the browser: one student's session, problem by problem, without the terminal loop.

A ``WebPractice`` is the quiz of tutor.practice driven by requests instead of a read
loop: the next exercise comes from the same FSRS cards (tutor.practice.scheduler), in the same store,
and every judged answer, skip or revealed solution is one attempt row committed before
the page that shows it is sent. Asking for the worked solution ends the problem (the
solution shows the answer): it is recorded as a skip with the steps shown. Sessions
live in this process (``Sessions``); the store keeps everything that counts.
"""

from __future__ import annotations

import random
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from tutor.practice.clock import clock_from_env, timestamp
from tutor.practice.scheduler import Deck, end_problem, record_attempt
from tutor.practice.summary import ProblemResult, Summary
from tutor.status import SKIPPED, Status

DEFAULT_COUNT = 10
DEFAULT_RETRIES = 2
MAX_SESSIONS = 10_000


@dataclass
class Current:
    """The problem on screen and what has happened to it."""

    result: ProblemResult
    tries_left: int
    since: float
    finished: bool = False        # judged for good, skipped or solved: no more answers
    closed: bool = False          # the student moved on
    solution_shown: bool = False
    feedback: dict | None = None  # the last verdict, as the page shows it
    answer: str = ""              # the last answer typed


@dataclass
class WebPractice:
    """One student's practice session: ``count`` problems from ``candidates``."""

    key: str
    user: str
    candidates: list
    store_session: int
    seed: int
    count: int = DEFAULT_COUNT
    retries: int = DEFAULT_RETRIES
    topic: str | None = None
    summary: Summary | None = None
    current: Current | None = None
    deck: Deck | None = None      # the student's FSRS cards (tutor.practice.scheduler), as tutor quiz uses them
    now: object = field(default_factory=clock_from_env)  # the date of records and due dates
    topics_asked: list = field(default_factory=list)
    rng: random.Random = field(default_factory=random.Random)
    lock: threading.Lock = field(default_factory=threading.Lock)
    started: float = field(default_factory=time.monotonic)
    ended: bool = False

    @property
    def position(self) -> int:
        return len(self.summary.results)

    @property
    def done(self) -> bool:
        return self.ended or (self.position >= self.count and (self.current is None or self.current.closed))

    # -- moving on ----------------------------------------------------------------------

    def next_problem(self, engine):
        """The current problem, choosing and generating the next one when the student moved on;
        None when the session is done. A broken exercise is left out, as in the quiz."""
        while self.current is None or self.current.closed:
            if self.done:
                return None
            if not self.candidates:
                self.ended = True
                return None
            spec = self.deck.choose(self.candidates, self.now(), self.rng, self.topics_asked)
            seed = self.seed + self.position
            try:
                engine.problem(spec.id, seed)
            except Exception:  # a broken exercise or plugin: practise the others
                self.candidates.remove(spec)
                continue
            result = ProblemResult(self.position + 1, spec.id, spec.topic, spec.title, seed)
            result.due = ("due" if self.deck.is_due(spec.id, self.now())
                          else "new" if spec.id not in self.deck.cards else "")
            self.topics_asked.append(spec.topic)
            self.summary.results.append(result)
            self.current = Current(result, 1 + self.retries, time.monotonic())
        result = self.current.result
        return engine.problem(result.exercise_id, result.seed)

    def _finish(self, engine) -> None:
        """No more answers to this problem: rate it from its stored attempts and review its card."""
        current = self.current
        current.finished = True
        if current.result.recorded:
            self.deck.put(end_problem(engine.store(), self.user, self.store_session, current.result.position,
                                      self.now))

    # -- what the student does ----------------------------------------------------------

    def answer(self, engine, problem, text: str) -> dict:
        """Judge an answer, record it, and return the feedback the page shows."""
        current = self.current
        try:
            verdict = problem.check(text)
        except Exception as error:  # a plugin's diagnosis failed, say: not the student's fault, and no try lost
            from tutor.checking.verdict import invalid

            current.answer = text
            current.feedback = {"verdict": invalid(f"this answer could not be checked ({type(error).__name__}: "
                                                   f"{error}); try another form, or skip", "kind"),
                                "tries_left": current.tries_left}
            return current.feedback
        status = verdict.status
        self._record(engine, problem, text, status, verdict)
        current.result.add(status, verdict.score)
        current.answer = text
        if status == Status.CORRECT:
            self._finish(engine)
        elif status == Status.INCORRECT:
            current.tries_left -= 1
            if current.tries_left <= 0:
                self._finish(engine)
        current.feedback = {"verdict": verdict, "tries_left": current.tries_left}
        return current.feedback

    def hint(self, problem) -> None:
        if self.current.result.hints < len(problem.hints):
            self.current.result.hints += 1

    def skip(self, engine, problem) -> None:
        self._record(engine, problem, "", SKIPPED, None)
        self.current.result.add(SKIPPED)
        self._finish(engine)

    def show_solution(self, engine, problem) -> None:
        """The worked solution: on an unfinished problem it ends it, recorded as a skip with steps shown."""
        current = self.current
        current.solution_shown = True
        if not current.finished:
            current.result.steps = True
            self.skip(engine, problem)

    def advance(self) -> None:
        """Move on from a finished problem."""
        if self.current is not None and self.current.finished:
            self.current.closed = True

    def end(self, engine) -> None:
        """End the session (once); an unfinished problem with a judged answer still counts for the scheduler."""
        if self.summary.seconds:
            return
        if self.current is not None and not self.current.finished:
            self._finish(engine)
        self.ended = True
        self.summary.seconds = max(1e-6, time.monotonic() - self.started)
        self.summary.ended_by = "done" if self.position >= self.count else "quit"
        engine.store().end_session(self.store_session)

    def _record(self, engine, problem, answer: str, status: str, verdict) -> None:
        """One attempt row, committed before the page that shows it (as the quiz records it)."""
        current, since = self.current, self.current.since
        current.since = time.monotonic()
        attempt = current.result.attempt(problem, answer, status, user=self.user, session_id=self.store_session,
                                         duration=current.since - since, created_at=timestamp(self.now()),
                                         verdict=verdict)
        record_attempt(engine.store(), attempt)


class Sessions:
    """The practice sessions of this server process, by key (the oldest dropped past MAX_SESSIONS)."""

    def __init__(self, limit: int = MAX_SESSIONS):
        self.limit = limit
        self.items: OrderedDict[str, WebPractice] = OrderedDict()
        self.lock = threading.Lock()

    def start(self, engine, user: str, candidates, *, topic=None, count=DEFAULT_COUNT,
              retries=DEFAULT_RETRIES, seed: int | None = None) -> WebPractice:
        import json

        seed = secrets.randbelow(100_000) if seed is None else seed
        store = engine.store()
        deck = Deck.load(store, user)
        settings = json.dumps({"topics": [topic] if topic else [], "exercises": [], "count": count,
                               "retries": retries, "web": True}, sort_keys=True)
        store_session = store.start_session(user, seed, settings)
        practice = WebPractice(secrets.token_urlsafe(16), user, list(candidates), store_session, seed, count,
                               retries, topic, Summary(user, seed, store_session), deck=deck,
                               rng=random.Random(f"tutor-quiz:{seed}"))
        with self.lock:
            self.items[practice.key] = practice
            while len(self.items) > self.limit:
                self.items.popitem(last=False)
        return practice

    def get(self, key: str, user: str) -> WebPractice | None:
        """The session ``key`` if it belongs to ``user``."""
        with self.lock:
            practice = self.items.get(key)
        return practice if practice is not None and practice.user == user else None
