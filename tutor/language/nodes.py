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
        elif isinstance(node, Sequence):
            stack.extend(node.items)
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
    raise TypeError(f"not a syntax node: {node!r}")
