"""``tutor review`` on a real pseudo-terminal: after an answer, with the clock (TUTOR_CLOCK, fixed for
tests) moved a day ahead, the exercise now due is asked before any new one; and the quiz wraps
its text to a narrow terminal. Waits are for output, never for time."""

from __future__ import annotations

import os
import re
import sys

import pytest

from helpers import ROOT
from quiz_course import RIGHT, TOPICS, WRONG, plugins_dir, quiz_env, rows
from tutor.practice.wrap import text_width

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.slow

PROMPT = "answer> "
HEADER = re.compile(r"── Problem (\d+) of (\d+) · \S+ · [^\[]*\[([a-z0-9-]+), seed (\d+)\]")
TIMEOUT = 300  # a hang guard for a loaded machine, not a measurement
DAY0 = "2026-03-02T09:00:00+00:00"
DAY1 = "2026-03-03T09:00:00+00:00"


def spawn(tmp_path, plugins, clock, *args, columns=200):
    env = {**os.environ, **quiz_env(tmp_path), "TUTOR_CLOCK": clock, "TERM": "dumb"}
    env.pop("TUTOR_PLUGINS_DIR", None)
    return pexpect.spawn(sys.executable, ["-m", "tutor", "--plugins-dir", str(plugins), *map(str, args)],
                         env=env, cwd=str(ROOT), encoding="utf-8", timeout=TIMEOUT, dimensions=(40, columns))


def next_problem(child):
    child.expect(HEADER, timeout=TIMEOUT)
    header = child.match
    child.expect_exact(PROMPT, timeout=TIMEOUT)
    return header.group(3), header.group(0)


def finish(child):
    child.expect(pexpect.EOF, timeout=TIMEOUT)
    child.close()
    assert (child.exitstatus, child.signalstatus) == (0, None)
    assert "Traceback" not in child.before


def answer(child, text, verdict="✓ correct"):
    child.sendline(text)
    child.expect_exact(verdict, timeout=TIMEOUT)


def test_review_a_day_later_asks_the_due_exercise_first(tmp_path):
    plugins = plugins_dir(tmp_path)
    topics = ("--topic", TOPICS[0], "--topic", TOPICS[1])
    # day 0: the square right at once (easy: due in days), the cube after a wrong try (hard: due in
    # minutes); a new-material order would put the cube (difficulty 2) after the other two
    child = spawn(tmp_path, plugins, DAY0, "quiz", "--exercise", "qd-square", "--exercise", "qd-cube",
                  "--count", "2", "--seed", "3")
    assert next_problem(child)[0] == "qd-square"
    answer(child, RIGHT["qd-square"])
    assert next_problem(child)[0] == "qd-cube"
    answer(child, WRONG["qd-cube"], "✗ incorrect")
    child.expect_exact(PROMPT, timeout=TIMEOUT)
    answer(child, RIGHT["qd-cube"])
    finish(child)
    # the same day: nothing is due yet, so a review offers only new material
    child = spawn(tmp_path, plugins, DAY0, "review", *topics, "--seed", "4", "--new", "1")
    child.expect_exact("0 due, 1 new", timeout=TIMEOUT)
    exercise, header = next_problem(child)
    assert exercise == "qd-gradient" and header.endswith("· new [qd-gradient, seed 4]")
    child.sendline("quit")
    finish(child)
    # a day later: the cube is due and comes first, then the new exercise; the square is not due
    child = spawn(tmp_path, plugins, DAY1, "review", *topics, "--seed", "5", "--new", "1")
    child.expect_exact("1 due, 1 new", timeout=TIMEOUT)
    exercise, header = next_problem(child)
    assert exercise == "qd-cube" and "Problem 1 of 2" in header and header.endswith("· due [qd-cube, seed 5]")
    answer(child, RIGHT["qd-cube"])
    exercise, header = next_problem(child)
    assert exercise == "qd-gradient" and "· new [" in header
    child.sendline("skip")
    child.expect_exact("Session summary", timeout=TIMEOUT)
    child.expect_exact(f"Replay: TUTOR_CLOCK={DAY1} tutor --plugins-dir {plugins} review --seed 5 "
                       f"--topic {TOPICS[0]} --topic {TOPICS[1]} --count 50 --retries 2 --new 1", timeout=TIMEOUT)
    finish(child)
    attempts = rows(tmp_path / "progress.db", "ada")
    assert [(a.exercise_id, a.verdict, a.created_at[:10]) for a in attempts][-2:] == [
        ("qd-cube", "correct", "2026-03-03"), ("qd-gradient", "skipped", "2026-03-03")]


def test_wrapped_lines_fit_the_terminal(tmp_path):
    plugins = plugins_dir(tmp_path)
    child = spawn(tmp_path, plugins, DAY0, "quiz", "--exercise", "qd-square", "--count", "1", "--seed", "1",
                  columns=32)
    seen = []
    child.expect_exact(PROMPT, timeout=TIMEOUT)
    seen.append(child.before)
    child.sendline("2x")
    child.expect_exact("2 tries left", timeout=TIMEOUT)
    seen.append(child.before)
    child.expect_exact(PROMPT, timeout=TIMEOUT)
    child.sendline("quit")
    child.expect(pexpect.EOF, timeout=TIMEOUT)
    seen.append(child.before)
    child.close()
    output = "".join(seen).replace("\r", "")
    lines = output.split("\n")
    too_long = [line for line in lines if text_width(line) > 32]
    assert [line[:17] for line in too_long] == ["Replay: TUTOR_CLO"]   # only the command to copy is left whole
    joined = " ".join(line.strip() for line in lines)
    assert "Differentiate f(x) = x² + 3·x. Give f′(x)." in joined          # wrapped, not cut
    assert "You forgot the derivative of 3·x, which is 3." in joined
    assert any("x² + 3·x" in line for line in lines)                         # the formula kept whole
    header = next(n for n, line in enumerate(lines) if line.startswith("── Problem 1 of 1"))
    assert "[qd-square, seed 1]" not in lines[header] and "[qd-square, seed 1]" in " ".join(lines[header:header + 4])
