"""Submitted answers, row by row: CSV, JSON, JSON lines or YAML; a file or a directory of them.

Each row names a student_id, an exercise and an answer. A YAML or JSON file may be a
list of rows, or {student_id, answers: [rows]} (the YAML answer template). Files are
untrusted: YAML and JSON are read with tutor.safe_load (every scalar stays the text that
was typed), a file is at most tables.MAX_FILE_BYTES, symbolic links inside a folder are
not followed, and an answer longer than MAX_ANSWER_CHARS is kept only as an excerpt (and
graded invalid). A row or file that cannot be used is reported as (source, line, why) and
skipped; reading goes on with the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tutor.grading.roster import check_id
from tutor.grading.tables import TableError, column_name, csv_rows, read_text
from tutor.safe_load import DocumentError, load_json, load_yaml

SUFFIXES = (".csv", ".json", ".jsonl", ".yaml", ".yml")
ALIASES = {"exercise_id": "exercise", "student": "student_id", "response": "answer",
           "timestamp": "submitted", "submitted_at": "submitted", "submission_time": "submitted", "time": "submitted"}
MAX_ANSWER_CHARS = 10_000  # longer answers are not graded, and only an excerpt is kept
EXCERPT_CHARS = 200


@dataclass(frozen=True)
class Submission:
    student_id: str
    exercise: str
    answer: str
    path: str
    line: int
    length: int = 0  # the answer's length when it was too long and ``answer`` is an excerpt; else 0
    submitted: str = ""  # the row's timestamp (a timestamp, submitted, submitted_at or time column), if any

    @property
    def source(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class RowProblem:
    """A submission row (or file) that cannot be graded, with where it is and why."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source} line {self.line}: {self.message}" if self.line else f"{self.source}: {self.message}"


def submission_files(path, exclude=()) -> list[Path]:
    """The file itself, or every submission file under a directory (sorted; hidden ones skipped).

    Symbolic links under a directory are listed as they are (read_submissions refuses them).
    """
    path = Path(path)
    if path.is_file():
        return [path.resolve() if path.is_symlink() else path]  # a file the user named may be a link
    skip = {Path(p).resolve() for p in exclude}
    found = [p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and (p.is_symlink() or p.is_file())
             and not any(part.startswith(".") for part in p.relative_to(path).parts) and p.resolve() not in skip]
    return sorted(found, key=lambda p: p.relative_to(path).as_posix())


def read_submissions(files) -> tuple[list[Submission], list[RowProblem]]:
    """Every usable row of these files, in order, and the problems of the others."""
    submissions, problems = [], []
    for path in files:
        reader = {".csv": _csv, ".json": _json, ".jsonl": _jsonl}.get(path.suffix.lower(), _yaml)
        try:
            rows = list(reader(read_text(path, follow_links=False), str(path), problems))
        except TableError as error:
            problems.append(RowProblem(str(path), error.line, str(error)))
            continue
        except DocumentError as error:
            problems.append(RowProblem(str(path), error.line, str(error)))
            continue
        for fields, line in rows:
            try:
                submissions.append(_submission(fields, str(path), line))
            except ValueError as error:
                problems.append(RowProblem(str(path), line, str(error)))
    return submissions, problems


def _submission(fields: dict, path: str, line: int) -> Submission:
    student_id = _scalar(fields.get("student_id"), "student_id")
    why = check_id(student_id)
    if why:
        raise ValueError(why)
    exercise = _scalar(fields.get("exercise"), "exercise")
    if not exercise:
        raise ValueError("missing exercise")
    answer = answer_text(fields.get("answer"))
    submitted = _scalar(fields.get("submitted"), "submitted")
    if submitted and submission_time(submitted) is None:
        raise ValueError(f"the timestamp {submitted!r} is not an ISO 8601 date and time (2025-10-01T14:30:00)")
    if len(answer) > MAX_ANSWER_CHARS:
        return Submission(student_id, exercise, excerpt(answer), path, line, len(answer), submitted)
    return Submission(student_id, exercise, answer, path, line, 0, submitted)


def submission_time(text: str):
    """An ISO 8601 timestamp as a UTC datetime (one without a zone is taken as UTC), or None."""
    from datetime import datetime, timezone

    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def excerpt(answer: str) -> str:
    """The start of an over-long answer, with a note of how long it was."""
    return f"{answer[:EXCERPT_CHARS]} ... [cut: the answer has {len(answer)} characters]"


def _scalar(value, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise ValueError(f"{name} must be text, not a {'mapping' if isinstance(value, dict) else 'list'}")
    return str(value)[:200].strip()  # an id or exercise name; longer ones are refused later


def answer_text(value) -> str:
    """An answer as text: lists become [a, b] (vectors, matrices), {a, b} stays a set."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(answer_text(item) for item in value) + "]"
    if isinstance(value, dict):
        if all(item in (None, "") for item in value.values()):  # YAML reads {1, 2} as a mapping
            return "{" + ", ".join(map(str, value)) + "}"
        raise ValueError("the answer is a mapping; put it in double quotes")
    return str(value)


def _normalise(fields: dict) -> dict:
    out = {}
    for key, value in fields.items():
        name = column_name(key)
        out[ALIASES.get(name, name)] = value
    return out


# -- CSV -------------------------------------------------------------------------------------

def _csv(text: str, source: str, problems: list):
    record_problems: list = []
    header, rows = csv_rows(text, record_problems)
    problems += [RowProblem(source, line, why) for line, why in record_problems]
    header = [ALIASES.get(name, name) for name in header]
    missing = [name for name in ("student_id", "exercise", "answer") if name not in header]
    if missing:
        raise TableError(f"no {' or '.join(missing)} column (the header has: {', '.join(header)})", 1)
    answer_last = header[-1] == "answer"
    for row in rows:
        fields = row.fields(header)
        if row.missing and not (answer_last and row.missing == 1):  # a dropped empty last cell is a blank
            problems.append(RowProblem(source, row.line, f"{len(header) - row.missing} fields, but the header has "
                                                      f"{len(header)}"))
            continue
        if row.extra:
            if not answer_last:
                problems.append(RowProblem(source, row.line, f"{len(header) + len(row.extra)} fields, but the header "
                                                          f"has {len(header)} (quote answers that contain commas)"))
                continue
            fields["answer"] = ",".join([fields["answer"], *row.extra])  # an unquoted [a, b] in the last column
        yield fields, row.line


# -- JSON and JSON lines -------------------------------------------------------------------------

def _json(text: str, source: str, problems: list):
    return _records(load_json(text), source, problems)


def _jsonl(text: str, source: str, problems: list):
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = load_json(line)
        except DocumentError as error:
            problems.append(RowProblem(source, number, str(error)))
            continue
        if not isinstance(data, dict):
            problems.append(RowProblem(source, number, "a line must be a JSON object"))
            continue
        yield _normalise(data), number


def _records(data, source: str, problems: list, student_id=None):
    """Rows of a parsed JSON/YAML document: a list of rows, or {student_id, answers|submissions: [...]}."""
    if isinstance(data, dict):
        fields = _normalise(data)
        rows = fields.get("answers", fields.get("submissions"))
        if isinstance(rows, list):
            yield from _records(rows, source, problems, fields.get("student_id"))
            return
        data = [data]
    if not isinstance(data, list):
        raise TableError("expected a list of rows or {student_id, answers: [...]}", 1)
    lines = getattr(data, "lines", ())
    for index, item in enumerate(data):
        line = getattr(item, "line", 0) or (lines[index] if index < len(lines) else getattr(data, "line", 0))
        if not isinstance(item, dict):
            problems.append(RowProblem(source, line, f"item {index + 1} of the list is not a mapping with "
                                                  "student_id, exercise, answer"))
            continue
        fields = _normalise(item)
        if student_id is not None and "student_id" not in fields:
            fields["student_id"] = student_id
        yield fields, line


# -- YAML ----------------------------------------------------------------------------------------

def _yaml(text: str, source: str, problems: list):
    data = load_yaml(text)
    return iter(()) if data is None else _records(data, source, problems)
