"""Equations on the checker's fast path (issue 20): an exact rational equation is judged
from its syntax tree, scaled at the expected answer's point as check_equation scales it,
with the verdict the SymPy path gives; and verdicts of the SymPy path print their
"interpreted as" texts when first read."""

from __future__ import annotations

import pytest

import tutor

PLANE = ("z = 2x + 3y - 1", ["x", "y", "z"])
CASES = [
    # the same plane, written every way check_equation scales
    (*PLANE, "2x + 3y - 1 = z"),
    (*PLANE, "2x + 3y - z = 1"),
    (*PLANE, "z - 1 = 2(x - 1) + 3(y + 1) - 2"),
    (*PLANE, "-2z = -4x - 6y + 2"),
    (*PLANE, "-3z/7 = -(6x + 9y - 3)/7"),
    (*PLANE, "z = 2x + 3y - 1"),
    # other planes, and equations that are not planes
    (*PLANE, "z = 2x + 3y"),
    (*PLANE, "z = 3x + 2y - 1"),
    (*PLANE, "2x + 3y - z = -1"),
    (*PLANE, "(z + 1)^2 = (2x + 3y)^2"),
    (*PLANE, "z x = x (2x + 3y - 1)"),
    (*PLANE, "z = 2x + 3y - 1 + 10^-30"),
    (*PLANE, "0 = 0"),
    (*PLANE, "z = z"),
    # left to SymPy: decimals, an undefined point, a vanishing variable
    (*PLANE, "z/2 = x + 1.5y - 0.5"),
    (*PLANE, "z = 2x + 3y - 1 + x/x - 1"),
    (*PLANE, "1/z = 1/(2x + 3y - 1)"),
    (*PLANE, "z = 2x + 3y - 1 + (x - x)"),
    ("y = x^2", ["x", "y"], "x^2 - y = 0"),
    ("y = x^2", ["x", "y"], "2y = 2x x"),
    ("y = x^2", ["x", "y"], "y = (x + 1)^2 - 2x - 1"),
    ("y = x^2", ["x", "y"], "y = x^3"),
    ("x + y = 0", ["x", "y"], "x = -y"),
    ("x + y = 0", ["x", "y"], "x = y"),
    ("y = sin(x)", ["x", "y"], "y - sin(x) = 0"),
    ("y = x/2 + 1/3", ["x", "y"], "6y = 3x + 2"),
    ("y = x/2 + 1/3", ["x", "y"], "6y = 3x + 3"),
]


def _sympy_paths_verdict(prepared, answer: str):
    """What check_read gives when the fast path leaves the answer to SymPy."""
    reading = prepared.read_answer(answer)
    return prepared.judge_value(reading.value, reading.written, reading.tree)


@pytest.mark.parametrize(("expected", "variables", "answer"), CASES)
def test_an_equation_gets_the_sympy_paths_verdict(expected, variables, answer):
    prepared = tutor.prepare(expected, variables)
    assert prepared.check(answer).to_dict() == _sympy_paths_verdict(prepared, answer).to_dict()


def test_exact_planes_are_judged_without_building_sympy(count_sympy_builds):
    prepared = tutor.prepare(*PLANE)
    built = count_sympy_builds()
    verdicts = [prepared.check(answer) for answer in ("2x + 3y - z = 1", "-2z = -4x - 6y + 2", "z = 2x + 3y")]
    assert [v.status for v in verdicts] == ["correct", "correct", "incorrect"]
    assert built == []
    assert verdicts[1].interpreted == "-2*z = 2 - 4*x - 6*y"  # printed from the value, built now
    assert len(built) == 1


def test_the_sympy_paths_texts_are_printed_when_read():
    verdict = _sympy_paths_verdict(tutor.prepare("x^2", ["x"]), "x*x + 1")
    assert verdict.status == "incorrect"
    assert (verdict.interpreted, verdict.pretty) == ("x^2 + 1", "x² + 1")
    assert verdict.to_dict()["interpreted"] == "x^2 + 1"
