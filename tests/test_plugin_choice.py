"""Choosing the plugins: TUTOR_LOAD_PLUGINS (as datasette and llm have it), one registry per
choice, the tests' built-ins-only registry, and two plugins claiming one step rule."""

from __future__ import annotations

import json
import textwrap

import pytest
from click.testing import CliRunner

from tutor.cli import cli
from tutor.errors import TutorError
from tutor.plugins import DEFAULT_PLUGINS, PluginChoice, PluginError, plugin_choice
from tutor.registry import Registry, get_registry

OPTIMIZERS = "optimizers"  # the first-party plugin's entry-point name (installed by the test command)


def plugin_names(registry) -> set:
    return {name for name, _ in registry.manager.list_name_plugin()}


def listed_topics(env) -> set:
    result = CliRunner().invoke(cli, ["list", "--json"], env=env)
    assert result.exit_code == 0, result.output
    return {item["topic"] for item in json.loads(result.output)}


@pytest.mark.parametrize("value, installed", [
    (None, None),                      # unset: every installed plugin
    ("", ()),                          # empty: none besides the built-ins
    (" , ", ()),
    ("optimizers", ("optimizers",)),
    ("a, b,", ("a", "b")),
])
def test_the_variable_is_read_as_datasette_and_llm_read_theirs(value, installed):
    environ = {} if value is None else {"TUTOR_LOAD_PLUGINS": value}
    assert plugin_choice(environ=environ) == PluginChoice((), installed)


def test_arguments_win_over_the_environment():
    environ = {"TUTOR_LOAD_PLUGINS": "", "TUTOR_PLUGINS_DIR": "/a:/b"}
    assert plugin_choice(environ=environ) == PluginChoice(("/a", "/b"), ())
    assert plugin_choice([], ["x"], environ=environ) == PluginChoice((), ("x",))
    assert plugin_choice("/c", "x,y", environ=environ) == PluginChoice(("/c",), ("x", "y"))


def test_the_tests_registry_has_only_the_built_ins(registry):
    assert plugin_names(registry) == set(DEFAULT_PLUGINS)
    assert not any("tutor_optimizers" in str(directory) for directory in registry.exercise_dirs)


def test_an_installed_plugin_is_loaded_by_name_or_by_default(monkeypatch):
    assert OPTIMIZERS in plugin_names(get_registry([], load=[OPTIMIZERS]))
    assert OPTIMIZERS not in plugin_names(get_registry([], load=""))
    monkeypatch.delenv("TUTOR_LOAD_PLUGINS", raising=False)
    assert OPTIMIZERS in plugin_names(Registry.load([]))
    monkeypatch.setenv("TUTOR_LOAD_PLUGINS", "")
    assert plugin_names(Registry.load([])) == set(DEFAULT_PLUGINS)


def test_one_registry_per_choice():
    assert get_registry([], load=()) is get_registry([], load="")
    assert get_registry([], load=()) is not get_registry([], load=[OPTIMIZERS])


def test_the_cli_follows_the_variable(monkeypatch):
    monkeypatch.delenv("TUTOR_PLUGINS_DIR", raising=False)
    assert OPTIMIZERS not in listed_topics({"TUTOR_LOAD_PLUGINS": ""})
    assert OPTIMIZERS in listed_topics({"TUTOR_LOAD_PLUGINS": OPTIMIZERS})
    assert {"hessian", OPTIMIZERS} <= listed_topics({"TUTOR_LOAD_PLUGINS": None})


def test_an_unknown_plugin_name_is_one_clear_line(monkeypatch):
    with pytest.raises(PluginError, match=r"TUTOR_LOAD_PLUGINS names 'no-such-plugin', not an installed"):
        Registry.load([], "no-such-plugin")
    monkeypatch.delenv("TUTOR_PLUGINS_DIR", raising=False)
    result = CliRunner().invoke(cli, ["list"], env={"TUTOR_LOAD_PLUGINS": "no-such-plugin"})
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith("Error: TUTOR_LOAD_PLUGINS names 'no-such-plugin', not an installed tutor plugin "
                           "(installed: ")
    assert OPTIMIZERS in line


def step_rule_plugin(directory, name):
    (directory / f"{name}.py").write_text(textwrap.dedent("""
        import sympy

        from tutor import hookimpl


        @hookimpl
        def register_step_rules(register):
            register(sympy.erf, lambda expr, variable, recurse: None)
    """), encoding="utf-8")


def test_two_plugins_registering_one_step_rule_are_refused_naming_both(tmp_path):
    step_rule_plugin(tmp_path, "first_rules")
    step_rule_plugin(tmp_path, "second_rules")
    with pytest.raises(TutorError) as raised:
        Registry.load([str(tmp_path)], load=())
    message = str(raised.value)
    assert "step rule" in message and "erf" in message
    assert "dir:first_rules" in message and "dir:second_rules" in message
    assert "\n" not in message


def test_one_plugin_registering_a_step_rule_is_accepted(tmp_path):
    import sympy

    step_rule_plugin(tmp_path, "only_rules")
    assert sympy.erf in Registry.load([str(tmp_path)], load=()).step_rules
