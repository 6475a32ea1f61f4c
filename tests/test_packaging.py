"""A non-editable install finds the exercise library from outside the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from helpers import ROOT


@pytest.mark.slow
@pytest.mark.xdist_group("builds-the-source-tree")  # pip builds in ROOT/build: one at a time
def test_installed_copy_lists_the_library_outside_the_source_tree(tmp_path):
    target = tmp_path / "site"
    build = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                            "--target", str(target), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("TUTOR_PLUGINS_DIR", None)
    where = subprocess.run([sys.executable, "-c", "import tutor, tutor_exercises; print(tutor.__file__); "
                            "print(tutor_exercises.__file__)"], capture_output=True, text=True, env=env,
                           cwd=elsewhere)
    assert where.returncode == 0, where.stderr
    assert all(line.startswith(str(target)) for line in where.stdout.split()), where.stdout
    listed = subprocess.run([sys.executable, "-m", "tutor", "list", "--json"], capture_output=True, text=True,
                            env=env, cwd=elsewhere)
    assert listed.returncode == 0, listed.stderr
    exercises = json.loads(listed.stdout)
    assert len(exercises) >= 40
    built_in = [e for e in exercises if not e["source"].startswith(str(ROOT / "plugins"))]  # not CI's plugins
    assert len(built_in) >= 40 and all(e["source"].startswith(str(target)) for e in built_in)
