"""Grading integrity around the LMS outputs: a stray quote never replaces an answer, a wrong
salt is refused before grading (or, with no assignment at hand, warned about), files keep the
user's umask (the journal stays private), feedback and LMS files hold untrusted answers
harmlessly, and inside Gradescope the submitter is who Gradescope says, not who the file says."""

from __future__ import annotations

import csv
import json
import os
import stat

import pytest

from .conftest import assert_clean
from .graded_course import RIGHT, SALT, STUDENTS, answer_file, grade, invoke, problem_lines


def test_a_stray_quote_is_reported_by_file_and_line_and_swallows_no_row(tmp_path, plugins, handout):
    path = handout / "answers" / "s002.csv"
    path.write_text('student_id,exercise,answer\ns002,sec-square,2x\ns002,sec-cube,"3x^2\n'
                    's002,sec-square,0\n', encoding="utf-8")
    result, rows = grade(plugins, handout, tmp_path)
    assert result.exit_code == 1
    assert problem_lines(result.output, "s002.csv") == [
        f"{path} line 2: replaced by the later answer at {path}:4",
        f"{path} line 3: a quoted cell runs from line 3 on to line 4 (a stray quote?); this row is not used"]
    # the row after the stray quote is read as its own row; the broken one is never merged into it
    assert rows["s002", "sec-square"]["answer"] == "0" and rows["s002", "sec-cube"]["verdict"] == "blank"
    assert rows["s001", "sec-cube"]["verdict"] == "correct"


def test_a_stray_quote_at_the_end_of_a_file_loses_no_earlier_answer(tmp_path, plugins, handout):
    path = handout / "answers" / "s002.csv"
    path.write_text('student_id,exercise,answer\ns002,sec-square,2x\ns002,sec-cube,3x^2\ns002,sec-cube,"\n',
                    encoding="utf-8")
    result, rows = grade(plugins, handout, tmp_path)
    assert result.exit_code == 1 and f"{path} line 4:" in result.output
    assert rows["s002", "sec-square"]["verdict"] == "correct" and rows["s002", "sec-cube"]["verdict"] == "correct"


def test_a_wrong_salt_is_refused_before_grading_in_one_line(tmp_path, plugins, handout):
    grades = tmp_path / "grades.csv"
    result = invoke(plugins, "grade", handout / "answers", "--seed", "mistyped", "--assignment", handout,
                    "--out", grades)
    assert result.exit_code == 2 and not grades.exists() and not (tmp_path / "grades.csv.journal").exists()
    assert result.output.strip().splitlines()[-1] == "Error: --seed is not the salt this assignment was made with"


def test_a_wrong_salt_without_assignment_is_refused_when_the_manifest_is_next_to_the_answers(tmp_path, plugins,
                                                                                            handout):
    grades = tmp_path / "grades.csv"
    result = invoke(plugins, "grade", handout / "answers", "--seed", "mistyped", "--out", grades)
    assert result.exit_code == 2 and not grades.exists()
    assert f"--seed is not the salt {handout / 'assignment.json'} was made with" in result.output
    right = invoke(plugins, "grade", handout / "answers", "--seed", SALT, "--out", grades, "--workers", "1")
    assert right.exit_code == 0 and f"add --assignment {handout}" in right.output


def test_a_wrong_salt_with_no_manifest_at_hand_warns_that_nearly_all_is_wrong(tmp_path, plugins):
    from tutor.grading.seeds import variant_seed  # noqa: F401 -- the seeds make the class below

    course = tmp_path / "class.csv"
    with open(course, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["student_id", "exercise", "answer"])
        writer.writerows((f"s{n:03d}", "sec-square", "2x + 1") for n in range(12))
    result = invoke(plugins, "grade", course, "--seed", "any", "--out", tmp_path / "g.csv", "--workers", "1")
    assert result.exit_code == 0
    assert "warning: 100% of the answers are incorrect: is --seed the salt" in result.output
    assert "--assignment" in result.output
    assert_clean(result.output)


def test_outputs_follow_the_umask_and_the_journal_stays_private(tmp_path, plugins, handout, monkeypatch):
    previous = os.umask(0o022)
    try:
        seen = {}
        from tutor.grading import journal as journal_module

        original = journal_module._open

        def spy(path, mode):
            stream = original(path, mode)
            seen["journal"] = stat.S_IMODE(os.stat(path).st_mode)
            return stream

        monkeypatch.setattr(journal_module, "_open", spy)
        result, _ = grade(plugins, handout, tmp_path, "--format", "canvas", "--feedback", tmp_path / "fb")
        assert result.exit_code == 0
        for path in (tmp_path / "grades.csv", tmp_path / "grades.totals.csv", tmp_path / "grades.canvas.csv",
                     tmp_path / "fb" / "s001.html", handout / "assignment.json", handout / "answers" / "s001.csv"):
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o644, path
        assert seen["journal"] == 0o600
    finally:
        os.umask(previous)


def test_answers_in_feedback_and_lms_files_are_harmless(tmp_path, plugins, handout):
    hostile = '=HYPERLINK("http://evil")<script>alert(1)</script>`**x**'
    answer_file(handout, "s002", [("s002", "sec-square", hostile), ("s002", "sec-cube", "3x^2")])
    result, _ = grade(plugins, handout, tmp_path, "--format", "moodle", "--format", "gradescope",
                      "--feedback", tmp_path / "fb")
    assert result.exit_code == 0
    page = (tmp_path / "fb" / "s002.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    markdown = (tmp_path / "fb" / "s002.md").read_text(encoding="utf-8")
    assert f"`` {hostile} ``" in markdown  # a code span the answer's own backtick cannot close
    results = json.loads((tmp_path / "grades.gradescope" / "s002" / "results.json").read_text(encoding="utf-8"))
    assert results["output_format"] == "text" and all(t["output_format"] == "text" for t in results["tests"])
    with open(tmp_path / "grades.csv", newline="", encoding="utf-8") as stream:
        cells = [row["answer"] for row in csv.DictReader(stream) if row["student_id"] == "s002"]
    assert cells[0].startswith("'=HYPERLINK")


def test_a_roster_cell_cannot_become_a_formula_in_the_canvas_file(tmp_path, plugins):
    roster = tmp_path / "canvas.csv"
    roster.write_text('Student,ID,SIS User ID,SIS Login ID,Section\n"=cmd|\' /C calc\'!A0",1,s001,a,@SUM(A1)\n',
                      encoding="utf-8")
    out = tmp_path / "hw"
    assert invoke(plugins, "assign", "--roster", roster, "--exercises", "sec-square", "--seed", SALT,
                  "--out", out).exit_code == 0
    answer_file(out, "s001", [("s001", "sec-square", "2x")])
    result = invoke(plugins, "grade", out / "answers", "--seed", SALT, "--assignment", out, "--out",
                    tmp_path / "g.csv", "--format", "canvas", "--workers", "1")
    assert result.exit_code == 0, result.output
    with open(tmp_path / "g.canvas.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert rows[2][0].startswith("'=") and rows[2][4] == "'@SUM(A1)"


@pytest.fixture
def autograder(tmp_path, handout):
    """Gradescope's layout for s002's submission (assignment.json uploaded in source/)."""
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    (root / "source").mkdir()
    (root / "source" / "assignment.json").write_bytes((handout / "assignment.json").read_bytes())
    return root


def _metadata(root, email: str, user_id="1234") -> None:
    (root / "submission_metadata.json").write_text(json.dumps(
        {"id": 1, "created_at": "2025-10-01T14:22:32-07:00", "users": [{"email": email, "id": user_id,
                                                                      "name": "A Student"}]}), encoding="utf-8")


def test_inside_gradescope_the_submitter_is_who_gradescope_says(tmp_path, plugins, autograder):
    _metadata(autograder, "s002")
    rows = [("s001", "sec-square", RIGHT["sec-square"]), ("s001", "sec-cube", RIGHT["sec-cube"])]
    with open(autograder / "submission" / "s001.csv", "w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([("student_id", "exercise", "answer"), *rows])
    result = invoke(plugins, "gradescope", "--seed", SALT, "--root", autograder)
    assert result.exit_code == 0, result.output
    results = json.loads((autograder / "results" / "results.json").read_text(encoding="utf-8"))
    assert [t["name"] for t in results["tests"]] == list(RIGHT)
    assert "Your file names student s001; it was graded as yours (s002)." in results["output"]
    assert results["score"] == 2  # answers without parameters: right for every variant


def test_inside_gradescope_a_wrong_salt_or_a_stranger_writes_no_grade(tmp_path, plugins, autograder):
    _metadata(autograder, "mallory@example.org", "999")
    assert invoke(plugins, "gradescope", "--seed", "wrong", "--root", autograder).exit_code == 2
    assert not (autograder / "results" / "results.json").exists()
    result = invoke(plugins, "gradescope", "--seed", SALT, "--root", autograder)
    assert result.exit_code == 0
    results = json.loads((autograder / "results" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == 0 and results["tests"] == [] and "not on this assignment's roster" in results["output"]
    (autograder / "submission_metadata.json").write_text("[" * 100, encoding="utf-8")
    broken = invoke(plugins, "gradescope", "--seed", SALT, "--root", autograder)
    assert broken.exit_code == 1 and "submission_metadata.json" in broken.output
    assert_clean(broken.output)


def test_every_student_is_still_graded(tmp_path, plugins, handout):
    result, rows = grade(plugins, handout, tmp_path, "--format", "canvas")
    assert result.exit_code == 0
    assert {sid for sid, _ in rows} == set(STUDENTS)
