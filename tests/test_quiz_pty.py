"""``tutor quiz`` on a real pseudo-terminal (pexpect), and killed or interrupted mid-session."""

from __future__ import annotations

import os
import re
import signal
import sys

import pytest

from conftest import ROOT
from test_quiz import RIGHT, TOPICS, plugins_dir, quiz_env, rows

pexpect = pytest.importorskip("pexpect")
from pexpect.popen_spawn import PopenSpawn  # noqa: E402

PROMPT = "answer> "
HEADER = re.compile(r"── Problem (\d+) of \d+ · \S+ · [^\[]*\[([a-z0-9-]+), seed (\d+)\]")


def environment(tmp_path):
    env = {**os.environ, **quiz_env(tmp_path)}
    env.pop("TUTOR_PLUGINS_DIR", None)
    env["TERM"] = "dumb"
    return env


def spawn(tmp_path, *args):
    """``tutor quiz ARGS`` on a pseudo-terminal, with the tests' exercises."""
    plugins = plugins_dir(tmp_path)
    child = pexpect.spawn(sys.executable, ["-m", "tutor", "--plugins-dir", str(plugins), "quiz", *map(str, args)],
                          env=environment(tmp_path), cwd=str(ROOT), encoding="utf-8", timeout=120,
                          dimensions=(40, 200))
    return child


def next_problem(child) -> str:
    """Wait for the next problem and its prompt; returns the exercise id."""
    child.expect(HEADER)
    exercise = child.match.group(2)
    child.expect_exact(PROMPT)
    return exercise


def say(child, line):
    child.sendline(line)


def finish(child):
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.signalstatus


def test_a_whole_session_on_a_terminal(tmp_path):
    child = spawn(tmp_path, "--exercise", "qd-square", "--count", "3", "--seed", "4")
    child.expect_exact("seed 4")
    assert next_problem(child) == "qd-square"
    # a correct answer: how it was read, then the verdict
    say(child, "2x+3")
    child.expect_exact("interpreted as: 2·x + 3")
    child.expect_exact("✓ correct (symbolic)")
    assert next_problem(child) == "qd-square"
    # a hint
    say(child, "hint")
    child.expect_exact("Hint 1 of 2: The power rule: d/dx x² = 2·x.")
    child.expect_exact(PROMPT)
    # a wrong answer, with its targeted feedback
    say(child, "2x")
    child.expect_exact("interpreted as: 2·x")
    child.expect_exact("✗ incorrect")
    child.expect_exact("You forgot the derivative of 3·x, which is 3.")
    child.expect_exact("2 tries left")
    child.expect_exact(PROMPT)
    # an invalid one: the error, its column and a caret, and no try used
    say(child, "2x+)")
    child.expect_exact("could not read that: unexpected ')'")
    child.expect_exact("column 4")
    child.expect(r"\n    2x\+\)\r?\n       \^")
    child.expect_exact("costs no try")
    child.expect_exact(PROMPT)
    # the worked solution
    say(child, "steps")
    child.expect_exact("Worked solution:")
    child.expect_exact("So f′(x) = 2·x + 3.")
    child.expect_exact(PROMPT)
    say(child, "help")
    child.expect_exact("hint   show the next hint")
    child.expect_exact(PROMPT)
    say(child, "quit")
    child.expect_exact("Session summary")
    child.expect_exact("quizdemo-derivatives")
    exit_status, signal_status = finish(child)
    assert (exit_status, signal_status) == (0, None)
    assert "Traceback" not in child.before
    attempts = rows(tmp_path / "progress.db", "ada")
    assert [(a.position, a.answer, a.verdict) for a in attempts] == [
        (1, "2x+3", "correct"), (2, "2x", "incorrect"), (2, "2x+)", "invalid")]
    assert attempts[1].hints_used == 1 and attempts[1].score == 0.25
    assert attempts[1].message.startswith("You forgot the derivative")
    assert all(a.user == "ada" and a.topic == "quizdemo-derivatives" and a.seed in (4, 5) for a in attempts)


def test_killing_the_quiz_loses_no_answered_attempt(tmp_path):
    child = spawn(tmp_path, "--topic", TOPICS[0], "--topic", TOPICS[1], "--count", "10", "--seed", "9")
    answered = []
    for number in range(4):
        exercise = next_problem(child)
        answer = RIGHT[exercise] if number != 1 else "12"  # one wrong answer, too
        say(child, answer)
        child.expect(r"[✓✗] (correct|incorrect)")
        answered.append((exercise, answer, child.match.group(1)))
        if number == 1:
            child.expect_exact(PROMPT)
            say(child, RIGHT[exercise])
            child.expect_exact("✓ correct")
            answered.append((exercise, RIGHT[exercise], "correct"))
    child.expect_exact(PROMPT)  # the fifth problem is waiting for an answer
    child.kill(signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL
    attempts = rows(tmp_path / "progress.db", "ada")
    assert [(a.exercise_id, a.answer, a.verdict) for a in attempts] == answered
    with_db = rows(tmp_path / "progress.db")
    assert len(with_db) == 5
    from tutor.practice.store import open_store

    with open_store(tmp_path / "progress.db", create=False) as store:
        [session] = store.sessions("ada")
    assert session["seed"] == 9 and session["ended_at"] is None  # it never got to end


@pytest.mark.parametrize("key", ["ctrl-c", "ctrl-d"])
def test_ctrl_c_and_ctrl_d_on_a_terminal_end_with_the_summary(tmp_path, key):
    child = spawn(tmp_path, "--exercise", "qd-gradient", "--count", "5", "--seed", "2")
    next_problem(child)
    say(child, "[y, x]")
    child.expect_exact("✓ correct")
    next_problem(child)
    if key == "ctrl-c":
        child.sendintr()
        child.expect_exact("(interrupted)")
    else:
        child.sendeof()
        child.expect_exact("(end of input)")
    child.expect_exact("Session summary")
    child.expect_exact("1/1 (100%)")
    assert finish(child) == (0, None)
    assert "Traceback" not in child.before
    assert len(rows(tmp_path / "progress.db")) == 1


@pytest.mark.filterwarnings("ignore:setDaemon:DeprecationWarning")
def test_sigint_with_piped_input_ends_with_the_summary(tmp_path):
    plugins = plugins_dir(tmp_path)
    child = PopenSpawn([sys.executable, "-m", "tutor", "--plugins-dir", str(plugins), "quiz", "--exercise",
                        "qd-square", "--count", "3", "--seed", "1"], env=environment(tmp_path), cwd=str(ROOT),
                       encoding="utf-8", timeout=120)
    child.expect_exact(PROMPT)
    child.sendline("2x+3")
    child.expect_exact("✓ correct")
    child.expect_exact(PROMPT)
    child.kill(signal.SIGINT)
    child.expect_exact("Session summary")
    child.expect(pexpect.EOF)
    assert child.wait() == 0
    assert "Traceback" not in child.before
    assert [a.verdict for a in rows(tmp_path / "progress.db")] == ["correct"]
