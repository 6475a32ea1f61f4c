"""Prompts and feedback wrapped to the terminal's width: columns counted as a terminal counts them,
breaks at spaces and rather not inside a formula."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.practice.display import caret_lines
from tutor.practice.wrap import text_width, wrap, wrap_line

PROMPT = "Differentiate f(x) = x² + 3·x. Give f′(x)."


@pytest.mark.parametrize("width, lines", [
    (80, [PROMPT]),
    (30, ["Differentiate f(x) = x² + 3·x.", "Give f′(x)."]),
    (25, ["Differentiate", "f(x) = x² + 3·x. Give", "f′(x)."]),
    (20, ["Differentiate", "f(x) = x² + 3·x.", "Give f′(x)."]),
    (8, ["Differen", "tiate", "f(x) =", "x² +", "3·x.", "Give", "f′(x)."]),
])
def test_a_prompt_wraps_at_several_widths_keeping_formulas_whole_where_it_can(width, lines):
    assert wrap(PROMPT, width) == lines
    assert all(text_width(line) <= width for line in lines)


def test_the_cut_of_the_issue_does_not_happen():
    text = "What is the new velocity of the ball after one step?"
    lines = wrap(text, 20)
    assert lines == ["What is the new", "velocity of the ball", "after one step?"]
    assert not any(line.endswith("vel") for line in lines)


def test_brackets_and_operators_are_breaks_of_last_resort():
    text = "The gradient is [y + 1, x - 2] at every point"
    assert wrap(text, 32) == ["The gradient is [y + 1, x - 2]", "at every point"]
    assert wrap(text, 24) == ["The gradient is", "[y + 1, x - 2] at every", "point"]
    # a formula longer than the line breaks inside, at a space, rather than cutting a name
    assert wrap("so the answer is x_1 + x_2 + x_3 + x_4 + x_5 + x_6", 24) == [
        "so the answer is", "x_1 + x_2 + x_3 + x_4 +", "x_5 + x_6"]


def test_wide_characters_take_two_columns_and_combining_marks_none():
    assert text_width("数学") == 4 and text_width("x̂") == 1 and text_width("é") == 1
    assert wrap("数学数学数学 数学数学 abc", 8) == ["数学数学", "数学", "数学数学", "abc"]
    hats = "x̂" * 10
    lines = wrap(hats, 4)
    assert lines == ["x̂x̂x̂x̂", "x̂x̂x̂x̂", "x̂x̂"]          # a mark stays with its letter
    assert all(not line[0] == "\u0302" for line in lines)
    assert wrap("ŷ = σ(w·x + b) and then ∂L/∂ŷ", 16) == ["ŷ = σ(w·x + b)", "and then ∂L/∂ŷ"]


def test_indentation_is_kept_and_newlines_are_lines():
    text = "  entry 1: not equivalent to the expected answer: the values differ"
    assert wrap(text, 30) == ["  entry 1: not equivalent to", "  the expected answer: the", "  values differ"]
    assert wrap("one\ntwo three", 5) == ["one", "two", "three"]
    assert wrap("anything at all", None) == ["anything at all"]
    assert wrap_line("", 10) == [""]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab xyz+=·()[],²数\u0302é")), max_size=120), st.integers(2, 50))
def test_every_line_fits_and_nothing_is_lost(text, width):
    lines = wrap_line(text, width)
    assert all(text_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_the_caret_is_left_out_when_the_terminal_is_too_narrow_for_it(monkeypatch):
    monkeypatch.setenv("COLUMNS", "12")
    assert caret_lines("2x+)", 4) == ["    2x+)", "       ^"]
    assert caret_lines("2x + 3x + )", 11) == []
    monkeypatch.setenv("COLUMNS", "100")
    assert caret_lines("2x + 3x + )", 11) == ["    2x + 3x + )", "              ^"]
