"""Every worked example of COURSE.md, typed as the course prints it and WITHOUT --vars, gives the
course's numbers through `tutor solve` (issue 11). The variables are inferred from the text
(12mb is 12·m·b, 3x^2y is 3·x²·y) and named in --json; points are read through those names.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import sympy as sp
from click.testing import CliRunner

from helpers import find_steps as find
from tutor.cli import cli
from tutor.language import parse

ROOT = Path(__file__).resolve().parent.parent


def run(*args, expect=0):
    result = CliRunner().invoke(cli, ["solve", *map(str, args)], catch_exceptions=False)
    assert result.exit_code == expect, result.output
    return result


def solve_json(*args) -> dict:
    return json.loads(run(*args, "--json").stdout)


def value(text, variables=None):
    return parse(text, variables)


def named(data, point_text) -> dict:
    """{variable name: coordinate} of a point printed in the JSON, through data["variables"]."""
    point = value(point_text)
    coordinates = point.entries if hasattr(point, "entries") else (point,)
    assert len(coordinates) == len(data["variables"])
    return dict(zip(data["variables"], coordinates))


def equal(a, b) -> bool:
    return sp.simplify(a - b) == 0


# --- §2 partial derivatives, gradients, critical points -----------------------------------------


@pytest.mark.parametrize("point", ["(2, 3)", "2, 3", "[2, 3]", " 2 ,3 "])
def test_gradient_of_x2_plus_y2_at_2_3(point):
    data = solve_json("gradient", "x^2 + y^2", "--at", point)
    assert data["variables"] == ["x", "y"]
    assert data["result"] == "[4, 6]"
    assert data["steps"][0]["after"] == "[2*x, 2*y]"


@pytest.mark.parametrize("expr", ["3x^2 y^3", "3x^2y^3"])
def test_partials_of_3x2y3(expr):
    data = solve_json("gradient", expr)
    assert data["variables"] == ["x", "y"]
    fx, fy = value(data["result"], ["x", "y"]).entries
    assert equal(fx, value("6 x y^3", ["x", "y"])) and equal(fy, value("9 x^2 y^2", ["x", "y"]))


def test_gradient_of_3x2y_plus_xy_has_two_entries():
    data = solve_json("gradient", "3x^2y + xy")
    assert data["variables"] == ["x", "y"]
    entries = value(data["result"], ["x", "y"]).entries
    assert len(entries) == 2
    assert equal(entries[0], value("6xy + y", ["x", "y"])) and equal(entries[1], value("3x^2 + x", ["x", "y"]))


@pytest.mark.parametrize("expr", [
    "14m^2 + 3b^2 + 38 + 12mb - 42m - 20b",
    "(m + b - 2)^2 + (2m + b - 5)^2 + (3m + b - 3)^2",
])
def test_least_squares_by_critical_points(expr):
    data = solve_json("critical-points", expr)
    assert data["variables"] == ["m", "b"]  # x, y, z first, then as written
    (point,) = value(data["result"]).items
    assert named(data, data["result"][1:-1]) == {"m": sp.Rational(1, 2), "b": sp.Rational(7, 3)}
    assert [value(v["value"]) for v in data["values"]] == [sp.Rational(25, 6)]  # E = 25/6 ≈ 4.167
    system = find(data["steps"], "solve_system")[0]
    names = ["b", "m"]
    em = value("28m + 12b - 42", names)
    eb = value("6b + 12m - 20", names)
    sides = [value(e.split(" = ")[0], names) for e in system["parts"]["equations"]]
    assert equal(sides[0], em) and equal(sides[1], eb)  # E_m = 0, then E_b = 0, as the course writes them
    assert "True" not in json.dumps(data) and "False" not in json.dumps(data)


def test_least_squares_names_the_inferred_variables_and_the_point():
    result = run("critical-points", "14m^2 + 3b^2 + 38 + 12mb - 42m - 20b")
    assert "variables: m, b" in result.stderr
    assert "(m, b) ∈ {(1/2, 7/3)}" in result.stdout and "f(1/2, 7/3) = 25/6" in result.stdout
    assert "mb" not in result.stdout.replace("m·b", "")


def test_sauna_critical_point_candidates_include_the_coolest_point_4_4():
    data = solve_json("critical-points", "85 - (1/90) x^2 (x - 6) y^2 (y - 6)")
    assert data["variables"] == ["x", "y"]
    tx, ty = value(data["steps"][0]["after"], ["x", "y"]).entries
    assert equal(tx, value("-(1/90) x (3x - 12) y^2 (y - 6)", ["x", "y"]))
    assert equal(ty, value("-(1/90) x^2 (x - 6) y (3y - 12)", ["x", "y"]))
    numeric = {v["point"]: value(v["value"]) for v in data["values"]}
    assert "(4, 4)" in numeric
    for text in numeric:  # the candidates come from x in {0, 4, 6} and y in {0, 4, 6}
        assert set(value(text).entries) <= {0, 4, 6}
    inside = {p: t for p, t in numeric.items() if all(0 <= c <= 6 for c in value(p).entries)}
    assert min(inside, key=inside.get) == "(4, 4)"  # the coolest of the candidates
    assert numeric["(4, 4)"] == 85 - sp.Rational(512, 45)


# --- §3 and §6: gradient descent and Newton --------------------------------------------------------


def test_gradient_descent_on_exp_minus_ln_from_0_05():
    data = solve_json("gd", "e^x - ln(x)", "--start", "0.05", "--rate", "0.005")
    update = find(data["steps"], "gd_update")[0]
    assert float(update["parts"]["gradient"]) == pytest.approx(-18.95, abs=0.01)
    assert float(data["iterates"][1]) == pytest.approx(0.1447, abs=5e-5)
    text = run("gd", "e^x - ln(x)", "--start", "0.05", "--rate", "0.005").stdout
    assert text.startswith("1. Gradient descent from 0.05 with learning rate α = 0.005")  # the method leads
    assert "f′(0.05) = −18.95" in text and "= 0.1447" in text


def test_newton_on_exp_minus_ln_converges_to_0_567_in_about_six_steps():
    data = solve_json("newton", "e^x - ln(x)", "--start", "0.05", "--steps", "6")
    omega = 0.5671432904
    assert float(data["iterates"][6]) == pytest.approx(omega, abs=1e-3)
    assert float(data["iterates"][4]) != pytest.approx(omega, abs=1e-3)


def test_newton_in_two_variables_from_4_4():
    data = solve_json("newton", "x^4 + 0.8y^4 + 4x^2 + 2y^2 - xy - 0.2x^2y", "--start", "(4, 4)", "--steps", "2")
    assert data["variables"] == ["x", "y"]
    first, second = (value(p).entries for p in data["iterates"][1:])
    assert [float(c) for c in first] == pytest.approx([2.58, 2.62], abs=6e-3)
    assert [float(c) for c in second] == pytest.approx([1.59, 1.67], abs=6e-3)


# --- §7 the Hessian ----------------------------------------------------------------------------------


def test_hessian_of_2x2_plus_3y2_minus_xy_at_0_0():
    data = solve_json("hessian", "2x^2 + 3y^2 - xy", "--at", "(0, 0)")
    assert data["variables"] == ["x", "y"]
    assert data["result"] == "[[4, -1], [-1, 6]]"
    gradient = value(data["steps"][0]["after"], ["x", "y"]).entries
    assert equal(gradient[0], value("4x - y", ["x", "y"])) and equal(gradient[1], value("6y - x", ["x", "y"]))
    polynomial = find(data["steps"], "characteristic_polynomial")[0]["after"]
    assert sp.expand(value(polynomial, ["lambda"]) - value("lambda^2 - 10 lambda + 23", ["lambda"])) == 0
    assert set(value(data["eigenvalues"]).items) == {5 + sp.sqrt(2), 5 - sp.sqrt(2)}
    assert data["classification"] == "minimum"


def test_saddle_of_2x2_minus_2y2():
    data = solve_json("hessian", "2x^2 - 2y^2", "--at", "(0, 0)")
    assert data["result"] == "[[4, 0], [0, -4]]"
    assert set(value(data["eigenvalues"]).items) == {4, -4} and data["classification"] == "saddle"


@pytest.mark.parametrize("extra", [("--at", "(0, 0)"), ("--at", "0, 0"), ()])
def test_a_maximum_with_eigenvalues_minus_5_plus_minus_sqrt2(extra):
    data = solve_json("hessian", "-2x^2 - 3y^2 - xy + 15", *extra)
    assert data["result"] == "[[-4, -1], [-1, -6]]"
    assert set(value(data["eigenvalues"]).items) == {-5 + sp.sqrt(2), -5 - sp.sqrt(2)}
    assert data["classification"] == "maximum"


# --- §4 the sigmoid ------------------------------------------------------------------------------------


@pytest.mark.parametrize("expr", ["1/(1+e^-x)", "1/(1 + e^-x)"])
def test_logistic_derivative_ends_as_sigma_one_minus_sigma(expr):
    text = run("derivative", expr).stdout
    steps, result = text.rsplit("\n\n", 1)
    assert steps.splitlines()[-1].startswith("2. Simplify: e^(−x)/(e^(−x) + 1)² = σ(x)·(1 − σ(x))")
    assert result.strip() == "Result: σ(x)·(1 − σ(x)) = e^(−x)/(e^(−x) + 1)²"
    data = solve_json("derivative", expr)
    assert data["equivalently"] == "sigma(x)*(1 - sigma(x))"
    x = value("x", ["x"])
    assert equal(value(data["result"], ["x"]), sp.exp(-x) / (1 + sp.exp(-x)) ** 2)


def test_sigma_derivative_is_sigma_one_minus_sigma():
    data = solve_json("derivative", "sigma(x)")
    assert data["variables"] == ["x"]
    x = value("x", ["x"])
    sigma = type(value("sigma(x)", ["x"]))
    assert sp.expand(value(data["result"], ["x"]) - sigma(x) * (1 - sigma(x))) == 0
    assert run("derivative", "sigma(x)").stdout.endswith("\nResult: σ(x)·(1 − σ(x))\n")


# --- the README's examples -------------------------------------------------------------------------


def readme_solve_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Worked solutions: `tutor solve`", 1)[1].split("\n## ", 1)[0]
    commands = [shlex.split(line)[2:] for block in re.findall(r"```\n(.*?)```", section, re.S)
                for line in block.splitlines() if line.startswith("tutor solve ")]
    assert len(commands) >= 5
    return commands


@pytest.mark.parametrize("args", readme_solve_commands(), ids=" ".join)
def test_the_readme_solve_examples_work_as_shown(args):
    run(*args)


def readme_solve_transcripts() -> list[tuple[list[str], str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Worked solutions: `tutor solve`", 1)[1].split("\n## ", 1)[0]
    found = []
    for block in re.findall(r"```\n(\$ tutor solve .*?)```", section, re.S):
        command, _, shown = block.partition("\n")
        found.append((shlex.split(command)[3:], shown))
    assert found
    return found


@pytest.mark.parametrize("args, shown", readme_solve_transcripts())
def test_the_readme_solve_transcript_is_what_the_command_prints(args, shown):
    result = run(*args)
    assert result.output.strip() == shown.strip()  # stdout and stderr, as a terminal shows them
