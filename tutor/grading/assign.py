"""Hand out an assignment: per-student variants, worksheets, answer templates, the answer key.

    OUT/worksheets/ID.md, ID.tex    the student's problems (no answers)
    OUT/answers/ID.csv (or .yaml)   the template the student fills in and hands back
    OUT/answer_key.csv, .json       every student's variant (seed) and expected answer
    OUT/assignment.json             what was assigned, for tutor grade --assignment
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

from tutor.errors import TutorError
from tutor.files import write_atomically
from tutor.grading.manifest import Assignment
from tutor.grading.seeds import salt_check, variant_seed
from tutor.neutralise import csv_text, latex_text

TEMPLATE_COLUMNS = ["student_id", "question", "exercise", "answer"]
KEY_COLUMNS = ["student_id", "name", "question", "exercise", "seed", "kind", "answer"]
MAX_BLOCK = 50  # students written by one task of a worker process
BLOCKS_PER_WORKER = 8  # fewer students per block on small rosters, to keep every worker busy


class AssignError(TutorError):
    """An exercise that cannot produce a student's variant."""


def make_assignment(students, specs, registry, salt: str, out, *, variants=None, title="Assignment",
                    templates=("csv",), progress=None, workers: int = 1, plugins_dir=None) -> Assignment:
    """Write every file of the assignment under ``out``; ``progress(n)`` is told of students done.

    With ``workers`` > 1, blocks of students are written by that many processes, the files the
    same (forked processes use ``registry``; others load the plugins of ``plugins_dir``, which
    must then be those of ``registry``)."""
    out = Path(out)
    job = _Job(tuple(spec.id for spec in specs), salt, str(out), variants, title, tuple(templates))
    library = {spec.id: spec for spec in specs}
    key_rows, key_students = [], []
    for block, items in _written(students, job, library, registry, workers, plugins_dir):
        for student, student_items in zip(block, items):
            key_rows += [[student.student_id, student.name, i["question"], i["exercise"], i["seed"], i["kind"],
                          i["answer"]] for i in student_items]
            key_students.append({"student_id": student.student_id, "name": student.name, "email": student.email,
                                 "items": student_items})
        if progress:
            progress(len(block))
    if hasattr(os, "sync"):
        os.sync()  # the students' files, written without an fsync each, reach the disk before the key
    assignment = Assignment(title, job.exercises, tuple(s.student_id for s in students), variants,
                            salt_check(salt), tuple(students))
    write_atomically(out / "answer_key.csv", csv_text(KEY_COLUMNS, key_rows))
    write_atomically(out / "answer_key.json", json.dumps(
        {"title": title, "variants": variants, "exercises": list(assignment.exercises), "students": key_students},
        ensure_ascii=False, indent=1) + "\n")
    write_atomically(out / "assignment.json", assignment.to_json())
    return assignment


@dataclass(frozen=True)
class _Job:
    """What every block of students is written with (sent to each worker process)."""

    exercises: tuple
    salt: str
    out: str
    variants: int | None
    title: str
    templates: tuple


def _written(students, job: _Job, library: dict, registry, workers: int, plugins_dir):
    """Yield (block of students, their key items) in roster order, the files written: in this
    process, or by a pool of worker processes (one Generator per exercise in each: students who
    draw the same parameters share one generated variant)."""
    from tutor.grading import worker

    students = list(students)
    size = max(1, min(MAX_BLOCK, math.ceil(len(students) / max(1, workers * BLOCKS_PER_WORKER))))
    blocks = [students[start:start + size] for start in range(0, len(students), size)]
    if workers <= 1 or len(blocks) <= 1:
        worker.init_worker(plugins_dir, library, in_pool=False, registry=registry)
        for block in blocks:
            yield block, write_students(job, block)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    forked = multiprocessing.get_start_method() == "fork"  # a forked worker is handed the registry as it is
    executor = ProcessPoolExecutor(max_workers=min(workers, len(blocks)), initializer=worker.init_worker,
                                   initargs=(plugins_dir, library, True, registry if forked else None))
    finished = False
    try:
        for block, items in zip(blocks, executor.map(write_students, [job] * len(blocks), blocks)):
            yield block, items
        finished = True
    finally:
        executor.shutdown(wait=finished, cancel_futures=True)


def write_students(job: _Job, students) -> list[list[dict]]:
    """Write each student's worksheets and answer template; their answer-key items, in order.
    Runs where tutor.grading.worker is initialised (this process or a worker process)."""
    from tutor.worksheets import worksheet

    out, templates, done = Path(job.out), job.templates, []
    for student in students:
        problems = [_problem(exercise, variant_seed(job.salt, student.student_id, exercise, job.variants))
                    for exercise in job.exercises]
        sid = student.student_id
        heading = f"{job.title}: {student.name} ({sid})" if student.name else f"{job.title}: {sid}"
        note = (f"Student {sid}: write your answers in answers/{sid}.{templates[0]}, one per question "
                f"(exercises {', '.join(p.id for p in problems)}).")
        files = {out / "worksheets" / f"{sid}.md": _with_note(worksheet(problems, "markdown", heading, False),
                                                                "\n", note),
                 out / "worksheets" / f"{sid}.tex": _with_note(worksheet(problems, "latex", heading, False),
                                                                 "\\maketitle\n", latex_text(note))}
        if "csv" in templates:
            files[out / "answers" / f"{sid}.csv"] = template_csv(sid, problems)
        if "yaml" in templates:
            files[out / "answers" / f"{sid}.yaml"] = template_yaml(sid, heading, problems)
        for path, text in files.items():
            write_atomically(path, text, durable=False)  # make_assignment syncs them all at the end
        done.append([{"question": n, "exercise": p.id, "seed": p.seed, "kind": p.expected.kind,
                      "answer": p.answer_text, "prompt": p.prompt} for n, p in enumerate(problems, 1)])
    return done


def _problem(exercise: str, seed: int):
    from tutor.grading.worker import problem_for

    problem = problem_for(exercise, seed)
    if isinstance(problem, str):
        raise AssignError(f"exercise {exercise!r}, seed {seed}: {problem}")
    return problem


def _with_note(document: str, after: str, note: str) -> str:
    """The document with ``note`` as a paragraph after the first ``after`` (the title)."""
    head, _, tail = document.partition(after)
    return f"{head}{after}\n{note}\n{tail}"


def template_csv(student_id: str, problems) -> str:
    """The CSV answer template: one row per question, the answer column left empty."""
    return csv_text(TEMPLATE_COLUMNS, ([student_id, n, p.id, ""] for n, p in enumerate(problems, 1)))


def template_yaml(student_id: str, heading: str, problems) -> str:
    """The YAML answer template, with a comment on how to fill it in."""
    lines = [f"# {heading}",
             "# Write each answer between the double quotes, e.g. \"6*x*y^3\" or \"[2x, 2y]\";",
             "# leave it empty if you have no answer.",
             f"student_id: {json.dumps(student_id)}", "answers:"]
    for number, problem in enumerate(problems, 1):
        lines += [f"  - question: {number}", f"    exercise: {problem.id}", '    answer: ""']
    return "\n".join(lines) + "\n"
