"""Two answer kinds: ``parts`` (labelled parts, each judged on its own, with credit per
part) and ``subset`` (which of some labelled items, e.g. the active constraints).

Both read a student's text without evaluating it: ``parts`` splits it at top-level
commas and ``=`` signs and reads every label and value with tutor's own parser;
``subset`` reads words. Their values are text (a ``str`` subclass carrying what was
read), so every part of tutor that shows an expected answer shows its canonical text.

    x = 1/2, y = 7/3, lambda = 2        parts, named (any order; λ, x₁ read as lambda, x_1)
    1/2, 7/3, 2                          parts, in the order the prompt lists them
    g1, g3      none                     a subset (order-free; "none" is the empty set)
"""

from __future__ import annotations

import re
from dataclasses import replace

from tutor.checking import CORRECT, INCORRECT, Verdict
from tutor.checking.kinds import check_expression, check_number, check_vector
from tutor.checking.verdict import invalid
from tutor.errors import ParseError
from tutor.language import Vector, parse, to_text
from tutor.limits import DEFAULT_LIMITS

MAX_PARTS = 12
_OPEN, _CLOSE = "([{", ")]}"


class Parts(str):
    """Labelled parts as text; ``items`` is a tuple of (label or None, value text)."""

    items: tuple

    def __new__(cls, items):
        named = all(label is not None for label, _ in items)
        text = ", ".join(f"{label} = {value}" if named else value for label, value in items)
        self = super().__new__(cls, text)
        self.items = tuple(items)
        return self

    def __getnewargs__(self):
        return (self.items,)

    @property
    def labels(self) -> tuple:
        return tuple(label for label, _ in self.items)

    @property
    def named(self) -> bool:
        return all(label is not None for label in self.labels)


def split_top_level(text: str, separators: str) -> list[str]:
    """``text`` cut at the separators that are outside every bracket."""
    pieces, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth -= 1
        elif char in separators and depth == 0:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return pieces


def _label(text: str) -> str:
    """A part's label read by tutor's parser (λ is lambda, x₁ is x_1); a name, nothing else."""
    try:
        value = parse(text.strip(), None, DEFAULT_LIMITS)
    except ParseError as error:
        raise ParseError(f"the label {text.strip()!r} cannot be read: {error.reason}") from None
    if not getattr(value, "is_Symbol", False):
        raise ParseError(f"a part's label is one name, such as x or lambda, not {text.strip()!r}")
    return value.name


def read_parts(text: str) -> Parts:
    """Parts from ``x = 1, y = 2`` or ``1, 2``; raises ParseError for a malformed answer."""
    if not isinstance(text, str) or not text.strip():
        raise ParseError("the answer is empty: give every part, e.g. x = 1, y = 2")
    pieces = split_top_level(text.strip(), ",;")
    if len(pieces) > MAX_PARTS:
        raise ParseError(f"at most {MAX_PARTS} parts")
    items = []
    for piece in pieces:
        sides = split_top_level(piece, "=")
        if len(sides) > 2:
            raise ParseError(f"one '=' per part: {piece.strip()!r}")
        if not sides[-1].strip():
            raise ParseError(f"a part has no value: {piece.strip()!r}")
        label = _label(sides[0]) if len(sides) == 2 else None
        items.append((label, sides[-1].strip()))
    labelled = [label is not None for label, _ in items]
    if any(labelled) and not all(labelled):
        raise ParseError("name every part (x = 1, y = 2) or none (1, 2)")
    labels = [label for label, _ in items if label is not None]
    if len(set(labels)) != len(labels):
        twice = next(label for label in labels if labels.count(label) > 1)
        raise ParseError(f"the part {twice} is given twice")
    return Parts(items)


def parts_text(labels, values) -> Parts:
    """The operation ``parts([x, y, lambda], [1, 2, 3])``: an expected answer of kind parts."""
    labels = labels.entries if isinstance(labels, Vector) else (labels,)
    values = values.entries if isinstance(values, Vector) else (values,)
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} labels but {len(values)} values")
    if not all(getattr(label, "is_Symbol", False) for label in labels):
        raise ValueError("the labels must be names, such as [x, y, lambda]")
    return Parts(tuple((label.name, to_text(value)) for label, value in zip(labels, values)))


def check_parts(expected: Parts, answer, judge) -> Verdict:
    """Each part judged by the checker its expected value calls for; credit per part."""
    if not isinstance(answer, Parts):
        return invalid("expected labelled parts, such as x = 1, y = 2", "kind")
    if not expected.named:
        return invalid("the expected answer has no labels: write it with parts([x, y], [1, 2])", "kind")
    labels = expected.labels
    names = [str(v) for v in judge.variables]
    given = _assign(expected, answer)
    if isinstance(given, Verdict):
        return given
    written: dict = {}
    entries = []
    for label, expected_text in expected.items:
        if label not in given:
            entries.append(Verdict(INCORRECT, 0.0, f"{label}: missing", "symbolic"))
            continue
        try:
            value = parse(given[label], names, judge.limits, written)
            wanted = parse(expected_text, names, judge.limits)
        except ParseError as error:
            return invalid(f"part {label}: {error}", "parse")
        verdict = _check_one(judge.prepare(wanted), value, replace(judge, written=written))
        if verdict.status not in (CORRECT, INCORRECT):
            return invalid(f"part {label}: {verdict.message}", verdict.method or "kind")
        verdict.message = f"{label}: {verdict.message}"
        entries.append(verdict)
    right = [label for label, verdict in zip(labels, entries) if verdict.correct]
    methods = {e.method for e in entries}
    method = "tolerance" if "tolerance" in methods else "numeric" if "numeric" in methods else "symbolic"
    if len(right) == len(labels):
        return Verdict(CORRECT, 1.0, "correct", method, entries=entries)
    wrong = [label for label in labels if label not in right]
    return Verdict(INCORRECT, len(right) / len(labels),
                   f"{len(right)} of {len(labels)} parts correct; wrong: {', '.join(wrong)}", method, entries=entries)


def _assign(expected: Parts, answer: Parts):
    """label -> the answer's text for it, or an invalid Verdict for a wrong shape."""
    labels = expected.labels
    listing = ", ".join(labels)
    if answer.named:
        unknown = [label for label in answer.labels if label not in labels]
        if unknown:
            return invalid(f"unknown part {unknown[0]}: the parts are {listing}", "kind")
        return {label: text for label, text in answer.items}
    texts = [text for _, text in answer.items]
    if len(texts) == 1 and len(labels) > 1:
        inner = texts[0].strip()
        if inner[:1] in "([" and inner[-1:] in ")]":
            texts = split_top_level(inner[1:-1], ",")
    if len(texts) != len(labels):
        return invalid(f"give {len(labels)} parts, {listing}, e.g. {labels[0]} = ..., or name them", "kind")
    return dict(zip(labels, texts))


def _check_one(expected, value, judge) -> Verdict:
    if isinstance(expected, Vector):
        return check_vector(expected, value, judge)
    if not expected.expr.free_symbols:
        return check_number(expected, value, judge)
    return check_expression(expected, value, judge)


# ---- subset ---------------------------------------------------------------------------------

_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_NONE = {"none", "no", "nothing", "empty", "{}", "∅", "no constraint", "no constraints", "none are active",
         "none active"}


class Subset(str):
    """Some of a list of labels, as text (``g1, g3`` or ``none``); ``members`` is a frozenset."""

    members: frozenset

    def __new__(cls, members):
        members = frozenset(members)
        self = super().__new__(cls, ", ".join(sorted(members)) if members else "none")
        self.members = members
        return self

    def __getnewargs__(self):
        return (self.members,)


def normalise_label(word: str) -> str:
    """g_1, G1 and g₁ are the same label: lower case, no '_', plain digits."""
    return word.strip().lower().translate(_SUBSCRIPTS).replace("_", "")


def read_subset(text: str) -> Subset:
    """Labels separated by commas or 'and' (brackets allowed), or 'none'."""
    if not isinstance(text, str):
        raise ParseError("a subset is text such as g1, g2")
    words = " ".join(text.strip().lower().split())[:500]
    if words in _NONE:
        return Subset(())
    words = words.strip("{}[]() ")
    pieces = [normalise_label(p) for p in re.split(r"[,;&\s]+|\band\b", words)]
    pieces = [p for p in pieces if p]
    if not pieces:
        raise ParseError("the answer is empty: list the labels, such as g1, g2, or write none")
    bad = next((p for p in pieces if not re.fullmatch(r"[a-z][a-z0-9]*", p)), None)
    if bad is not None:
        raise ParseError(f"{bad!r} is not a label: list labels such as g1, g2, or write none")
    if len(set(pieces)) != len(pieces):
        raise ParseError("a label is listed twice")
    return Subset(pieces)


def check_subset(expected: Subset, answer, judge) -> Verdict:
    """Order-free; credit for the labels right, less for those wrongly added."""
    if not isinstance(answer, Subset):
        return invalid("expected labels such as g1, g2, or none", "kind")
    options = {normalise_label(c) for c in judge.choices}
    unknown = sorted(answer.members - options) if options else []
    if unknown:
        return invalid(f"{unknown[0]!r} is not one of {', '.join(judge.choices)} (or none)", "kind")
    if answer.members == expected.members:
        return Verdict(CORRECT, 1.0, "correct", "symbolic")
    found = answer.members & expected.members
    score = len(found) / max(len(expected.members), len(answer.members))
    parts = []
    missing = sorted(expected.members - answer.members)
    extra = sorted(answer.members - expected.members)
    if missing:
        parts.append(f"{len(missing)} missing")
    if extra:
        parts.append(f"{', '.join(extra)} should not be listed")
    if not expected.members:
        parts = ["none should be listed"]
    return Verdict(INCORRECT, score, "; ".join(parts), "symbolic")


def wrong_labels(expected: Subset, answer, choices) -> list:
    """The declared labels a wrong subset gets wrong: listed but not in it, or in it but left out."""
    if not isinstance(answer, Subset) or not isinstance(expected, Subset):
        return []
    wrong = expected.members ^ answer.members
    return [c for c in choices if normalise_label(c) in wrong]


def subset_text(*labels) -> Subset:
    """Not an operation: the canonical text of a subset, for operations that give one."""
    return Subset(labels)
