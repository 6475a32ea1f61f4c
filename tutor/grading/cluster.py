"""Grading on a Dask cluster (``pip install 'tutor[dask]'``, ``tutor grade --dask ADDRESS``).

The work is the same as on one machine: chunks of (exercise, [(seed, answer), ...]) go to
``tutor.grading.worker.grade_chunk``, a pure function of (salt-derived seed, exercise,
answer), so a chunk graded on any worker gives the same results. The scheduler only
carries the chunks and the results; the journal, the order of the rows and the outputs
stay in the process that runs ``tutor grade``, so a run on a cluster writes the same
bytes as a local run, and an interrupted one resumes from the same journal.

Every worker needs tutor installed, with the same plugins (installed, or the same
``--plugins-dir`` path on each machine); the exercise library is sent to each worker
once with the first chunk it runs.
"""

from __future__ import annotations

import threading

from tutor.errors import TutorError

IN_FLIGHT_PER_WORKER = 4
_LOCK = threading.Lock()  # a worker with several threads (or in this process) grades one chunk at a time
_READY: dict = {}


class ClusterError(TutorError):
    """Dask is not installed, or the scheduler cannot be reached."""


def connect(address: str, workers: int):
    """(client, cluster or None): a LocalCluster of ``workers`` processes for "local", else the scheduler."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("--dask needs dask.distributed: pip install 'tutor[dask]'") from None
    if address == "local":
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return Client(cluster), cluster
    try:
        return Client(address, timeout="10s"), None
    except (OSError, TimeoutError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {error}") from None


def grade_remote(plugins_dir, library, exercise_id: str, items) -> list[dict]:
    """Run on a Dask worker: load plugins and the library once per worker, then grade the chunk."""
    from tutor.grading import worker

    with _LOCK:
        key = (tuple(plugins_dir or ()), id(library))
        if _READY.get("key") != key:
            worker.init_worker(plugins_dir, library, in_pool=False)
            _READY["key"] = key
        return worker.grade_chunk(exercise_id, items)


def execute(work, payload, client, plugins_dir, library):
    """Yield (indices, results) per chunk as the cluster finishes them (a bounded number in flight)."""
    from distributed import as_completed

    [library_future] = client.scatter([library], broadcast=True, hash=False)
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    queue = iter(work)
    pending: dict = {}
    completed = as_completed()

    def submit_next() -> bool:
        indices = next(queue, None)
        if indices is None:
            return False
        future = client.submit(grade_remote, plugins_dir, library_future, *payload(indices), pure=False)
        pending[future.key] = indices
        completed.add(future)
        return True

    for _ in range(workers * IN_FLIGHT_PER_WORKER):
        if not submit_next():
            break
    try:
        for future in completed:
            indices = pending.pop(future.key)
            yield indices, future.result()
            submit_next()
    finally:
        for future in list(completed.futures):
            future.cancel()
