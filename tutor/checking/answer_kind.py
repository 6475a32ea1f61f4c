"""What an answer kind is, and the built-in ones, without loading SymPy.

The built-in checkers live in tutor.checking.kinds (which needs SymPy); here each is
named and imported on its first call, so registering the kinds (which every command,
``tutor list`` too, does) costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from tutor.deferred import Deferred


@dataclass(frozen=True)
class AnswerKind:
    """A kind of answer: its checker, a reader when it is not the input language, and for
    kinds that pick among declared choices, ``wrong_choices(expected, answer, choices)``:
    the declared choices the answer gets wrong (whose ``choice:`` diagnoses explain them)."""

    checker: Callable
    reader: Callable | None = None
    wrong_choices: Callable | None = None


def _kinds(name: str) -> Deferred:
    return Deferred("tutor.checking.kinds", name)


BUILTIN_KINDS = {
    "expression": AnswerKind(_kinds("check_expression")),
    "number": AnswerKind(_kinds("check_number")),
    "vector": AnswerKind(_kinds("check_vector")),
    "matrix": AnswerKind(_kinds("check_matrix")),
    "set": AnswerKind(_kinds("check_set")),
    "choice": AnswerKind(_kinds("check_choice"), _kinds("read_choice"), _kinds("wrong_choice")),
    "equation": AnswerKind(_kinds("check_equation")),
    "interval": AnswerKind(_kinds("check_interval")),
    "inequality": AnswerKind(_kinds("check_interval")),
}
ANSWER_KINDS = tuple(BUILTIN_KINDS)  # the built-in answer kinds' names
FORM_KINDS = ("equation", "interval", "inequality")  # kinds read with =, <, intervals (Vocabulary.forms)
