"""The grading output: one row per student x exercise, per-student totals, a JSON report.

Every file is written atomically (a temporary file, then rename). Scores are rounded to
4 decimals; every item is worth MAX_SCORE. No CSV cell is a spreadsheet formula.
"""

from __future__ import annotations

import json

from tutor.files import write_atomically
from tutor.neutralise import csv_text

MAX_SCORE = 1.0
VERDICTS = ("correct", "incorrect", "invalid", "blank", "error")
COLUMNS = ["student_id", "exercise", "seed", "verdict", "score", "max_score", "feedback", "answer", "interpreted",
           "method", "source"]
TOTAL_COLUMNS = ["student_id", "score", "max_score", "percent", *VERDICTS]


def rows(tasks, results) -> list[dict]:
    """One plain row per task, in the tasks' order."""
    return [{"student_id": t.student_id, "exercise": t.exercise, "seed": t.seed, "verdict": r["verdict"],
             "score": r["score"], "max_score": MAX_SCORE, "feedback": r["feedback"], "answer": t.answer,
             "interpreted": r["interpreted"], "method": r["method"], "source": t.source}
            for t, r in zip(tasks, results)]


def totals(graded: list[dict], roster=()) -> list[dict]:
    """One total per student, in order of first appearance; with a roster (Students), each
    total also holds the student's roster columns (under their headers as written)."""
    by_student: dict = {}
    for row in graded:
        total = by_student.setdefault(row["student_id"], {"student_id": row["student_id"], "score": 0.0,
                                                           "max_score": 0.0, **{v: 0 for v in VERDICTS}})
        total["score"] += row["score"]
        total["max_score"] += row["max_score"]
        total[row["verdict"]] = total.get(row["verdict"], 0) + 1
    known = {student.student_id: student for student in roster}
    for total in by_student.values():
        student = known.get(total["student_id"])
        if student is not None:
            for header, value in student.columns:
                total.setdefault(header, value)
        total["score"] = round(total["score"], 4)
        total["percent"] = round(100 * total["score"] / total["max_score"], 2) if total["max_score"] else 0.0
    return list(by_student.values())


def summary(graded: list[dict], student_totals: list[dict]) -> dict:
    counts = {v: sum(1 for r in graded if r["verdict"] == v) for v in VERDICTS}
    return {"students": len(student_totals), "items": len(graded), **counts,
            "score": round(sum(r["score"] for r in graded), 4), "max_score": sum(r["max_score"] for r in graded)}


def total_columns(roster=()) -> list[str]:
    """The totals' columns: student_id, the roster's own columns as written, then the scores."""
    extra = list(dict.fromkeys(header for student in roster for header, _ in student.columns))
    return ["student_id", *[h for h in extra if h not in TOTAL_COLUMNS], *TOTAL_COLUMNS[1:]]


def write_reports(graded, problems, out, totals_path, json_path=None, roster=()) -> dict:
    """Write the grades CSV, the totals CSV and (optionally) the JSON report; returns the summary."""
    student_totals = totals(graded, roster)
    write_atomically(out, _csv(COLUMNS, graded))
    write_atomically(totals_path, _csv(total_columns(roster), student_totals))
    overall = summary(graded, student_totals)
    if json_path:
        items: dict = {}
        for row in graded:
            items.setdefault(row["student_id"], []).append({k: v for k, v in row.items() if k != "student_id"})
        report = {"summary": overall,
                  "students": [{**total, "items": items[total["student_id"]]} for total in student_totals],
                  "problems": [{"source": p.source, "line": p.line, "message": p.message} for p in problems]}
        write_atomically(json_path, json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    return overall


def _csv(columns, records) -> str:
    """CSV of these columns; text cells are neutralised (no formulas, no NUL: tutor.neutralise)."""
    return csv_text(columns, ([_cell(record.get(column)) for column in columns] for record in records))


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        value = round(value, 4)
        return str(int(value)) if value.is_integer() else repr(value)
    return value
