"""The checks ``tutor validate`` makes on a generated variant beyond "its own answer is
accepted": round-off in the answer key or a definition, a classification at a point that
is not a critical point, maths in the exercise's own text that the student language
reads as ambiguous, and a prompt that states a form (exactly, 4 significant digits, ...)
the answer does not declare, or the other way round. Each returns why the variant fails
(field, message), or None."""

from __future__ import annotations

import re

import sympy

from tutor.checking.forms import Form, prompt_problem, stated_forms
from tutor.errors import ParseError
from tutor.exercises.exact import has_decimal
from tutor.language import Vocabulary, parse_tree
from tutor.language.values import Vector, entries, free_symbols
from tutor.limits import DEFAULT_LIMITS

ROUND_OFF = 1e-12  # a computed decimal this small next to data of size 1 is round-off for 0
_MATH_WORD = re.compile(r"[^\s,;]*[\^/][^\s,;]*")


def round_off(problem) -> tuple | None:
    """A decimal in the answer key or in a definition that is round-off for 0 (-2.2e-16
    where the exact value is 0): the key then rejects the exact answer."""
    scale = max([abs(float(e)) for name, _ in _parameters(problem) for e in _numbers(problem.values[name])]
                + [1.0])
    shown = [("answer.value", problem.expected.value)]
    shown += [(f"define.{name}", problem.values[name]) for name, _ in problem.spec.define if name in problem.values]
    shadow = getattr(problem.evaluate, "shadow", None)
    for field, value in shown:
        exact = shadow.known(value) if shadow is not None else None
        if exact is not None and not has_decimal(exact) and all(e != 0 for e in _numbers(exact)):
            continue  # computed exactly from decimal data: a small value, not round-off
        for number in _numbers(value):
            if number.is_Float and float(number) != 0 and abs(float(number)) < ROUND_OFF * scale:
                return field, (f"{float(number):.3g} is round-off for 0 (data of size {scale:g}): compute it exactly, "
                               "so that the exact answer 0 is accepted")
    return None


def is_zero_key(problem) -> bool:
    """True when every entry of the answer key is 0."""
    found = entries(problem.expected.value)
    return bool(found) and all(isinstance(e, sympy.Expr) and e.is_number and e.is_zero for e in found)


def non_critical_classification(problem, entries_: list, where: str = "solution") -> tuple | None:
    """A worked solution (or its ``going_further``, ``where``) that classifies (minimum,
    maximum, saddle) a point where the gradient (f′) is not zero: the test says nothing
    about such a point."""
    for tree in entries_:
        if isinstance(tree, str):
            continue
        steps = list(tree) if isinstance(tree, (list, tuple)) else [tree]
        first = _first_derivative(steps)
        if first is None:
            continue
        names, derivative = first
        for index, step in enumerate(steps):
            point = _classified_point(step, steps[index:])
            if point is None:
                continue
            mapping = dict(zip(names, point.entries if isinstance(point, Vector) else (point,)))
            slope = [sympy.simplify(e.subs(mapping)) for e in entries(derivative)]
            if any(s.is_number and s != 0 for s in slope):
                shown = ", ".join(str(s) for s in slope)
                shown_in = where.replace("_", " ")
                return f"{where}.steps", (f"the {shown_in} classifies the point {_point_text(point)} as a "
                                          f"{_verdict(steps[index:])}, but the gradient there is ({shown}), not 0: "
                                          "only a critical point is classified")
    return None


def _first_derivative(steps):
    """(variables, ∇f or f′) of a Hessian step tree, from its first step."""
    if not steps:
        return None
    head = steps[0]
    if head.rule == "gradient":
        return tuple(head.parts.get("variables", ())), head.after
    if head.variable is not None and len(steps) > 1 and steps[1].variable is not None:
        return (head.variable,), head.after  # one variable: f′, then f″
    return None


def _classified_point(step, following):
    """The point a top-level substitute step puts into the Hessian (or f″) when a
    classification of it follows; None otherwise."""
    if step.rule != "substitute" or step.parts.get("name") not in ("hessian", "second"):
        return None
    return step.parts.get("point") if _verdict(following) else None


def _verdict(steps) -> str | None:
    """The classification among ``steps`` (a substitute step, its substeps and the steps after it)."""
    for step in steps:
        for inner in step.walk():
            if inner.rule == "classify" and inner.after in ("minimum", "maximum", "saddle"):
                return inner.after
    return None


def _point_text(point) -> str:
    return "(" + ", ".join(str(e) for e in (point.entries if isinstance(point, Vector) else (point,))) + ")"


def ambiguous_text(problem) -> tuple | None:
    """Maths in the prompt or a hint (a run of text with ^ or /) that the student language
    reads as ambiguous (e^2x, 1/2x, x^1/2): a student copying it gets two readings."""
    vocabulary = Vocabulary.of(list(problem.spec.variables) or None)
    for field, text in [("prompt", problem.prompt)] + [("hints", hint) for hint in problem.hints]:
        for match in _MATH_WORD.finditer(text):
            word = match.group().strip(".:?!")
            try:
                parse_tree(word, vocabulary, DEFAULT_LIMITS)
            except ParseError as error:
                if str(error).startswith("ambiguous"):
                    return field, f"{word!r} is ambiguous in the student language ({error})"
    return None


def form_mismatch(problem) -> tuple | None:
    """A prompt that asks for a form (exactly, to 4 significant digits, multiplied out, ...)
    the answer does not declare (so it is not enforced), or a declared form it does not state."""
    forms = problem.spec.answer.form
    if problem.spec.answer.places is not None and "decimal-places" in stated_forms(problem.prompt):
        forms = (*forms, Form("decimal-places", problem.spec.answer.places))  # answer.places declares it
    problem_text = prompt_problem(problem.prompt, forms)
    return ("answer.form", problem_text) if problem_text else None


def _parameters(problem):
    return [(p.name, None) for p in problem.spec.parameters if p.name in problem.values]


def _numbers(value) -> list:
    """The numbers in a value: its numeric entries, and the numbers inside expressions."""
    found = []
    for entry in entries(value):
        if isinstance(entry, sympy.Expr):
            if entry.is_Number:
                found.append(entry)
            elif free_symbols(entry) or entry.has(sympy.Float):
                found.extend(entry.atoms(sympy.Float))
    return found
