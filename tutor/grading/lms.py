"""Grades in the files learning-management systems import as they are, and per-student feedback.

    canvas_csv(...)          Canvas gradebook import: Student, ID, SIS User ID, SIS Login ID,
                             Section, then one column per assignment; the second row is
                             "Points Possible" (as Canvas's own export writes it)
    moodle_csv(...)          Moodle grade import (Grades > Import > CSV file): an identity
                             column to map from (ID number or Email address), the grade and
                             its feedback text
    gradescope_results(...)  Gradescope autograder results.json: score, output and tests[]
                             (name, number, score, max_score, status, output)
    feedback_markdown/html   one student's items: the answer as read, verdict, feedback, score

Identity columns come from the student's roster row when the roster was exported by that
system (Canvas's ID, Moodle's ID number, ...); otherwise tutor's student id fills the column
the system matches on (Canvas: SIS User ID; Moodle: ID number) and the roster's email the
login or email column. Answers are untrusted: CSV cells are neutralised
(tutor.neutralise.csv_text), HTML is escaped, Markdown shows answers in code spans.
"""

from __future__ import annotations

import html
import json

from tutor.neutralise import csv_text

FORMATS = ("csv", "canvas", "moodle", "gradescope")
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
CANVAS_POINTS = "    Points Possible"  # Canvas's export writes the label indented so; its import skips the row
MOODLE_COLUMNS = ["First name", "Last name", "ID number", "Email address"]
PASSED = "passed"
FAILED = "failed"


def _number(value: float):
    value = round(float(value), 4)
    return int(value) if value.is_integer() else value


def canvas_csv(student_totals, roster: dict, title: str) -> str:
    """The Canvas gradebook import file: one assignment column named ``title``."""
    points = max((t["max_score"] for t in student_totals), default=0)
    rows = [[CANVAS_POINTS, "", "", "", "", _number(points)]]
    for total in student_totals:
        student = roster.get(total["student_id"])
        if student is not None and student.column("sis_user_id", "id"):  # a Canvas roster: its own cells
            identity = [student.column("student") or student.name, student.column("id"),
                        student.column("sis_user_id"), student.column("sis_login_id"), student.column("section")]
        else:
            identity = [student.name if student else "", "", total["student_id"],
                        student.email if student else "", student.column("section", "sections") if student else ""]
        rows.append([*identity, _number(total["score"])])
    return csv_text([*CANVAS_COLUMNS, title], rows)


def moodle_csv(student_totals, roster: dict, title: str) -> str:
    """The Moodle grade import file: map from "ID number" (or "Email address") to the user's
    ID number (or email), the grade column to the grade item, "Feedback" to its feedback."""
    rows = []
    for total in student_totals:
        student = roster.get(total["student_id"])
        first = student.column("first_name") if student else ""
        last = student.column("last_name", "surname") if student else ""
        if student is not None and not (first or last):
            first, last = _first_and_last(student.name)
        id_number = (student.column("id_number") if student else "") or total["student_id"]
        email = (student.email if student else "") or ""
        rows.append([first, last, id_number, email, _number(total["score"]), _summary(total)])
    return csv_text([*MOODLE_COLUMNS, title, f"{title} feedback"], rows)


def _first_and_last(name: str) -> tuple[str, str]:
    """A name written "Last, First" (Canvas's Student column) as (first, last); any other name
    whole as the first name (where a name splits is not tutor's guess)."""
    last, comma, first = name.partition(",")
    if comma and first.strip() and last.strip() and "," not in first:
        return first.strip(), last.strip()
    return name, ""


def _summary(total: dict) -> str:
    counts = ", ".join(f"{total[v]} {v}" for v in ("correct", "incorrect", "invalid", "blank", "error") if total.get(v))
    return f"{_number(total['score'])} of {_number(total['max_score'])} points ({counts or 'no items'})"


def gradescope_results(items, total: dict | None = None, output: str = "") -> dict:
    """A Gradescope autograder results.json object for one student's graded items."""
    tests = []
    for number, item in enumerate(items, 1):
        tests.append({"name": item["exercise"], "number": str(number), "score": _number(item["score"]),
                      "max_score": _number(item["max_score"]),
                      "status": PASSED if item["verdict"] == "correct" else FAILED,
                      "output": _item_text(item), "output_format": "text", "visibility": "visible"})
    score = sum(item["score"] for item in items)
    results = {"score": _number(score), "output": output or (_summary(total) if total else ""), "output_format": "text",
               "visibility": "visible", "tests": tests}
    return results


def gradescope_json(results: dict) -> str:
    return json.dumps(results, ensure_ascii=False, indent=1) + "\n"


def _item_text(item: dict) -> str:
    lines = [f"Your answer: {item['answer'] or '(none)'}"]
    if item.get("interpreted"):
        lines.append(f"Read as: {item['interpreted']}")
    lines += [f"Verdict: {item['verdict']}", f"Feedback: {item['feedback']}",
              f"Score: {_number(item['score'])} of {_number(item['max_score'])}"]
    return "\n".join(lines)


def _code(text: str) -> str:
    """Untrusted text as a Markdown code span that nothing inside can close."""
    text = " ".join(str(text).split())
    if not text:
        return "(none)"
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}"


def _plain(text: str) -> str:
    """Untrusted text on one Markdown line, its markup characters escaped."""
    text = " ".join(str(text).split())
    return "".join("\\" + c if c in "\\`*_{}[]()<>#+-.!|~" else c for c in text)


def feedback_markdown(student_id: str, name: str, title: str, items, total: dict) -> str:
    """One student's feedback in Markdown: every item with the answer as read."""
    who = f"{_plain(name)} ({_plain(student_id)})" if name else _plain(student_id)
    lines = [f"# {_plain(title)}: {who}", "", f"Score: {_number(total['score'])} of {_number(total['max_score'])}", ""]
    for number, item in enumerate(items, 1):
        lines += [f"## {number}. {_plain(item['exercise'])}", "",
                  f"- Your answer: {_code(item['answer'])}",
                  f"- Read as: {_code(item['interpreted'] or '')}",
                  f"- Verdict: {item['verdict']}",
                  f"- Feedback: {_plain(item['feedback'])}",
                  f"- Score: {_number(item['score'])} of {_number(item['max_score'])}", ""]
    return "\n".join(lines)


def feedback_html(student_id: str, name: str, title: str, items, total: dict) -> str:
    """One student's feedback as a standalone HTML page; every untrusted text is escaped."""
    e = html.escape
    who = f"{e(name)} ({e(student_id)})" if name else e(student_id)
    rows = "\n".join(
        f"<tr><td>{number}</td><td>{e(item['exercise'])}</td><td><code>{e(item['answer'])}</code></td>"
        f"<td><code>{e(item['interpreted'] or '')}</code></td><td>{e(item['verdict'])}</td>"
        f"<td>{e(item['feedback'])}</td><td>{_number(item['score'])} / {_number(item['max_score'])}</td></tr>"
        for number, item in enumerate(items, 1))
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{e(title)}: {who}</title></head>\n"
            f"<body>\n<h1>{e(title)}: {who}</h1>\n"
            f"<p>Score: {_number(total['score'])} of {_number(total['max_score'])}</p>\n"
            "<table>\n<tr><th>#</th><th>exercise</th><th>your answer</th><th>read as</th><th>verdict</th>"
            f"<th>feedback</th><th>score</th></tr>\n{rows}\n</table>\n</body></html>\n")


def lms_paths(out) -> dict:
    """Where each format's file goes, next to the grades CSV ``out``."""
    from pathlib import Path

    out = Path(out)
    return {"canvas": out.with_suffix(".canvas.csv"), "moodle": out.with_suffix(".moodle.csv"),
            "gradescope": out.with_suffix(".gradescope")}


def write_lms_files(formats, graded, roster, title: str, out, feedback_dir=None) -> list[str]:
    """Write the files of ``formats`` (and the feedback files) for graded rows; returns what was written."""
    from pathlib import Path

    from tutor.files import write_atomically
    from tutor.grading.report import totals

    known = {student.student_id: student for student in roster}
    student_totals = totals(graded, roster)
    items: dict = {}
    for row in graded:
        items.setdefault(row["student_id"], []).append(row)
    paths, written = lms_paths(out), []
    if "canvas" in formats:
        write_atomically(paths["canvas"], canvas_csv(student_totals, known, title))
        written.append(str(paths["canvas"]))
    if "moodle" in formats:
        write_atomically(paths["moodle"], moodle_csv(student_totals, known, title))
        written.append(str(paths["moodle"]))
    if "gradescope" in formats:
        for total in student_totals:
            sid = total["student_id"]
            write_atomically(paths["gradescope"] / sid / "results.json",
                             gradescope_json(gradescope_results(items[sid], total)))
        written.append(f"{paths['gradescope']}/ID/results.json")
    if feedback_dir:
        for total in student_totals:
            sid = total["student_id"]
            name = known[sid].name if sid in known else ""
            write_atomically(Path(feedback_dir) / f"{sid}.md", feedback_markdown(sid, name, title, items[sid], total))
            write_atomically(Path(feedback_dir) / f"{sid}.html", feedback_html(sid, name, title, items[sid], total))
        written.append(f"{feedback_dir}/ID.md, ID.html")
    return written
