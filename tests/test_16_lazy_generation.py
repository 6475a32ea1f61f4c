"""Generation computes only what is read (issue 16, speed): a definition when the answer, a
constraint, a text or another definition reads it, the hints and diagnoses when first read.
The same seed gives the same variant; a broken definition, hint or diagnosis still fails
``tutor validate`` and ``instantiate`` at generation, and elsewhere fails with the same
one-line error where it is read."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from tutor.cli import cli
from tutor.exercises import ExerciseError, Generator, instantiate
from tutor.exercises.evaluate import DrawValues
from tutor.exercises.loader import read_file
from tutor.registry import get_registry

SEEDS = range(12)


@pytest.fixture(scope="module")
def registry():
    return get_registry([])


def exercise(**fields) -> dict:
    spec = {"id": "lazy", "title": "Lazy", "topic": "lazy", "variables": ["x"],
            "parameters": {"a": {"int": [1, 2]}, "n": {"choice": [1, 7]}},
            "prompt": "Differentiate {{ a }}*x^2.", "answer": {"value": "2*a*x"}}
    spec.update(fields)
    return spec


def spec_of(tmp_path, fields: dict, registry):
    path = tmp_path / "lazy.yaml"
    path.write_text(yaml.safe_dump([fields], allow_unicode=True, sort_keys=False), encoding="utf-8")
    (spec,) = read_file(path, tuple(registry.kinds))
    return path, spec


# a definition only a hint reads, which cannot be computed when n = 7 (10^7 digits is over the limit)
HINT_ONLY = {"define": {"slope": "2*a", "digits": "decimal(pi, 10^n)"},
             "hints": ["The slope is {{ slope }}; π is about {{ digits }}."]}


def seeds_by_n(spec, registry) -> dict:
    """The seeds of each drawn n (as a complete generation of n = 1 shows, and a lazy one of both)."""
    found: dict = {1: [], 7: []}
    generator = Generator(spec, registry)
    for seed in SEEDS:
        found[int(generator.problem(seed).values["n"])].append(seed)
    assert found[1] and found[7], found  # both draws happen: the test covers both
    return found


def test_a_definition_only_a_hint_reads_fails_where_the_hint_is_read(tmp_path, registry):
    path, spec = spec_of(tmp_path, exercise(**HINT_ONLY), registry)
    seeds = seeds_by_n(spec, registry)
    for seed in seeds[7]:
        with pytest.raises(ExerciseError) as at_generation:
            instantiate(spec, seed, registry)  # complete: fails while generating, as it always did
        problem = Generator(spec, registry).problem(seed)
        assert problem.check(problem.answer_text).correct  # the answer never needed it
        assert problem.check(f"x*{2 * problem.values['a']}").correct
        with pytest.raises(ExerciseError) as at_diagnosis:
            problem.check("x")  # a wrong answer: tutor's generic diagnosis reads every value
        assert str(at_diagnosis.value) == str(at_generation.value)
        with pytest.raises(ExerciseError) as at_use:
            problem.hints  # noqa: B018
        assert str(at_use.value) == str(at_generation.value)
        assert at_use.value.field == at_generation.value.field == "define.digits"
        assert "\n" not in str(at_use.value)
        assert str(at_use.value).startswith(f"{path}: exercise 'lazy': field 'define.digits': ")
    for seed in seeds[1]:
        complete, lazy = instantiate(spec, seed, registry), Generator(spec, registry).problem(seed)
        assert lazy.hints == complete.hints and "3.1" in lazy.hints[0]


def test_validate_still_computes_every_definition(tmp_path, registry):
    path, _ = spec_of(tmp_path, exercise(**HINT_ONLY), registry)
    validated = CliRunner().invoke(cli, ["validate", str(path), "--seeds", str(len(SEEDS))])
    assert validated.exit_code == 1, validated.output
    assert "define.digits" in validated.output and "the number of digits" in validated.output, validated.output


def test_a_definition_nothing_reads_is_never_computed(tmp_path, registry):
    _, spec = spec_of(tmp_path, exercise(**HINT_ONLY), registry)
    problem = Generator(spec, registry).problem(0)
    assert isinstance(problem.values, DrawValues)
    assert not problem.values.computed("digits") and not problem.values.computed("slope")
    assert problem.answer_text and problem.render_prompt("latex")
    assert not problem.values.computed("digits")
    assert list(problem.values) == ["a", "n", "slope", "digits"]  # the names, in file order, uncomputed
    assert "digits" in problem.values and not problem.values.computed("digits")
    assert problem.values["slope"] == 2 * problem.values["a"] and problem.values.computed("slope")


def test_a_definition_reads_those_before_it_computed_first(tmp_path, registry):
    fields = exercise(define={"b": "a + 1", "c": "b^2", "unused": "decimal(pi, 10^7)"},
                      answer={"value": "c*x"}, prompt="Differentiate {{ c }}*x^2/2.")
    _, spec = spec_of(tmp_path, fields, registry)
    problem = Generator(spec, registry).problem(3)
    a = problem.values["a"]
    assert problem.values.computed("b") and problem.values["c"] == (a + 1) ** 2
    assert problem.check(f"{(a + 1) ** 2}*x").correct
    assert not problem.values.computed("unused")


def test_a_correct_answer_never_builds_the_diagnoses(tmp_path, registry):
    fields = exercise(define={"half": "a*x"},
                      diagnosis=[{"answer": "half", "message": "Twice {{ half }}: the power comes down."}])
    _, spec = spec_of(tmp_path, fields, registry)
    problem = Generator(spec, registry).problem(0)
    assert problem.check(problem.answer_text).correct
    assert "diagnoses" not in problem.shown and not problem.values.computed("half")
    wrong = problem.check(f"{problem.values['a']}*x")
    assert not wrong.correct and wrong.message.startswith("Twice ")
    assert "diagnoses" in problem.shown


def test_the_problems_of_one_draw_share_what_was_computed(tmp_path, registry):
    _, spec = spec_of(tmp_path, exercise(**{**HINT_ONLY, "define": {"slope": "2*a", "digits": "decimal(pi, 3)"}}),
                      registry)
    generator = Generator(spec, registry)
    problems = [generator.problem(seed) for seed in range(30)]
    first = {}
    for problem in problems:
        first.setdefault((problem.values["a"], problem.values["n"]), problem)
    for problem in problems:
        same = first[problem.values["a"], problem.values["n"]]
        assert problem.hints is same.hints  # rendered once per draw


def test_a_failing_diagnosis_is_the_variants_error_when_grading(tmp_path, registry):
    """The grading worker reports a diagnosis that cannot be computed as before: the variant
    cannot be generated; a correct answer still grades."""
    from tutor.grading import worker

    fields = exercise(define={"digits": "decimal(pi, 10^n)"},
                      diagnosis=[{"answer": "a*x", "message": "About {{ digits }}."}])
    _, spec = spec_of(tmp_path, fields, registry)
    seed = seeds_by_n(spec, registry)[7][0]
    with pytest.raises(ExerciseError) as at_generation:
        instantiate(spec, seed, registry)
    problem = Generator(spec, registry).problem(seed)
    assert worker.judge(problem, problem.answer_text)["verdict"] == "correct"
    wrong = worker.judge(problem, "x")
    assert wrong["verdict"] == "error"
    assert wrong["feedback"] == f"could not generate this variant: {at_generation.value}"


@pytest.mark.parametrize("exercise_id", ["backprop-hidden-weight-update", "mixed-partial-derivative",
                                         "limit-cancel-common-factor", "classify-by-eigenvalues"])
def test_lazy_and_complete_generation_give_the_same_variant(exercise_id, registry):
    from tutor.exercises.loader import load_library

    spec = load_library(registry)[exercise_id]
    lazy = Generator(spec, registry)
    for seed in range(0, 400, 37):
        complete, made = instantiate(spec, seed, registry), lazy.problem(seed)
        assert (made.prompt, made.answer_text, made.render_prompt("latex")) == \
            (complete.prompt, complete.answer_text, complete.render_prompt("latex"))
        assert made.hints == complete.hints
        assert [d for _, d in made.diagnoses] == [d for _, d in complete.diagnoses]
        assert dict(made.values) == dict(complete.values)
