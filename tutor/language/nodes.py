"""The syntax tree of the student input language: plain records with their columns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Number:
    text: str
    column: int


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    column: int


@dataclass(frozen=True, slots=True)
class Constant:
    name: str  # 'pi' or 'e'
    column: int


@dataclass(frozen=True, slots=True)
class Call:
    function: str
    args: tuple
    column: int
    power: int | None = None  # sin^2(x) is sin(x)^2


@dataclass(frozen=True, slots=True)
class Negate:
    operand: object
    column: int


@dataclass(frozen=True, slots=True)
class BinaryOp:
    op: str  # one of + - * / ^
    left: object
    right: object
    column: int


@dataclass(frozen=True, slots=True)
class Sequence:
    kind: str  # 'vector' [..], 'tuple' (..), 'set' {..}
    items: tuple
    column: int


@dataclass(frozen=True, slots=True)
class Relation:
    """a = b (an equation) or a chain of inequalities a < b <= c."""

    ops: tuple  # '=', '<', '<=', '>', '>='
    operands: tuple
    column: int


@dataclass(frozen=True, slots=True)
class Interval:
    """(a, b], [a, b), ...: an interval of reals; ends may be -oo and oo."""

    low: object
    high: object
    low_closed: bool
    high_closed: bool
    column: int


@dataclass(frozen=True, slots=True)
class Logic:
    """Inequalities or intervals joined by 'and' or by 'or' (also written U or ∪)."""

    op: str  # 'and' or 'or'
    items: tuple
    column: int


def variable_names(tree) -> set[str]:
    """The names of the variables a tree uses (a walk with its own stack, no recursion)."""
    return set(first_columns(tree))


def first_columns(tree) -> dict[str, int]:
    """Each variable of a tree with the column where it first appears."""
    columns, stack = {}, [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, Variable):
            columns[node.name] = min(node.column, columns.get(node.name, node.column))
        elif isinstance(node, Call):
            stack.extend(node.args)
        elif isinstance(node, Negate):
            stack.append(node.operand)
        elif isinstance(node, BinaryOp):
            stack.extend((node.left, node.right))
        elif isinstance(node, (Sequence, Logic)):
            stack.extend(node.items)
        elif isinstance(node, Relation):
            stack.extend(node.operands)
        elif isinstance(node, Interval):
            stack.extend((node.low, node.high))
    return columns


def render(node) -> str:
    """A fully parenthesised form of the tree, for tests and debugging."""
    if isinstance(node, Number):
        return node.text
    if isinstance(node, (Variable, Constant)):
        return node.name
    if isinstance(node, Call):
        call = f"{node.function}({', '.join(render(a) for a in node.args)})"
        return f"({call}^{node.power})" if node.power else call
    if isinstance(node, Negate):
        return f"(-{render(node.operand)})"
    if isinstance(node, BinaryOp):
        return f"({render(node.left)} {node.op} {render(node.right)})"
    if isinstance(node, Sequence):
        left, right = {"vector": "[]", "tuple": "()", "set": "{}"}[node.kind]
        return left + ", ".join(render(i) for i in node.items) + right
    if isinstance(node, Relation):
        parts = [render(node.operands[0])]
        for op, operand in zip(node.ops, node.operands[1:]):
            parts += [op, render(operand)]
        return "(" + " ".join(parts) + ")"
    if isinstance(node, Interval):
        opening, closing = "[" if node.low_closed else "(", "]" if node.high_closed else ")"
        return f"{opening}{render(node.low)}, {render(node.high)}{closing}"
    if isinstance(node, Logic):
        return "(" + f" {node.op} ".join(render(i) for i in node.items) + ")"
    raise TypeError(f"not a syntax node: {node!r}")
