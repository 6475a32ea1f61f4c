"""Grading one submission inside Gradescope's autograder layout (``tutor gradescope``).

    ROOT/submission/                the student's files (CSV, JSON, JSONL, YAML: the template filled in)
    ROOT/submission_metadata.json   who submitted: users[0].email, .name, .id
    ROOT/source/assignment.json     what tutor assign wrote (uploaded in the autograder zip)
    ROOT/results/results.json       written here: score, output, tests[] per exercise

ROOT is /autograder on Gradescope. The student is the one Gradescope says submitted
(never the student_id written in the file): on the assignment's roster, the student whose
email (or id) is the submitter's email, or whose id is the submitter's email. Rows in the
files are graded as that student's, against that student's variants.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tutor.errors import TutorError
from tutor.files import write_atomically
from tutor.grading.lms import gradescope_json, gradescope_results

MAX_METADATA_BYTES = 1 << 20


class AutograderError(TutorError):
    """The autograder layout cannot be used (no submission folder, unreadable metadata)."""


def submitter(root: Path) -> dict:
    """The first user of ROOT/submission_metadata.json: {email, name, id} as text."""
    from tutor.grading.tables import TableError, read_text
    from tutor.safe_load import DocumentError, load_json

    path = root / "submission_metadata.json"
    try:
        data = load_json(read_text(path, max_bytes=MAX_METADATA_BYTES))
    except (TableError, DocumentError) as error:
        raise AutograderError(f"{path}: {error}") from None
    users = data.get("users") if isinstance(data, dict) else None
    if not isinstance(users, list) or not users or not isinstance(users[0], dict):
        raise AutograderError(f"{path}: no users[] entry says who submitted")
    return {name: str(users[0].get(name) or "").strip() for name in ("email", "name", "id")}


def find_student(user: dict, manifest) -> str | None:
    """The roster's student id of the submitter, or None when they are not on it."""
    email = user["email"].casefold()
    for student in manifest.roster:
        if email and student.email.casefold() == email:
            return student.student_id
    for candidate in (user["email"], user["id"]):
        if candidate and candidate in manifest.student_set:
            return candidate
    return None


def grade_submission(root, salt: str, manifest, library: dict, plugins_dir=None) -> dict:
    """Grade ROOT/submission for the submitter, write ROOT/results/results.json, return the results."""
    from tutor.grading.grade import run
    from tutor.grading.journal import NullJournal
    from tutor.grading.plan import plan
    from tutor.grading.report import rows, totals
    from tutor.grading.submissions import read_submissions, submission_files

    root = Path(root)
    folder = root / "submission"
    if not folder.is_dir():
        raise AutograderError(f"{folder}: no submission folder")
    user = submitter(root)
    student_id = find_student(user, manifest)
    if student_id is None:
        results = {"score": 0, "output": f"{user['email'] or user['id']} is not on this assignment's roster: "
                                          "ask your instructor.", "visibility": "visible", "tests": []}
        _write(root, results)
        return results
    found, problems = read_submissions(submission_files(folder))
    notes = sorted({f"Your file names student {s.student_id}; it was graded as yours ({student_id})."
                    for s in found if s.student_id != student_id})
    found = [dataclasses.replace(s, student_id=student_id) for s in found]
    mine = dataclasses.replace(manifest, students=(student_id,))
    tasks, unusable = plan(found, library, salt, manifest.variants, mine, owners_by_name=False)
    results, _ = run(tasks, library, NullJournal(), workers=1, plugins_dir=plugins_dir)
    graded = rows(tasks, results)
    [total] = totals(graded)
    lines = [*notes, *(f"{Path(p.source).name} line {p.line}: {p.message}" if p.line
                       else f"{Path(p.source).name}: {p.message}" for p in problems + unusable)]
    results = gradescope_results(graded, total)
    if lines:
        results["output"] = "\n".join([results["output"], *lines])
    _write(root, results)
    return results


def _write(root: Path, results: dict) -> None:
    write_atomically(root / "results" / "results.json", gradescope_json(results))
