"""Worked solutions a student can read (issue 19): levels of detail in the step renderer (1 the
method, 2 the rules applied to non-trivial parts, 3 everything, unchanged from before levels),
trivial rules merged into their parent's line, solutions that stop at the answer with an
opt-in "going further" note, and the levels in the quiz, tutor show, tutor solve and worksheets."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import ROOT
from quiz_course import Student, counting_clock
from steps_snapshot_19 import SEEDS, SNAPSHOT, exercise_renderings, solve_renderings
from tutor.cli import cli

MAX_LEVEL_1_LINES = 8
HESSIAN = "hessian-course-example"
H_LINE = "H = [[4, −1], [−1, 6]]"


def _library():
    from tutor.exercises.loader import load_library
    from tutor.registry import get_registry

    registry = get_registry([], load=None)  # the built-ins and every installed plugin
    return registry, load_library(registry)


REGISTRY, LIBRARY = _library()
PLUGIN_EXERCISES = sorted(i for i, s in LIBRARY.items() if Path(s.source).parent != ROOT / "exercises")


def problem(exercise_id, seed=0):
    from tutor.exercises import instantiate

    return instantiate(LIBRARY[exercise_id], seed, REGISTRY)


def tree_of(exercise_id, seed=0, whole=False):
    """The last step tree of an exercise's solution (a list of top-level steps)."""
    from tutor.exercises.solution import last_step_tree, worked_solution
    from tutor.solutions import solution_entries

    here = problem(exercise_id, seed)
    return last_step_tree(worked_solution(here, whole=True) if whole else solution_entries(here))


def run(*args):
    return CliRunner().invoke(cli, list(args))


# -- level 3 is today's full tree ----------------------------------------------------------------


def test_the_library_and_the_installed_plugins_are_all_here():
    assert len(LIBRARY) >= 150 and len(PLUGIN_EXERCISES) >= 30


@pytest.mark.slow
def test_level_3_is_the_full_tree_as_it_was_before_levels():
    from tutor.steps.render import render

    snapshot = json.load(gzip.open(SNAPSHOT, "rt", encoding="utf-8"))
    assert set(snapshot["exercises"]) == {f"{i}@{seed}" for i in LIBRARY for seed in SEEDS}
    now = exercise_renderings(lambda tree, style: render(tree, style, detail=3))
    changed = sorted(key for key in snapshot["exercises"] if now[key] != snapshot["exercises"][key])
    assert changed == []
    default = exercise_renderings(lambda tree, style: render(tree, style))  # the API's default: every step
    assert default == now
    for full in ("3", "full"):
        assert solve_renderings(full) == snapshot["solve"]


def test_a_solution_that_stops_at_the_answer_is_the_full_tree_cut_after_a_top_level_step():
    from tutor.steps.render import render

    for exercise_id in ("hessian-of-a-quadratic", "hessian-eigenvalues", HESSIAN):
        whole, cut = tree_of(exercise_id, whole=True), tree_of(exercise_id)
        assert 0 < len(cut) < len(whole) and whole[:len(cut)] == cut
        shown, full = render(cut, detail=3).splitlines(), render(whole, detail=3).splitlines()
        assert full[:len(shown)] == shown and full[len(shown)].startswith(f"{len(cut) + 1}. ")


# -- every library and plugin exercise at a few seeds ----------------------------------------------


def _level_1_shows_the_answer(here, lines) -> bool:
    from tutor.exercises.solution import accepts, names_shown, unwrapped
    from tutor.practice.display import expected_pretty

    if any(accepts(here, unwrapped(line.step.after)) for line in lines):
        return True
    shown = set()
    for kind, text in here.spec.solution:
        if kind == "text":
            shown |= names_shown(text, here.registry.jinja)
    if "answer" in shown or any(accepts(here, unwrapped(here.values[n])) for n in sorted(shown) if n in here.values):
        return True
    return expected_pretty(here) in "\n".join(e for e in here.solution if isinstance(e, str))


@pytest.mark.slow
@pytest.mark.parametrize("exercise_id", sorted(LIBRARY))
def test_level_1_is_short_and_shows_the_answer_and_no_line_below_3_is_a_trivial_rule(exercise_id):
    from tutor.exercises.solution import last_step_tree
    from tutor.solutions import render_solution, solution_entries
    from tutor.steps.lines import render_line
    from tutor.steps.model import is_trivial
    from tutor.steps.render import step_lines

    for seed in SEEDS:
        here = problem(exercise_id, seed)
        text = render_solution(here, "unicode", 1)
        assert len(text.splitlines()) <= MAX_LEVEL_1_LINES, (exercise_id, seed, text)
        entries = solution_entries(here)
        tree = last_step_tree(entries)
        if tree:
            lines = step_lines(tree, "unicode", detail=1)
            assert _level_1_shows_the_answer(here, lines), (exercise_id, seed, text)
        else:  # text lines only (tutor validate holds them to the answer): level 1 hides none of them
            assert text == render_solution(here, "unicode", 3).split("\nGoing further")[0]
        for entry in (e for e in entries if not isinstance(e, str)):
            for detail in (1, 2):
                for line in step_lines(entry, "unicode", detail=detail):
                    assert line.level <= detail
                    if line.step.is_derivative and is_trivial(line.step):  # only as its equation: a partial, say
                        assert line.text == render_line(line.step, "unicode", "∂" in line.text, folded=True)
                        assert " rule" not in line.text, (exercise_id, line.text)


# -- the model's levels ---------------------------------------------------------------------------


def test_trivial_rules_merge_into_their_parents_line_and_their_non_trivial_parts_move_up():
    import sympy

    from tutor.language import variable
    from tutor.steps import derivative_steps, render

    x = variable("x")
    tree = derivative_steps(3 * x**2 + sympy.sin(x**2), x)  # a sum: 3x² (trivial) and a chain rule
    assert render(tree, detail=1) == "1. d/dx [3·x² + sin(x²)] = 2·x·cos(x²) + 6·x"
    two = render(tree, detail=2).splitlines()
    assert two[1].startswith("   1.1. d/dx [sin(x²)] = 2·x·cos(x²) by the chain rule")
    assert not any("3·x²]" in line or "power rule" in line for line in two)
    three = render(tree, detail=3)
    assert "by the sum rule" in three and "by the power rule" in three and "d/dx [3·x²]" in three


def test_each_step_has_a_level_in_its_data():
    from tutor.language import variable
    from tutor.steps import hessian_steps

    x, y = variable("x"), variable("y")
    data = [step.to_dict() for step in hessian_steps(2 * x**2 + 3 * y**2 - x * y, [x, y])]
    assert [d["level"] for d in data] == [1, 1, 1, 1, 1]
    partial = data[1]["substeps"][0]
    assert (partial["rule"], partial["level"]) == ("treat_as_constant", 2)
    assert partial["substeps"][0]["rule"] == "sum" and partial["substeps"][0]["level"] == 3
    assert all(s["level"] == 3 for s in partial["substeps"][0]["substeps"])


def test_a_detail_is_1_2_or_3():
    from tutor.language import variable
    from tutor.steps import derivative_steps, render
    from tutor.steps.render import detail_level

    assert [detail_level(d) for d in (1, "2", 3, "full", "method")] == [1, 2, 3, 3, 2]
    for wrong in (0, 4, "all", None, True):
        with pytest.raises(ValueError, match="unknown detail"):
            render(derivative_steps(variable("x") ** 2, variable("x")), detail=wrong)
    result = run("solve", "derivative", "x^2", "--detail", "4")
    assert result.exit_code == 2 and "Traceback" not in result.output


# -- the Hessian example -----------------------------------------------------------------------------


def test_the_hessian_example_at_level_1_ends_at_h_and_level_2_shows_the_second_partials():
    from tutor.solutions import render_solution

    here = problem(HESSIAN)
    one = render_solution(here, "unicode", 1).splitlines()
    assert len(one) <= 6 and one[-1].endswith(H_LINE)
    assert not any(word in "\n".join(one) for word in ("eigenvalue", "minimum", "λ"))
    two = render_solution(here, "unicode", 2)
    for second in ("∂/∂x [4·x − y] = 4", "∂/∂y [4·x − y] = −1", "∂/∂y [6·y − x] = 6", "f_xy = f_yx = −1"):
        assert second in two
    assert "by the sum rule" not in two and "eigenvalue" not in two
    three = render_solution(here, "unicode", 3)
    solution, further = three.split("Going further (beyond what the exercise asks):\n")
    assert "by the sum rule" in solution and "eigenvalue" not in solution
    assert "λ² − 10·λ + 23" in further and "minimum" in further


def _quiz(student, exercise_id=HESSIAN, tmp_path=None):
    from tutor.exercises import instantiate
    from tutor.practice.session import Quiz
    from tutor.practice.store import open_store

    with open_store(tmp_path / "p.db") as store:
        Quiz([LIBRARY[exercise_id]], lambda spec, seed: instantiate(spec, seed, REGISTRY), store,
             read=student.read, write=student.write, user="ada", seed=3, count=1, clock=counting_clock()).run()
        return store.attempts("ada")


def _shown_solutions(output: list[str]) -> list[list[str]]:
    """The worked solutions written, each the lines under its heading."""
    shown, current = [], None
    for line in output:
        if line.startswith("Worked solution"):
            current = [line]
            shown.append(current)
        elif current is not None and line.startswith("  "):
            current.append(line)
        else:
            current = None
    return shown


def test_the_quiz_shows_level_1_then_more_then_every_step(tmp_path):
    student = Student(["steps", "more", "more", "more", "steps", "steps all", "[[4, -1], [-1, 6]]"])
    attempts = _quiz(student, tmp_path=tmp_path)
    shown = _shown_solutions(student.output)
    assert [s[0] for s in shown] == ["Worked solution:", "Worked solution, detail 2 of 3:",
                                     "Worked solution, every step:", "Worked solution:",
                                     "Worked solution, every step:"]
    first = shown[0][1:]
    assert len(first) <= 6 and first[-1].endswith(H_LINE)
    assert "∂/∂x [4·x − y] = 4" in "\n".join(shown[1]) and "by the sum rule" not in "\n".join(shown[1])
    assert "by the sum rule" in "\n".join(shown[2]) and "Going further" in "\n".join(shown[2])
    assert "(that was every step already)" in student.text
    assert student.text.count("(more: more detail; steps all: every rule)") == 3
    assert [(a.verdict, a.steps_shown) for a in attempts] == [("correct", True)]


def test_more_before_steps_starts_at_level_1_and_a_reveal_shows_level_2(tmp_path):
    student = Student(["more", "skip"])
    _quiz(student, tmp_path=tmp_path)
    assert [s[0] for s in _shown_solutions(student.output)] == ["Worked solution:"]
    student = Student(["skip"])
    _quiz(student, tmp_path=tmp_path / "again")
    [revealed] = _shown_solutions(student.output)
    assert revealed[0] == "Worked solution, detail 2 of 3:" and "∂/∂x [4·x − y] = 4" in "\n".join(revealed)


def test_help_lists_more():
    from tutor.practice.commands import command_of, help_lines

    assert any(line.split()[:1] == ["more"] for line in help_lines())
    assert command_of("  Steps   ALL ") == "steps all" and command_of("solution all") == "steps all"


# -- the commands ----------------------------------------------------------------------------------


def test_solve_detail_defaults_to_2_and_json_keeps_the_whole_tree_with_levels():
    expr = ("hessian", "2x^2 + 3y^2 - xy")
    default, one, three = (run("solve", *expr, *extra).stdout for extra in ((), ("--detail", "1"), ("--detail", "3")))
    assert default == run("solve", *expr, "--detail", "2").stdout
    assert "∂/∂x [4·x − y] = 4" in default and "by the sum rule" not in default
    assert not re.search(r"^\s+\d+\.\d+\.", one, re.M) and "by the sum rule" in three
    data = json.loads(run("solve", *expr, "--json", "--detail", "1").stdout)

    def walk(steps):
        for step in steps:
            yield step
            yield from walk(step["substeps"])

    levels = {step["level"] for step in walk(data["steps"])}
    assert levels == {1, 2, 3} and any(s["rule"] == "variable" for s in walk(data["steps"]))
    backprop = run("solve", "backprop", "--wrt", "w1", "--detail", "1").stdout
    assert backprop.startswith("1. ∂L/∂w₁ = ∂z/∂w₁·∂ŷ/∂z·∂L/∂ŷ") and "from ŷ = σ(z)" not in backprop


def test_show_takes_a_detail_and_its_json_keeps_the_whole_tree():
    one = run("show", HESSIAN, "--detail", "1").stdout
    assert one.rstrip().endswith(H_LINE) and "Going further" not in one
    assert "Going further" in run("show", HESSIAN).stdout  # detail 3 by default
    data = json.loads(run("show", HESSIAN, "--detail", "1", "--json").stdout)
    assert data["detail"] == 1 and data["solution"].endswith(H_LINE)
    steps = data["solution_steps"]["entries"][-1]["steps"]
    assert [s["rule"] for s in steps] == ["gradient", "hessian"] and steps[0]["level"] == 1
    assert steps[1]["substeps"][0]["level"] == 2
    further = data["solution_steps"]["going_further"]
    assert further[0]["text"].startswith("H is constant") and further[1]["steps"][-1]["rule"] == "classify"


def test_worksheet_answer_keys_show_level_1():
    markdown = run("generate", HESSIAN, "--seed", "1").stdout
    key = markdown.split("## Answer key", 1)[1]
    assert "   2. The Hessian holds the second partial derivatives: $H = " in key
    assert "∂/∂x" not in key and "eigenvalues" not in key
    latex = run("generate", HESSIAN, "--format", "latex").stdout
    assert r"\item The Hessian holds the second partial derivatives" in latex.split(r"\section*{Answer key}")[1]
    data = json.loads(run("generate", HESSIAN, "--format", "json").stdout)
    [item] = data["problems"]
    assert item["solution"].endswith(H_LINE) and item["solution_steps"]["entries"][-1]["steps"][0]["level"] == 1
    assert "solution" not in json.loads(run("generate", HESSIAN, "--format", "json", "--no-key").stdout)["problems"][0]


# -- what the exercise asked, and going further -------------------------------------------------------


def test_solutions_end_at_the_answer():
    assert [s.rule for s in tree_of(HESSIAN)] == ["gradient", "hessian"]
    assert [s.rule for s in tree_of("hessian-eigenvalues")] == ["characteristic_polynomial", "eigenvalues"]
    assert [s.rule for s in tree_of("hessian-at-a-point")] == ["gradient", "hessian"]  # no classifying: not critical
    assert tree_of("classify-by-eigenvalues")[-1].rule == "classify"  # asked for: kept
    assert tree_of("backprop-hidden-parameter")[-1].rule == "cancel"  # the answer, rewritten: kept
    whole = tree_of("hessian-of-a-quadratic", whole=True)
    assert [s.rule for s in whole][-3:] == ["characteristic_polynomial", "eigenvalues", "classify"]


GOING_FURTHER = """
topic: going-further-demo
exercises:
  - id: gf-hessian
    title: A Hessian with a note beyond it
    variables: [x, y]
    parameters: {a: {int: [1, 4]}}
    define: {f: "a*x^2 + y^2"}
    prompt: "Find the Hessian of {{ f }}."
    answer: {value: "hessian(f, [x, y])"}
    solution:
      - steps: "hessian_steps(f, [x, y])"
    going_further:
      - "Both eigenvalues are positive."
      - steps: "eigen_steps(hessian(f, [x, y]))"
"""


def _read(tmp_path, text):
    from tutor.exercises.loader import read_file

    path = tmp_path / "gf.yaml"
    path.write_text(text, encoding="utf-8")
    return read_file(path, tuple(REGISTRY.kinds))


def test_going_further_is_read_shown_apart_at_level_3_and_validated(tmp_path):
    from tutor.errors import TutorError
    from tutor.exercises import instantiate
    from tutor.exercises.validate import Report, validate_exercise
    from tutor.solutions import GOING_FURTHER as HEADING, render_solution

    [spec] = _read(tmp_path, GOING_FURTHER)
    assert spec.going_further[0] == ("text", "Both eigenvalues are positive.")
    here = instantiate(spec, 2, REGISTRY)
    assert [s.rule for s in here.solution[0]] == ["gradient", "hessian"]
    for detail in (1, 2):
        assert HEADING not in render_solution(here, "unicode", detail)
    full = render_solution(here, "text", 3)
    assert full.split(HEADING + "\n")[1].startswith("Both eigenvalues are positive.\n1. ")
    report = Report()
    validate_exercise(spec, REGISTRY, range(5), report)
    assert report.ok, [f.line() for f in report.failures]
    with pytest.raises(TutorError, match="going_further"):
        _read(tmp_path, GOING_FURTHER.replace('      - "Both eigenvalues are positive."', "      - {stepz: x}"))
    [broken] = _read(tmp_path, GOING_FURTHER.replace("eigen_steps(hessian(f, [x, y]))", "eigen_steps(f)"))
    report = Report()
    validate_exercise(broken, REGISTRY, range(2), report)
    assert not report.ok and any(f.field and f.field.startswith("going_further") for f in report.failures)
