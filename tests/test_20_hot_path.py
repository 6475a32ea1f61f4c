"""The checker's hot path (issue 20): the regex tokenizer reads as before, answers of one
shape share their compiled closures and verdicts, exact rational answers are compared
modulo a random prime, and all of it gives the SymPy path's verdicts."""

from __future__ import annotations

import pytest

import tutor
from tutor.checking.numeric import MODULUS, modular_power, modular_inverse
from tutor.checking.tree_numeric import compile_shared, tree_shape
from tutor.errors import ParseError
from tutor.language import Vocabulary, parse_tree
from tutor.language.tokens import tokenize
from tutor.limits import DEFAULT_LIMITS


@pytest.mark.parametrize(("text", "tokens"), [
    ("2.5E4x", [("number", "2.5E4", 1), ("name", "x", 6)]),
    ("2e", [("number", "2", 1), ("name", "e", 2)]),
    ("2e-x", [("number", "2", 1), ("name", "e", 2), ("op", "-", 3), ("name", "x", 4)]),
    ("1.e5 + .5", [("number", "1.e5", 1), ("op", "+", 6), ("number", ".5", 8)]),
    ("x**2", [("name", "x", 1), ("op", "^", 2), ("number", "2", 4)]),
    ("x₁²·y", [("name", "x_1", 1), ("superscript", "2", 3), ("op", "*", 4), ("name", "y", 5)]),
    ("w_11 − σ(z)", [("name", "w_11", 1), ("op", "-", 6), ("name", "sigma", 8), ("op", "(", 9),
                     ("name", "z", 10), ("op", ")", 11)]),
    ("x <= 2", [("name", "x", 1), ("op", "<=", 3), ("number", "2", 6)]),
])
def test_the_tokenizer_reads_numbers_names_and_unicode(text, tokens):
    read = tokenize(text)
    assert [tuple(t) for t in read[:-1]] == tokens
    assert read[-1] == ("end", "", len(text) + 1)


@pytest.mark.parametrize(("text", "message", "column"), [
    ("1.2.3", "a number has two decimal points", 4),
    ("x + 1..5", "a number has two decimal points", 7),
    ("y_ + 1", "a name cannot end with '_' ('y_')", 2),
    ("2 ! 3", "unexpected character '!'", 3),
    ("x + .", "unexpected character '.'", 5),
    ("x\ny", "an answer is one line, but this one has a line break", 2),
])
def test_the_tokenizer_points_at_bad_characters(text, message, column):
    with pytest.raises(ParseError) as error:
        tokenize(text)
    assert str(error.value).startswith(message) and error.value.column == column


def test_a_text_read_again_gets_the_same_tree_and_its_errors_again():
    vocabulary = Vocabulary.of(["x"])
    first = parse_tree("2x + 1", vocabulary)
    assert parse_tree("2x + 1", vocabulary) is first
    assert parse_tree("2x + 1", Vocabulary.of(["x", "y"])) == first  # another vocabulary: read again
    for _ in range(2):
        with pytest.raises(ParseError, match="unknown variable"):
            parse_tree("2z", vocabulary)


def test_spellings_of_one_tree_share_a_shape_and_compiled_closures():
    vocabulary = Vocabulary.of(["x"])
    trees = [parse_tree(text, vocabulary) for text in ("2x^2 + 1", "2*x**2+1", "2 x² + 1")]
    assert len({tree_shape(tree) for tree in trees}) == 1
    functions = {id(compile_shared(tree, ("x",), DEFAULT_LIMITS)) for tree in trees}
    assert len(functions) == 1
    assert tree_shape(parse_tree("2x^2 + 2", vocabulary)) != tree_shape(trees[0])
    assert tree_shape(parse_tree("(x, 1)", vocabulary)) is None  # only expressions have shapes


def test_modular_arithmetic_is_modulo_a_large_prime():
    assert MODULUS > 2 ** 61 and all(pow(a, MODULUS - 1, MODULUS) == 1 for a in (2, 3, 5, 7))
    assert modular_power(3, -1) * 3 % MODULUS == 1 and modular_inverse(5) * 5 % MODULUS == 1
    with pytest.raises(ZeroDivisionError):
        modular_inverse(MODULUS)
    with pytest.raises(ZeroDivisionError):
        modular_power(0, -2)


CASES = [
    ("(x+1)^2", "x^2 + 2x + 1", ["x"]),
    ("(x+1)^2", "x^2 + 2x + 1 + 1/10^30", ["x"]),  # an exact difference beyond double precision
    ("(x^2 - 1)/(x - 1)", "x + 1", ["x"]),
    ("x/(x+y)", "1 - y/(x + y)", ["x", "y"]),
    ("(x - y)^7", "-(y - x)^7", ["x", "y"]),
    ("(x - y)^7", "(y - x)^7", ["x", "y"]),
    ("1/(3x)", "(1/3) x^-1", ["x"]),
    ("x*sigma(x)", "x/(1 + e^-x)", ["x"]),
    ("2*sin(x)*cos(x)", "sin(2x)", ["x"]),
    ("0.5*x", "x/2", ["x"]),
    ("0.5*x", "x/3", ["x"]),
    ("[x + 1, 2y]", "(1 + x, y + y)", ["x", "y"]),
]


@pytest.mark.parametrize(("expected", "answer", "variables"), CASES)
def test_the_hot_path_gives_the_sympy_paths_verdict_every_time(expected, answer, variables, sympy_path_only):
    prepared = tutor.prepare(expected, variables)
    fast = [prepared.check(answer).to_dict() for _ in range(3)]  # judged, then remembered
    sympy_path_only()
    slow = tutor.prepare(expected, variables).check(answer).to_dict()
    assert fast == [slow] * 3


def test_an_entry_verdict_is_a_fresh_object_each_time():
    prepared = tutor.prepare("2x", ["x"])
    first, second = prepared.check("2 x"), prepared.check("2*x")
    assert first is not second and first.to_dict()["verdict"] == second.to_dict()["verdict"] == "correct"
    first.message = "changed by a caller"
    assert prepared.check("2·x").message == "correct"


def test_each_item_of_an_expected_set_gets_its_own_syntax_key():
    """The items of a set were all given the last item's subtree, so the identity test never
    matched and every answer to a set went to SymPy."""
    from tutor.checking import ExpectedAnswer
    from tutor.checking import quick

    expected = ExpectedAnswer("{-1 + sqrt(5), -1 - sqrt(5)}", [], "set")
    assert all(quick._expected_key(item) is not None for item in expected.prepared.items)
    assert expected.check("{-1 - sqrt(5), -1 + sqrt(5)}").correct
    assert not expected.check("{-1 + sqrt(5), 1 - sqrt(5)}").correct
