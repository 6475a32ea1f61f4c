"""Which items to grade: one task per student x exercise, in output order.

Rows naming an unknown exercise (or, with an assignment, an unassigned exercise or a
student not on the roster) become problems; a later answer to the same item replaces an
earlier one (and says so); with an assignment, every item nobody submitted is a blank task.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.grading.seeds import variant_seed
from tutor.grading.submissions import Problem


@dataclass(frozen=True)
class Task:
    """One student x exercise to grade; ``source`` is "" for an item nobody submitted."""

    student_id: str
    exercise: str
    seed: int
    answer: str
    source: str


def plan(submissions, library: dict, salt: str, variants=None, assignment=None):
    """(tasks in output order, problems). Without an assignment, students and exercises come
    in the order they first appear in the submissions."""
    problems, chosen = [], {}
    for sub in submissions:
        why = _unusable(sub, library, assignment)
        if why:
            problems.append(Problem(sub.path, sub.line, why))
            continue
        earlier = chosen.get((sub.student_id, sub.exercise))
        if earlier is not None:
            problems.append(Problem(earlier.path, earlier.line, f"replaced by the later answer at {sub.source}"))
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
                              sub.answer if sub else "", sub.source if sub else ""))
    return tasks, problems


def _unusable(sub, library: dict, assignment) -> str | None:
    if sub.exercise not in library:
        return f"unknown exercise {sub.exercise!r}"
    if assignment is not None and sub.exercise not in assignment.exercises:
        return f"exercise {sub.exercise!r} is not part of this assignment"
    if assignment is not None and sub.student_id not in assignment.student_set:
        return f"student {sub.student_id!r} is not on the assignment's roster"
    return None
