"""A worked solution's step lines call the function what the exercise calls it: the sauna's
temperature T has the gradient ∇T and the value T(4, 4), never ∇f (a matrix H is not a function)."""

from __future__ import annotations

from click.testing import CliRunner

from tutor.cli import cli
from tutor.exercises.solution import function_named
from tutor.language.build import variable
from tutor.language.values import Matrix


def show(exercise_id: str, *options: str) -> str:
    result = CliRunner().invoke(cli, ["show", exercise_id, *options])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_sauna_steps_name_the_temperature_t():
    text = show("sauna-coolest-point", "--detail", "3")
    assert "∇T = [" in text and "T(4, 4) = 85 − 4²" in text
    assert "∇f" not in text and "f(4, 4)" not in text


def test_an_exercise_whose_function_is_f_still_says_f():
    assert "∇f = [" in show("hessian-course-example", "--detail", "1")


def test_the_name_comes_from_a_one_letter_expression_the_steps_are_called_on():
    x = variable("x")
    values = {"T": x**2, "H": Matrix(((1, 0), (0, 1))), "fx": 2 * x}
    assert function_named("critical_point_steps(T, [x, y])", values) == "T"
    assert function_named("eigen_steps(H)", values) == "f"  # a matrix is not a function
    assert function_named("derivative_steps(fx, x)", values) == "f"  # not one letter
    assert function_named("regression_steps(1)", values) == "f"


def test_the_json_tree_carries_the_name():
    from tutor.exercises import instantiate
    from tutor.exercises.loader import load_library
    from tutor.exercises.solution import last_step_tree
    from tutor.registry import get_registry
    from tutor.solutions import solution_entries

    registry = get_registry([], load=None)
    here = instantiate(load_library(registry)["sauna-coolest-point"], 0, registry)
    data = [step.to_dict() for step in last_step_tree(solution_entries(here))]
    assert data[0]["function"] == "T" and data[0]["substeps"][0]["function"] == "T"
