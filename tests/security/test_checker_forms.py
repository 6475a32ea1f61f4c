"""Hostile input to the checker's second round: kink bombs for the region sampler, huge
unions and ends for intervals and inequalities, equations that would expand without end,
and bad forms. Each gets a verdict or a one-line error within the limits, and no code runs."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from security.conftest import assert_clean
from tutor.checking import check, prepare
from tutor.cli import cli
from tutor.limits import Limits

VERDICTS = {"correct", "incorrect", "invalid"}
KINK_BOMBS = [
    "+".join(f"abs(x - {k})" for k in range(300)),  # 300 arguments with a kink each
    "abs(" * 45 + "x" + " - 1)" * 45,  # nested 45 deep
    "+".join(f"abs(sin({k}x) - 1/2)" for k in range(1, 120)),  # thousands of zeros to find
    "abs(x^1000 - 2) + abs(x^999 - 3)",  # high-degree arguments: no exact roots sought
    "abs(exp(exp(x)) - 5) + abs(1/(x - 1/3))",
]


@pytest.mark.parametrize("answer", KINK_BOMBS, ids=range(len(KINK_BOMBS)))
def test_kink_bombs_get_a_verdict_within_the_limits(answer):
    verdict = check("x^2", answer, ["x"])
    assert verdict.status in VERDICTS and "\n" not in verdict.message
    assert verdict.status != "correct"


def test_a_kink_bomb_as_the_expected_answer_is_prepared_within_the_limits():
    try:
        expected = prepare(KINK_BOMBS[0], ["x"])
    except Exception as error:  # a limit is an acceptable outcome, a hang or a crash is not
        assert "limit" in str(error) or "longer" in str(error)
        return
    assert expected.check(KINK_BOMBS[0]).correct


@pytest.mark.parametrize("answer", [
    " U ".join(f"({2 * k}, {2 * k + 1})" for k in range(300)),
    " or ".join(f"x > {k}" for k in range(400)),
    " and ".join(f"x < {k}" for k in range(400)),
    "(10^999, 10^1000]",
    "(-e^999, e^999)",
    "x > sin(10^100)",
    "x < (1 + sqrt(2))^1000",
    "(" * 40 + "1, 2" + ")" * 40,
    "x < 1 < 2 < 3",
    "x <",
    "[1, 2) U",
    "__import__('os').system('touch pwned')",
])
def test_hostile_sets_of_reals(answer):
    verdict = check("(-oo, -1) U (1, oo)", answer, ["x"], kind="interval")
    assert verdict.status in VERDICTS and "\n" not in verdict.message
    assert verdict.status != "correct"


@pytest.mark.parametrize("answer", [
    "(x + y + z)^1000 = 0", "z = (x + 1)^1000 - (x + 1)^1000 + 2x + 3y - 1",
    "z = 10^999 x", "z = exp(exp(exp(99)))", "x = = y", "z = 2x + 3y - 1 = 0",
])
def test_hostile_equations(answer):
    verdict = check("z = 2x + 3y - 1", answer, ["x", "y", "z"], limits=Limits(seconds=2))
    assert verdict.status in VERDICTS and "\n" not in verdict.message


@pytest.mark.parametrize("form", [["in-terms-of:__class__"], ["sig-figs:99999"], ["exact:1"],
                                  ["decimal-places:-1"], ["in-terms-of:"], ["{'exec': 1}"]])
def test_bad_forms_on_the_command_line_are_one_line_errors(form, marker):
    args = ["check", "-e", "x^2 - 1", "-a", "(x - 1)(x + 1)"]
    for item in form:
        args += ["--form", item]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1, 2)
    assert_clean(result.output)
    assert not marker.exists()


def test_forms_on_hostile_answers():
    for answer in ["(" * 45 + "x" + ")" * 45, "1/" * 40 + "x", "x" + "+x" * 1500, "9" * 199 + ".5"]:
        for form in ["factored", "simplified", "single-fraction", {"sig-figs": 15}, {"in-terms-of": ["sigma"]}]:
            verdict = check("x", answer, ["x"], form=form)
            assert verdict.status in VERDICTS and "\n" not in verdict.message


def test_an_exercise_file_with_a_hostile_form_is_refused(tmp_path, registry, marker):
    from tutor.exercises.loader import read_file
    from tutor.exercises.spec import ExerciseError

    for form in ["{sig-figs: '1e9'}", "{in-terms-of: [\"__import__('os')\"]}", "[exact, [expanded]]",
                 "!!python/object/apply:os.system ['touch pwned']"]:
        path = tmp_path / "bad.yaml"
        path.write_text(f"- id: bad\n  title: Bad\n  topic: t\n  prompt: Expand it.\n"
                        f"  answer: {{value: '1', form: {form}}}\n", encoding="utf-8")
        with pytest.raises(ExerciseError) as caught:
            read_file(path, tuple(registry.kinds))
        assert "\n" not in str(caught.value)
    assert not marker.exists()
