"""Grading for learning-management systems: rosters exported by Canvas, Moodle and Gradescope
are read by their headers (or the columns chosen), totals keep the roster's columns, the
Canvas, Moodle and Gradescope files follow those systems' documented import formats,
duplicates follow the timestamp rule, and a Dask cluster writes the same bytes as a local run."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from test_assign import write_course
from tutor.cli import cli

SALT = "lms salt"
EXERCISES = ["partial-x", "gradient-at", "eigenvalues-diagonal"]

# The headers as each system documents or exports them.
CANVAS_EXPORT = "Student,ID,SIS User ID,SIS Login ID,Section\n    Points Possible,,,,\n"
CANVAS_EXPORT_LOWER = "student,id,sis_user_id,sis_login_id,section\n"
MOODLE_EXPORT = "First name,Last name,ID number,Institution,Department,Email address\n"
GRADESCOPE_EXPORT = "First Name,Last Name,SID,Email,Role,Sections\n"
CANVAS_IMPORT_HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
GRADESCOPE_TEST_KEYS = {"name", "number", "score", "max_score", "status", "output", "output_format", "visibility"}


def invoke(plugins, *args):
    return CliRunner().invoke(cli, ["--plugins-dir", str(plugins), *map(str, args)])


@pytest.fixture
def plugins(tmp_path):
    return write_course(tmp_path)


def read_csv(path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as stream:
        return list(csv.reader(stream))


# -- rosters ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("header", [CANVAS_EXPORT, CANVAS_EXPORT_LOWER])
def test_a_canvas_roster_is_accepted_and_its_sis_id_is_the_student_id(tmp_path, header):
    from tutor.grading.roster import read_roster

    path = tmp_path / "canvas.csv"
    path.write_text(header + '"Doe, Jane",101,S1001,jdoe,Sec A\n"Roe, Rick",102,S1002,rroe,Sec B\n', encoding="utf-8")
    students = read_roster(path)
    assert [(s.student_id, s.name) for s in students] == [("S1001", "Doe, Jane"), ("S1002", "Roe, Rick")]
    assert students[0].column("section") == "Sec A" and students[0].column("id") == "101"


def test_a_canvas_roster_without_sis_ids_uses_canvas_ids(tmp_path):
    from tutor.grading.roster import read_roster

    path = tmp_path / "canvas.csv"
    path.write_text(CANVAS_EXPORT + '"Doe, Jane",101,,jdoe,Sec A\n"Roe, Rick",102,S1002,rroe,Sec B\n', encoding="utf-8")
    assert [s.student_id for s in read_roster(path)] == ["101", "102"]


def test_moodle_and_gradescope_rosters_are_recognised(tmp_path):
    from tutor.grading.roster import read_roster

    moodle = tmp_path / "moodle.csv"
    moodle.write_text(MOODLE_EXPORT + "Jane,Doe,M-7,Uni,Maths,jane@uni.edu\nRick,Roe,M-8,Uni,Maths,rick@uni.edu\n",
                      encoding="utf-8")
    assert [(s.student_id, s.name, s.email) for s in read_roster(moodle)] == [
        ("M-7", "Jane Doe", "jane@uni.edu"), ("M-8", "Rick Roe", "rick@uni.edu")]
    gradescope = tmp_path / "gradescope.csv"
    gradescope.write_text(GRADESCOPE_EXPORT + "Ann,Lee,,ann@uni.edu,Instructor,\nJane,Doe,,jane@uni.edu,Student,A\n"
                          "Rick,Roe,,rick@uni.edu,Student,B\n", encoding="utf-8")
    assert [(s.student_id, s.name) for s in read_roster(gradescope)] == [
        ("jane@uni.edu", "Jane Doe"), ("rick@uni.edu", "Rick Roe")]  # no SIDs: the email; staff skipped


def test_columns_can_be_chosen_and_a_missing_one_is_one_line(tmp_path, plugins):
    from tutor.grading.roster import RosterError, read_roster

    path = tmp_path / "export.csv"
    path.write_text("Matrikel,Full Name,Mail\nm1,Jane Doe,jane@uni.edu\n", encoding="utf-8")
    [student] = read_roster(path, id_column="Matrikel", name_column="Full Name", email_column="Mail")
    assert (student.student_id, student.name, student.email) == ("m1", "Jane Doe", "jane@uni.edu")
    with pytest.raises(RosterError, match=r"no student_id column \(the header has: matrikel, full_name, mail\); "
                                          "choose one with --id-column"):
        read_roster(path)
    result = invoke(plugins, "assign", "--roster", path, "--exercises", "partial-x", "--seed", SALT, "--out",
                    tmp_path / "hw", "--id-column", "Student Number")
    assert result.exit_code == 1 and result.output.strip().splitlines()[-1].startswith(
        "Error: ") and "no 'Student Number' column for the student id" in result.output


# -- a class from a Canvas roster, graded into every format ----------------------------------------

@pytest.fixture
def canvas_class(tmp_path, plugins):
    """A Canvas roster assigned, S1001 answering rightly, S1002 rightly but the first item wrongly."""
    roster = tmp_path / "canvas.csv"
    roster.write_text(CANVAS_EXPORT + '"Doe, Jane",101,S1001,jdoe,Sec A\n"Roe, Rick",102,S1002,rroe,Sec B\n',
                      encoding="utf-8")
    out = tmp_path / "hw"
    result = invoke(plugins, "assign", "--roster", roster, "--exercises", ",".join(EXERCISES), "--seed", SALT,
                    "--out", out, "--title", "Homework 3")
    assert result.exit_code == 0, result.output
    key = json.loads((out / "answer_key.json").read_text(encoding="utf-8"))
    for student in key["students"]:
        rows = [["student_id", "question", "exercise", "answer"]]
        rows += [[student["student_id"], i["question"], i["exercise"], i["answer"]] for i in student["items"]]
        if student["student_id"] == "S1002":
            rows[1][3] = f"({rows[1][3]}) + 1"
        with open(out / "answers" / f"{student['student_id']}.csv", "w", newline="", encoding="utf-8") as stream:
            csv.writer(stream).writerows(rows)
    return out


def grade(plugins, out, tmp_path, *extra, name="grades.csv"):
    result = invoke(plugins, "grade", out / "answers", "--seed", SALT, "--assignment", out, "--out",
                    tmp_path / name, "--workers", "1", *extra)
    assert result.exit_code == 0, result.output
    return result


def test_totals_keep_the_roster_columns(tmp_path, plugins, canvas_class):
    grade(plugins, canvas_class, tmp_path)
    header, *rows = read_csv(tmp_path / "grades.totals.csv")
    assert header == ["student_id", *CANVAS_IMPORT_HEADER, "score", "max_score", "percent", "correct", "incorrect",
                      "invalid", "blank", "error"]
    assert rows[0][:6] == ["S1001", "Doe, Jane", "101", "S1001", "jdoe", "Sec A"] and rows[0][6:8] == ["3", "3"]
    assert rows[1][6] == "2"


def test_the_canvas_file_is_a_gradebook_import(tmp_path, plugins, canvas_class):
    grade(plugins, canvas_class, tmp_path, "--format", "canvas")
    header, points, *rows = read_csv(tmp_path / "grades.canvas.csv")
    assert header == [*CANVAS_IMPORT_HEADER, "Homework 3"]
    assert points == ["    Points Possible", "", "", "", "", "3"]
    assert rows == [["Doe, Jane", "101", "S1001", "jdoe", "Sec A", "3"],
                    ["Roe, Rick", "102", "S1002", "rroe", "Sec B", "2"]]


def test_the_moodle_file_maps_by_id_number_or_email(tmp_path, plugins):
    roster = tmp_path / "moodle.csv"
    roster.write_text(MOODLE_EXPORT + "Jane,Doe,M-7,Uni,Maths,jane@uni.edu\n", encoding="utf-8")
    out = tmp_path / "hw"
    assert invoke(plugins, "assign", "--roster", roster, "--exercises", "partial-x", "--seed", SALT, "--out",
                  out).exit_code == 0
    grade(plugins, out, tmp_path, "--format", "moodle", "--title", "HW 3")
    assert read_csv(tmp_path / "grades.moodle.csv") == [
        ["First name", "Last name", "ID number", "Email address", "HW 3", "HW 3 feedback"],
        ["Jane", "Doe", "M-7", "jane@uni.edu", "0", "0 of 1 points (1 blank)"]]


def test_the_moodle_file_splits_a_canvas_last_first_name(tmp_path, plugins, canvas_class):
    """A Canvas roster's Student column is "Last, First": Moodle's two name columns get each part."""
    grade(plugins, canvas_class, tmp_path, "--format", "moodle")
    header, *rows = read_csv(tmp_path / "grades.moodle.csv")
    assert [row[:3] for row in rows] == [["Jane", "Doe", "S1001"], ["Rick", "Roe", "S1002"]]


def test_gradescope_results_follow_the_autograder_specification(tmp_path, plugins, canvas_class):
    grade(plugins, canvas_class, tmp_path, "--format", "gradescope", "--feedback", tmp_path / "fb")
    results = json.loads((tmp_path / "grades.gradescope" / "S1002" / "results.json").read_text(encoding="utf-8"))
    assert {"score", "output", "tests"} <= set(results) and results["score"] == 2
    assert [t["name"] for t in results["tests"]] == EXERCISES
    assert all(set(t) == GRADESCOPE_TEST_KEYS for t in results["tests"])
    assert [t["status"] for t in results["tests"]] == ["failed", "passed", "passed"]
    assert [(t["score"], t["max_score"]) for t in results["tests"]] == [(0, 1), (1, 1), (1, 1)]
    assert results["tests"][0]["output"].startswith("Your answer: (")
    markdown = (tmp_path / "fb" / "S1002.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Homework 3: Roe, Rick (S1002)") and "- Verdict: incorrect" in markdown
    assert "<td>incorrect</td>" in (tmp_path / "fb" / "S1002.html").read_text(encoding="utf-8")


def test_tutor_gradescope_grades_one_submission_in_the_autograder_layout(tmp_path, plugins, canvas_class):
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    (root / "source" / "assignment.json").write_bytes((canvas_class / "assignment.json").read_bytes())
    (root / "submission").mkdir()
    (root / "submission" / "answers.csv").write_bytes((canvas_class / "answers" / "S1001.csv").read_bytes())
    (root / "submission_metadata.json").write_text(json.dumps({"users": [{"email": "", "id": "S1001",
                                                                          "name": "Jane Doe"}]}), encoding="utf-8")
    result = invoke(plugins, "gradescope", "--seed", SALT, "--root", root)
    assert result.exit_code == 0, result.output
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == 3 and [t["status"] for t in results["tests"]] == ["passed"] * 3


# -- duplicates ------------------------------------------------------------------------------------

def test_duplicates_count_the_later_timestamp_else_the_later_row(tmp_path, plugins, canvas_class):
    key = json.loads((canvas_class / "answer_key.json").read_text(encoding="utf-8"))
    right = key["students"][0]["items"][0]["answer"]
    path = canvas_class / "answers" / "S1001.csv"
    path.write_text("student_id,exercise,answer,timestamp\n"
                    f"S1001,partial-x,\"{right}\",2025-10-02T10:00:00Z\n"
                    "S1001,partial-x,0,2025-10-01T09:00:00+00:00\n", encoding="utf-8")
    result = invoke(plugins, "grade", canvas_class / "answers", "--seed", SALT, "--assignment", canvas_class,
                    "--out", tmp_path / "g.csv", "--workers", "1")
    assert result.exit_code == 1
    assert f"{path} line 3: replaced by the later submission (2025-10-02T10:00:00Z) at {path}:2" in result.output
    rows = {(r[0], r[1]): r for r in read_csv(tmp_path / "g.csv")}
    assert rows["S1001", "partial-x"][3] == "correct"
    path.write_text("student_id,exercise,answer,timestamp\nS1001,partial-x,0,yesterday\n", encoding="utf-8")
    result = invoke(plugins, "grade", canvas_class / "answers", "--seed", SALT, "--assignment", canvas_class,
                    "--out", tmp_path / "g.csv", "--workers", "1")
    assert f"{path} line 2: the timestamp 'yesterday' is not an ISO 8601 date and time" in result.output


# -- Dask ------------------------------------------------------------------------------------------

def test_a_dask_cluster_writes_the_same_bytes_and_resumes_the_same_way(tmp_path, plugins, canvas_class):
    distributed = pytest.importorskip("distributed")
    grade(plugins, canvas_class, tmp_path, "--json", tmp_path / "local.json", name="local.csv")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        grade(plugins, canvas_class, tmp_path, "--json", tmp_path / "dask.json", "--dask", address, name="dask.csv")
        assert "grade_remote" in cluster.scheduler.task_prefixes  # the cluster's workers did the grading
        for suffix in (".csv", ".totals.csv", ".json"):
            assert (tmp_path / f"dask{suffix}").read_bytes() == (tmp_path / f"local{suffix}").read_bytes()
        # a run interrupted on the cluster resumes from its journal: finished items are not graded again
        from tutor import __version__
        from tutor.grading.journal import Journal

        journal = Journal(tmp_path / "resumed.csv.journal", __version__, SALT)
        result = _grade_with_a_journal_of_one(plugins, canvas_class, tmp_path, journal, address)
        assert "(1 from an earlier run's journal)" in result.output
        assert (tmp_path / "resumed.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()


def _grade_with_a_journal_of_one(plugins, out, tmp_path, journal, address):
    """Grade to resumed.csv on the cluster after a 'killed' run left one finished item in the journal."""
    from tutor.grading.grade import fingerprint
    from tutor.grading.manifest import read_manifest
    from tutor.grading.plan import plan
    from tutor.grading.submissions import read_submissions, submission_files
    from tutor.registry import get_registry
    from tutor.exercises.loader import load_library
    from tutor.grading import worker

    library = load_library(get_registry([str(plugins)]))
    manifest = read_manifest(out / "assignment.json")
    found, _ = read_submissions(submission_files(out / "answers"))
    tasks, _ = plan(found, library, SALT, manifest.variants, manifest)
    first = tasks[0]
    worker.init_worker([str(plugins)], library, in_pool=False)
    journal.replay()
    journal.open()
    journal.append((first.student_id, first.exercise, fingerprint(library[first.exercise]), first.seed, first.answer),
                   worker.grade_one(first.exercise, first.seed, first.answer))
    journal.close()
    return grade(plugins, out, tmp_path, "--dask", address, name="resumed.csv")


def test_dask_missing_or_unreachable_is_one_line(tmp_path, plugins, canvas_class, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)
    result = invoke(plugins, "grade", canvas_class / "answers", "--seed", SALT, "--assignment", canvas_class,
                    "--out", tmp_path / "g.csv", "--dask", "local")
    assert result.exit_code == 2 and "--dask needs dask.distributed: pip install 'tutor[dask]'" in result.output


def test_the_ci_installs_the_dask_extra():
    root = Path(__file__).resolve().parent.parent
    for path in (root / ".ci" / "run", root / "README.md"):
        extras = re.search(r"-e '\.\[([a-z,]+)\]'", path.read_text(encoding="utf-8")).group(1).split(",")
        assert {"test", "dask"} <= set(extras), path
    assert 'dask = ["dask[distributed]' in (root / "pyproject.toml").read_text(encoding="utf-8")
