"""The hostile-input suite's harness: every test runs under a memory cap and a hang guard.

A test here reproduces an attack and asserts what must hold: no code ran (the
``marker`` file is never created), no traceback, a clear one-line message, and
nothing lost for the other students. ``memory_cap`` limits the address space of
the whole test process while the test runs, so a bomb that escapes a limit fails
the test with MemoryError instead of taking the machine; ``run_capped`` does the
same for a real ``tutor`` process.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[2]
CAP_BYTES = 1 << 30  # address space a test may add to what the process already has
HANG_GUARD = 120  # seconds before a stuck test or process is failed (a guard, not a measurement)


def pytest_collection_modifyitems(items):
    """Every test of this folder gets the hang guard (pytest-timeout, thread method, so
    tutor's own SIGALRM wall-time limit is left alone)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.timeout(HANG_GUARD, method="thread"))


def _address_space() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


@pytest.fixture(autouse=True)
def memory_cap():
    """Cap the process's address space at its size now plus CAP_BYTES for the test."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = _address_space() + CAP_BYTES
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield cap
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@pytest.fixture
def marker(tmp_path) -> Path:
    """A file that an escaped payload would create; tests assert it never exists."""
    return tmp_path / "pwned.txt"


def assert_clean(output: str) -> None:
    """No traceback and no Python exception dump reached the user."""
    assert "Traceback (most recent call last)" not in output, output
    assert "Error:" not in output.split("\n")[-1] or output.count("\n") < 50, output


def run_capped(*args, cwd=None, env=None, input=None, cap_bytes: int = 2 << 30):
    """Run ``python -m tutor ARGS`` under an address-space cap and the hang guard."""

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (cap_bytes, cap_bytes))

    environment = {**os.environ, **(env or {})}
    environment.pop("TUTOR_PLUGINS_DIR", None) if not env or "TUTOR_PLUGINS_DIR" not in env else None
    return subprocess.run([sys.executable, "-m", "tutor", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=environment, input=input, timeout=HANG_GUARD, preexec_fn=limit)


# last: graded_course uses the helpers above
from .graded_course import handout, plugins  # noqa: E402, F401 -- fixtures of the grading tests here
