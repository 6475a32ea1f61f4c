"""Shared fixtures: paths, and running the ``tutor`` command in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEST_PLUGINS = ROOT / "tests" / "plugins"


def run_tutor(*args, env=None, cwd=None, input=None, timeout=120):
    """Run ``python -m tutor ARGS`` and return the CompletedProcess (text mode)."""
    environment = {**os.environ, **(env or {})}
    environment.pop("TUTOR_PLUGINS_DIR", None) if env is None or "TUTOR_PLUGINS_DIR" not in env else None
    return subprocess.run([sys.executable, "-m", "tutor", *map(str, args)], capture_output=True, text=True,
                          env=environment, cwd=cwd or ROOT, input=input, timeout=timeout)


@pytest.fixture
def tutor_cli():
    return run_tutor


@pytest.fixture(scope="session")
def registry():
    """The built-in plugins only: no plugins directory, no installed plugin (tutor-optimizers among them)."""
    from tutor.registry import get_registry

    return get_registry([], load=())


@pytest.fixture(scope="session")
def demo_registry():
    """The built-ins and the tests' plugins directory (tests/plugins), no installed plugin."""
    from tutor.registry import get_registry

    return get_registry([str(TEST_PLUGINS)], load=())
