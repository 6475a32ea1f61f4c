"""No student can change another's grade: rows are tied to the file they come from, the
journal cannot be planted, forged or broken, and the product has no test-only switches."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from .conftest import assert_clean
from .graded_course import (RIGHT, SALT, answer_file, assert_others_intact, grade, handed_out, invoke,
                                   problem_lines)


# -- rows belong to their file ------------------------------------------------------------------------

@pytest.mark.parametrize("assignment", [True, False])
def test_a_row_for_another_student_is_refused_and_cannot_overwrite(tmp_path, plugins, handout, assignment):
    path = answer_file(handout, "s002", [("s002", "sec-square", "2x"), ("s001", "sec-square", "0"),
                                         ("s002", "sec-cube", "3x^2")])
    (handout / "answers" / "zz-extra.csv").write_text("student_id,exercise,answer\ns003,sec-cube,1\n",
                                                      encoding="utf-8")
    result, rows = grade(plugins, handout, tmp_path, assignment=assignment)
    assert result.exit_code == 1
    assert problem_lines(result.output, "s002.csv") == [
        f"{path} line 3: a row for student 's001' in s002.csv, which belongs to 's002': a file may only hold its "
        "own student's answers"]
    assert "zz-extra.csv line 2: a row for student 's003' in zz-extra.csv, which belongs to 'zz-extra'" \
        in result.output
    assert_others_intact(rows, "s001", "s002", "s003")  # s001's own "2x" counts, not s002's "0"


def test_the_yaml_template_of_another_student_is_refused(tmp_path, plugins):
    out = handed_out(tmp_path, plugins, template="yaml")
    (out / "answers" / "s002.csv").unlink()
    (out / "answers" / "s002.yaml").write_text(
        'student_id: "s001"\nanswers:\n  - question: 1\n    exercise: sec-square\n    answer: "0"\n',
        encoding="utf-8")
    result, rows = grade(plugins, out, tmp_path)
    assert result.exit_code == 1
    [line] = problem_lines(result.output, "s002.yaml")
    assert "line 3: a row for student 's001' in s002.yaml, which belongs to 's002'" in line
    assert_others_intact(rows, "s001", "s003")


def test_a_genuine_duplicate_counts_the_later_answer_and_reports_the_earlier(tmp_path, plugins, handout):
    path = answer_file(handout, "s002", [("s002", "sec-square", "0"), ("s002", "sec-cube", "3x^2"),
                                         ("s002", "sec-square", "2x")])
    result, rows = grade(plugins, handout, tmp_path)
    assert result.exit_code == 1
    assert problem_lines(result.output, "s002.csv") == [f"{path} line 2: replaced by the later answer at {path}:4"]
    assert_others_intact(rows, "s001", "s002", "s003")


def test_a_class_file_still_holds_every_student(tmp_path, plugins, handout):
    for sid in ("s001", "s002", "s003"):
        (handout / "answers" / f"{sid}.csv").unlink()
    answer_file(handout, "", [(sid, exercise, answer) for sid in ("s001", "s002", "s003")
                              for exercise, answer in RIGHT.items()], name="class.csv")
    result, rows = grade(plugins, handout, tmp_path)
    assert result.exit_code == 0, result.output
    assert_others_intact(rows, "s001", "s002", "s003")


# -- the journal --------------------------------------------------------------------------------------

def interrupted(plugins, handout, tmp_path, monkeypatch, after: int) -> Path:
    """Grade until ``after`` results are journaled, then stop as Ctrl-C would; returns the journal."""
    from tutor.grading.journal import Journal

    append, written = Journal.append, []

    def stop(self, key, result):
        append(self, key, result)
        written.append(key)
        if len(written) >= after:
            raise KeyboardInterrupt

    monkeypatch.setattr(Journal, "append", stop)
    result, _ = grade(plugins, handout, tmp_path)
    assert result.exit_code == 1 and "interrupted" in result.output
    monkeypatch.setattr(Journal, "append", append)
    return tmp_path / "grades.csv.journal"


def test_a_symbolic_link_planted_at_the_journal_is_not_followed(tmp_path, plugins, handout):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (tmp_path / "grades.csv.journal").symlink_to(victim)
    result, rows = grade(plugins, handout, tmp_path)
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line == f"Error: {tmp_path / 'grades.csv.journal'} is a symbolic link: refusing to follow it (remove it " \
                   "and run again)"
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_a_forged_journal_record_is_not_trusted(tmp_path, plugins, handout, monkeypatch):
    journal = interrupted(plugins, handout, tmp_path, monkeypatch, after=2)
    lines = journal.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[1])
    record["result"].update(verdict="correct", score=1.0, feedback="FORGED")  # a student's edit, without the salt
    forged_key = ["s002", "sec-square", record["key"][2], record["key"][3], "0"]
    forged = {"key": forged_key, "result": record["result"], "mac": record["mac"]}
    journal.write_text("\n".join([lines[0], json.dumps(record), json.dumps(forged), *lines[2:]]) + "\n",
                       encoding="utf-8")
    answer_file(handout, "s002", [("s002", "sec-square", "0"), ("s002", "sec-cube", "3x^2")])
    result, rows = grade(plugins, handout, tmp_path)
    assert "FORGED" not in (tmp_path / "grades.csv").read_text(encoding="utf-8")
    assert rows[("s002", "sec-square")]["verdict"] == "incorrect"
    assert "damaged or unsigned record(s) ignored (line 2, 3); those items were graded again" in result.output
    assert_others_intact(rows, "s001", "s003")


@pytest.mark.parametrize("damage", ['{"key": [["nested"], 1, 2, 3, 4], "result": {}, "mac": "x"}',
                                    '{"key": "s001", "result": [], "mac": 1}', '[1, 2, 3]', '"text"',
                                    '{"key": [' * 5000, "{}", "[" * 100_000 + "]" * 100_000])
def test_a_malformed_journal_record_is_reported_and_regraded(tmp_path, plugins, handout, monkeypatch, damage):
    journal = interrupted(plugins, handout, tmp_path, monkeypatch, after=3)
    lines = journal.read_text(encoding="utf-8").splitlines()
    journal.write_text("\n".join([lines[0], damage, *lines[1:]]) + "\n", encoding="utf-8")
    result, rows = grade(plugins, handout, tmp_path)
    assert result.exit_code == 0, result.output
    assert "(3 from an earlier run's journal)" in result.output
    assert "1 damaged or unsigned record(s) ignored (line 2)" in result.output
    assert_others_intact(rows, "s001", "s002", "s003")


def test_the_journal_is_readable_by_its_owner_only(tmp_path, plugins, handout, monkeypatch):
    journal = interrupted(plugins, handout, tmp_path, monkeypatch, after=1)
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600


# -- switches, bounds and plugins ---------------------------------------------------------------------

def test_the_abort_variable_no_longer_ships(tmp_path, plugins, handout):
    import tutor

    sources = "".join(p.read_text(encoding="utf-8") for p in Path(tutor.__file__).parent.rglob("*.py"))
    assert "TUTOR_GRADE_ABORT_AFTER" not in sources and "abort_after" not in sources
    result = invoke(plugins, "grade", handout / "answers", "--seed", SALT, "--out", tmp_path / "g.csv",
                    "--workers", "1", env={"TUTOR_GRADE_ABORT_AFTER": "1"})
    assert result.exit_code == 0, result.output
    assert "graded 6 item(s) of 3 student(s): 6 correct" in result.output


def test_workers_are_bounded(tmp_path, plugins, handout):
    from tutor.cli.grade import MAX_WORKERS

    result = invoke(plugins, "grade", handout / "answers", "--seed", SALT, "--out", tmp_path / "g.csv",
                    "--workers", 10**6)
    assert result.exit_code == 2 and f"0<=x<={MAX_WORKERS}" in result.output
    assert not (tmp_path / "g.csv").exists()


def test_a_world_writable_plugins_directory_is_refused(tmp_path, plugins):
    plugins.chmod(0o777)
    result = invoke(plugins, "list")
    assert result.exit_code == 1
    assert_clean(result.output)
    assert result.output.strip() == (f"Error: plugins directory {plugins} is writable by every user, so anyone "
                                     f"could put code there that tutor would run: refusing it (chmod o-w {plugins})")


def test_a_world_writable_plugin_file_is_refused(tmp_path, plugins):
    [plugin] = plugins.glob("*.py")
    plugin.chmod(0o666)
    result = invoke(plugins, "list")
    assert result.exit_code == 1 and result.output.startswith(f"Error: plugin {plugin} is writable by every user")


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a directory to another user needs root")
def test_a_plugins_directory_of_another_user_is_refused(tmp_path, plugins):
    os.chown(plugins, 4242, 4242)
    result = invoke(plugins, "list")
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: plugins directory {plugins} belongs to another user (uid 4242), who "
                                     "could put code there that tutor would run: refusing it")
