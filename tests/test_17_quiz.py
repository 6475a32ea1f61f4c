"""The quiz: "first try" only before any hint, solution or retry (in the summary, the store and the
stats alike), unknown topics exit 2 listing the topics, the replay line names every option that
changes the problems, and a review asks what is due and stops."""

from __future__ import annotations

import json
import shlex

import pytest

from helpers import invoke_tutor
from quiz_course import RIGHT, TOPICS, WRONG, Student, counting_clock, plugins_dir, quiz_env, read_specs
from tutor.practice.clock import fixed_clock, parse_time
from tutor.practice.session import Quiz
from tutor.practice.store import open_store

DAY0 = parse_time("2026-03-02T09:00:00+00:00")


@pytest.fixture
def specs(tmp_path, registry):
    return read_specs(tmp_path / "exercises", registry)


def run_quiz(specs, registry, store, lines, ids, **options):
    from tutor.exercises import instantiate

    student = Student(lines)
    settings = dict(user="ada", seed=7, count=len(lines), retries=2, clock=counting_clock(), now=fixed_clock(DAY0))
    settings.update(options)
    quiz = Quiz([specs[i] for i in ids], lambda spec, seed: instantiate(spec, seed, registry), store,
                read=student.read, write=student.write, **settings)
    return quiz.run(), student


def test_first_try_means_before_any_hint_solution_or_retry(specs, registry, tmp_path):
    # five problems of one exercise: right at once; right after a hint; right after the worked
    # solution; right at the retry; wrong then skipped
    lines = ["2x+3", "hint", "2x+3", "steps", "2x+3", "2x", "2x+3", "2x", "skip"]
    with open_store(tmp_path / "p.db") as store:
        summary, student = run_quiz(specs, registry, store, lines, ["qd-square"], count=5)
        reviews = store.reviews("ada")
    assert [r.first_try for r in summary.problems] == [True, False, False, False, False]
    assert [r.status for r in summary.problems] == ["correct"] * 4 + ["skipped"]
    assert summary.by_topic()["quizdemo-derivatives"]["first_try"] == 1
    assert "  quizdemo-derivatives         5        1/5" in student.text
    assert [(r["rating"], r["first_try"]) for r in reviews] == [(4, 1), (2, 0), (1, 0), (2, 0), (1, 0)]
    stats = json.loads(invoke_tutor("stats", "--json", env={"TUTOR_DB": str(tmp_path / "p.db"),
                                                             "TUTOR_USER": "ada"}).stdout)
    assert stats["total"]["first_try_correct"] == 1 and stats["total"]["first_try_accuracy"] == 0.2


def test_every_answer_and_review_is_dated_by_the_practice_clock(specs, registry, tmp_path):
    with open_store(tmp_path / "p.db") as store:
        run_quiz(specs, registry, store, ["2x+3"], ["qd-square"])
        [attempt] = store.attempts("ada")
        [review] = store.reviews("ada")
        [card] = store.cards("ada")
    assert attempt.created_at == review["reviewed_at"] == "2026-03-02T09:00:00.000+00:00"
    assert card["due"] > review["reviewed_at"]


def test_a_review_asks_what_is_due_then_new_ones_and_stops(specs, registry, tmp_path):
    from datetime import timedelta

    with open_store(tmp_path / "p.db") as store:
        run_quiz(specs, registry, store, [WRONG["qd-cube"], RIGHT["qd-cube"]], ["qd-cube"], count=1)
        summary, student = run_quiz(specs, registry, store, [RIGHT["qd-cube"], "skip", "2x+3"], sorted(specs),
                                    review=True, new_limit=1, count=50, now=fixed_clock(DAY0 + timedelta(days=1)))
        assert [r.exercise_id for r in summary.problems][0] == "qd-cube"
        assert len(summary.problems) == 2 and "1 due, 1 new" in student.text
        assert [r.due for r in summary.problems] == ["due", "new"]
        # nothing due and no new one allowed: nothing asked, and when the next is due is said
        summary, student = run_quiz(specs, registry, store, ["2x+3"], ["qd-cube"], review=True, new_limit=0)
    assert summary.problems == [] and "Nothing is due" in student.text and "the next is due 2026-03-" in student.text


@pytest.mark.parametrize("command", ["list", "quiz", "review"])
def test_an_unknown_topic_exits_2_listing_the_topics(tmp_path, command):
    plugins = plugins_dir(tmp_path)
    result = invoke_tutor("--plugins-dir", plugins, command, "--topic", "no-such-topic", env=quiz_env(tmp_path),
                          input="")
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: unknown topic 'no-such-topic'; the topics are: ")
    assert all(topic in line for topic in TOPICS) and "derivative-rules" in line
    known = invoke_tutor("--plugins-dir", plugins, "list", "--topic", TOPICS[0], env=quiz_env(tmp_path))
    assert known.returncode == 0 and "qd-square" in known.stdout


def test_the_replay_line_names_the_plugins_and_every_option_that_changes_the_problems(tmp_path):
    plugins = plugins_dir(tmp_path)
    env = quiz_env(tmp_path, TUTOR_LOAD_PLUGINS="", TUTOR_CLOCK="2026-03-02T09:00:00+00:00")
    first = invoke_tutor("--plugins-dir", plugins, "quiz", "--topic", TOPICS[0], "--count", "2", "--seed", "8",
                         "--retries", "0", env=env, input="2x\n12x^2\n")
    assert first.returncode == 0, first.stderr
    [replay] = [line for line in first.stdout.splitlines() if line.startswith("Replay: ")]
    words = shlex.split(replay[len("Replay: "):])
    assert words == ["TUTOR_CLOCK=2026-03-02T09:00:00+00:00", "TUTOR_LOAD_PLUGINS=", "tutor", "--plugins-dir",
                     str(plugins), "quiz", "--seed", "8", "--topic", TOPICS[0], "--count", "2", "--retries", "0"]
    # running the line (in a fresh store) asks the same problems
    again_env = {**quiz_env(tmp_path, TUTOR_DB=str(tmp_path / "again.db")),
                 **dict(word.split("=", 1) for word in words[:2])}
    again = invoke_tutor(*words[3:], env=again_env, input="2x\n12x^2\n")
    problems = [line for line in first.stdout.splitlines() if line.startswith("── Problem")]
    assert [line for line in again.stdout.splitlines() if line.startswith("── Problem")] == problems


def test_a_bad_clock_is_a_usage_error(tmp_path):
    result = invoke_tutor("stats", env=quiz_env(tmp_path, TUTOR_CLOCK="next tuesday"))
    assert result.returncode == 2 and "TUTOR_CLOCK='next tuesday' is not an ISO 8601" in result.stderr
