"""``tutor check``: one answer, JSON output, options, usage errors and --batch."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys

import pytest
from click.testing import CliRunner

from helpers import ROOT, invoke_tutor, run_tutor
from tutor.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
ENV = {"TUTOR_PLUGINS_DIR": None, "NO_COLOR": "1"}
ROW_FIELDS = {"id", "verdict", "message", "interpreted", "method", "score"}


def tutor_check(*args, input=None):
    return CliRunner().invoke(cli, ["check", *args], input=input, env=ENV, catch_exceptions=False)


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def assert_usage_error(result, *fragments):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "Error:" in result.output
    for fragment in fragments:
        assert fragment in result.output


# ---- one answer -------------------------------------------------------------------------------

def test_correct_answer_exits_0_and_says_how_it_was_read():
    result = tutor_check("-e", "6*x*y^3", "-a", "6xy³", "--vars", "x,y")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("interpreted as: ") and "(6*x*y^3)" in lines[0]
    assert lines[1] == "correct (symbolic)"


def test_incorrect_answer_exits_1():
    result = tutor_check("--expected", "x^2", "--answer", "x^3", "--vars", "x")
    assert result.exit_code == 1, result.output
    assert "incorrect (numeric)" in result.output
    assert "Traceback" not in result.output


def test_invalid_answer_exits_1_with_a_located_message():
    result = tutor_check("-e", "x^2", "-a", "x^2 + )", "--vars", "x")
    assert result.exit_code == 1, result.output
    assert result.output.startswith("invalid (parse): ")
    assert "column 7" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_limit_answer_exits_1():
    result = tutor_check("-e", "x^2", "-a", "x^(10^10)", "--vars", "x")
    assert result.exit_code == 1
    assert result.output.startswith("invalid (limit): exponent 10000000000 is too large (limit 8192)")


def test_json_fields_of_a_correct_answer():
    result = tutor_check("-e", "x^2", "-a", "x*x", "--vars", "x", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["verdict"] == "correct"
    assert data["score"] == 1.0
    assert data["method"] == "symbolic"
    assert data["interpreted"] == "x^2"
    assert data["pretty"] == "x²"
    assert isinstance(data["message"], str)
    assert len(result.stdout.strip().splitlines()) == 1


def test_json_fields_of_an_invalid_answer():
    result = tutor_check("-e", "x^2", "-a", "1+", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["verdict"] == "invalid"
    assert data["score"] == 0.0
    assert data["method"] == "parse"
    assert data["interpreted"] is None
    assert data["column"] == 3
    assert "column 3" in data["message"]


def test_json_of_a_vector_has_entries():
    result = tutor_check("-e", "[2x, 2y]", "-a", "(2x, 3y)", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["verdict"] == "incorrect"
    assert [entry["verdict"] for entry in data["entries"]] == ["correct", "incorrect"]


def test_json_keeps_unicode_readable():
    result = tutor_check("-e", "x^2", "-a", "x²", "--vars", "x", "--json")
    assert '"x²"' in result.stdout


def test_vars_default_to_those_of_the_expected_answer():
    result = tutor_check("-e", "x", "-a", "y")
    assert result.exit_code == 1
    assert "unknown variable y" in result.output and "invalid (parse)" in result.output


def test_vars_declares_more_variables():
    result = tutor_check("-e", "x", "-a", "y", "--vars", "x,y")
    assert result.exit_code == 1
    assert "incorrect" in result.output


def test_vars_may_have_spaces_and_multi_letter_names():
    result = tutor_check("-e", "w_11*y_hat", "-a", "y_hat w_11", "--vars", " w_11 , y_hat ")
    assert result.exit_code == 0, result.output


def test_vars_declared_variable_splits_runs():
    assert tutor_check("-e", "2*x*y", "-a", "2xy", "--vars", "x,y").exit_code == 0


def test_rtol_loosens_the_tolerance():
    assert tutor_check("-e", "pi", "-a", "3.1").exit_code == 1
    result = tutor_check("-e", "pi", "-a", "3.1", "--rtol", "0.1")
    assert result.exit_code == 0, result.output
    assert "correct (tolerance)" in result.output


def test_rtol_tightens_the_tolerance():
    assert tutor_check("-e", "pi", "-a", "3.1416").exit_code == 0
    assert tutor_check("-e", "pi", "-a", "3.1416", "--rtol", "1e-9").exit_code == 1


def test_atol():
    assert tutor_check("-e", "2", "-a", "2.01").exit_code == 1
    assert tutor_check("-e", "2", "-a", "2.01", "--atol", "0.05").exit_code == 0


def test_places():
    assert tutor_check("-e", "3.14159", "-a", "3.14", "--places", "2").exit_code == 0
    assert tutor_check("-e", "pi", "-a", "3.142", "--places", "3").exit_code == 0
    assert tutor_check("-e", "3.14159", "-a", "3.1", "--places", "2").exit_code == 1
    assert tutor_check("-e", "pi", "-a", "3.15", "--places", "2").exit_code == 1


def test_places_message_speaks_of_places_not_relative_tolerance():
    """With --places the tolerance is absolute; 'beyond a relative tolerance of 0' misleads."""
    result = tutor_check("-e", "3.14159", "-a", "3.1", "--places", "2", "--json")
    message = json.loads(result.stdout)["message"]
    assert "relative tolerance of 0" not in message, message


def test_kind_mismatch_vector_expected_expression_given():
    result = tutor_check("-e", "[1, 2]", "-a", "3", "--kind", "vector", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["verdict"] == "invalid" and data["method"] == "kind"


def test_kind_mismatch_auto_follows_the_expected_answer():
    result = tutor_check("-e", "x^2", "-a", "[x, x]", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["verdict"], data["method"]) == ("invalid", "kind")


@pytest.mark.parametrize("expected, answer", [("[1, 2]", "{1, 2}"), ("[[1, 2], [3, 4]]", "[1, 2]"),
                                              ("{1, 2}", "[1, 2]")])
def test_kind_mismatch_between_structures(expected, answer):
    result = tutor_check("-e", expected, "-a", answer, "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["method"] == "kind"


def test_kind_that_does_not_fit_the_expected_answer_is_a_usage_error():
    """--kind matrix with a scalar expected answer is the grader's mistake, not the student's."""
    result = tutor_check("-e", "x^2", "-a", "x*x", "--kind", "matrix")
    assert_usage_error(result)


def test_unknown_kind_is_a_usage_error():
    assert_usage_error(tutor_check("-e", "x", "-a", "x", "--kind", "bogus"), "--kind")


def test_timeout_option_is_accepted():
    assert tutor_check("-e", "x^2", "-a", "x*x", "--timeout", "0.5").exit_code == 0


# ---- usage errors -----------------------------------------------------------------------------

def test_missing_answer_is_a_usage_error():
    assert_usage_error(tutor_check("-e", "x^2"), "--answer")


def test_missing_expected_is_a_usage_error():
    assert_usage_error(tutor_check("-a", "x^2"), "--expected")


def test_nothing_given_is_a_usage_error():
    assert_usage_error(tutor_check())


def test_batch_with_expected_is_a_usage_error(tmp_path):
    batch = tmp_path / "a.jsonl"
    batch.write_text('{"id": 1, "expected": "x", "answer": "x"}\n', encoding="utf-8")
    assert_usage_error(tutor_check("--batch", str(batch), "--expected", "x"), "--batch")
    assert_usage_error(tutor_check("--batch", str(batch), "--answer", "x"), "--batch")
    assert_usage_error(tutor_check("--batch", "-", "-e", "x", "-a", "x", input=""), "--batch")


def test_unreadable_expected_is_a_usage_error():
    result = tutor_check("-e", "1+", "-a", "x")
    assert_usage_error(result, "expected answer cannot be read", "column 3")


def test_hostile_expected_is_a_usage_error():
    assert_usage_error(tutor_check("-e", "__import__('os')", "-a", "x"), "expected answer cannot be read")
    assert_usage_error(tutor_check("-e", "9^9^9^9", "-a", "x"), "expected answer cannot be read")


def test_bad_number_option_is_a_usage_error():
    assert_usage_error(tutor_check("-e", "x", "-a", "x", "--rtol", "abc"), "--rtol")
    assert_usage_error(tutor_check("-e", "x", "-a", "x", "--places", "two"), "--places")


def test_missing_batch_file_is_a_usage_error(tmp_path):
    assert_usage_error(tutor_check("--batch", str(tmp_path / "missing.jsonl")), "--batch")


# ---- batch ------------------------------------------------------------------------------------

BATCH = [
    {"id": "a1", "expected": "x^2", "answer": "x*x", "vars": "x"},
    {"id": 2, "expected": "x^2", "answer": "x^3", "vars": ["x"]},
    {"id": "a3", "expected": "x^2", "answer": "x^(10^10)", "vars": "x"},
    {"id": "a4", "expected": "[2x, 2y]", "answer": "(2x, 2y)", "vars": "x,y"},
    {"id": "a5", "expected": "x^2", "answer": "2x", "vars": "x"},
    {"id": None, "expected": "pi", "answer": "3.1416"},
]


def batch_text(records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def test_batch_from_a_file(tmp_path):
    path = tmp_path / "answers.jsonl"
    path.write_text(batch_text(BATCH), encoding="utf-8")
    result = tutor_check("--batch", str(path))
    assert result.exit_code == 0, result.output
    rows = json_lines(result.stdout)
    assert [row["id"] for row in rows] == [r["id"] for r in BATCH]
    for row in rows:
        assert set(row) == ROW_FIELDS
    assert [row["verdict"] for row in rows] == ["correct", "incorrect", "invalid", "correct", "incorrect", "correct"]
    assert rows[0]["interpreted"] == "x^2" and rows[0]["method"] == "symbolic" and rows[0]["score"] == 1.0
    assert rows[2]["method"] == "limit" and "too large" in rows[2]["message"]
    assert rows[5]["method"] == "tolerance"


def test_batch_from_stdin():
    result = tutor_check("--batch", "-", input=batch_text(BATCH))
    assert result.exit_code == 0, result.output
    rows = json_lines(result.stdout)
    assert [row["id"] for row in rows] == [r["id"] for r in BATCH]


def test_batch_skips_blank_lines_and_accepts_an_empty_file():
    result = tutor_check("--batch", "-", input="\n\n" + batch_text(BATCH[:1]) + "\n   \n")
    assert result.exit_code == 0
    assert len(json_lines(result.stdout)) == 1
    empty = tutor_check("--batch", "-", input="")
    assert empty.exit_code == 0 and empty.stdout.strip() == ""


MALFORMED = [
    BATCH[0],
    "not json",
    {"id": "no-answer", "expected": "x^2"},
    {"id": "no-expected", "answer": "x"},
    "[1, 2]",
    {"id": "numbers", "expected": 5, "answer": "5"},
    {"id": "bad-expected", "expected": "1+", "answer": "x"},
    BATCH[1],
]


def test_batch_with_malformed_lines_reports_them_and_goes_on():
    result = tutor_check("--batch", "-", input=batch_text(MALFORMED))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    rows = json_lines(result.stdout)
    assert len(rows) == len(MALFORMED)
    assert [row["id"] for row in rows] == ["a1", None, "no-answer", "no-expected", None, "numbers", "bad-expected", 2]
    assert rows[0]["verdict"] == "correct" and rows[-1]["verdict"] == "incorrect"
    for number, row in enumerate(rows[1:-1], 2):
        assert set(row) == ROW_FIELDS
        assert row["verdict"] == "invalid" and row["score"] == 0.0
        assert row["message"].startswith(f"line {number}: "), row["message"]
    assert "'answer'" in rows[2]["message"]
    assert "'expected'" in rows[3]["message"]
    assert "expected answer cannot be read" in rows[6]["message"]


def test_batch_line_numbers_count_blank_lines():
    result = tutor_check("--batch", "-", input="\n" + batch_text(BATCH[:1]) + "\n{oops\n")
    rows = json_lines(result.stdout)
    assert result.exit_code == 1
    assert rows[1]["message"].startswith("line 4: ")


def test_batch_row_for_an_invalid_answer_is_not_a_malformed_line():
    """An invalid answer is a checked line: the batch still exits 0."""
    result = tutor_check("--batch", "-", input=batch_text([BATCH[2], {"id": 9, "expected": "x", "answer": ")("}]))
    assert result.exit_code == 0
    assert [row["verdict"] for row in json_lines(result.stdout)] == ["invalid", "invalid"]


def test_batch_options_apply_to_every_line():
    lines = [{"id": 1, "expected": "pi", "answer": "3.1"}, {"id": 2, "expected": "3.14159", "answer": "3.14"}]
    default = json_lines(tutor_check("--batch", "-", input=batch_text(lines)).stdout)
    assert [row["verdict"] for row in default] == ["incorrect", "correct"]
    loose = json_lines(tutor_check("--batch", "-", "--rtol", "0.1", input=batch_text(lines)).stdout)
    assert [row["verdict"] for row in loose] == ["correct", "correct"]


def test_batch_many_lines_keep_their_order():
    records = [{"id": f"s{i}", "expected": "2*x", "answer": f"{i % 3}*x", "vars": "x"} for i in range(60)]
    result = tutor_check("--batch", "-", input=batch_text(records))
    rows = json_lines(result.stdout)
    assert [row["id"] for row in rows] == [r["id"] for r in records]
    assert [row["verdict"] for row in rows] == ["correct" if i % 3 == 2 else "incorrect" for i in range(60)]


def test_batch_with_bad_vars_type_reports_the_line():
    """A "vars" that is neither text nor a list of names is a malformed line, named as such."""
    result = tutor_check("--batch", "-", input=batch_text([{"id": 1, "expected": "x", "answer": "x",
                                                            "vars": {"a": 1}}]))
    row = json_lines(result.stdout)[0]
    assert row["verdict"] == "invalid" and row["message"].startswith("line 1: ")
    assert "vars" in row["message"], row["message"]


def test_batch_file_with_invalid_utf8_reports_the_line(tmp_path):
    path = tmp_path / "answers.jsonl"
    path.write_bytes(batch_text(BATCH[:1]).encode() + b'{"id": 2, "expected": "x", "answer": "x\xff"}\n'
                     + batch_text(BATCH[1:2]).encode())
    result = invoke_tutor("check", "--batch", str(path))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    rows = json_lines(result.stdout)
    assert rows[0]["id"] == "a1" and rows[0]["verdict"] == "correct"
    assert any(row["verdict"] == "invalid" and row["message"].startswith("line 2") for row in rows)


# ---- subprocess -------------------------------------------------------------------------------

def test_subprocess_exit_codes():
    assert run_tutor("check", "-e", "x^2", "-a", "x*x", "--vars", "x").returncode == 0
    assert run_tutor("check", "-e", "x^2", "-a", "x^3", "--vars", "x").returncode == 1
    invalid = run_tutor("check", "-e", "x^2", "-a", "x^", "--vars", "x")
    assert invalid.returncode == 1 and "invalid (parse)" in invalid.stdout
    usage = run_tutor("check", "-e", "x^2")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr and "Error:" in usage.stderr


def test_subprocess_batch_from_stdin():
    result = run_tutor("check", "--batch", "-", input=batch_text(MALFORMED))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    rows = json_lines(result.stdout)
    assert [row["id"] for row in rows][:3] == ["a1", None, "no-answer"]
    assert rows[1]["message"].startswith("line 2: ")


def test_subprocess_json_is_utf8():
    result = subprocess.run([sys.executable, "-m", "tutor", "check", "-e", "x^2", "-a", "x²", "--json"],
                            capture_output=True, cwd=ROOT, timeout=120,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0
    assert json.loads(result.stdout.decode("utf-8"))["pretty"] == "x²"


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"], ["--version"]])
def test_help_does_not_import_sympy(argv):
    code = (
        "import sys\n"
        "from tutor.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
        "print('SYMPY' if 'sympy' in sys.modules else 'NO-SYMPY', file=sys.stderr)\n"
    )
    environment = {k: v for k, v in os.environ.items() if k != "TUTOR_PLUGINS_DIR"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env=environment, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "NO-SYMPY"


def test_top_level_help_shows_an_example():
    result = CliRunner().invoke(cli, ["--help"], env=ENV)
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert re.search(r"^\s+tutor check .*--expected .*--answer ", result.output, re.M)


def test_check_help_shows_examples_and_exit_codes():
    result = tutor_check("--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert re.search(r"^\s+tutor check -e .* -a ", result.output, re.M)
    assert re.search(r"^\s+tutor check --batch ", result.output, re.M)
    assert "Exit code" in result.output


def test_subprocess_help():
    result = run_tutor("check", "--help")
    assert result.returncode == 0 and "Examples:" in result.stdout


# ---- the README's examples --------------------------------------------------------------------

def readme_sessions():
    """(command, expected output) for each ``$ tutor check ...`` shown in the README."""
    sessions = []
    for block in re.findall(r"```\n(.*?)```", README, re.S):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("$ tutor check "):
                output = []
                for following in lines[i + 1:]:
                    if following.startswith("$ ") or not following.strip():
                        break
                    output.append(following)
                sessions.append((line[2:], output))
    return sessions


SESSIONS = readme_sessions()


def test_readme_has_check_examples():
    assert len(SESSIONS) >= 3


@pytest.mark.parametrize("command, output", SESSIONS, ids=[c for c, _ in SESSIONS])
def test_readme_check_example_matches_the_real_output(command, output):
    args = shlex.split(command)[1:]
    result = CliRunner().invoke(cli, args, env=ENV, color=False)
    assert [line.rstrip() for line in result.output.splitlines()] == [line.rstrip() for line in output]
