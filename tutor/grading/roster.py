"""A class roster: a CSV file with a student_id column (name and email optional)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tutor.grading.tables import TableError, csv_rows, read_text

ID_PATTERN = re.compile(r"^\w[\w.@+-]{0,99}$")  # also a safe file name: no spaces, slashes or leading dot
MAX_ID_BYTES = 100  # in UTF-8: ID.totals.csv and a temporary file's name stay far below 255 bytes
ID_RULE = "letters, digits and . _ - @ + (at most 100 bytes in UTF-8, not starting with a symbol)"


class RosterError(Exception):
    """A roster that cannot be used; ``lines`` lists each bad row as 'FILE line N: why'."""

    def __init__(self, message: str, lines=()):
        super().__init__(message)
        self.lines = list(lines)


@dataclass(frozen=True)
class Student:
    student_id: str
    name: str = ""
    email: str = ""


def check_id(student_id: str) -> str | None:
    """Why ``student_id`` cannot be used, or None."""
    if not student_id:
        return "missing student_id"
    if not ID_PATTERN.match(student_id) or len(student_id.encode("utf-8")) > MAX_ID_BYTES:
        shown = student_id if len(student_id) <= 40 else student_id[:40] + "..."
        return f"student_id {shown!r} must use {ID_RULE}"
    return None


def read_roster(path) -> list[Student]:
    """The students of a roster, in file order; RosterError lists every bad row."""
    path = Path(path)
    problems: list = []
    try:
        header, rows = csv_rows(read_text(path), problems)
    except TableError as error:
        raise RosterError(f"{path}: {error}") from None
    if "student_id" not in header:
        raise RosterError(f"{path}: no student_id column (the header has: {', '.join(header) or 'nothing'})")
    students, seen = [], {}
    for row in rows:
        student, why = _student(row.fields(header), row, seen)
        if why:
            problems.append((row.line, why))
        else:
            seen[student.student_id] = row.line
            students.append(student)
    if problems:
        lines = [f"{path} line {line}: {why}" for line, why in sorted(problems)]
        raise RosterError(f"{path}: {len(problems)} bad row(s); nothing was written", lines)
    if not students:
        raise RosterError(f"{path}: the roster has no students")
    return students


def _student(fields: dict, row, seen: dict):
    if row.extra and any(cell.strip() for cell in row.extra):
        return None, f"{len(row.cells) + len(row.extra)} fields, but the header has {len(row.cells)}"
    student_id = (fields.get("student_id") or "").strip()
    why = check_id(student_id)
    if why:
        return None, why
    if student_id in seen:
        return None, f"student_id {student_id!r} is already used on line {seen[student_id]}"
    email = (fields.get("email") or "").strip()
    if email and "@" not in email:
        return None, f"email {email!r} is not an address"
    return Student(student_id, " ".join((fields.get("name") or "").split()), email), None
