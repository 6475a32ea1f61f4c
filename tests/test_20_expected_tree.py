"""Expected answers prepared from their syntax tree (tutor.checking.tree_expected): what the
fast path reads from the tree is what SymPy's expression says, the verdicts are those of
an expected answer built in SymPy, and SymPy is built only when something needs it."""

from __future__ import annotations

import dataclasses
import random

import pytest

import tutor
from tutor.checking import expected as expected_module
from tutor.checking.equivalence import Expression
from tutor.checking.numeric import sample_points
from tutor.checking.tree_expected import TreeExpression
from tutor.errors import ParseError
from tutor.language import Vocabulary, parse_tree
from tutor.language.build import Builder
from tutor.language.values import Matrix, Vector, entries
from tutor.limits import DEFAULT_LIMITS

# the verdicts compared must not depend on how busy the machine is (a wall-time limit)
PATIENT = dataclasses.replace(DEFAULT_LIMITS, seconds=120.0)

PLAIN = [
    "3*sigma(3*z)*(1 - sigma(3*z))", "-3*y*e^(-3*x*y)", "8*(2*x + 4)^3", "(15/2)*sqrt(x)",
    "2/(2*sqrt(2*x - 3))", "-6*x^3*y^2 - 2*x + 12*y", "1/(x*ln(10))", "ln(3)*3^x", "5/cos(5*x)^2",
    "-(y - x)*x*(1 - x)", "-3*x^2*sin(x) - x^3*cos(x)", "(6*x - 1)*e^(3*x^2 - x)", "-16/(4*x + 4)^2",
    "[10*x + 3*y, 6*y + 3*x - 3]", "[[-12*x - 4, -2*y], [-2*y, -2*x + 4]]", "(1, -2)", "0.4", "-1.077",
    "7", "0", "[[2, 0], [0, -4]]", "x/2 - e^(1/2)*(e^(1/2) - 2)", "x^(3/2) + 1", "pi*x^2",
    "2*(x + 1)", "(x + 1)/3 - y", "sqrt(10)*x", "x/(x + 1)^2", "{-7 + sqrt(17), -7 - sqrt(17)}",
    "{(1, 2), (2, 1)}", "{x, x^2}",
]

NOT_PLAIN = [  # SymPy does more than reorder these: built as before
    "x + 0.5 - 0.5", "sqrt(x^2)", "x - x + y", "sqrt(x)^2", "e^(ln(x))", "ln(e^x)", "sin(-x) + sin(x)",
    "2*(x + 1) + 3", "e^x*e^(2*x)", "3^x*3^(2*x)", "sqrt(2)*sqrt(3)*x", "x*x", "x/x*y", "0*x + y",
    "(x + y)*(-x - y)", "abs(x)", "x^(2 + 1)", "e^2*x", "exp(1)*x", "sin(asin(x))", "(2*x)^2",
    "{1, 1.0}", "{x, 2*x/2}", "{(1, 2), (1, 2.0)}", "0.5*x", "x^1", "sqrt(4)*x", "cos(x + pi)",
]

ANSWERS = ["x", "2*x + 1", "{-2.877, -11.12}", "{(2, 1), (1, 2)}", "{x^2, x}", "{x}", "0.4", "-1.08", "-1.077",
           "7.0", "sin(x)", "ln(x)", "sqrt(x)", "[1, 2]", "(1, -2)", "[[2, 0], [0, -4]]", "[[2, 0], [0, -4.0001]]",
           "1/(x - 1)", "0", "x/x", "e^(1/2)", "x^(3/2) + 1.0"]


def _eager(text, variables, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(expected_module, "_TREE_KINDS", ())
        return tutor.prepare(text, variables=variables, limits=PATIENT)


def _variables(text):
    return sorted({"x", "y", "z"} & set(text)) if any(c in text for c in "xyz") else []


@pytest.mark.parametrize("text", PLAIN)
def test_a_plain_expected_answer_is_read_from_its_tree_and_built_when_first_asked(text):
    variables = _variables(text)
    expected = tutor.prepare(text, variables=variables)
    assert all(isinstance(e, TreeExpression) for e in entries(expected.prepared))
    assert expected._unbuilt is not None
    expected.check(text)
    assert expected._unbuilt is not None  # the fast path judged it from the trees alone
    tree = parse_tree(text, Vocabulary.of(variables), expected.options.limits)
    assert expected.value == Builder(expected.options.limits).build(tree)
    assert expected._unbuilt is None


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_an_expected_answer_sympy_may_rewrite_is_built_as_before(text):
    expected = tutor.prepare(text, variables=["x", "y"])
    assert not any(isinstance(e, TreeExpression) for e in entries(expected.prepared))
    assert expected._unbuilt is None


@pytest.mark.parametrize("text", PLAIN)
def test_what_the_tree_says_is_what_sympy_says(text):
    expected = tutor.prepare(text, variables=_variables(text))
    for entry in entries(expected.prepared):
        assert _mismatches(entry, Expression(entry.expr, entry.variables)) == []


@pytest.mark.parametrize("text", PLAIN)
def test_verdicts_are_those_of_the_expected_answer_built_in_sympy(text, monkeypatch):
    variables = _variables(text)
    lazy, eager = tutor.prepare(text, variables=variables, limits=PATIENT), _eager(text, variables, monkeypatch)
    for answer in [text, f"{text} + 0.001", f"2*({text})"] + ANSWERS:
        assert _outcome(lazy.check(answer)) == _outcome(eager.check(answer)), answer


def test_a_prepared_expected_answer_pickles_before_use():
    import pickle

    expected = pickle.loads(pickle.dumps(tutor.prepare("[2*x + 1, x^2]", variables=["x"])))
    assert all(isinstance(e, TreeExpression) for e in entries(expected.prepared))
    assert _outcome(expected.check("[1 + 2x, x*x]")) == ("correct", "correct", "symbolic")


def test_a_vector_and_a_matrix_keep_their_shape_and_kind():
    vector = tutor.prepare("(1, -2)", variables=[])
    assert isinstance(vector.prepared, Vector) and vector.prepared.bracket == "(" and vector.kind == "vector"
    matrix = tutor.prepare("[[1, x], [x, 2]]", variables=["x"])
    assert isinstance(matrix.prepared, Matrix) and matrix.kind == "matrix"
    assert tutor.prepare("7", variables=[]).kind == "number"
    with pytest.raises(ValueError):
        tutor.prepare("[1, 2]", variables=[], kind="number")


@pytest.mark.parametrize("text", ["1/0", "x/(x - x)", "[[1, 2], [3]]", "ln(0)*x"])
def test_an_expected_answer_that_cannot_be_read_still_raises(text):
    with pytest.raises(ParseError):
        tutor.prepare(text, variables=["x"])


def test_random_trees_agree_with_sympy_in_what_is_read_and_in_verdicts(monkeypatch):
    rng = random.Random(20)
    plain = 0
    for _ in range(250):
        text = _random_tree(rng, 3)
        try:
            expected = tutor.prepare(text, variables=["x", "y"], limits=PATIENT)
        except ParseError:
            continue
        trees = [e for e in entries(expected.prepared) if isinstance(e, TreeExpression)]
        if not trees:
            continue
        plain += 1
        for entry in trees:
            assert _mismatches(entry, Expression(entry.expr, entry.variables)) == [], text
        eager = _eager(text, ["x", "y"], monkeypatch)
        for answer in [text, f"{text} + 0.001", _random_tree(rng, 3), _random_tree(rng, 3)]:
            assert _outcome(expected.check(answer)) == _outcome(eager.check(answer)), (text, answer)
    assert plain > 40  # the walk is not vacuous


def _outcome(verdict):
    return verdict.status, verdict.message, verdict.method


def _mismatches(tree: TreeExpression, built: Expression) -> list:
    out = [name for name in ("free_symbols", "approximate", "function_names", "expansion", "region_points",
                             "exact_digits", "residues") if getattr(tree, name) != getattr(built, name)]
    if (tree.magnitude_function is None) != (built.magnitude_function is None):
        out.append("magnitudes")
    for point in sample_points(len(tree.variables)) if tree.variables else ((),):
        ours, theirs = tree.value_at(point), built.value_at(point)
        if (ours is None) != (theirs is None) or (ours is not None and abs(ours - theirs) > 1e-9 * max(
                abs(ours), abs(theirs), 1e-300)):
            out.append(f"value at {point}")
        bound = tree.scale_bound_at(point)
        if bound is not None and bound < built.scale_at(point):
            out.append(f"scale bound at {point}")
    return out


_FUNCTIONS = ["sin", "cos", "tan", "exp", "ln", "sqrt", "sigma", "atan", "asin", "sinh", "abs"]


def _random_tree(rng: random.Random, depth: int) -> str:
    if depth <= 0 or rng.random() < 0.25:
        choice = rng.random()
        if choice < 0.4:
            return rng.choice(["x", "y"])
        if choice < 0.8:
            return str(rng.choice([0, 1, 2, 2, 3, 4, 9, 10]))
        return rng.choice(["pi", "e", "0.5", "2.0"])
    choice = rng.random()
    a, b = _random_tree(rng, depth - 1), _random_tree(rng, depth - 1)
    if choice < 0.25:
        return f"({a} + {b})"
    if choice < 0.4:
        return f"({a} - {b})"
    if choice < 0.6:
        return f"{a}*{b}"
    if choice < 0.7:
        return f"{a}/{b}"
    if choice < 0.8:
        return f"({a})^{rng.choice(['2', '3', '-1', '(1/2)', '(3/2)', 'x', '1', '(2+1)'])}"
    if choice < 0.85:
        return f"-{a}"
    if choice < 0.9:
        return f"e^({a})"
    return f"{rng.choice(_FUNCTIONS)}({a})"
