"""A class roster: a CSV file with one row per student, from tutor or exported from an LMS.

Which columns hold the id, the name and the email is chosen by ``--id-column``,
``--name-column`` and ``--email-column``; without them, the header says which export it is:

    tutor       student_id [, name, email]
    Canvas      Student, ID, SIS User ID, SIS Login ID, Section   (the gradebook export)
                id: SIS User ID when every student has one, else ID; name: Student;
                the "Points Possible" row under the header is skipped
    Moodle      First name, Last name (or Surname), ID number, Email address, ...
                id: ID number when every student has one, else Email address
    Gradescope  First Name, Last Name (or Name), SID, Email, Role, Sections
                id: SID when every student has one, else Email; rows whose Role is not
                Student (instructors, TAs, readers) are skipped

Every column of the roster is kept with the student (``Student.columns``), so the totals
and the LMS files written by ``tutor grade`` carry them through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tutor.grading.tables import TableError, column_name, csv_table, read_text

ID_PATTERN = re.compile(r"^\w[\w.@+-]{0,99}$")  # also a safe file name: no spaces, slashes or leading dot
MAX_ID_BYTES = 100  # in UTF-8: ID.totals.csv and a temporary file's name stay far below 255 bytes
ID_RULE = "letters, digits and . _ - @ + (at most 100 bytes in UTF-8, not starting with a symbol)"
SYSTEMS = ("tutor", "canvas", "moodle", "gradescope")
CANVAS_POINTS_ROW = "Points Possible"


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
    columns: tuple = field(default=(), compare=False)  # the roster's (header, value) pairs, in file order

    def column(self, *names: str) -> str:
        """The value of the first of these columns (compared as column names) the roster has, or ""."""
        wanted = [column_name(n) for n in names]
        values = {column_name(header): value for header, value in self.columns}
        return next((values[n] for n in wanted if n in values), "")


@dataclass(frozen=True)
class Columns:
    """Which roster columns (as column names) hold the id, the name parts and the email."""

    system: str
    student_id: str
    name: tuple = ()  # joined with a space: ("first_name", "last_name")
    email: str = ""


def check_id(student_id: str) -> str | None:
    """Why ``student_id`` cannot be used, or None."""
    if not student_id:
        return "missing student_id"
    if not ID_PATTERN.match(student_id) or len(student_id.encode("utf-8")) > MAX_ID_BYTES:
        shown = student_id if len(student_id) <= 40 else student_id[:40] + "..."
        return f"student_id {shown!r} must use {ID_RULE}"
    return None


def detect_system(names) -> str | None:
    """Which export a header (as column names) comes from, or None."""
    names = set(names)
    if "student_id" in names:
        return "tutor"
    if {"student", "id"} <= names and names & {"sis_user_id", "sis_login_id"}:
        return "canvas"
    if "email_address" in names and names & {"first_name", "last_name", "surname", "id_number"}:
        return "moodle"
    if "sid" in names or ({"email", "role"} <= names and names & {"name", "full_name", "first_name", "last_name"}):
        return "gradescope"
    return None


def choose_columns(names, rows, id_column=None, name_column=None, email_column=None) -> Columns:
    """The columns to read, from the options or else from the export the header matches."""
    names = list(names)
    system = detect_system(names) or "tutor"

    def given(option, what):
        if option is None:
            return None
        wanted = column_name(option)
        if wanted not in names:
            raise RosterError(f"no {option!r} column for {what} (the header has: {', '.join(names)})")
        return wanted

    def filled(name):  # a column every row has a value in
        index = names.index(name)
        return all(index < len(row.cells) and row.cells[index].strip() for row in rows)

    def first(*candidates):
        return next((c for c in candidates if c in names), "")

    if system == "canvas":
        default_id = "sis_user_id" if "sis_user_id" in names and filled("sis_user_id") else "id"
        default_name, default_email = ("student",), first("email")
    elif system == "moodle":
        default_id = "id_number" if "id_number" in names and filled("id_number") else "email_address"
        default_name = tuple(n for n in ("first_name", first("last_name", "surname")) if n in names)
        default_email = "email_address"
    elif system == "gradescope":
        default_id = "sid" if "sid" in names and filled("sid") else first("email")
        default_name = ((first("name", "full_name"),) if first("name", "full_name")
                        else tuple(n for n in ("first_name", "last_name") if n in names))
        default_email = first("email")
    else:
        default_id, default_name, default_email = "student_id", (first("name"),) if "name" in names else (), \
            first("email")
    student_id = given(id_column, "the student id") or default_id
    if student_id not in names:
        raise RosterError(f"no {student_id} column (the header has: {', '.join(names) or 'nothing'}); "
                          "choose one with --id-column")
    name = (given(name_column, "the name"),) if name_column else default_name
    email = given(email_column, "the email") or default_email
    return Columns(system, student_id, tuple(n for n in name if n), email)


def read_roster(path, id_column=None, name_column=None, email_column=None) -> list[Student]:
    """The students of a roster, in file order; RosterError lists every bad row."""
    path = Path(path)
    problems: list = []
    try:
        header, rows = csv_table(read_text(path), problems)
    except TableError as error:
        raise RosterError(f"{path}: {error}") from None
    names = [column_name(cell) for cell in header]
    system = detect_system(names) or "tutor"
    rows = [row for row in rows if not _skipped(system, dict(zip(names, row.cells)))]
    try:
        columns = choose_columns(names, rows, id_column, name_column, email_column)
    except RosterError as error:
        raise RosterError(f"{path}: {error}") from None
    students, seen = [], {}
    for row in rows:
        student, why = _student(header, names, columns, row, seen)
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


def _skipped(system: str, fields: dict) -> bool:
    """Rows of an export that are not students: Canvas's points row, Gradescope's staff."""
    if system == "canvas":
        return (fields.get("student") or "").strip() == CANVAS_POINTS_ROW
    if system == "gradescope" and "role" in fields:
        return (fields.get("role") or "").strip().lower() not in ("", "student")
    return False


def _student(header, names, columns: Columns, row, seen: dict):
    if row.extra and any(cell.strip() for cell in row.extra):
        return None, f"{len(row.cells) + len(row.extra)} fields, but the header has {len(row.cells)}"
    fields = dict(zip(names, row.cells))
    student_id = (fields.get(columns.student_id) or "").strip()
    why = check_id(student_id)
    if why:
        return None, why.replace("student_id", columns.student_id, 1) if columns.student_id != "student_id" else why
    if student_id in seen:
        return None, f"{columns.student_id} {student_id!r} is already used on line {seen[student_id]}"
    email = (fields.get(columns.email) or "").strip() if columns.email else ""
    if email and "@" not in email:
        return None, f"email {email!r} is not an address"
    name = " ".join(" ".join((fields.get(part) or "") for part in columns.name).split())
    kept = tuple((title, " ".join(value.split())) for title, value in zip(header, row.cells))
    return Student(student_id, name, email, kept), None
