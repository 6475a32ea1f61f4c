"""Untrusted files: exercise files and students' submissions cannot run code, exhaust memory,
crash a run or reach the terminal; each bad file is one clear line naming it, and the other
students are graded as if it were not there. The course graded is graded_course.py's."""

from __future__ import annotations

import json

import pytest

from .conftest import assert_clean
from .graded_course import SALT, answer_file, assert_others_intact, course, grade, invoke, problem_lines

BOMB = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(f'{n}: &{n} [{",".join([f"*{p}"] * 9)}]\n' for p, n in zip("abcdefgh", "bcdefghi")))


HOSTILE_YAML = {
    "alias-bomb": (BOMB, "aliases"),
    "big-int": ("- student_id: s002\n  exercise: sec-square\n  answer: !!int " + "9" * 5000 + "\n", "tags (!!int)"),
    "bad-timestamp": ("- student_id: s002\n  exercise: sec-square\n  answer: !!timestamp 2001-13-45\n",
                      "tags (!!timestamp)"),
    "bad-float": ("- student_id: s002\n  exercise: sec-square\n  answer: !!float abc\n", "tags (!!float)"),
    "python-tag": ('- student_id: s002\n  exercise: sec-square\n  answer: !!python/object/apply:os.system '
                   '["touch MARKER"]\n', "tags (!!python/object/apply:os.system)"),
    "deep": ("answer: " + "[" * 3000 + "]" * 3000 + "\n", "exceeded maximum nesting depth"),  # libyaml's own
    "deep-100": ("answer: " + "[" * 100 + "]" * 100 + "\n", "nested more than 64 levels deep"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_YAML))
def test_a_hostile_yaml_submission_is_one_line_and_the_others_are_graded(tmp_path, plugins, handout, marker, case):
    text, message = HOSTILE_YAML[case]
    (handout / "answers" / "s002.csv").unlink()
    (handout / "answers" / "s002.yaml").write_text(text.replace("MARKER", str(marker)), encoding="utf-8")
    result, rows = grade(plugins, handout, tmp_path)
    assert result.exit_code == 1
    lines = problem_lines(result.output, "s002.yaml")
    assert len(lines) == 1 and message in lines[0] and " line " in lines[0], result.output
    assert_others_intact(rows, "s001", "s003")
    assert rows[("s002", "sec-square")]["verdict"] == "blank"
    assert not marker.exists()
    assert (tmp_path / "grades.csv").stat().st_size < 10_000


def test_json_and_json_lines_nested_3000_deep_are_one_line_each(tmp_path, plugins, handout):
    (handout / "answers" / "s002.csv").unlink()
    (handout / "answers" / "s002.json").write_text("[" * 3000 + "]" * 3000, encoding="utf-8")
    deep = json.dumps({"student_id": "s003", "exercise": "sec-cube", "answer": "x"})[:-1] + ', "x": ' \
        + "[" * 3000 + "]" * 3000 + "}"
    (handout / "answers" / "s003.csv").unlink()
    lines = [json.dumps({"student_id": "s003", "exercise": "sec-square", "answer": "2x"}), deep,
             json.dumps({"student_id": "s003", "exercise": "sec-cube", "answer": "3x^2"})]
    (handout / "answers" / "s003.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result, rows = grade(plugins, handout, tmp_path)
    assert result.exit_code == 1
    assert problem_lines(result.output, "s002.json") == [f"{handout / 'answers' / 's002.json'} line 1: nested "
                                                         "more than 64 levels deep"]
    assert problem_lines(result.output, "s003.jsonl") == [f"{handout / 'answers' / 's003.jsonl'} line 2: nested "
                                                          "more than 64 levels deep"]
    assert_others_intact(rows, "s001", "s003")  # the lines around the bad one are read


def test_yaml_answers_stay_the_text_the_student_typed(tmp_path, plugins, handout):
    (handout / "answers" / "s002.csv").unlink()
    (handout / "answers" / "s002.yaml").write_text(
        'student_id: s002\nanswers:\n  - exercise: sec-square\n    answer: 2001-01-01\n'
        '  - exercise: sec-cube\n    answer: 0.50e1\n', encoding="utf-8")
    result, rows = grade(plugins, handout, tmp_path)
    assert rows[("s002", "sec-square")]["answer"] == "2001-01-01"  # not a date
    assert rows[("s002", "sec-cube")]["answer"] == "0.50e1"  # not 5.0
    assert result.exit_code == 0, result.output


def test_a_50_mb_answer_is_graded_invalid_and_not_copied(tmp_path, plugins, handout):
    huge = "x+" * (25 << 20) + "x"
    (handout / "answers" / "s002.csv").unlink()
    (handout / "answers" / "s002.json").write_text(json.dumps([
        {"student_id": "s002", "exercise": "sec-square", "answer": huge},
        {"student_id": "s002", "exercise": "sec-cube", "answer": "3x^2"}]), encoding="utf-8")
    del huge
    result, rows = grade(plugins, handout, tmp_path, "--json", tmp_path / "report.json")
    assert result.exit_code == 0, result.output
    row = rows[("s002", "sec-square")]
    assert row["verdict"] == "invalid" and "52428801 characters" in row["feedback"]
    assert row["answer"].startswith("x+x+") and row["answer"].endswith("[cut: the answer has 52428801 characters]")
    assert rows[("s002", "sec-cube")]["verdict"] == "correct"
    assert_others_intact(rows, "s001", "s003")
    assert (tmp_path / "grades.csv").stat().st_size < 10_000
    assert (tmp_path / "report.json").stat().st_size < 20_000


def test_a_50_mb_csv_cell_is_reported_with_its_line_and_not_copied(tmp_path, plugins, handout):
    answer_file(handout, "s002", [("s002", "sec-square", "x" * (50 << 20)), ("s002", "sec-cube", "3x^2")])
    result, rows = grade(plugins, handout, tmp_path)
    assert result.exit_code == 1
    [line] = problem_lines(result.output, "s002.csv")
    assert "line 2: cannot read this CSV record: field larger than field limit" in line
    assert rows[("s002", "sec-square")]["verdict"] == "blank" and rows[("s002", "sec-cube")]["verdict"] == "correct"
    assert_others_intact(rows, "s001", "s003")
    assert (tmp_path / "grades.csv").stat().st_size < 10_000


def test_a_file_over_the_size_limit_is_refused_and_named(tmp_path, plugins, handout):
    from tutor.grading.tables import MAX_FILE_BYTES

    path = handout / "answers" / "s002.csv"
    with open(path, "a", encoding="utf-8") as stream:
        stream.write(" " * (MAX_FILE_BYTES + 1))
    result, rows = grade(plugins, handout, tmp_path)
    assert result.exit_code == 1
    assert problem_lines(result.output, "s002.csv") == [f"{path}: larger than 64 MiB: split it into smaller files"]
    assert_others_intact(rows, "s001", "s003")


def test_a_stray_quote_drops_no_other_answer(tmp_path, plugins, handout):
    path = handout / "answers" / "s002.csv"
    path.write_text('student_id,exercise,answer\ns002,sec-square,"2x\ns002,sec-cube,3x^2\n', encoding="utf-8")
    result, rows = grade(plugins, handout, tmp_path)
    assert result.exit_code == 1
    [line] = problem_lines(result.output, "s002.csv")
    assert line.startswith(f"{path} line 2: a quoted cell runs from line 2") and "not used" in line
    assert rows[("s002", "sec-square")]["verdict"] == "blank"  # refused, not graded as "2x\ns002,..."
    assert rows[("s002", "sec-cube")]["verdict"] == "correct"  # the row after the stray quote is read
    assert_others_intact(rows, "s001", "s003")


def test_symbolic_links_in_the_submissions_folder_are_not_followed(tmp_path, plugins, handout):
    secret = tmp_path / "instructor-notes.csv"
    secret.write_text("student_id,exercise,answer\ns002,sec-square,2x\n", encoding="utf-8")
    (handout / "answers" / "s002.csv").unlink()
    (handout / "answers" / "s002.csv").symlink_to(secret)
    result, rows = grade(plugins, handout, tmp_path)
    assert result.exit_code == 1
    assert problem_lines(result.output, "s002.csv") == [f"{handout / 'answers' / 's002.csv'}: a symbolic link: "
                                                        "not followed"]
    assert rows[("s002", "sec-square")]["verdict"] == "blank"
    assert_others_intact(rows, "s001", "s003")


def test_read_text_refuses_a_link_planted_after_the_folder_was_listed(tmp_path):
    from tutor.grading.tables import TableError, read_text

    (tmp_path / "target.csv").write_text("a\n", encoding="utf-8")
    (tmp_path / "link.csv").symlink_to(tmp_path / "target.csv")
    with pytest.raises(TableError, match="a symbolic link: not followed"):
        read_text(tmp_path / "link.csv", follow_links=False)
    assert read_text(tmp_path / "link.csv") == "a\n"  # a file the user named is followed


# -- exercise files -----------------------------------------------------------------------------------

EXERCISE = """
id: sec-hostile
title: Hostile
topic: security-demo
variables: [x]
prompt: "Differentiate x^2."
answer: {value: "diff(x^2, x)"}
"""
HOSTILE_EXERCISES = {
    "alias-bomb": (EXERCISE + BOMB.replace("a: &a", "tags: &a", 1).replace("\na:", "\nx:"),
                   "line 8: anchors (&a) and aliases"),
    "big-int": (EXERCISE + "difficulty: !!int " + "9" * 5000 + "\n", "line 8: tags (!!int)"),
    "big-plain-int": (EXERCISE + "difficulty: " + "9" * 5000 + "\n", "line 8: a number of 5000 characters"),
    "bad-timestamp": (EXERCISE + "tags: [!!timestamp 2001-13-45]\n", "line 8: tags (!!timestamp)"),
    "bad-float": (EXERCISE + "difficulty: !!float abc\n", "line 8: tags (!!float)"),
    "python-tag": (EXERCISE + 'tags: !!python/object/apply:os.system ["touch MARKER"]\n',
                   "line 8: tags (!!python/object/apply:os.system)"),
    "deep": (EXERCISE + "tags: " + "[" * 3000 + "]" * 3000 + "\n", "line 8: not valid YAML: exceeded maximum nesting"),
    "deep-100": (EXERCISE + "tags: " + "[" * 100 + "]" * 100 + "\n", "line 8: nested more than 64 levels deep"),
    "terminal-escape": (EXERCISE.replace('"Differentiate x^2."', '"\\e[2J\\e]0;owned\\aDifferentiate"'),
                        "line 6: a control character (\\x1b) in the text"),
    "two-documents": (EXERCISE + "---\n" + EXERCISE, "line 8: more than one YAML document"),
}


@pytest.mark.parametrize("command", [["list"], ["show", "sec-hostile"], ["quiz", "--exercise", "sec-hostile"],
                                     ["generate", "sec-hostile"]])
@pytest.mark.parametrize("case", sorted(HOSTILE_EXERCISES))
def test_a_hostile_exercise_file_is_one_line_naming_it(tmp_path, marker, case, command):
    text, message = HOSTILE_EXERCISES[case]
    plugins = course(tmp_path, text.replace("MARKER", str(marker)), "hostile.yaml")
    result = invoke(plugins, *command, input="quit\n")
    assert result.exit_code == 1
    assert_clean(result.output)
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: ") and "hostile.yaml: " in line and message in line, line
    assert "\x1b" not in result.output
    assert not marker.exists()


def test_a_date_in_an_exercise_file_stays_text_and_lists(tmp_path):
    plugins = course(tmp_path, EXERCISE + "tags: [2001-13-45, 2001-01-01]\n", "dated.yaml")
    result = invoke(plugins, "list", "--json")
    assert result.exit_code == 0, result.output
    assert "sec-hostile" in result.output


def test_exercise_ids_are_ascii_and_at_most_100_bytes(tmp_path):
    for bad in ("微" * 100, "a" * 101):
        plugins = course(tmp_path, EXERCISE.replace("sec-hostile", bad), "ids.yaml")
        result = invoke(plugins, "list")
        assert result.exit_code == 1 and "field 'id': needs an id" in result.output and "at most 100" in \
            result.output
    plugins = course(tmp_path, EXERCISE.replace("sec-hostile", "a" * 100), "ids.yaml")
    assert invoke(plugins, "list").exit_code == 0


def test_student_ids_are_at_most_100_bytes_so_every_file_name_fits(tmp_path, plugins):
    roster = tmp_path / "roster.csv"
    roster.write_text(f"student_id\n{'学' * 100}\ns001\n", encoding="utf-8")
    result = invoke(plugins, "assign", "--roster", roster, "--exercises", "sec-square", "--seed", SALT,
                    "--out", tmp_path / "hw")
    assert result.exit_code == 1
    assert_clean(result.output)
    assert "roster.csv line 2: student_id" in result.output and "at most 100 bytes in UTF-8" in result.output
    assert not (tmp_path / "hw").exists()  # nothing half-written


def test_a_manifest_nested_deeply_is_one_line(tmp_path, plugins, handout):
    (handout / "assignment.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result, rows = grade(plugins, handout, tmp_path)
    assert result.exit_code == 1 and rows == {}
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: ") and "assignment.json" in line


def test_the_safe_loader_keeps_what_plain_yaml_gives(tmp_path):
    import yaml

    from tutor.safe_load import load_yaml

    text = "a: 1.5\nb: [1, yes, ~, '2', 0x10, 1e3, 1.0e-3, .inf, 1_000]\nc:\nd: {e: [f, 'g']}\n"
    assert load_yaml(text, typed=True) == yaml.safe_load(text)
    assert load_yaml(text) == {"a": "1.5", "b": ["1", "yes", "~", "2", "0x10", "1e3", "1.0e-3", ".inf", "1_000"],
                               "c": "", "d": {"e": ["f", "g"]}}


def test_a_submissions_file_named_on_the_command_line_may_be_a_link(tmp_path, plugins, handout):
    (tmp_path / "link.csv").symlink_to(handout / "answers" / "s001.csv")
    grades = tmp_path / "g.csv"
    result = invoke(plugins, "grade", tmp_path / "link.csv", "--seed", SALT, "--out", grades, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "graded 2 item(s) of 1 student(s): 2 correct" in result.output
