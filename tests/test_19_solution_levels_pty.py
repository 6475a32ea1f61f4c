"""Issue 19 on a real terminal: in ``tutor quiz``, ``steps`` on the Hessian of 2x² + 3y² − xy
shows at most 6 lines ending at H, and ``more`` reveals the second partials' rules.

Every wait is for output, never for time (the timeout is a hang guard)."""

from __future__ import annotations

import os
import sys

import pytest

from helpers import ROOT
from quiz_course import quiz_env

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.slow

TIMEOUT = 300
PROMPT = "answer> "
MORE_NOTE = "(more: more detail; steps all: every rule)"


def shown_between(child, heading: str) -> list[str]:
    """The lines the quiz printed under ``heading`` up to the note that follows a solution."""
    child.expect_exact(heading, timeout=TIMEOUT)
    child.expect_exact(MORE_NOTE, timeout=TIMEOUT)
    return [line for line in child.before.replace("\r", "").split("\n") if line.strip()]


def test_steps_then_more_on_the_hessian_example_in_a_terminal(tmp_path):
    env = {**os.environ, **quiz_env(tmp_path), "TERM": "dumb"}
    env.pop("TUTOR_PLUGINS_DIR", None)
    child = pexpect.spawn(sys.executable, ["-m", "tutor", "quiz", "--exercise", "hessian-course-example",
                                           "--count", "1", "--seed", "1"],
                          env=env, cwd=str(ROOT), encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 200))
    child.expect_exact("f(x, y) = 2x² + 3y² − xy", timeout=TIMEOUT)
    child.expect_exact(PROMPT, timeout=TIMEOUT)
    child.sendline("steps")
    first = shown_between(child, "Worked solution:")
    assert 1 <= len(first) <= 6, first
    assert first[-1].endswith("H = [[4, −1], [−1, 6]]"), first
    assert not any("λ" in line or "minimum" in line or "∂/∂x [4·x − y]" in line for line in first)
    child.expect_exact(PROMPT, timeout=TIMEOUT)
    child.sendline("more")
    second = "\n".join(shown_between(child, "Worked solution, detail 2 of 3:"))
    for rule in ("∂/∂x [4·x − y] = 4", "∂/∂y [4·x − y] = −1", "∂/∂y [6·y − x] = 6", "f_xy = f_yx = −1"):
        assert rule in second
    assert "by the sum rule" not in second and "λ" not in second
    child.expect_exact(PROMPT, timeout=TIMEOUT)
    child.sendline("quit")
    child.expect_exact("Session summary", timeout=TIMEOUT)
    child.expect(pexpect.EOF, timeout=TIMEOUT)
    child.close()
    assert (child.exitstatus, child.signalstatus) == (0, None)
    assert "Traceback" not in child.before
