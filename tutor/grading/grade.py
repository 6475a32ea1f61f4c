"""Grading the planned tasks: replay the journal, check the rest, return results in order.

    tasks, problems = plan(submissions, library, salt, variants, assignment)   # tutor.grading.plan
    results, replayed = run(tasks, library, journal, workers=4)

Work goes out in chunks of one exercise each, sorted by seed, so a worker's cached
Problem serves every student who shares the variant. Results are journaled as they
come back; the returned list follows the tasks, whatever order the work finished in.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math

from tutor.grading.plan import Task

MAX_CHUNK = 32  # small enough that results reach the journal often
IN_FLIGHT_PER_WORKER = 4


def fingerprint(spec) -> str:
    """A short hash of an exercise's definition: journaled results of an edited exercise are not reused."""
    return hashlib.sha256(repr(dataclasses.replace(spec, source="")).encode("utf-8")).hexdigest()[:12]


def blank(task: Task) -> dict:
    from tutor.grading.worker import result

    return result("blank", 0.0, "no answer given" if task.source else "no answer submitted")


def too_long(task: Task) -> dict:
    from tutor.grading.submissions import MAX_ANSWER_CHARS
    from tutor.grading.worker import result

    return result("invalid", 0.0, f"the answer has {task.length} characters; answers of more than "
                                  f"{MAX_ANSWER_CHARS} are not graded", method="limit")


def run(tasks, library: dict, journal, *, workers: int = 1, plugins_dir=None, progress=None, client=None):
    """(results aligned with tasks, how many were replayed from the journal); with a Dask
    ``client``, the chunks are graded on its cluster (tutor.grading.cluster)."""
    prints = {exercise: fingerprint(library[exercise]) for exercise in {t.exercise for t in tasks}}
    keys = [(t.student_id, t.exercise, prints[t.exercise], t.seed, t.answer) for t in tasks]
    earlier = journal.replay()
    results, todo = [None] * len(tasks), []
    for index, task in enumerate(tasks):
        if task.length:
            results[index] = too_long(task)
        elif not task.answer.strip():
            results[index] = blank(task)
        elif keys[index] in earlier:
            results[index] = earlier[keys[index]]
        else:
            todo.append(index)
    replayed = len(tasks) - len(todo) - sum(1 for t in tasks if t.length or not t.answer.strip())
    if progress:
        progress(len(tasks) - len(todo))
    journal.open()
    try:
        for indices, chunk_results in _execute(chunks(todo, tasks, workers), tasks, workers, plugins_dir, library,
                                               client):
            for index, outcome in zip(indices, chunk_results):
                results[index] = outcome
                journal.append(keys[index], outcome)
            if progress:
                progress(len(indices))
    finally:
        journal.close()
    return results, replayed


def chunks(todo, tasks, workers: int) -> list[list[int]]:
    """Task indices in chunks of one exercise each, sorted by seed (neighbours share Problems)."""
    by_exercise: dict = {}
    for index in todo:
        by_exercise.setdefault(tasks[index].exercise, []).append(index)
    size = max(4, min(MAX_CHUNK, math.ceil(len(todo) / max(1, workers * 4))))
    out = []
    for indices in by_exercise.values():
        indices.sort(key=lambda i: tasks[i].seed)
        out += [indices[start:start + size] for start in range(0, len(indices), size)]
    return out


def _execute(work, tasks, workers: int, plugins_dir, library, client=None):
    """Yield (indices, results) per chunk: in this process, from a pool of worker processes,
    or from a Dask cluster."""
    from tutor.grading import worker

    def payload(indices):
        return tasks[indices[0]].exercise, [(tasks[i].seed, tasks[i].answer) for i in indices]

    if client is not None:
        from tutor.grading import cluster

        yield from cluster.execute(work, payload, client, plugins_dir, library)
        return

    if workers <= 1 or len(work) <= 1:
        worker.init_worker(plugins_dir, library, in_pool=False)
        for indices in work:
            yield indices, worker.grade_chunk(*payload(indices))
        return
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    pending, queue = {}, iter(work)
    executor = ProcessPoolExecutor(max_workers=min(workers, len(work)), initializer=worker.init_worker,
                                   initargs=(plugins_dir, library))
    try:
        while True:
            for indices in queue:
                pending[executor.submit(worker.grade_chunk, *payload(indices))] = indices
                if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                    break
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield pending.pop(future), future.result()
    finally:
        executor.shutdown(wait=not pending, cancel_futures=True)
