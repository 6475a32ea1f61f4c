"""Generating and rendering an exercise is bounded (issue 10, Medium).

Each bomb of the review is an exercise file; generating it gives one ExerciseError
line naming the file, the exercise and the field, and ``tutor validate`` reports it
as failing, in bounded time and memory (the harness caps both: a bomb that escaped
would fail these tests with MemoryError or the hang guard).
"""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from tests.security.conftest import assert_clean
from tutor.cli import cli
from tutor.exercises import ExerciseError, instantiate
from tutor.exercises.loader import read_file
from tutor.registry import get_registry
from tutor.solutions import render_solution


def exercise(**fields) -> dict:
    spec = {"id": "bomb", "title": "Bomb", "topic": "security", "variables": ["x"],
            "prompt": "Differentiate f(x) = x^2.", "answer": {"value": "2*x"}}
    spec.update(fields)
    return spec


BOMBS = {
    "decimal-digits": (exercise(define={"d": "decimal(pi, 10^7)"}), "define.d", "the number of digits"),
    "derivative-order-googol": (exercise(define={"d": "diff(sin(x), x, 10^100)"}), "define.d",
                                "the order of a derivative"),
    "derivative-order-10000": (exercise(define={"d": "diff(x*exp(x^2), x, 10000)"}), "define.d",
                               "the order of a derivative"),
    "derivative-order-answer": (exercise(answer={"value": "diff(sin(x), x, 10000)"}), "answer.value",
                                "the order of a derivative"),
    "evalf": (exercise(define={"f": "x^2"}, prompt="{{ f.evalf(10**7) }}"), "prompt", "no attributes"),
    "nested-ranges": (exercise(prompt="{% for i in range(10000) %}{% for j in range(10000) %}{{ i }}"
                                      "{% endfor %}{% endfor %}"), "prompt", "loops run more than"),
    "range": (exercise(prompt="{% for i in range(10**9) %}{% endfor %}x"), "prompt", "a range of more than"),
    "repeat": (exercise(prompt="{{ 'a' * 10**10 }}"), "prompt", "longer than"),
    "repeat-list": (exercise(hints=["{{ [1, 2] * 10**10 }}"]), "hints", "longer than"),
    "power": (exercise(prompt="{{ 9 ** (9 ** 9) }}"), "prompt", "exponent 387420489 is too large"),
    "power-left": (exercise(prompt="{{ 9 ** 9 ** 9 ** 9 ** 9 }}"), "prompt", "digits"),
    "power-of-a-value": (exercise(parameters={"a": {"int": [2, 5]}}, prompt="{{ a ** (10**6) }}"), "prompt",
                         "too large"),
    "doubling": (exercise(prompt="{% set s = 'ab' %}" + "{% set s = s ~ s %}" * 40 + "{{ s }}"), "prompt",
                 "longer than"),
    "expression-doubling": (exercise(define={"f": "x + 1"}, solution=["{% set v = f %}" +
                                     "{% set v = v * (v + 1) %}" * 40 + "{{ v }}"]), "solution",
                            "an expression of more than"),
    "output": (exercise(diagnosis=[{"answer": "x", "message": "{% set s = 'a' * 5000 %}" + "{{ s }}" * 100}]),
               "diagnosis.message", "writes more than"),
    "recursion": (exercise(prompt="{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}"), "prompt",
                  "RecursionError"),
    "format-width": (exercise(prompt="{{ '%0999999999d' % 1 }}"), "prompt", "'%' format wider"),
    "long-template": (exercise(prompt="x" * 20_000), "prompt", "longer than 10000 characters"),
}


def write(tmp_path, spec: dict):
    path = tmp_path / "bomb.yaml"
    path.write_text(yaml.safe_dump([spec], allow_unicode=True), encoding="utf-8")
    return path


def generate_all(path, registry):
    (spec,) = read_file(path, tuple(registry.kinds))
    problem = instantiate(spec, 0, registry)
    problem.render_prompt("latex")
    render_solution(problem, "text")


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_generation_bomb_is_one_clear_error(name, tmp_path):
    spec, field, reason = BOMBS[name]
    path = write(tmp_path, spec)
    with pytest.raises(ExerciseError) as raised:
        generate_all(path, get_registry([]))
    message = str(raised.value)
    assert "\n" not in message and len(message) < 400, message
    assert message.startswith(f"{path}: exercise 'bomb': field '{field}': "), message
    assert reason in message, message

    validated = CliRunner().invoke(cli, ["validate", str(path), "--seeds", "2"])
    assert validated.exit_code == 1, validated.output
    assert_clean(validated.output)
    fails = [line for line in validated.output.splitlines() if line.startswith("FAIL")]
    assert fails and all(f"{path}: bomb (seed" in line and reason in line for line in fails), validated.output


def test_a_slow_generation_stops_at_the_time_limit(tmp_path, monkeypatch):
    """Work that no static bound catches (a big expansion) ends at the wall-time limit."""
    from tutor.exercises import evaluate

    monkeypatch.setattr(evaluate, "GENERATION_SECONDS", 0.2)
    path = write(tmp_path, exercise(define={"e": "expand((x + 1 + 2*x^2 + 3*x^3)^40 * (x - 1)^40)"},
                                    prompt="Expand {{ e }}."))
    with pytest.raises(ExerciseError) as raised:
        generate_all(path, get_registry([]))
    assert str(raised.value) == f"{path}: exercise 'bomb': field 'define.e': generating seed 0 took longer than 0.2 s"


@pytest.mark.slow
def test_the_bounds_leave_the_library_alone(registry):
    """Every exercise of the library still generates within the bounds (seed 0)."""
    from tutor.exercises.loader import load_library

    for spec in load_library(registry).values():
        problem = instantiate(spec, 0, registry)
        render_solution(problem, "text")
        problem.render_prompt("latex")
