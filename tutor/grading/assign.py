"""Hand out an assignment: per-student variants, worksheets, answer templates, the answer key.

    OUT/worksheets/ID.md, ID.tex    the student's problems (no answers)
    OUT/answers/ID.csv (or .yaml)   the template the student fills in and hands back
    OUT/answer_key.csv, .json       every student's variant (seed) and expected answer
    OUT/assignment.json             what was assigned, for tutor grade --assignment
"""

from __future__ import annotations

import json
from pathlib import Path

from tutor.errors import TutorError
from tutor.files import write_atomically
from tutor.grading.manifest import Assignment
from tutor.grading.seeds import salt_check, variant_seed
from tutor.neutralise import csv_text, latex_text

TEMPLATE_COLUMNS = ["student_id", "question", "exercise", "answer"]
KEY_COLUMNS = ["student_id", "name", "question", "exercise", "seed", "kind", "answer"]
CACHE_SIZE = 2048  # Problems kept, for students who share a variant (--variants)


class AssignError(TutorError):
    """An exercise that cannot produce a student's variant."""


def make_assignment(students, specs, registry, salt: str, out, *, variants=None, title="Assignment",
                    templates=("csv",), progress=None) -> Assignment:
    """Write every file of the assignment under ``out``; ``progress(n)`` is told of each student."""
    from tutor.worksheets import worksheet

    out = Path(out)
    cache: dict = {}
    key_rows, key_students = [], []
    for student in students:
        problems = [_problem(cache, spec, variant_seed(salt, student.student_id, spec.id, variants), registry)
                    for spec in specs]
        sid = student.student_id
        heading = f"{title}: {student.name} ({sid})" if student.name else f"{title}: {sid}"
        note = (f"Student {sid}: write your answers in answers/{sid}.{templates[0]}, one per question "
                f"(exercises {', '.join(p.id for p in problems)}).")
        write_atomically(out / "worksheets" / f"{sid}.md",
                         _with_note(worksheet(problems, "markdown", heading, False), "\n", note))
        write_atomically(out / "worksheets" / f"{sid}.tex",
                         _with_note(worksheet(problems, "latex", heading, False), "\\maketitle\n",
                                    latex_text(note)))
        if "csv" in templates:
            write_atomically(out / "answers" / f"{sid}.csv", template_csv(sid, problems))
        if "yaml" in templates:
            write_atomically(out / "answers" / f"{sid}.yaml", template_yaml(sid, heading, problems))
        items = [{"question": n, "exercise": p.id, "seed": p.seed, "kind": p.expected.kind, "answer": p.answer_text,
                  "prompt": p.prompt} for n, p in enumerate(problems, 1)]
        key_rows += [[sid, student.name, i["question"], i["exercise"], i["seed"], i["kind"], i["answer"]]
                     for i in items]
        key_students.append({"student_id": sid, "name": student.name, "email": student.email, "items": items})
        if progress:
            progress(1)
    assignment = Assignment(title, tuple(s.id for s in specs), tuple(s.student_id for s in students), variants,
                            salt_check(salt), tuple(students))
    write_atomically(out / "answer_key.csv", csv_text(KEY_COLUMNS, key_rows))
    write_atomically(out / "answer_key.json", json.dumps(
        {"title": title, "variants": variants, "exercises": list(assignment.exercises), "students": key_students},
        ensure_ascii=False, indent=1) + "\n")
    write_atomically(out / "assignment.json", assignment.to_json())
    return assignment


def _problem(cache: dict, spec, seed: int, registry):
    from tutor.exercises import instantiate

    key = (spec.id, seed)
    if key not in cache:
        try:
            cache[key] = instantiate(spec, seed, registry)
        except TutorError as error:
            raise AssignError(f"exercise {spec.id!r}, seed {seed}: {error}") from None
        if len(cache) > CACHE_SIZE:
            del cache[next(iter(cache))]  # the oldest: with one variant per student, none recurs
    return cache[key]


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
