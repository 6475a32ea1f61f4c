"""Checking answers where the work happens: a chunk is (exercise, [(seed, answer), ...]).

Each process keeps the Problems it generated, by (exercise, seed), so a variant's
expected answer is parsed once per process however many students share it. Checks
run under tutor's wall-time limit, which holds in any thread of the process.
Whatever goes wrong with one answer becomes that answer's result, never an exception.

A process keeps the Generators of the few exercises it graded last (the chunks of one
exercise come together), not every variant of the class: while grading, the variants it
keeps and lets go turn the collector's oldest generation over quickly, and a full
collection traverses all of them (see ``fewer_full_collections``).
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import threading
import time
from collections import OrderedDict

CACHE_SIZE = 1024  # Problems kept per process
_STATE: dict = {}
MAX_SHARED_VARIANTS = 4096  # parameter draws one exercise's Generator remembers before it starts afresh
GENERATORS_KEPT = 8  # exercises whose Generators (and the variants they made) a process keeps
_STATE_LOCK = threading.Lock()  # threads may grade at once (a Dask worker's, tests'): the caches' bookkeeping
_COLLECTOR: dict = {"users": 0}  # fewer_full_collections: threads inside it, and what to restore
FULL_COLLECTION_EVERY = 50  # young-generation collections between two full ones while grading (Python: 10)


def init_worker(plugins_dir=None, library=None, in_pool: bool = True, registry=None) -> None:
    """Load plugins and the exercise library once per process (a pool's initializer), or use the
    caller's ``registry`` (in this process, or one forked from it)."""
    if in_pool:
        gc.freeze()  # what a forked worker inherits is never collected: no traversals, fewer copied pages
        _collect_fully_less_often()  # the process only grades (see fewer_full_collections)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    from tutor.exercises.loader import load_library
    from tutor.registry import get_registry

    registry = registry if registry is not None else get_registry(plugins_dir)
    _STATE.update(registry=registry, library=library if library is not None else load_library(registry),
                  cache=OrderedDict(), generators=OrderedDict())


@contextlib.contextmanager
def fewer_full_collections():
    """Grade in this process as a pool worker does: what exists now (the library, the plugins,
    the modules) is left out of the collector's work (gc.freeze), and a full collection runs
    after FULL_COLLECTION_EVERY young-generation collections rather than 10; both as before
    on leaving. Python's own rule still holds: a full collection only once the long-lived
    objects have grown by a quarter since the last. Objects someone else froze stay frozen.
    Threads grading at once share it: the first in sets it up, the last out restores it."""
    with _STATE_LOCK:
        if not _COLLECTOR["users"]:
            _COLLECTOR.update(thresholds=gc.get_threshold(), freezing=gc.get_freeze_count() == 0)
            if _COLLECTOR["freezing"]:
                gc.freeze()
            _collect_fully_less_often()
        _COLLECTOR["users"] += 1
    try:
        yield
    finally:
        with _STATE_LOCK:
            _COLLECTOR["users"] -= 1
            if not _COLLECTOR["users"]:
                gc.set_threshold(*_COLLECTOR["thresholds"])
                if _COLLECTOR["freezing"]:
                    gc.unfreeze()


def _collect_fully_less_often() -> None:
    """A full collection after FULL_COLLECTION_EVERY young-generation collections (Python: 10)."""
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, max(full, FULL_COLLECTION_EVERY))


def _exit_with_parent(parent: int) -> None:
    """A pool worker outlives a killed parent otherwise, waiting for work forever."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def grade_chunk(exercise_id: str, items) -> list[dict]:
    """The result of each (seed, answer) of one exercise, in order."""
    return [grade_one(exercise_id, seed, answer) for seed, answer in items]


def grade_one(exercise_id: str, seed: int, answer: str) -> dict:
    problem = problem_for(exercise_id, seed)
    if isinstance(problem, str):
        return result("error", 0.0, f"could not generate this variant: {problem}")
    return judge(problem, answer)


def problem_for(exercise_id: str, seed: int):
    """The Problem for (exercise, seed), or why it cannot be made (a string), cached."""
    from tutor.errors import TutorError

    cache = _STATE["cache"]
    key = (exercise_id, seed)
    with _STATE_LOCK:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    try:
        problem = _generator(exercise_id).problem(seed)
    except TutorError as error:
        problem = str(error)
    except Exception as error:  # a plugin's operation failing: this variant's error, not the run's
        problem = f"{type(error).__name__}: {error}"
    with _STATE_LOCK:
        cache[key] = problem
        if len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
    return problem


def _generator(exercise_id: str):
    """One Generator per exercise and process: students whose seeds draw the same parameters
    share one generated variant (a class of 1,500 on an exercise with a few hundred parameter
    combinations mostly does). Those of the GENERATORS_KEPT exercises used last are kept."""
    from tutor.exercises import Generator

    generators = _STATE["generators"]
    with _STATE_LOCK:
        generator = generators.get(exercise_id)
        if generator is None or len(generator.made) > MAX_SHARED_VARIANTS:
            generator = generators[exercise_id] = Generator(_STATE["library"][exercise_id], _STATE["registry"])
        generators.move_to_end(exercise_id)  # the most recently used last
        while len(generators) > GENERATORS_KEPT:
            generators.popitem(last=False)
    return generator


def judge(problem, answer: str) -> dict:
    """Check one answer under a wall-time budget for the check and its diagnoses together (the
    diagnoses are computed for a wrong answer only: one failing is this variant's error)."""
    from tutor.errors import CheckTimeout
    from tutor.exercises.spec import ExerciseError
    from tutor.limits import time_limit

    seconds = problem.expected.options.limits.seconds
    try:
        with time_limit(seconds * (2 + _diagnosis_count(problem))):
            verdict = problem.check(answer)
    except CheckTimeout:
        return result("invalid", 0.0, "checking took longer than the time limit", method="timeout")
    except ExerciseError as error:
        return result("error", 0.0, f"could not generate this variant: {error}")
    except RecursionError:
        return result("invalid", 0.0, "the answer is nested too deeply to check", method="limit")
    except Exception as error:  # a plugin's checker or diagnosis failing
        return result("error", 0.0, f"could not check this answer ({type(error).__name__}: {error})")
    return result(verdict.status, verdict.score, verdict.message, verdict.interpreted, verdict.method)


def _diagnosis_count(problem) -> int:
    """How many diagnoses may judge a wrong answer: a generated Problem's diagnosis entries
    (counted without building them: a correct answer never needs them), else its diagnoses."""
    spec = getattr(problem, "spec", None)
    return len(spec.diagnosis) if spec is not None else len(problem.diagnoses)


def result(verdict: str, score: float, feedback: str, interpreted=None, method=None) -> dict:
    return {"verdict": verdict, "score": round(float(score), 4), "feedback": " ".join(str(feedback).split()),
            "interpreted": interpreted, "method": method}
