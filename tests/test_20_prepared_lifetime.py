"""Prepared expected answers and the garbage collector (issue 20): a prepared answer makes no
reference cycle, so that it is freed as soon as it is dropped (not left for a full collection
to find), and one read from its tree stays without SymPy where only the scale of its terms
was asked for."""

from __future__ import annotations

import gc
import weakref

import pytest

import tutor
from tutor.checking.equivalence import Expression
from tutor.checking.tree_expected import TreeExpression


@pytest.mark.parametrize(("text", "variables", "answers", "prepared"), [
    ("7", [], ["7.0", "1"], TreeExpression),
    ("0.4", [], ["0.40", "0.5"], TreeExpression),
    ("e^2", [], ["e^2", "7.389"], Expression),  # built in SymPy (e^2 is exp(2) there)
    ("2*x", ["x"], ["2x", "x"], TreeExpression),
])
def test_a_dropped_expected_answer_is_freed_without_the_garbage_collector(text, variables, answers, prepared):
    gc.collect()
    gc.disable()
    try:
        expected = tutor.prepare(text, variables=variables)
        assert type(expected.prepared) is prepared
        statuses = [expected.check(answer).status for answer in answers]
        assert statuses[0] == "correct"
        if not variables:  # a constant's constant form (asked for by every check of it) is itself
            assert expected.prepared.constant_form is expected.prepared
        left = [weakref.ref(expected), weakref.ref(expected.prepared)]
        del expected
        assert [ref() for ref in left] == [None, None]
    finally:
        gc.enable()


@pytest.mark.parametrize(("text", "answer"), [
    ("sigma(x)*(1 - sigma(x))", "e^(-x)/(1 + e^(-x))^2"),
    ("sigma(2*x)*(1 - sigma(2*x))", "e^(2*x)/(1 + e^(2*x))^2"),
])
def test_confirming_an_equal_answer_in_mpmath_builds_no_sympy_for_the_expected_one(text, answer):
    expected = tutor.prepare(text, variables=["x"])
    verdict = expected.check(answer)
    assert (verdict.status, verdict.method) == ("correct", "numeric")
    assert "expr" not in vars(expected.prepared)  # the scale of its terms was bounded from the tree
    assert expected._unbuilt is not None
