"""Limits bound the work an answer causes, not how it is spelled (issue 20).

A power of an expression in the variables is cheap to evaluate at any exponent (in
floats, or in mpmath at bounded precision where floats overflow), so STACK's
``(x-a)^6000`` fixtures are judged; towers, huge degrees and expansion bombs are
still refused with one clear line.
"""

from __future__ import annotations

import pytest
import yaml

import tutor
from tests.security.conftest import assert_clean
from tutor.exercises import ExerciseError, instantiate
from tutor.exercises.loader import read_file
from tutor.limits import Limits
from tutor.registry import get_registry

LIMITS = Limits(seconds=5)


@pytest.mark.parametrize(("answer", "status"), [
    ("(a-x)^6000", "correct"),
    ("(x-a)^6000", "correct"),
    ("(-a+x)^6000", "correct"),
    ("(x-a)^5999", "incorrect"),
    ("(x-a)^6001", "incorrect"),
    ("-(x-a)^6000", "incorrect"),
    ("(x-a)^6000 + 1", "incorrect"),
])
def test_stack_power_fixtures_are_judged(answer, status):
    verdict = tutor.check("(x-a)^6000", answer, ["x", "a"], limits=LIMITS)
    assert verdict.status == status, verdict.message


def test_an_odd_high_power_keeps_its_sign():
    """(a-x)^5999 is -(x-a)^5999: equal values at points near a and far from it."""
    assert tutor.check("(x-a)^5999", "-(a-x)^5999", ["x", "a"], limits=LIMITS).status == "correct"
    assert tutor.check("(x-a)^5999", "(a-x)^5999", ["x", "a"], limits=LIMITS).status == "incorrect"


def test_a_difference_only_where_floats_overflow_is_found():
    """x^6000 and x^6000 + x^5990 agree within float precision nowhere near |x| <= 1 ... but
    differ by a factor wherever |x| > 1, where floats overflow: mpmath sees it."""
    verdict = tutor.check("x^6000", "x^6000 + x^5990", ["x"], limits=LIMITS)
    assert verdict.status == "incorrect" and "they differ at" in verdict.message


@pytest.mark.parametrize(("answer", "reason"), [
    ("9^9^9^9", "too large"),
    ("x^(10^10)", "exponent 10000000000 is too large (limit 8192)"),
    ("(x+1)^100000", "exponent 100000 is too large"),
    ("(((x^10)^10)^10)^10", "exponent 10000 is too large"),
    ("sin^9000(x)", "exponent 9000 is too large"),
    ("2^6000", "exponent 6000 is too large (limit 1000)"),
])
def test_towers_and_huge_degrees_stay_refused(answer, reason):
    verdict = tutor.check("(x-a)^6000", answer, ["x", "a"], limits=LIMITS)
    assert verdict.status == "invalid" and verdict.method == "limit", verdict.message
    assert reason in verdict.message and "\n" not in verdict.message


def test_a_big_power_against_its_expansion_gets_a_verdict_without_expanding():
    """(x+1)^6000 against a 3-term answer: no expansion (6001 terms is beyond the limit)."""
    verdict = tutor.check("(x+1)^6000", "x^6000 + 6000x^5999 + 1", ["x"], limits=LIMITS)
    assert verdict.status == "incorrect"


def test_an_expansion_bomb_in_an_exercise_is_one_clear_error(tmp_path):
    spec = {"id": "bomb", "title": "Bomb", "topic": "security", "variables": ["x"],
            "prompt": "Expand {{ e }}.", "define": {"e": "expand((x + 1)^6000)"}, "answer": {"value": "2*x"}}
    path = tmp_path / "bomb.yaml"
    path.write_text(yaml.safe_dump([spec]), encoding="utf-8")
    registry = get_registry([])
    (read,) = read_file(path, tuple(registry.kinds))
    with pytest.raises(ExerciseError) as raised:
        instantiate(read, 0, registry)
    message = str(raised.value)
    assert "\n" not in message and "field 'define.e'" in message, message
    assert "expanding" in message and "terms" in message, message
    assert_clean(message)
