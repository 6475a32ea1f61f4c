"""CSV files as rows with their line numbers: what the roster and submission readers share."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path


class TableError(Exception):
    """A file that cannot be read as a table at all (not a row-level problem)."""


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


def read_text(path: Path) -> str:
    """A file's UTF-8 text (a byte-order mark from a spreadsheet is dropped)."""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableError(f"not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise TableError(error.strerror or str(error)) from None


def _delimiter(first_line: str) -> str:
    if "," in first_line:
        return ","
    return next((d for d in ";\t" if d in first_line), ",")


def csv_rows(text: str, problems: list):
    """(header, rows) of CSV text; records the reader cannot parse go to ``problems`` as (line, message)."""
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    header, rows, previous = None, [], 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append((previous + 1, f"cannot read this CSV record: {error}"))
            previous = reader.line_num
            continue
        start, previous = previous + 1, reader.line_num
        if not record or all(not cell.strip() for cell in record):
            continue
        if header is None:
            header = [column_name(cell) for cell in record]
            continue
        rows.append(Row(record[:len(header)], start, record[len(header):], max(0, len(header) - len(record))))
    if header is None:
        raise TableError("the file is empty (expected a header row)")
    return header, rows
