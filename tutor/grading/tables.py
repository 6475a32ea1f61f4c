"""CSV files as rows with their line numbers: what the roster and submission readers share."""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

MAX_FILE_BYTES = 64 << 20  # a class file larger than this is refused: split it
MAX_RECOVERIES = 100  # records re-read after a stray quote, per file


class TableError(Exception):
    """A file that cannot be read as a table at all (not a row-level problem); ``line``: where, if known."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


@dataclass
class Row:
    """One record: its cells, the line it starts on, and how it differs in length from the header."""

    cells: list
    line: int
    extra: list  # cells beyond the header's columns
    missing: int = 0  # how many header columns the record lacks

    def fields(self, header) -> dict:
        return dict(zip(header, self.cells))


def column_name(text: str) -> str:
    """'Student ID ' -> 'student_id'."""
    return "_".join(str(text).strip().lower().replace("-", " ").split())


def read_text(path: Path, *, follow_links: bool = True, max_bytes: int = MAX_FILE_BYTES) -> str:
    """A file's UTF-8 text (a byte-order mark from a spreadsheet is dropped), at most ``max_bytes``.

    ``follow_links=False``: a symbolic link is refused, even one planted after the folder was listed.
    """
    flags = os.O_RDONLY | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0))
    try:
        with os.fdopen(os.open(path, flags), "rb") as stream:
            raw = stream.read(max_bytes + 1)
    except OSError as error:
        if not follow_links and os.path.islink(path):
            raise TableError("a symbolic link: not followed") from None
        raise TableError(error.strerror or str(error)) from None
    if len(raw) > max_bytes:
        raise TableError(f"larger than {max_bytes >> 20} MiB: split it into smaller files")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableError(f"not UTF-8 text (byte {error.start})") from None


def _delimiter(first_line: str) -> str:
    if "," in first_line:
        return ","
    return next((d for d in ";\t" if d in first_line), ",")


def _unclosed(record_text: str, delimiter: str) -> bool:
    """Whether the last record's quoted cell is still open at the end of the file (the csv
    module's lenient reading would take it, newline and all, as a cell)."""
    try:
        list(csv.reader(io.StringIO(record_text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        return True
    return False


def csv_rows(text: str, problems: list):
    """(header as column names, rows) of CSV text: see csv_table."""
    header, rows = csv_table(text, problems)
    return [column_name(cell) for cell in header], rows


def csv_table(text: str, problems: list):
    """(header as written, rows) of CSV text; records the reader cannot parse go to ``problems``
    as (line, message).

    A record must fit on its line: one whose quoted cell runs on (a stray quote, most likely)
    or that cannot be parsed is reported, and reading goes on at the next line, so a stray
    quote never swallows the rows after it.
    """
    first = text.split("\n", 1)[0]
    delimiter = _delimiter(first)
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]  # where each line starts
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    header, rows, previous, base, recoveries = None, [], 0, 0, 0
    while True:
        start = previous + 1
        try:
            record = next(reader)
            spans = base + reader.line_num > start
            if not spans and stream.tell() >= len(text) and _unclosed(text[starts[start - 1]:], delimiter):
                spans = "a quoted cell is not closed by the end of the file (a stray quote?)"
        except StopIteration:
            break
        except csv.Error as error:
            record, spans = None, f"cannot read this CSV record: {error}"
        if spans:
            why = spans if isinstance(spans, str) else (f"a quoted cell runs from line {start} on to line "
                                                         f"{base + reader.line_num} (a stray quote?)")
            recoveries += 1
            if recoveries > MAX_RECOVERIES or start >= len(starts):
                problems.append((start, f"{why}; too many unreadable records: the rest of the file is not read"
                                 if recoveries > MAX_RECOVERIES else why))
                break
            problems.append((start, f"{why}; this row is not used"))
            stream.seek(starts[start])  # read on from the next line
            reader = csv.reader(stream, delimiter=delimiter)
            previous = base = start
            continue
        previous = base + reader.line_num
        if not record or all(not cell.strip() for cell in record):
            continue
        if header is None:
            header = [cell.strip() for cell in record]
            continue
        rows.append(Row(record[:len(header)], start, record[len(header):], max(0, len(header) - len(record))))
    if header is None:
        raise TableError("the file is empty (expected a header row)")
    return header, rows
