"""Which items to grade: one task per student x exercise, in output order.

Rows naming an unknown exercise (or, with an assignment, an unassigned exercise or a
student not on the roster) become problems; with an assignment, every item nobody
submitted is a blank task.

Files per student: when the submissions are files named after their students (as
``tutor assign`` hands them out: answers/ID.csv, answers/ID.yaml), each file belongs to
the student its name says, and a row in it for anyone else is refused and reported, so
no student can hand in (or overwrite) another's answer. The files are taken to be per
student when, with an assignment, some file is named after a student on its roster or,
without one, some file is named after a student who has a row in it; then every file
belongs to the student its name says.

Duplicates (the same student answering the same exercise twice, in one file or in two
of their own files) are not refused; one answer counts and each other one is reported:
when both rows have a timestamp (a ``timestamp``, ``submitted``, ``submitted_at`` or
``time`` column, ISO 8601), the later submission counts (on a tie, the later row);
otherwise the later row counts (files in name order, rows in file order).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tutor.grading.seeds import variant_seed
from tutor.grading.submissions import RowProblem


@dataclass(frozen=True)
class Task:
    """One student x exercise to grade; ``source`` is "" for an item nobody submitted."""

    student_id: str
    exercise: str
    seed: int
    answer: str
    source: str
    length: int = 0  # the answer's length when it was too long to grade (``answer`` is an excerpt)


def plan(submissions, library: dict, salt: str, variants=None, assignment=None, owners_by_name: bool = True):
    """(tasks in output order, problems). Without an assignment, students and exercises come
    in the order they first appear in the submissions. ``owners_by_name=False``: file names say
    nothing about whose answers they are (the caller has settled it, as tutor gradescope does)."""
    problems, chosen = [], {}
    owners = file_owners(submissions, assignment) if owners_by_name else {}
    for sub in submissions:
        why = _not_the_owner(sub, owners) or _unusable(sub, library, assignment)
        if why:
            problems.append(RowProblem(sub.path, sub.line, why))
            continue
        earlier = chosen.get((sub.student_id, sub.exercise))
        if earlier is not None:
            kept, dropped, why = _later(earlier, sub)
            problems.append(RowProblem(dropped.path, dropped.line, f"replaced by the {why} at {kept.source}"))
            sub = kept
        chosen[(sub.student_id, sub.exercise)] = sub
    if assignment is not None:
        students, exercises = list(assignment.students), list(assignment.exercises)
    else:
        students = list(dict.fromkeys(s for s, _ in chosen))
        exercises = list(dict.fromkeys(e for _, e in chosen))
    tasks = []
    for student in students:
        for exercise in exercises:
            sub = chosen.get((student, exercise))
            if sub is None and assignment is None:
                continue
            tasks.append(Task(student, exercise, variant_seed(salt, student, exercise, variants),
                              sub.answer if sub else "", sub.source if sub else "", sub.length if sub else 0))
    return tasks, problems


def _later(earlier, sub):
    """(the answer that counts, the one it replaces, why) for two answers to the same item."""
    from tutor.grading.submissions import submission_time

    if earlier.submitted and sub.submitted:
        first, second = submission_time(earlier.submitted), submission_time(sub.submitted)
        if first > second:
            return earlier, sub, f"later submission ({earlier.submitted})"
        return sub, earlier, f"later submission ({sub.submitted})" if second > first else "later row"
    return sub, earlier, "later answer"


def file_owners(submissions, assignment=None) -> dict:
    """{file: the student it belongs to} when the files are per student (see above), else {}."""
    students_in: dict = {}
    for sub in submissions:
        students_in.setdefault(sub.path, set()).add(sub.student_id)
    owners = {path: Path(path).stem for path in students_in}
    if assignment is not None:
        per_student = any(owner in assignment.student_set for owner in owners.values())
    else:
        per_student = any(owners[path] in students for path, students in students_in.items())
    return owners if per_student else {}


def _not_the_owner(sub, owners: dict) -> str | None:
    owner = owners.get(sub.path)
    if owner is None or owner == sub.student_id:
        return None
    return (f"a row for student {sub.student_id!r} in {Path(sub.path).name}, which belongs to {owner!r}: "
            "a file may only hold its own student's answers")


def _unusable(sub, library: dict, assignment) -> str | None:
    if sub.exercise not in library:
        return f"unknown exercise {sub.exercise!r}"
    if assignment is not None and sub.exercise not in assignment.exercises:
        return f"exercise {sub.exercise!r} is not part of this assignment"
    if assignment is not None and sub.student_id not in assignment.student_set:
        return f"student {sub.student_id!r} is not on the assignment's roster"
    return None
