"""`tutor new exercise` and `tutor new plugin`: skeletons that validate, packages that install
and pass their own tests, names checked, nothing overwritten."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from helpers import ROOT, invoke_tutor


def test_exercise_skeleton_validates_as_written(tmp_path):
    out = tmp_path / "skeletons" / "chain.yaml"
    result = invoke_tutor("new", "exercise", "chain-rule-demo", "--topic", "demo-derivatives", "--out", out)
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    text = out.read_text(encoding="utf-8")
    assert "id: chain-rule-demo" in text and "topic: demo-derivatives" in text
    checked = invoke_tutor("validate", out, "--seeds", "60")
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.strip().splitlines()[-1] == "1 exercises, 60 variants: ok"


def test_exercise_skeleton_comments_every_field(registry):
    from tutor.exercises.spec import ANSWER_FIELDS, DIAGNOSIS_FIELDS, EXERCISE_FIELDS, PARAMETER_KINDS
    from tutor.scaffold import exercise_skeleton

    text = exercise_skeleton("skeleton-check", "demo")
    lines = text.splitlines()
    for name in EXERCISE_FIELDS | ANSWER_FIELDS | DIAGNOSIS_FIELDS | set(PARAMETER_KINDS) | {"exclude", "places"}:
        assert any(f"{name}:" in line for line in lines), f"the skeleton does not show {name}"
    assert sum(1 for line in lines if line.lstrip().startswith("#")) >= 20
    for kind in registry.kinds:
        if kind in ("expression", "number", "vector", "matrix", "set", "choice"):
            assert kind in text


def test_exercise_default_file_is_the_id_in_the_current_directory(tmp_path):
    result = invoke_tutor("new", "exercise", "my-exercise", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "my-exercise.yaml").is_file()
    assert "topic: my-exercise" in (tmp_path / "my-exercise.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [
    ("new", "exercise", "Not_An_Id"),
    ("new", "exercise", "fine-id", "--topic", "Bad Topic"),
    ("new", "plugin", "Bad!"),
    ("new", "plugin", "tutor-"),
    ("new", "plugin", "9lives"),
])
def test_bad_names_are_one_line_usage_errors(tmp_path, args):
    result = invoke_tutor(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "must be lower-case words" in result.stderr or "needs a word" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_nothing_is_overwritten(tmp_path):
    existing = tmp_path / "mine.yaml"
    existing.write_text("my work\n", encoding="utf-8")
    result = invoke_tutor("new", "exercise", "mine", "--out", existing)
    assert result.returncode == 2 and "refusing to overwrite" in result.stderr
    assert existing.read_text(encoding="utf-8") == "my work\n"
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "README.md").write_text("mine\n", encoding="utf-8")
    plugin = invoke_tutor("new", "plugin", "demo", cwd=tmp_path)
    assert plugin.returncode == 2 and "README.md" in plugin.stderr
    assert sorted(p.name for p in (tmp_path / "demo").iterdir()) == ["README.md"]


def test_plugin_names_follow_from_the_name():
    from tutor.scaffold import plugin_files, plugin_names

    names = plugin_names("tutor-line-search")
    assert (names["distribution"], names["module"], names["topic"], names["short_name"]) == \
        ("tutor-line-search", "tutor_line_search", "line-search", "line_search")
    files = plugin_files("line-search")
    assert set(files) == {"pyproject.toml", "README.md", "tutor_line_search/__init__.py",
                          "tutor_line_search/exercises/line-search.yaml", "tests/test_tutor_line_search.py"}
    assert '[project.entry-points.tutor]\nline_search = "tutor_line_search"' in files["pyproject.toml"]
    assert "{{ f }}" in files["tutor_line_search/exercises/line-search.yaml"]  # prompts pass through


def _pip_target(source, target):
    build = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                            str(target), str(source)], capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr


@pytest.mark.slow
@pytest.mark.xdist_group("builds-the-source-tree")  # pip builds in ROOT/build: one at a time
def test_a_new_plugin_installs_lists_its_exercise_and_passes_its_own_test(tmp_path):
    """From a non-editable install of tutor (templates shipped as package data), outside the tree."""
    tutor_site, plugin_site, work = tmp_path / "tutor-site", tmp_path / "plugin-site", tmp_path / "work"
    work.mkdir()
    _pip_target(ROOT, tutor_site)
    env = {**os.environ, "PYTHONPATH": str(tutor_site)}
    env.pop("TUTOR_PLUGINS_DIR", None)

    def run(*args, cwd=work):
        return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd,
                              timeout=600)

    made = run("-m", "tutor", "new", "plugin", "demo")
    assert made.returncode == 0, made.stderr
    _pip_target(work / "demo", plugin_site)
    env["PYTHONPATH"] = f"{tutor_site}{os.pathsep}{plugin_site}"
    listed = run("-m", "tutor", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    exercises = {e["id"]: e for e in json.loads(listed.stdout)}
    assert exercises["demo-average-rate"]["source"].startswith(str(plugin_site))
    tested = run("-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=work / "demo")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "5 passed" in tested.stdout
