"""tutor grade: a class assigned, answered (right, rewritten, wrong, partly right, diagnosed,
invalid, blank, missing) and graded; every row and total checked; malformed rows reported
with their line and skipped; the same grades from any file format and any number of workers."""

from __future__ import annotations

import json

import pytest

from grading_demo import EXERCISES, SALT, assign, course_specs, fill_in, read_csv, write_course
from helpers import invoke_tutor, run_tutor


@pytest.fixture
def plugins(tmp_path):
    return write_course(tmp_path)


def grade(plugins, submissions, out, *extra):
    return invoke_tutor("--plugins-dir", plugins, "grade", submissions, "--seed", SALT, "--out", out, *extra)


def test_end_to_end_thirty_students(tmp_path, plugins, registry):
    out, ids = assign(tmp_path, plugins, "--template", "both", students=30, salt=SALT)
    expected = fill_in(out, ids, course_specs(tmp_path, registry), registry)
    grades = tmp_path / "grades.csv"
    result = grade(plugins, out / "answers", grades, "--assignment", out, "--json", tmp_path / "report.json")
    assert result.returncode == 0, result.stderr
    rows = read_csv(grades)
    assert [(r["student_id"], r["exercise"]) for r in rows] == [(s, e) for s in ids for e in EXERCISES]
    for row in rows:
        verdict, score, feedback, seed = expected[(row["student_id"], row["exercise"])]
        where = f"{row['student_id']} {row['exercise']}: {row}"
        assert row["verdict"] == verdict, where
        assert float(row["score"]) == pytest.approx(score), where
        assert float(row["max_score"]) == 1 and int(row["seed"]) == seed
        assert feedback in row["feedback"], where
        if verdict in ("correct", "incorrect"):
            assert row["interpreted"], where
        if verdict == "invalid" and row["answer"] == "x +":
            assert "column" in row["feedback"] and not row["interpreted"] and row["method"] == "parse", where
    totals = {t["student_id"]: t for t in read_csv(tmp_path / "grades.totals.csv")}
    assert list(totals) == ids
    for sid in ids:
        mine = [r for r in rows if r["student_id"] == sid]
        assert float(totals[sid]["score"]) == pytest.approx(sum(float(r["score"]) for r in mine), abs=1e-4)
        assert float(totals[sid]["max_score"]) == len(EXERCISES)
        for verdict in ("correct", "incorrect", "invalid", "blank"):
            assert int(totals[sid][verdict]) == sum(r["verdict"] == verdict for r in mine)
    pattern_totals = {0: 5, 1: 5, 2: 0 + 0.5 + 0.75 + 0.5 + 0, 3: 0, 4: 0, 5: 0.2}
    for index, sid in enumerate(ids):
        assert float(totals[sid]["score"]) == pytest.approx(pattern_totals[index % 6])
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["summary"]["students"] == 30 and report["summary"]["items"] == 150
    assert report["problems"] == []
    assert [s["student_id"] for s in report["students"]] == ids
    assert report["students"][2]["items"][2]["score"] == 0.75
    assert "graded 150 item(s) of 30 student(s)" in result.stdout
    assert not list(tmp_path.glob("grades.csv.journal")) and not list(tmp_path.glob(".grades*"))


def test_malformed_rows_are_reported_by_line_and_the_rest_is_graded(tmp_path, plugins):
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "a.csv").write_text("student_id,exercise,answer\n"
                                "s1,classify-point,saddle\n"
                                ",classify-point,saddle\n"
                                "s1,no-such-exercise,1\n"
                                "s2,gradient-at,[1, 2]\n"
                                "s3,partial-x\n"
                                "s4,partial-x,2x,extra,1\n", encoding="utf-8")
    (subs / "b.json").write_text('[\n  {"student_id": "s5", "exercise": "partial-x", "answer": "x^2"},\n'
                                 '  "not a row",\n  {"exercise": "partial-x", "answer": "1"}\n]\n', encoding="utf-8")
    (subs / "c.jsonl").write_text('{"student_id": "s6", "exercise": "partial-x", "answer": "y"}\n{oops\n',
                                  encoding="utf-8")
    (subs / "d.yaml").write_text("- student_id: s7\n  exercise: partial-x\n  answer: [1\n", encoding="utf-8")
    (subs / "e.csv").write_text("student_id,answer\ns8,1\n", encoding="utf-8")
    (subs / "notes.txt").write_text("ignored", encoding="utf-8")
    result = grade(plugins, subs, tmp_path / "g.csv", "--json", tmp_path / "r.json", "--workers", "1")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    problems = [line for line in result.stderr.splitlines() if " line " in line]
    assert [p.split(str(subs) + "/")[1].split(":")[0] for p in problems] == [
        "a.csv line 3", "a.csv line 4", "b.json line 3", "b.json line 4", "c.jsonl line 2", "d.yaml line 4",
        "e.csv line 1"]
    assert "missing student_id" in problems[0] and "unknown exercise 'no-such-exercise'" in problems[1]
    assert "no exercise column" in problems[-1]
    rows = read_csv(tmp_path / "g.csv")
    graded = {(r["student_id"], r["exercise"]): r for r in rows}
    assert set(graded) == {("s1", "classify-point"), ("s2", "gradient-at"), ("s3", "partial-x"),
                           ("s4", "partial-x"), ("s5", "partial-x"), ("s6", "partial-x")}
    assert graded[("s2", "gradient-at")]["answer"] == "[1, 2]"  # an unquoted comma in the last column
    assert graded[("s3", "partial-x")]["verdict"] == "blank"  # the empty last cell was left out
    assert graded[("s4", "partial-x")]["verdict"] == "invalid"
    report = json.loads((tmp_path / "r.json").read_text())
    assert [(p["source"].rsplit("/", 1)[1], p["line"]) for p in report["problems"]] == [
        ("a.csv", 3), ("a.csv", 4), ("b.json", 3), ("b.json", 4), ("c.jsonl", 2), ("d.yaml", 4), ("e.csv", 1)]


def test_without_an_assignment_only_submitted_items_are_graded(tmp_path, plugins):
    from tutor.grading.seeds import variant_seed

    path = tmp_path / "answers.csv"
    path.write_text("student_id,exercise,answer\ns2,partial-x,1\ns1,classify-point,saddle\ns2,classify-point,\n",
                    encoding="utf-8")
    result = grade(plugins, path, tmp_path / "g.csv", "--workers", "1")
    assert result.returncode == 0, result.stderr
    rows = read_csv(tmp_path / "g.csv")
    assert [(r["student_id"], r["exercise"]) for r in rows] == [
        ("s2", "partial-x"), ("s2", "classify-point"), ("s1", "classify-point")]
    assert [int(r["seed"]) for r in rows] == [variant_seed(SALT, s, e) for s, e in
                                              [("s2", "partial-x"), ("s2", "classify-point"), ("s1", "classify-point")]]
    assert rows[1]["verdict"] == "blank" and rows[1]["feedback"] == "no answer given"


def test_a_later_answer_replaces_an_earlier_one_and_says_so(tmp_path, plugins):
    path = tmp_path / "answers.csv"
    path.write_text("student_id,exercise,answer\ns1,partial-x,1\ns1,partial-x,\n", encoding="utf-8")
    result = grade(plugins, path, tmp_path / "g.csv", "--workers", "1")
    assert result.returncode == 1 and "line 2: replaced by the later answer at" in result.stderr
    assert [r["verdict"] for r in read_csv(tmp_path / "g.csv")] == ["blank"]


def _class(tmp_path, plugins, registry, students=12):
    out, ids = assign(tmp_path, plugins, "--template", "both", students=students, salt=SALT)
    fill_in(out, ids, course_specs(tmp_path, registry), registry)
    return out


def test_formats_and_worker_counts_give_identical_grades(tmp_path, plugins, registry):
    out = _class(tmp_path, plugins, registry)
    runs = {}
    for workers in ("1", "2"):
        target = tmp_path / f"w{workers}"
        run = invoke_tutor if workers == "1" else run_tutor  # also a process of its own: another hash seed
        result = run("--plugins-dir", plugins, "grade", out / "answers", "--seed", SALT, "--out", target / "g.csv",
                     "--assignment", out, "--workers", workers, "--json", target / "r.json")
        assert result.returncode == 0, result.stderr
        runs[workers] = [(target / name).read_bytes() for name in ("g.csv", "g.totals.csv", "r.json")]
    assert runs["1"] == runs["2"]
    rows = []  # the same answers as one JSON file, one JSON-lines file and one YAML list
    for path in sorted((out / "answers").iterdir()):
        from tutor.grading.submissions import read_submissions

        rows += [{"student_id": s.student_id, "exercise": s.exercise, "answer": s.answer}
                 for s in read_submissions([path])[0]]
    combined = tmp_path / "combined"
    combined.mkdir()
    (combined / "all.json").write_text(json.dumps(rows[:20], indent=1), encoding="utf-8")
    (combined / "more.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[20:40]), encoding="utf-8")
    (combined / "rest.yml").write_text("".join(f"- student_id: {r['student_id']}\n  exercise: {r['exercise']}\n"
                                               f"  answer: {json.dumps(r['answer'])}\n" for r in rows[40:]),
                                       encoding="utf-8")
    result = grade(plugins, combined, tmp_path / "c.csv", "--assignment", out)
    assert result.returncode == 0, result.stderr

    def strip_source(path):
        return [{k: v for k, v in r.items() if k != "source"} for r in read_csv(path)]

    assert strip_source(tmp_path / "c.csv") == strip_source(tmp_path / "w1" / "g.csv")


def test_the_assignment_checks_salt_students_and_exercises(tmp_path, plugins):
    out, ids = assign(tmp_path, plugins, students=3, exercises=["partial-x"], salt=SALT)
    wrong = invoke_tutor("--plugins-dir", plugins, "grade", out / "answers", "--seed", "other", "--assignment", out,
                         "--out", tmp_path / "g.csv")
    assert wrong.returncode == 2 and "not the salt" in wrong.stderr
    path = tmp_path / "answers.csv"
    path.write_text("student_id,exercise,answer\ns001,partial-x,1\nintruder,partial-x,1\ns001,gradient-at,1\n",
                    encoding="utf-8")
    result = grade(plugins, path, tmp_path / "g.csv", "--assignment", out / "assignment.json")
    assert result.returncode == 1
    assert "line 3: student 'intruder' is not on the assignment's roster" in result.stderr
    assert "line 4: exercise 'gradient-at' is not part of this assignment" in result.stderr
    rows = read_csv(tmp_path / "g.csv")
    assert [(r["student_id"], r["verdict"], r["feedback"]) for r in rows][1:] == [
        ("s002", "blank", "no answer submitted"), ("s003", "blank", "no answer submitted")]
    mismatch = grade(plugins, path, tmp_path / "g.csv", "--assignment", out, "--variants", "4")
    assert mismatch.returncode == 2 and "--variants" in mismatch.stderr


def test_usage_errors_are_one_line(tmp_path, plugins):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = grade(plugins, empty, tmp_path / "g.csv")
    assert result.returncode == 2 and "no submission files" in result.stderr
    missing = invoke_tutor("--plugins-dir", plugins, "grade", tmp_path / "answers.csv", "--out", tmp_path / "g.csv")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_a_failing_check_or_variant_is_that_rows_error_not_the_runs(tmp_path, registry):
    from tutor.grading import worker

    worker._STATE.update(registry=registry, library={}, cache={})
    assert worker.grade_one("missing-exercise", 1, "x")["verdict"] == "error"

    class Exploding:
        class expected:
            class options:
                class limits:
                    seconds = 1.0
        diagnoses = ()

        def check(self, answer):
            raise ZeroDivisionError("boom")

    outcome = worker.judge(Exploding(), "x")
    assert outcome["verdict"] == "error" and "ZeroDivisionError: boom" in outcome["feedback"]


def test_answers_are_read_as_written(tmp_path):
    from tutor.grading.submissions import read_submissions

    (tmp_path / "a.yaml").write_text("student_id: 007\nanswers:\n  - exercise: e1\n    answer: 0.50\n"
                                     "  - exercise: e2\n    answer: yes\n"
                                     "  - exercise: e3\n    answer: [[1, 2], [3, 4]]\n"
                                     "  - exercise: e4\n    answer: {1, 2}\n  - exercise: e5\n    answer:\n",
                                     encoding="utf-8")
    (tmp_path / "b.json").write_text('[{"student_id": 8, "exercise": "e1", "answer": 1.50e-3},\n'
                                     ' {"student_id": "s9", "exercise": "e2", "answer": [1, 2.0]}]', encoding="utf-8")
    (tmp_path / "c.csv").write_text("\ufeffStudent ID;Exercise;Answer\ns1;e1;x^2\n", encoding="utf-8")
    found, problems = read_submissions(sorted(tmp_path.iterdir()))
    assert problems == []
    assert [(s.student_id, s.exercise, s.answer, s.line) for s in found] == [
        ("007", "e1", "0.50", 3), ("007", "e2", "yes", 5), ("007", "e3", "[[1, 2], [3, 4]]", 7),
        ("007", "e4", "{1, 2}", 9), ("007", "e5", "", 11),
        ("8", "e1", "1.50e-3", 1), ("s9", "e2", "[1, 2.0]", 2), ("s1", "e1", "x^2", 2)]
