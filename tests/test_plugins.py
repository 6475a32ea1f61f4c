"""Plugins: a topic added through the hooks alone, found in a plugins directory and
through an installed entry point; built-ins registered the same way; errors one line."""

from __future__ import annotations

import json
import textwrap

import pytest

from helpers import ROOT, TEST_PLUGINS, invoke_tutor, run_tutor


def _ids(result) -> set:
    assert result.returncode == 0, result.stderr
    return {item["id"] for item in json.loads(result.stdout)}


def test_topic_plugin_found_in_plugins_dir_option():
    assert {"momentum-step-1d", "momentum-helps"} <= _ids(invoke_tutor("--plugins-dir", TEST_PLUGINS, "list", "--json"))


def test_topic_plugin_found_in_plugins_dir_environment_variable():
    result = invoke_tutor("list", "--json", env={"TUTOR_PLUGINS_DIR": str(TEST_PLUGINS)})
    assert "momentum-step-1d" in _ids(result)


def test_without_the_plugin_its_topic_is_absent():
    assert "momentum-step-1d" not in _ids(invoke_tutor("list", "--json"))


def test_topic_plugin_found_through_installed_entry_point(tmp_path):
    dist_info = tmp_path / "tutor_topic_demo-0.1.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: tutor-topic-demo\nVersion: 0.1\n")
    (dist_info / "entry_points.txt").write_text("[tutor]\nmomentum = tutor_topic_demo\n")
    pythonpath = f"{TEST_PLUGINS}:{tmp_path}"
    ids = _ids(run_tutor("list", "--json", env={"PYTHONPATH": pythonpath}))
    assert "momentum-step-1d" in ids
    shown = run_tutor("show", "momentum-step-1d", "--seed", "2", env={"PYTHONPATH": pythonpath})
    assert shown.returncode == 0 and "momentum" in shown.stdout.lower()


def test_plugin_command_is_added_to_the_cli():
    result = invoke_tutor("--plugins-dir", TEST_PLUGINS, "momentum-demo")
    assert result.returncode == 0
    assert "hello from the momentum plugin" in result.stdout


def test_plugin_operation_kind_filter_and_diagnosis_work_together(demo_registry):
    from tutor.exercises import instantiate
    from tutor.exercises.loader import load_library

    library = load_library(demo_registry)
    problem = instantiate(library["momentum-step-1d"], 4, demo_registry)
    assert "%" in problem.prompt  # the plugin's Jinja filter
    assert problem.check(problem.answer_text).correct
    forgot = problem.values["forgot"]
    verdict = problem.check(str(float(forgot)))
    if forgot != problem.expected.value:
        assert verdict.status == "incorrect"
        assert "left out the velocity" in verdict.message
        assert verdict.score == 0.25
    yes_no = instantiate(library["momentum-helps"], 0, demo_registry)
    assert yes_no.check("Yes").correct
    assert yes_no.check("no").status == "incorrect"
    assert yes_no.check("maybe").status == "invalid"


def test_built_in_topics_are_plugins_registered_through_the_same_hooks(registry):
    from tutor.plugins import DEFAULT_PLUGINS

    names = {name for name, _ in registry.manager.list_name_plugin()}
    assert set(DEFAULT_PLUGINS) <= names
    for hook in ("exercise_dirs", "register_operations", "register_answer_kinds", "diagnose"):
        implementers = {impl.plugin_name for impl in getattr(registry.manager.hook, hook).get_hookimpls()}
        assert implementers & set(DEFAULT_PLUGINS), hook


def test_misspelt_hook_is_caught_at_start_up(tmp_path):
    (tmp_path / "typo.py").write_text(textwrap.dedent("""
        from tutor import hookimpl

        @hookimpl
        def exercise_dir():
            return []
    """))
    result = invoke_tutor("--plugins-dir", tmp_path, "list")
    assert result.returncode == 1
    assert "exercise_dir" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_broken_plugin_is_one_clear_line(tmp_path):
    (tmp_path / "broken.py").write_text("import no_such_module_anywhere\n")
    result = invoke_tutor("--plugins-dir", tmp_path, "list")
    assert result.returncode == 1
    assert "broken.py" in result.stderr and "no_such_module_anywhere" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_plugins_dir_is_reported(tmp_path):
    result = invoke_tutor("--plugins-dir", tmp_path / "nowhere", "list")
    assert result.returncode == 1
    assert "does not exist" in result.stderr


def test_two_plugins_registering_one_operation_conflict(tmp_path):
    from tutor.errors import TutorError
    from tutor.registry import Registry

    (tmp_path / "clash.py").write_text(textwrap.dedent("""
        from tutor import hookimpl

        @hookimpl
        def register_operations(register):
            register("gradient", lambda f: f)
    """))
    with pytest.raises(TutorError, match="gradient"):
        Registry.load([str(tmp_path)])


def test_help_does_not_load_sympy_even_with_plugins_dir():
    import subprocess
    import sys

    code = ("import sys; from tutor.cli import main\n"
            "try:\n    main(['--plugins-dir', %r, '--help'])\nexcept SystemExit:\n    pass\n"
            "print('sympy' in sys.modules)") % str(TEST_PLUGINS)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip().splitlines()[-1] == "False"
