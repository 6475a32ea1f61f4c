"""Grading the planned tasks: replay the journal, check the rest, return results in order.

    tasks, problems = plan(submissions, library, salt, variants, assignment)   # tutor.grading.plan
    results, replayed = run(tasks, library, journal, workers=4)

Work goes out in chunks of one exercise each, the seeds that draw the same parameters
together (tutor.grading.draws), so one worker's cached Problem serves every student who
shares the variant. Results are journaled as they
come back; the returned list follows the tasks, whatever order the work finished in.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math

from tutor.grading.plan import Task

MAX_CHUNK = 32  # small enough that results reach the journal often


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
        work = chunks(todo, tasks, workers, library)
        for indices, chunk_results in _execute(work, tasks, workers, plugins_dir, library, client):
            for index, outcome in zip(indices, chunk_results):
                results[index] = outcome
                journal.append(keys[index], outcome)
            if progress:
                progress(len(indices))
    finally:
        journal.close()
    return results, replayed


def chunks(todo, tasks, workers: int, library: dict) -> list[list[int]]:
    """Task indices in chunks of one exercise each, about the same size: the tasks whose seeds
    draw the same parameters go in the same chunk (tutor.grading.draws) unless there are more
    of them than a chunk holds, so a variant shared by a few students is made by one process."""
    from tutor.grading.draws import grouped, packed

    by_exercise: dict = {}
    for index in todo:
        by_exercise.setdefault(tasks[index].exercise, {}).setdefault(tasks[index].seed, []).append(index)
    size = max(4, min(MAX_CHUNK, math.ceil(len(todo) / max(1, workers * 4))))
    out = []
    for exercise, by_seed in by_exercise.items():
        groups = [[index for seed in group for index in by_seed[seed]]
                  for group in grouped(library[exercise], sorted(by_seed))]
        out += packed([group[start:start + size] for group in groups for start in range(0, len(group), size)], size)
    return out


def _execute(work, tasks, workers: int, plugins_dir, library, client=None):
    """Yield (indices, results) per chunk: in this process, from a pool of worker processes,
    or from a Dask cluster."""
    from tutor.grading import worker
    from tutor.grading.pool import finished, worker_pool

    def payload(indices):
        return tasks[indices[0]].exercise, [(tasks[i].seed, tasks[i].answer) for i in indices]

    if client is not None:
        from tutor.grading import cluster

        yield from cluster.execute(work, payload, client, plugins_dir, library)
        return
    if workers <= 1 or len(work) <= 1:
        worker.init_worker(plugins_dir, library, in_pool=False)
        with worker.fewer_full_collections():
            yield from finished(worker.grade_chunk, work, payload)
        return
    with worker_pool(min(workers, len(work)), (plugins_dir, library)) as executor:
        yield from finished(worker.grade_chunk, work, payload, executor, workers)
