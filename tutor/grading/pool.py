"""Running work in worker processes (tutor.grading.worker) or in this process, the same way.

    with worker_pool(workers, initargs) as executor:          # None: work in this process
        for item, outcome in finished(function, work, payload, executor, workers):
            ...

Work is submitted a few items per worker at a time, so results come back while the rest
waits, and a failure (or the caller stopping) cancels what has not started.
"""

from __future__ import annotations

import contextlib

from tutor.errors import TutorError

IN_FLIGHT_PER_WORKER = 4


@contextlib.contextmanager
def worker_pool(workers: int, initargs: tuple):
    """A pool of ``workers`` processes, each set up by tutor.grading.worker.init_worker(*initargs);
    on leaving early (an error, an interruption), work not yet started is cancelled and the pool
    is not waited for."""
    from concurrent.futures import ProcessPoolExecutor

    from tutor.grading import worker

    executor = ProcessPoolExecutor(max_workers=workers, initializer=worker.init_worker, initargs=initargs)
    done = False
    try:
        yield executor
        done = True
    finally:
        executor.shutdown(wait=done, cancel_futures=True)


def finished(function, work, payload, executor=None, workers: int = 1):
    """Yield (item, function(*payload(item))) for each item of ``work``: in order in this process
    (no ``executor``), else as each finishes in the pool."""
    if executor is None:
        for item in work:
            yield item, function(*payload(item))
        return
    from concurrent.futures import FIRST_COMPLETED, wait

    pending, queue = {}, iter(work)
    while True:
        for item in queue:
            pending[executor.submit(function, *payload(item))] = item
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                break
        if not pending:
            return
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            yield pending.pop(future), _result(future)


class WorkerLost(TutorError):
    """A worker process ended without finishing its work (killed, out of memory)."""


def _result(future):
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        raise WorkerLost("a worker process ended unexpectedly (killed, or out of memory?): run the command "
                         "again (tutor grade resumes from its journal), or with --workers 1") from None
