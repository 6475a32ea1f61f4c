"""The parser's hot loops (issue 20): a term read inside sum's loop, numbers, declared variables,
brackets and number exponents read inside power, operator characters inside the tokenizer's
loop; precedence, associativity and the ambiguity rules are those of the grammar."""

from __future__ import annotations

import pytest

from tutor.errors import ParseError
from tutor.language import Vocabulary, parse_tree
from tutor.language.nodes import render
from tutor.language.tokens import tokenize

LETTERS = Vocabulary.of(list("abcdefxy"))
NO_E = Vocabulary.of(["a", "b", "x"])  # e is Euler's number here


@pytest.mark.parametrize(("text", "tree"), [
    ("a - b + c*d/e f", "((a - b) + (((c * d) / e) * f))"),  # left to right; a space ends a denominator
    ("-a^2 - -b", "((-(a ^ 2)) - (-b))"),  # a power binds tighter than a sign
    ("a b^2 c", "((a * (b ^ 2)) * c)"),  # and than an implicit product
    ("2^3^2", "(2 ^ (3 ^ 2))"),  # a number exponent that is itself raised
    ("x^-1^2", "(x ^ (-(1 ^ 2)))"),
    ("x^2 + 1", "((x ^ 2) + 1)"),
    ("(a + b)(a - b)^2", "((a + b) * ((a - b) ^ 2))"),
    ("[a, b]^2 + {c}", "(([a, b] ^ 2) + {c})"),
    ("sin^2(x) - 2·x × y ÷ 3 − 1", "(((sin(x)^2) - (((2 * x) * y) / 3)) - 1)"),
])
def test_precedence_and_associativity(text, tree):
    assert render(parse_tree(text, LETTERS)) == tree


@pytest.mark.parametrize(("text", "message"), [
    ("e^2x", "ambiguous: write e^(2x) or e^2·x"),
    ("2^3x", "ambiguous: write 2^(3x) or 2^3·x"),
    ("1/2x", "ambiguous: write 1/(2x) or (1/2)·x"),
    ("x^1/2", "ambiguous: write x^(1/2) or (x^1)/2"),
    ("a + 2 3", "a number cannot follow '2' without an operator"),
    ("x^", "'^' needs an exponent after it"),
    ("(a + b", "missing ')' to close the '(' at column 1"),
])
def test_the_rules_on_ambiguous_and_broken_forms_still_hold(text, message):
    with pytest.raises(ParseError) as error:
        parse_tree(text, NO_E)
    assert str(error.value).startswith(message)


def test_tokens_are_kind_text_column_and_operator_characters_are_their_operators():
    assert tokenize("x·y×z÷2−1≤3∪") == [
        ("name", "x", 1), ("op", "*", 2), ("name", "y", 3), ("op", "*", 4), ("name", "z", 5), ("op", "/", 6),
        ("number", "2", 7), ("op", "-", 8), ("number", "1", 9), ("op", "<=", 10), ("number", "3", 11),
        ("op", "∪", 12), ("end", "", 13)]
    assert tokenize("x*y**2") == [("name", "x", 1), ("op", "*", 2), ("name", "y", 3), ("op", "^", 4),
                                  ("number", "2", 6), ("end", "", 7)]
