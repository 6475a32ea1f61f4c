"""The register_method_rules hook: a plugin's method step rule joins the step model, renders in
every style with its template, takes part in the levels of detail, and a name clash (with a
built-in rule or another plugin's) is one line naming both."""

from __future__ import annotations


import pytest
import sympy as sp

from tutor.errors import TutorError
from tutor.registry import Registry
from tutor.steps import Step, render
from tutor.steps.method_rules import add_method_rule, added_rules, remove_method_rule
from tutor.steps.model import RULES, rule_named
from tutor.steps.templates import STEP_STYLES

x = sp.Symbol("x")

PLUGIN = r'''
from tutor import hookimpl


@hookimpl
def register_method_rules(register):
    register("NAME", "halve a value: h = v/2", ("value",), "4 -> 2",
             {"unicode": "Halve {{ o }}{{ m(parts.value) }}{{ c }}: {{ o }}{{ m(after) }}{{ c }} (½ of it)",
              "text": "Halve {{ m(parts.value) }}: {{ m(after) }} (half of it)",
              "markdown": "Halve {{ o }}{{ m(parts.value) }}{{ c }}: {{ o }}{{ m(after) }}{{ c }}",
              "latex": "Halve {{ o }}{{ m(parts.value) }}{{ c }}: {{ o }}\\tfrac{1}{2} {{ m(parts.value) }} = "
                       "{{ m(after) }}{{ c }}"},
             level=LEVEL)
'''


def write_plugin(directory, module, name="halve", level=2):
    (directory / f"{module}.py").write_text(PLUGIN.replace("NAME", name).replace("LEVEL", str(level)), encoding="utf-8")


@pytest.fixture
def forget_added_rules():
    before = set(added_rules())
    yield
    for name in set(added_rules()) - before:
        remove_method_rule(name)


def test_a_plugin_rule_is_registered_and_renders_in_every_style(tmp_path, forget_added_rules):
    write_plugin(tmp_path, "halving")
    registry = Registry.load([str(tmp_path)], load=())
    assert set(registry.method_rules) == {"halve"}
    assert rule_named("halve").parts == ("value",) and rule_named("halve").kind == "method"
    assert "halve" not in RULES  # the built-in list is unchanged
    step = Step("halve", x**2, x**2 / 2, None, {"value": x**2}, "halved")
    lines = {style: render(step, style) for style in STEP_STYLES}
    assert "Halve x²: x²/2 (½ of it)" in lines["unicode"]
    assert "Halve x^2: x^2/2 (half of it)" in lines["text"]
    assert "Halve $x^{2}$: $\\frac{x^{2}}{2}$" in lines["markdown"]
    assert "\\tfrac{1}{2} x^{2} = \\frac{x^{2}}{2}" in lines["latex"]
    assert step.to_dict()["rule"] == "halve"


def test_a_step_of_a_plugin_rule_needs_its_parts(tmp_path, forget_added_rules):
    write_plugin(tmp_path, "halving")
    Registry.load([str(tmp_path)], load=())
    with pytest.raises(ValueError, match="needs the parts value"):
        Step("halve", x, x / 2, None, {}, "halved")


@pytest.mark.parametrize("level, shown_at", [(1, 1), (2, 2), (3, 3)])
def test_a_plugin_rule_has_its_level_of_detail_below_a_method_step(tmp_path, forget_added_rules, level, shown_at):
    write_plugin(tmp_path, f"halving_at_{level}", level=level)
    Registry.load([str(tmp_path)], load=())
    inner = Step("halve", sp.Integer(8), sp.Integer(4), None, {"value": sp.Integer(8)}, "halved")
    outer = Step("halve", sp.Integer(16), sp.Integer(4), None, {"value": sp.Integer(16)}, "halved twice", [inner])
    for detail in (1, 2, 3):
        text = render(outer, "text", detail=detail)
        assert ("Halve 8" in text) == (detail >= shown_at), (level, detail, text)
        assert "Halve 16" in text
    assert outer.to_dict()["substeps"][0]["level"] == shown_at


def test_the_default_template_writes_the_reason_and_the_equation(forget_added_rules):
    add_method_rule("plainly", "a rule with no template", ("p",), "1 -> 1", owner="tests")
    step = Step("plainly", x + 1, x - 1, None, {"p": 1}, "shifted by 2")
    for style in STEP_STYLES:
        assert render(step, style).strip(), style
    assert "shifted by 2: x + 1 = x − 1" in render(step, "unicode")


def test_two_plugins_registering_one_method_rule_are_refused_naming_both(tmp_path, forget_added_rules):
    write_plugin(tmp_path, "first_halving")
    write_plugin(tmp_path, "second_halving")
    with pytest.raises(TutorError) as raised:
        Registry.load([str(tmp_path)], load=())
    message = str(raised.value)
    assert "step rule" in message and "'halve'" in message
    assert "dir:first_halving" in message and "dir:second_halving" in message
    assert "\n" not in message
    assert "halve" not in added_rules()


def test_a_plugin_rule_named_as_a_built_in_one_is_refused_naming_both(tmp_path, forget_added_rules):
    write_plugin(tmp_path, "shadowing", name="gradient")
    with pytest.raises(TutorError) as raised:
        Registry.load([str(tmp_path)], load=())
    message = str(raised.value)
    assert "'gradient'" in message and "dir:shadowing" in message and "built-in" in message
    assert "\n" not in message
    assert rule_named("gradient") is RULES["gradient"]


def test_a_rule_another_plugin_added_in_this_process_is_refused_naming_both(tmp_path, forget_added_rules):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    write_plugin(first, "halving_a")
    write_plugin(second, "halving_b")
    Registry.load([str(first)], load=())
    Registry.load([str(first)], load=())  # the same plugin again: its rule is replaced, not refused
    with pytest.raises(TutorError, match="dir:halving_a and dir:halving_b"):
        Registry.load([str(second)], load=())


@pytest.mark.parametrize("options, complaint", [
    ({"kind": "derivative"}, "register_step_rules"),
    ({"level": 4}, "levels are 1, 2, 3"),
    ({"top_level": 0}, "levels are 1, 2, 3"),
    ({"template": "{{ unclosed"}, "does not compile"),
    ({"template": {"unicode": "only one style"}}, "one per style"),
])
def test_a_malformed_rule_is_one_clear_line(options, complaint, forget_added_rules):
    with pytest.raises(TutorError) as raised:
        add_method_rule("malformed", "a rule", ("p",), "1 -> 1", owner="tests", **options)
    assert complaint in str(raised.value) and "\n" not in str(raised.value)
    assert "malformed" not in added_rules()


def test_an_unknown_rule_is_still_refused():
    with pytest.raises(ValueError, match="unknown step rule 'no_such_rule'"):
        Step("no_such_rule", x, x, None, {}, "")
