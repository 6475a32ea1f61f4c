"""The engine as the server shares it: the exercise library, generated problems, the
progress store (one connection per thread) and answer checking, all thread-safe.

Every call here may run in any worker thread; each check and each generation runs
under the same limits as the command line (tutor.limits: the wall-time limit holds
off the main thread through its watchdog).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace

from tutor.errors import TutorError
from tutor.limits import DEFAULT_LIMITS, Limits


class UnknownExercise(TutorError):
    """No exercise of that id in the library."""


class _LRU:
    """A small thread-safe least-recently-used cache."""

    def __init__(self, size: int):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key, make):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = make()  # outside the lock: generation is slow, and two makers of one key agree
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


class Engine:
    """What every request shares. ``db_path`` is the progress database (tutor.practice.store)."""

    def __init__(self, db_path, plugins_dir=None, limits: Limits = DEFAULT_LIMITS):
        from tutor.exercises.loader import load_library
        from tutor.registry import get_registry

        self.db_path = db_path
        self.plugins_dir = plugins_dir
        self.limits = limits
        self.registry = get_registry(plugins_dir)
        self.library: dict = load_library(self.registry)
        self._problems = _LRU(2048)
        self._expected = _LRU(1024)
        self._local = threading.local()
        self._stores: list = []
        self._stores_lock = threading.Lock()

    # -- exercises and problems ---------------------------------------------------------

    def spec(self, exercise_id: str):
        spec = self.library.get(exercise_id)
        if spec is None:
            raise UnknownExercise(f"unknown exercise {exercise_id!r}")
        return spec

    def problem(self, exercise_id: str, seed: int):
        """The problem (exercise, seed), generated once (within the generation time limit)."""
        from tutor.exercises import instantiate

        spec = self.spec(exercise_id)
        return self._problems.get((exercise_id, int(seed)), lambda: instantiate(spec, int(seed), self.registry))

    def topics(self) -> dict[str, list]:
        """Exercises by topic, in order."""
        grouped: dict[str, list] = {}
        for spec in sorted(self.library.values(), key=lambda s: (s.topic, s.difficulty, s.id)):
            grouped.setdefault(spec.topic, []).append(spec)
        return grouped

    # -- checking -----------------------------------------------------------------------

    def prepared(self, expected: str, variables, kind: str = "auto", rtol=None, atol=None, places=None,
                 form=(), seconds: float | None = None):
        """A prepared expected answer (ParseError or ValueError when it cannot be), cached."""
        from tutor.checking import prepare

        limits = self.limits if seconds is None else replace(self.limits, seconds=min(seconds, self.limits.seconds))
        key = (expected, None if variables is None else tuple(variables), kind, rtol, atol, places, tuple(form),
               limits.seconds)
        return self._expected.get(key, lambda: prepare(expected, variables, kind, rtol, atol, places, limits,
                                                       form=list(form)))

    def read(self, problem, answer: str):
        """How ``answer`` reads for ``problem``: (value, None) or (None, ParseError), within the limits."""
        from tutor.errors import CheckTimeout, ParseError
        from tutor.limits import time_limit

        try:
            with time_limit(problem.expected.options.limits.seconds):
                return problem.expected.read(answer), None
        except ParseError as error:
            return None, error
        except (CheckTimeout, RecursionError, MemoryError):
            return None, ParseError("this answer is too large to read within the limits")

    # -- the progress store -------------------------------------------------------------

    def store(self):
        """This thread's connection to the progress database (SQLite connections are per thread)."""
        from tutor.practice.store import open_store

        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.db_path)
            with self._stores_lock:
                self._stores.append(store)
        return store

    def close(self) -> None:
        with self._stores_lock:
            for store in self._stores:
                try:
                    store.close()
                except Exception:  # pragma: no cover - closing at shutdown, from another thread
                    pass
            self._stores.clear()
