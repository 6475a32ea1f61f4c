"""Hand out an assignment: per-student variants, worksheets, answer templates, the answer key.

    OUT/worksheets/ID.md, ID.tex    the student's problems (no answers)
    OUT/answers/ID.csv (or .yaml)   the template the student fills in and hands back
    OUT/answer_key.csv, .json       every student's variant (seed) and expected answer
    OUT/assignment.json             what was assigned, for tutor grade --assignment

Two steps, in this process or in worker processes. First every distinct variant is made once,
the seeds of an exercise sent out in groups that draw the same parameters
(tutor.grading.draws), and comes back as the few strings the files show (``Shown``); then
the students' files are put together from those strings, a block of students at a time.
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from tutor.errors import TutorError
from tutor.files import write_atomically
from tutor.grading.manifest import Assignment
from tutor.grading.seeds import salt_check, variant_seed
from tutor.neutralise import csv_text, latex_text

TEMPLATE_COLUMNS = ["student_id", "question", "exercise", "answer"]
KEY_COLUMNS = ["student_id", "name", "question", "exercise", "seed", "kind", "answer"]
MAX_BLOCK = 50  # students written by one task of a worker process
BLOCKS_PER_WORKER = 8  # fewer students per block on small rosters, to keep every worker busy
# distinct parameter draws one task of a worker process generates: large, so that an exercise's
# variants are mostly made in one process, whose caches (the exercise's parsed expressions, the
# derivatives of its terms, printed values) then serve them all
MAX_DRAWS_PER_TASK = 1000
TASKS_PER_WORKER = 8  # fewer draws per task on small classes, to keep every worker busy
_KEY_HEADER = csv_text(KEY_COLUMNS, [])


class AssignError(TutorError):
    """An exercise that cannot produce a student's variant."""


class Shown(NamedTuple):
    """What the files show of one variant (students who draw the same parameters share it)."""

    kind: str
    answer: str  # the expected answer as text
    prompt: str  # as shown (Markdown worksheet, the key)
    title: str  # the exercise's title
    latex: str  # the LaTeX worksheet's item


def make_assignment(students, specs, registry, salt: str, out, *, variants=None, title="Assignment",
                    templates=("csv",), progress=None, workers: int = 1, plugins_dir=None) -> Assignment:
    """Write every file of the assignment under ``out``; ``progress(n)`` is told of n students'
    worth of work done (making their variants, then writing their files).

    With ``workers`` > 1, that many processes make the variants and write the files, the files
    the same (forked processes use ``registry``; others load the plugins of ``plugins_dir``,
    which must then be those of ``registry``)."""
    out, students = Path(out), list(students)
    job = _Job(tuple(spec.id for spec in specs), salt, str(out), variants, title, tuple(templates))
    library = {spec.id: spec for spec in specs}
    seeds = [[variant_seed(salt, student.student_id, exercise, variants) for exercise in job.exercises]
             for student in students]
    uses = Counter(key for student_seeds in seeds for key in zip(job.exercises, student_seeds))
    advance = _Advance(progress, len(students), len(job.exercises))
    workers = min(workers, max(len(uses), len(students)))  # no more processes than there is work for
    with _executor(registry, library, workers, plugins_dir) as executor:
        shown = _made(job, library, seeds, uses, executor, workers, advance)
        items = [[shown[exercise, seed] for exercise, seed in zip(job.exercises, student_seeds)]
                 for student_seeds in seeds]
        key_json, key_csv = _write_students(job, students, seeds, items, executor, workers, advance)
    if hasattr(os, "sync"):
        os.sync()  # the students' files, written without an fsync each, reach the disk before the key
    assignment = Assignment(title, job.exercises, tuple(s.student_id for s in students), variants,
                            salt_check(salt), tuple(students))
    write_atomically(out / "answer_key.csv", _KEY_HEADER + "".join(key_csv))
    head = json.dumps({"title": title, "variants": variants, "exercises": list(assignment.exercises),
                       "students": []}, ensure_ascii=False, indent=1)
    if key_json:  # the students' entries, as json.dumps(..., indent=1) writes them at that depth
        head = head.removesuffix("[]\n}") + "[\n  " + ",\n  ".join(key_json) + "\n ]\n}"
    write_atomically(out / "answer_key.json", head + "\n")
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


class _Advance:
    """Tells ``progress`` of students' worth of work: a student is one unit per exercise (its
    variant made) and one more (its files written)."""

    def __init__(self, progress, students: int, exercises: int):
        self.progress, self.students = progress, students
        self.total, self.done, self.told = students * (exercises + 1), 0, 0

    def __call__(self, units: int) -> None:
        self.done += units
        now = self.students * self.done // self.total if self.total else 0
        if self.progress and now > self.told:
            self.progress(now - self.told)
            self.told = now


def _executor(registry, library: dict, workers: int, plugins_dir):
    """A pool of worker processes when there are workers and work to share, else nothing (the
    work is done in this process, tutor.grading.worker set up with ``registry``)."""
    import contextlib
    import multiprocessing

    from tutor.grading import worker
    from tutor.grading.pool import worker_pool

    if workers <= 1:
        worker.init_worker(plugins_dir, library, in_pool=False, registry=registry)
        return contextlib.nullcontext()
    forked = multiprocessing.get_start_method() == "fork"  # a forked worker is handed the registry as it is
    return worker_pool(workers, (plugins_dir, library, True, registry if forked else None))


def _made(job: _Job, library: dict, seeds, uses: Counter, executor, workers: int, advance) -> dict:
    """{(exercise, seed): Shown} for every item (``uses``: how many students have each); the first
    variant that cannot be made (in roster order among those found) raises AssignError."""
    from tutor.grading.pool import finished

    size = max(1, min(MAX_DRAWS_PER_TASK, math.ceil(len(uses) / max(1, workers * TASKS_PER_WORKER))))
    shown, failed = {}, {}
    for (exercise, chunk), outcomes in finished(shown_variants, _tasks(job, library, seeds, size),
                                                lambda task: task, executor, workers):
        for seed, outcome in zip(chunk, outcomes):
            (failed if isinstance(outcome, str) else shown)[exercise, seed] = outcome
        if failed:
            raise _first_failure(job, seeds, failed)
        advance(sum(uses[exercise, seed] for seed in chunk))
    return shown


def _tasks(job: _Job, library: dict, seeds, size: int):
    """(exercise, seeds) to make, exercise by exercise: each a few groups of seeds with the same
    first parameter draw, so every shared variant is made by one process."""
    from tutor.grading.draws import grouped, packed

    for column, exercise in enumerate(job.exercises):
        groups = grouped(library[exercise], (student_seeds[column] for student_seeds in seeds))
        for chunk in packed(groups, size, cost=lambda group: 1):
            yield exercise, chunk


def _first_failure(job: _Job, seeds, failed: dict) -> AssignError:
    for student_seeds in seeds:
        for key in zip(job.exercises, student_seeds):
            if key in failed:
                return AssignError(f"exercise {key[0]!r}, seed {key[1]}: {failed[key]}")
    raise AssertionError("a failed variant that no student has")  # pragma: no cover


def shown_variants(exercise: str, seeds) -> list:
    """What the files show of each seed's variant (a Shown), or why it cannot be made (a string).
    Runs where tutor.grading.worker is initialised (this process or a worker process)."""
    from tutor.grading.worker import problem_for
    from tutor.worksheets import latex_item

    made: dict = {}  # id(the variant's shared ``shown`` dict) -> (that dict, its Shown)
    out = []
    for seed in seeds:
        problem = problem_for(exercise, seed)
        if isinstance(problem, str):
            out.append(problem)
            continue
        found = made.get(id(problem.shown))
        if found is None:
            parts = (problem.expected.kind, problem.answer_text, problem.prompt, problem.spec.title,
                     latex_item(problem))  # as plain strings: a kind's own str subclass may not unpickle
            found = made[id(problem.shown)] = (problem.shown, Shown(*(str(part) for part in parts)))
        out.append(found[1])
    return out


def _write_students(job: _Job, students, seeds, items, executor, workers: int, advance) -> tuple[list, list]:
    """Every student's files, a block of students per task; (each student's entry of the JSON
    key, each block's rows of the CSV key), in roster order."""
    from tutor.grading.pool import finished

    size = max(1, min(MAX_BLOCK, math.ceil(len(students) / max(1, workers * BLOCKS_PER_WORKER))))
    blocks = [range(start, min(start + size, len(students))) for start in range(0, len(students), size)]
    written = {}
    for block, keys in finished(write_students, blocks, lambda block: (
            job, [(students[i], seeds[i], items[i]) for i in block]), executor, workers):
        written[block.start] = keys
        advance(len(block))
    key_json, key_csv = [], []
    for block in blocks:
        key_json += written[block.start][0]
        key_csv.append(written[block.start][1])
    return key_json, key_csv


def write_students(job: _Job, block) -> tuple[list, str]:
    """Write the worksheets and answer template of each (student, their seeds, the Shown of their
    items); (each student's entry of the JSON key, indented for its place; their CSV key rows).
    Runs in this process or a worker process."""
    from tutor.worksheets import latex_sheet, markdown_sheet

    out, templates, key_json, key_rows = Path(job.out), job.templates, [], []
    for student, seeds, items in block:
        sid = student.student_id
        heading = f"{job.title}: {student.name} ({sid})" if student.name else f"{job.title}: {sid}"
        note = (f"Student {sid}: write your answers in answers/{sid}.{templates[0]}, one per question "
                f"(exercises {', '.join(job.exercises)}).")
        files = {out / "worksheets" / f"{sid}.md": _with_note(
                     markdown_sheet(heading, [(item.title, item.prompt) for item in items]), "\n", note),
                 out / "worksheets" / f"{sid}.tex": _with_note(
                     latex_sheet(heading, [item.latex for item in items]), "\\maketitle\n", latex_text(note))}
        if "csv" in templates:
            files[out / "answers" / f"{sid}.csv"] = template_csv(sid, job.exercises)
        if "yaml" in templates:
            files[out / "answers" / f"{sid}.yaml"] = template_yaml(sid, heading, job.exercises)
        for path, text in files.items():
            write_atomically(path, text, durable=False)  # make_assignment syncs them all at the end
        numbered = list(enumerate(zip(job.exercises, seeds, items), 1))
        key_rows += [[sid, student.name, n, exercise, seed, item.kind, item.answer]
                     for n, (exercise, seed, item) in numbered]
        key_items = [{"question": n, "exercise": exercise, "seed": seed, "kind": item.kind, "answer": item.answer,
                      "prompt": item.prompt} for n, (exercise, seed, item) in numbered]
        key_json.append(json.dumps({"student_id": sid, "name": student.name, "email": student.email,
                                    "items": key_items}, ensure_ascii=False, indent=1).replace("\n", "\n  "))
    return key_json, csv_text(KEY_COLUMNS, key_rows).removeprefix(_KEY_HEADER)


def _with_note(document: str, after: str, note: str) -> str:
    """The document with ``note`` as a paragraph after the first ``after`` (the title)."""
    head, _, tail = document.partition(after)
    return f"{head}{after}\n{note}\n{tail}"


def template_csv(student_id: str, exercises) -> str:
    """The CSV answer template: one row per question, the answer column left empty."""
    return csv_text(TEMPLATE_COLUMNS, ([student_id, n, exercise, ""] for n, exercise in enumerate(exercises, 1)))


def template_yaml(student_id: str, heading: str, exercises) -> str:
    """The YAML answer template, with a comment on how to fill it in."""
    lines = [f"# {heading}",
             "# Write each answer between the double quotes, e.g. \"6*x*y^3\" or \"[2x, 2y]\";",
             "# leave it empty if you have no answer.",
             f"student_id: {json.dumps(student_id)}", "answers:"]
    for number, exercise in enumerate(exercises, 1):
        lines += [f"  - question: {number}", f"    exercise: {exercise}", '    answer: ""']
    return "\n".join(lines) + "\n"
