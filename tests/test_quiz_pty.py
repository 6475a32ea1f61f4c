"""``tutor quiz`` on a real pseudo-terminal (pexpect), and killed or interrupted mid-session.

These need a real process. Every wait is for output (a prompt, a verdict), never for time,
with a generous explicit timeout (a hang guard for a loaded machine, not a measurement); a
signal or key is sent only once the quiz is blocked waiting for input.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import time

import pytest

from helpers import ROOT
from quiz_course import RIGHT, TOPICS, plugins_dir, quiz_env, rows

pexpect = pytest.importorskip("pexpect")
from pexpect.popen_spawn import PopenSpawn  # noqa: E402

pytestmark = pytest.mark.slow

PROMPT = "answer> "
HEADER = re.compile(r"── Problem (\d+) of \d+ · \S+ · [^\[]*\[([a-z0-9-]+), seed (\d+)\]")
TIMEOUT = 300  # seconds any one wait may take before the test fails as hung


def environment(tmp_path):
    env = {**os.environ, **quiz_env(tmp_path)}
    env.pop("TUTOR_PLUGINS_DIR", None)
    env["TERM"] = "dumb"
    return env


def spawn(tmp_path, *args):
    """``tutor quiz ARGS`` on a pseudo-terminal, with the tests' exercises."""
    plugins = plugins_dir(tmp_path)
    child = pexpect.spawn(sys.executable, ["-m", "tutor", "--plugins-dir", str(plugins), "quiz", *map(str, args)],
                          env=environment(tmp_path), cwd=str(ROOT), encoding="utf-8", timeout=TIMEOUT,
                          dimensions=(40, 200))
    return child


def wait_for(child, text):
    """Wait for ``text`` in the child's output."""
    child.expect_exact(text, timeout=TIMEOUT)


def wait_for_pattern(child, pattern):
    """Wait for output matching ``pattern`` (a regular expression, or pexpect.EOF)."""
    child.expect(pattern, timeout=TIMEOUT)


def wait_until_reading(pid):
    """Wait until the process sleeps (blocked reading its input, after printing the prompt), so a
    key or signal sent now reaches the read; where /proc is missing, the prompt alone says so."""
    stat = f"/proc/{pid}/stat"
    if not os.path.exists(stat):
        return
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        with open(stat) as status:
            state = status.read().rsplit(")", 1)[1].split()[0]
        if state in "SD":  # sleeping: in read() or select(), not running Python code
            return
        time.sleep(0.01)  # polling the state, not waiting for a time
    pytest.fail(f"the quiz (pid {pid}) never blocked on its input")


def next_problem(child) -> str:
    """Wait for the next problem and its prompt; returns the exercise id."""
    wait_for_pattern(child, HEADER)
    exercise = child.match.group(2)
    wait_for(child, PROMPT)
    return exercise


def say(child, line):
    child.sendline(line)


def finish(child):
    wait_for_pattern(child, pexpect.EOF)
    child.close()
    return child.exitstatus, child.signalstatus


def test_a_whole_session_on_a_terminal(tmp_path):
    child = spawn(tmp_path, "--exercise", "qd-square", "--count", "3", "--seed", "4")
    wait_for(child, "seed 4")
    assert next_problem(child) == "qd-square"
    # a correct answer: how it was read, then the verdict
    say(child, "2x+3")
    wait_for(child, "interpreted as: 2·x + 3")
    wait_for(child, "✓ correct (symbolic)")
    assert next_problem(child) == "qd-square"
    # a hint
    say(child, "hint")
    wait_for(child, "Hint 1 of 2: The power rule: d/dx x² = 2·x.")
    wait_for(child, PROMPT)
    # a wrong answer, with its targeted feedback
    say(child, "2x")
    wait_for(child, "interpreted as: 2·x")
    wait_for(child, "✗ incorrect")
    wait_for(child, "You forgot the derivative of 3·x, which is 3.")
    wait_for(child, "2 tries left")
    wait_for(child, PROMPT)
    # an invalid one: the error, its column and a caret, and no try used
    say(child, "2x+)")
    wait_for(child, "could not read that: unexpected ')'")
    wait_for(child, "column 4")
    wait_for_pattern(child, r"\n    2x\+\)\r?\n       \^")
    wait_for(child, "costs no try")
    wait_for(child, PROMPT)
    # the worked solution
    say(child, "steps")
    wait_for(child, "Worked solution:")
    wait_for(child, "So f′(x) = 2·x + 3.")
    wait_for(child, PROMPT)
    say(child, "help")
    wait_for(child, "hint   show the next hint")
    wait_for(child, PROMPT)
    say(child, "quit")
    wait_for(child, "Session summary")
    wait_for(child, "quizdemo-derivatives")
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
        wait_for_pattern(child, r"[✓✗] (correct|incorrect)")
        answered.append((exercise, answer, child.match.group(1)))
        if number == 1:
            wait_for(child, PROMPT)
            say(child, RIGHT[exercise])
            wait_for(child, "✓ correct")
            answered.append((exercise, RIGHT[exercise], "correct"))
    wait_for(child, PROMPT)  # the fifth problem is waiting for an answer
    wait_until_reading(child.pid)
    child.kill(signal.SIGKILL)
    wait_for_pattern(child, pexpect.EOF)
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
    wait_for(child, "✓ correct")
    next_problem(child)
    wait_until_reading(child.pid)
    if key == "ctrl-c":
        child.sendintr()
        wait_for(child, "(interrupted)")
    else:
        child.sendeof()
        wait_for(child, "(end of input)")
    wait_for(child, "Session summary")
    wait_for(child, "1/1 (100%)")
    assert finish(child) == (0, None)
    assert "Traceback" not in child.before
    assert len(rows(tmp_path / "progress.db")) == 1


@pytest.mark.filterwarnings("ignore:setDaemon:DeprecationWarning")
def test_sigint_with_piped_input_ends_with_the_summary(tmp_path):
    plugins = plugins_dir(tmp_path)
    child = PopenSpawn([sys.executable, "-m", "tutor", "--plugins-dir", str(plugins), "quiz", "--exercise",
                        "qd-square", "--count", "3", "--seed", "1"], env=environment(tmp_path), cwd=str(ROOT),
                       encoding="utf-8", timeout=TIMEOUT)
    wait_for(child, PROMPT)
    child.sendline("2x+3")
    wait_for(child, "✓ correct")
    wait_for(child, PROMPT)
    wait_until_reading(child.pid)
    child.kill(signal.SIGINT)
    wait_for(child, "Session summary")
    wait_for_pattern(child, pexpect.EOF)
    assert child.wait() == 0
    assert "Traceback" not in child.before
    assert [a.verdict for a in rows(tmp_path / "progress.db")] == ["correct"]
