"""The first-party plugin tutor-optimizers, installed as CI installs it: its exercises are
listed, pass `tutor validate`, and are asked (and judged) by `tutor quiz --topic optimizers`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import invoke_tutor

TOPIC = "optimizers"


@pytest.fixture(scope="module")
def exercise_dir() -> Path:
    try:
        import tutor_optimizers
    except ImportError:
        pytest.fail("plugins/tutor-optimizers is not installed: run the README's test command")
    return Path(tutor_optimizers.__file__).parent / "exercises"


def env(tmp_path):
    return {"TUTOR_DB": str(tmp_path / "progress.db"), "TUTOR_USER": "ada", "NO_COLOR": "1"}


def test_its_exercises_are_listed(exercise_dir):
    result = invoke_tutor("list", "--topic", TOPIC, "--json")
    assert result.returncode == 0, result.stderr
    ids = {item["id"] for item in json.loads(result.stdout)}
    assert len(ids) >= 8 and all(i.startswith("optimizers-") for i in ids)
    assert {"optimizers-adam-first-step-1d", "optimizers-rmsprop-step-1d", "optimizers-momentum-step-1d"} <= ids


@pytest.mark.slow
def test_its_exercises_pass_validate(exercise_dir):
    result = invoke_tutor("validate", exercise_dir, "--seeds", "40")
    assert result.returncode == 0, result.stdout
    summary = result.stdout.strip().splitlines()[-1]
    count = len(json.loads(invoke_tutor("list", "--topic", TOPIC, "--json").stdout))
    assert summary == f"{count} exercises, {count * 40} variants: ok"


def test_the_quiz_asks_and_judges_its_exercises(tmp_path, exercise_dir):
    first = invoke_tutor("quiz", "--topic", TOPIC, "--count", "3", "--seed", "4", env=env(tmp_path / "a"),
                         input="skip\nskip\nskip\n")
    assert first.returncode == 0, first.stderr
    asked = re.findall(r"── Problem \d of 3 · (\S+) · .*\[(\S+), seed \d+\]", first.stdout)
    assert len(asked) == 3 and all(topic == TOPIC and i.startswith("optimizers-") for topic, i in asked)
    answers = re.findall(r"^The answer: (.+)$", first.stdout, re.M)
    assert len(answers) == 3
    # the same seed with a fresh database asks the same problems: answer the first one right
    second = invoke_tutor("quiz", "--topic", TOPIC, "--count", "3", "--seed", "4", env=env(tmp_path / "b"),
                          input=f"{answers[0]}\nquit\n")
    assert second.returncode == 0, second.stderr
    assert f"[{asked[0][1]}," in second.stdout
    assert "✓ correct" in second.stdout
