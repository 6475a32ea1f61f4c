"""`tutor solve`: the worked examples of COURSE.md come out with the course's numbers.

Most runs use click's CliRunner in this process (fast); a few run the real command to
check exit codes, one-line errors and plugins from a directory.
"""

from __future__ import annotations

import json

import pytest
import sympy as sp
from click.testing import CliRunner

from helpers import find_steps as find
from helpers import invoke_tutor
from tutor.cli import cli
from tutor.language import parse


def solve(*args, expect=0):
    result = CliRunner().invoke(cli, ["solve", *map(str, args)], catch_exceptions=False)
    assert result.exit_code == expect, result.output
    return result.output


def solve_json(*args) -> dict:
    return json.loads(solve(*args, "--json"))


def same(text, expected, variables):
    """The answer text means the expected expression (exactly)."""
    got, want = parse(text, variables), parse(expected, variables)
    return sp.simplify(got - want) == 0


def rules(steps) -> list:
    found = []
    for step in steps:
        found.append(step["rule"])
        found.extend(rules(step["substeps"]))
    return found


# --- COURSE §2: partial derivatives, gradients, critical points ------------------------------


def test_gradient_of_x2_plus_y2_at_2_3_is_4_6():
    data = solve_json("gradient", "x^2 + y^2", "--at", "(2, 3)")
    assert data["result"] == "[4, 6]"
    assert data["steps"][0]["after"] == "[2*x, 2*y]"
    assert "treat_as_constant" in rules(data["steps"])
    text = solve("gradient", "x^2 + y^2", "--at", "(2, 3)")
    assert "∇f(2, 3) = [2·2, 2·3] = [4, 6]" in text and "Result: [4, 6]" in text


def test_partials_of_3x2y3():
    data = solve_json("gradient", "3x^2 y^3", "--vars", "x,y")
    fx, fy = parse(data["result"], ["x", "y"]).entries
    assert sp.expand(fx - parse("6 x y^3", ["x", "y"])) == 0
    assert sp.expand(fy - parse("9 x^2 y^2", ["x", "y"])) == 0
    assert "Hold y constant" in solve("derivative", "3x^2 y^3", "--wrt", "x", "--vars", "x,y")


def test_least_squares_critical_point():
    data = solve_json("critical-points", "(m + b - 2)^2 + (2m + b - 5)^2 + (3m + b - 3)^2", "--vars", "m,b")
    assert data["result"] == "{(1/2, 7/3)}"
    system = find(data["steps"], "solve_system")[0]
    equations = [e.split(" = ")[0] for e in system["parts"]["equations"]]
    assert same(equations[0], "28m + 12b - 42", ["m", "b"]) and same(equations[1], "6b + 12m - 20", ["m", "b"])


def test_sauna_critical_points_include_4_4():
    data = solve_json("critical-points", "85 - (1/90) x^2 (x - 6) y^2 (y - 6)")
    assert "(4, 4)" in data["result"]
    tx, ty = parse(data["steps"][0]["after"], ["x", "y"]).entries
    tx_course = parse("-(1/90) x (3x - 12) y^2 (y - 6)", ["x", "y"])
    assert sp.expand(tx - tx_course) == 0


def test_one_variable_critical_points():
    assert solve_json("critical-points", "x^3 - 3x")["result"] in ("{-1, 1}", "{1, -1}")


# --- COURSE §3 and §6: gradient descent and Newton --------------------------------------------


def test_gradient_descent_on_exp_minus_ln_from_0_05():
    data = solve_json("gd", "e^x - ln(x)", "--start", "0.05", "--rate", "0.005", "--steps", "1")
    update = find(data["steps"], "gd_update")[0]
    assert float(update["parts"]["gradient"]) == pytest.approx(-18.95, abs=0.01)
    assert float(data["result"]) == pytest.approx(0.1447, abs=5e-5)
    assert len(data["iterates"]) == 2 and float(data["iterates"][0]) == 0.05
    text = solve("gd", "e^x - ln(x)", "--start", "0.05", "--rate", "0.005")
    assert "f′(0.05) = −18.95" in text and "= 0.1447" in text


def test_gradient_descent_in_two_variables_keeps_fractions():
    data = solve_json("gd", "x^2 + y^2", "--start", "(2, 3)", "--rate", "1/10", "--steps", "2")
    assert data["iterates"] == ["(2, 3)", "(8/5, 12/5)", "(32/25, 48/25)"]
    assert data["result"] == "(32/25, 48/25)"


def test_newton_on_exp_minus_ln_converges_to_0_567_in_six_steps():
    data = solve_json("newton", "e^x - ln(x)", "--start", "0.05", "--steps", "6")
    assert len(data["iterates"]) == 7
    assert float(data["iterates"][-1]) == pytest.approx(0.567143, abs=1e-3)
    assert float(data["iterates"][5]) != pytest.approx(0.567143, abs=1e-3)  # it takes the six
    text = solve("newton", "e^x - ln(x)", "--start", "0.05", "--steps", "6")
    # issue 14: the step names no function (an exercise may call it g), only its two derivatives
    assert "x₁ = x₀ − (first derivative)/(second derivative) = 0.05 − (−18.95)/401.1 = 0.09725" in text
    assert "f′" not in text.split("Newton")[-1]


def test_newton_in_two_variables_solves_instead_of_inverting():
    data = solve_json("newton", "2x^2 + 3y^2 - x y + x", "--start", "(1, 1)")
    assert data["result"] == "(-6/23, -1/23)"
    assert "solve H·d = ∇f" in solve("newton", "2x^2 + 3y^2 - x y + x", "--start", "(1, 1)")


# --- COURSE §7: the Hessian ---------------------------------------------------------------------


def test_hessian_course_example():
    data = solve_json("hessian", "2x^2 + 3y^2 - x y")
    assert data["result"] == "[[4, -1], [-1, 6]]"
    assert data["classification"] == "minimum"
    assert set(parse(data["eigenvalues"]).items) == set(parse("{5 + sqrt(2), 5 - sqrt(2)}").items)
    polynomial = find(data["steps"], "characteristic_polynomial")[0]["after"]
    assert sp.expand(parse(polynomial, ["lambda"]) - parse("lambda^2 - 10 lambda + 23", ["lambda"])) == 0
    text = solve("hessian", "2x^2 + 3y^2 - x y")
    assert "≈ {3.586, 6.414}" in text and "minimum" in text
    assert "f_xy = f_yx = −1" in text


def test_saddle_of_2x2_minus_2y2():
    data = solve_json("hessian", "2x^2 - 2y^2", "--at", "(0, 0)")
    assert data["result"] == "[[4, 0], [0, -4]]"
    assert set(parse(data["eigenvalues"]).items) == {4, -4}
    assert data["classification"] == "saddle"


# --- COURSE §4–5: sigmoid, perceptron, backpropagation ---------------------------------------------


def test_sigmoid_derivative_is_sigma_one_minus_sigma():
    data = solve_json("derivative", "sigma(z)")
    assert same(data["result"], "sigma(z)*(1 - sigma(z))", ["z"])
    data = solve_json("derivative", "1/(1 + e^-z)", "--wrt", "z")
    assert same(data["result"], "e^-z/(1 + e^-z)^2", ["z"])


VARS = ["x_1", "x_2", "w_1", "w_2", "a_1", "a_2", "y", "y_hat", "w_11"]


@pytest.mark.parametrize("model, parameter, expected", [
    ("perceptron", "w1", "-(y - y_hat) x_1"),
    ("perceptron", "b", "-(y - y_hat)"),
    ("regression", "w2", "-(y - y_hat) x_2"),
    ("regression", "b", "-(y - y_hat)"),
    ("2-2-1", "w11", "-x_1 w_1 a_1 (1 - a_1)(y - y_hat)"),
    ("2-2-1", "w21", "-x_2 w_1 a_1 (1 - a_1)(y - y_hat)"),
    ("2-2-1", "b1", "-w_1 a_1 (1 - a_1)(y - y_hat)"),
    ("2-2-1", "w1", "-a_1 (y - y_hat)"),
    ("2-2-1", "b", "-(y - y_hat)"),
])
def test_backprop_factors(model, parameter, expected):
    data = solve_json("backprop", "--model", model, "--wrt", parameter)
    assert same(data["result"], expected, VARS + ["b", "b_1"])


def test_log_loss_factors_show_the_cancellation():
    data = solve_json("backprop", "--model", "2-2-1", "--wrt", "w11")
    factors = find(data["steps"], "chain_factor")
    assert [f["parts"]["of"] for f in factors] == ["L", "y_hat", "z", "a_1", "z_1"]
    assert same(factors[0]["after"], "-(y - y_hat)/(y_hat (1 - y_hat))", VARS)
    assert same(factors[1]["after"], "y_hat (1 - y_hat)", VARS)
    assert same(find(data["steps"], "cancel")[0]["parts"]["common"], "y_hat (1 - y_hat)", VARS)
    text = solve("backprop", "--model", "2-2-1", "--wrt", "w11")
    assert "∂L/∂w₁₁ = ∂z₁/∂w₁₁·∂a₁/∂z₁·∂z/∂a₁·∂ŷ/∂z·∂L/∂ŷ" in text and "ŷ·(1 − ŷ) cancels" in text


# --- the command line ------------------------------------------------------------------------------


def test_json_shape():
    data = solve_json("gd", "x^2", "--start", "1", "--rate", "1/4", "--steps", "2")
    assert set(data) == {"result", "variables", "steps", "iterates"}  # issue 11: the inferred variables too
    assert data["variables"] == ["x"]
    assert data["iterates"] == ["1", "1/2", "1/4"]
    for step in data["steps"]:
        # issue 19: each step with its level
        assert set(step) == {"rule", "before", "after", "variable", "parts", "reason", "level", "substeps"}
    assert data["steps"][-1]["variable"] is None and data["steps"][0]["variable"] == "x"
    assert set(solve_json("gradient", "x y")) == {"result", "variables", "steps"}


@pytest.mark.parametrize("style", ["text", "latex", "markdown"])
def test_formats(style):
    out = solve("hessian", "2x^2 + 3y^2 - x y", "--format", style)
    if style == "latex":
        assert out.startswith("\\begin{enumerate}") and "\\det" in out and out.isascii()
    elif style == "text":
        assert out.isascii() and "Result: [[4, -1], [-1, 6]]\nEigenvalues: " in out
        assert out.endswith("Classification: minimum\n")
    else:
        assert "$\\det(H - \\lambda I)" in out


def test_variables_are_inferred_x_y_first_or_given():
    data = solve_json("gradient", "b x + y^2")
    assert data["steps"][0]["parts"]["variables"] == ["x", "y", "b"]
    data = solve_json("gradient", "b x + y^2", "--vars", "x,y")
    assert data["steps"][0]["parts"]["variables"] == ["x", "y"] and data["result"] == "[b, 2*y]"


def test_usage_errors_are_one_line_with_exit_2():
    bad = invoke_tutor("solve", "gradient", "x^2 + (y")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().count("\n") == 0 and "column" in bad.stderr
    assert "give --wrt" in solve("derivative", "x y", expect=2)
    wrong_point = CliRunner().invoke(cli, ["solve", "gradient", "x^2 + y^2", "--at", "(1, 2, 3)"])
    assert wrong_point.exit_code == 1 and "coordinate" in wrong_point.output


def test_a_singular_hessian_is_one_line_exit_1():
    result = CliRunner().invoke(cli, ["solve", "newton", "x^3 + y^3", "--start", "(0, 0)"])
    assert result.exit_code == 1 and "singular" in result.output


PLUGIN = '''
from tutor import hookimpl


@hookimpl
def register_step_rules(register):
    import sympy

    from tutor.steps import Step

    def sinh_rule(expr, variable, recurse):
        inner = recurse(expr.args[0], variable)
        return Step("custom", expr, sympy.cosh(expr.args[0]) * inner.after, variable, {},
                    "the plugin's own sinh rule", [inner])

    register(sympy.sinh, sinh_rule)


@hookimpl
def exercise_dirs():
    from pathlib import Path

    return [Path(__file__).parent / "sinh_exercises"]
'''

EXERCISE = '''
exercises:
  - id: sinh-steps
    title: A derivative with sinh
    topic: plugin-steps
    variables: [x]
    define: {f: "sinh(x^2)"}
    prompt: "Differentiate {{ f }}."
    answer: {value: "diff(f, x)"}
    solution:
      - steps: "derivative_steps(f, x)"
'''


def test_a_plugin_step_rule_is_used_by_solve_and_by_exercise_solutions(tmp_path):
    (tmp_path / "sinh_rule.py").write_text(PLUGIN, encoding="utf-8")
    (tmp_path / "sinh_exercises").mkdir()
    (tmp_path / "sinh_exercises" / "sinh.yaml").write_text(EXERCISE, encoding="utf-8")
    result = invoke_tutor("--plugins-dir", tmp_path, "solve", "derivative", "sinh(x^2)", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["steps"][0]["rule"] == "custom" and data["steps"][0]["reason"] == "the plugin's own sinh rule"
    assert same(data["result"], "2 x cosh(x^2)", ["x"])
    shown = invoke_tutor("--plugins-dir", tmp_path, "show", "sinh-steps", "--seed", "1")
    assert shown.returncode == 0, shown.stderr
    assert "the plugin's own sinh rule" in shown.stdout
    plain = solve_json("derivative", "sinh(x^2)")  # without the plugin: the built-in rule
    assert "custom" not in rules(plain["steps"]) and "sinh" in rules(plain["steps"])


def test_library_exercises_show_their_steps():
    out = invoke_tutor("show", "hessian-course-example", "--seed", "1")
    assert out.returncode == 0, out.stderr
    assert "λ² − 10·λ + 23" in out.stdout and "minimum" in out.stdout


def test_one_variable_hessian_is_the_second_derivative_test():
    data = solve_json("hessian", "2x^3 - 13x^2 + 28x", "--at", "2")
    assert data["result"] == "-2" and data["classification"] == "maximum"
    assert solve_json("hessian", "x^4", "--at", "0")["classification"] == "inconclusive"
    assert solve_json("hessian", "x^3")["result"] == "6*x"
