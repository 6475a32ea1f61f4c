"""Turn a syntax tree into SymPy objects, enforcing the size limits on the way.

Numbers are made exact (Integer, Rational) unless written with a decimal point or
an exponent (Float); variables are real symbols. Powers of exact numbers are
checked before SymPy evaluates them, so 9^9^9^9 is refused, never computed.
"""

from __future__ import annotations

import functools
import math
import operator
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

import mpmath
import sympy

from tutor.errors import LimitError, ParseError
from tutor.language import magnitude, nodes, real_sets
from tutor.language.functions import sigma
from tutor.language.values import Equation, Matrix, RealSet, SetValue, Vector, entries
from tutor.limits import DEFAULT_LIMITS, Limits

FUNCTION_MEANINGS = {
    "exp": sympy.exp, "ln": sympy.log, "log": sympy.log, "sqrt": sympy.sqrt, "abs": sympy.Abs,
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan,
    "asin": sympy.asin, "acos": sympy.acos, "atan": sympy.atan,
    "arcsin": sympy.asin, "arccos": sympy.acos, "arctan": sympy.atan,
    "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh,
    "sigma": sigma, "sigmoid": sigma,
}
CONSTANT_MEANINGS = {"pi": sympy.pi, "e": sympy.E}
RELATIONS = {"=": sympy.Eq, "==": sympy.Eq, "!=": sympy.Ne, "<": sympy.Lt, "<=": sympy.Le, ">": sympy.Gt,
             ">=": sympy.Ge}
_UNDEFINED = (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)
CHECKED_EXPRESSIONS = 8192  # expressions remembered as within the limits


def decimal_rational(text: str) -> sympy.Rational:
    """The exact rational a decimal numeral writes ("0.1" is 1/10, "2.5e-3" is 1/400)."""
    fraction = Fraction(Decimal(text))
    return sympy.Rational(fraction.numerator, fraction.denominator)


@lru_cache(maxsize=4096)
def variable(name: str) -> sympy.Symbol:
    """The real SymPy symbol for a variable name (one per name, shared everywhere)."""
    return sympy.Symbol(name, real=True)


class Builder:
    """Build SymPy values from syntax trees under ``limits``.

    For exercise files only: ``operations`` maps named operations (diff,
    gradient, ...) to callables that take and return values, containers
    included; ``environment`` maps names (parameters, definitions) to values.
    """

    def __init__(self, limits: Limits = DEFAULT_LIMITS, operations: dict | None = None,
                 environment: dict | None = None, written: dict | None = None, exact_decimals: bool = False):
        self.limits = limits
        self.operations = operations or {}
        self.environment = environment or {}
        self.written = written  # if a dict: id of each decimal built -> its text as written
        self.exact_decimals = exact_decimals  # decimals as the exact rationals they write (exercise data)
    def build(self, tree):
        """Return a SymPy expression, a Vector, Matrix or SetValue, or an operation's value."""
        if isinstance(tree, nodes.BinaryOp) and tree.op in RELATIONS:
            return self.relation(tree)
        if isinstance(tree, nodes.Relation) and tree.ops == ("=",):
            left, right = self.expression(tree.operands[0]), self.expression(tree.operands[1])
            for side in (left, right):
                self._check_expression(side)
            return Equation(left, right)
        if isinstance(tree, (nodes.Relation, nodes.Interval, nodes.Logic)):
            return self.real_set(tree)
        value = self.value(tree)
        self._check_value(value)
        return value

    def value(self, tree):
        """A node that may also be a container (at the top, in a set, as an operation's argument)."""
        if isinstance(tree, nodes.Sequence):
            return self.sequence(tree)
        if isinstance(tree, nodes.Variable) and tree.name in self.environment:
            return self.environment[tree.name]
        if isinstance(tree, nodes.Call) and tree.function in self.operations:
            return self.operations[tree.function](*(self.value(a) for a in tree.args))
        return self.expression(tree)

    def relation(self, tree):
        """A comparison of numbers (exercise constraints): sympy.true or sympy.false."""
        left, right = self.expression(tree.left), self.expression(tree.right)
        result = RELATIONS[tree.op](left, right)
        if result not in (sympy.true, sympy.false):
            raise ParseError(f"cannot decide {tree.op} between {left} and {right}", tree.column)
        return result

    # -- sets of reals: intervals and inequalities ---------------------------------
    def real_set(self, tree) -> RealSet:
        """Intervals and inequalities in one variable, as a union of disjoint intervals."""
        names = nodes.variable_names(tree) - set(self.environment)  # parameters are numbers here
        if len(names) > 1:
            raise ParseError(f"an inequality has one variable, not {', '.join(sorted(names))}", tree.column)
        symbol = variable(next(iter(names))) if names else None
        found = self._set_of(tree, symbol)
        notation = "inequality" if symbol is not None else "interval"
        return RealSet(found, symbol, notation)

    def _set_of(self, tree, symbol):
        if isinstance(tree, nodes.Logic):
            parts = [self._set_of(item, symbol) for item in tree.items]
            return real_sets.union(*parts) if tree.op == "or" else real_sets.intersection(*parts)
        if isinstance(tree, nodes.Interval):
            low, high = self._end(tree.low, -1), self._end(tree.high, 1)
            if real_sets.compare(low, high) > 0:
                raise ParseError("an interval is written with its smaller end first", tree.column)
            return real_sets.interval(low, high, tree.low_closed, tree.high_closed)
        if isinstance(tree, nodes.Relation):
            if symbol is None:
                raise ParseError("an inequality needs the variable (x < 2, not 1 < 2)", tree.column)
            return real_sets.intersection(*(self._solved(op, left, right, symbol, tree.column)
                                            for op, left, right in zip(tree.ops, tree.operands, tree.operands[1:])))
        if isinstance(tree, nodes.Sequence) and tree.kind == "set" and not tree.items:
            return ()
        raise ParseError("expected an interval such as (1, 3] or an inequality such as x < 2", tree.column)

    def _end(self, tree, sign: int):
        """An end of an interval: a number, -oo or oo."""
        negated = isinstance(tree, nodes.Negate)
        inner = tree.operand if negated else tree
        if isinstance(inner, nodes.Constant) and inner.name == "oo":
            return -sympy.oo if negated else sympy.oo
        value = self.expression(tree)
        self._check_expression(value)
        if value.free_symbols:
            raise ParseError("an end of an interval is a number", tree.column)
        _real(value, tree)
        return value

    def _solved(self, op: str, left, right, symbol, column):
        """The interval where ``left op right`` holds; the sides must be linear in the variable."""
        if op == "=":
            raise ParseError("write an inequality (<, <=, >, >=) or an interval here", column)
        difference = self.expression(left) - self.expression(right)
        self._check_expression(difference)
        slope = sympy.diff(difference, symbol)
        if slope.free_symbols or slope == 0:
            raise ParseError(f"write the inequality with {symbol} on its own, as in {symbol} > 2", column)
        bound = -difference.xreplace({symbol: sympy.S.Zero}) / slope
        if bound.free_symbols:
            raise ParseError(f"write the inequality with {symbol} on its own, as in {symbol} > 2", column)
        if _real(slope, left) < 0:
            op = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[op]
        if op in ("<", "<="):
            return real_sets.interval(-sympy.oo, bound, False, op == "<=")
        return real_sets.interval(bound, sympy.oo, op == ">=", False)

    # -- containers -------------------------------------------------------------
    def sequence(self, tree: nodes.Sequence):
        if tree.kind == "set":
            items = []
            for item in tree.items:
                if isinstance(item, nodes.Sequence):
                    if item.kind == "set":
                        raise ParseError("a set cannot contain a set", item.column)
                    built = self.sequence(item)
                    if isinstance(built, Matrix):
                        raise ParseError("a set cannot contain a matrix", item.column)
                else:
                    built = self.expression(item)
                if built not in items:
                    items.append(built)
            return SetValue(tuple(items))
        if tree.kind == "vector" and tree.items and all(
                isinstance(i, nodes.Sequence) and i.kind == "vector" for i in tree.items):
            rows = [tuple(self.expression(e) for e in row.items) for row in tree.items]
            lengths = sorted({len(r) for r in rows})
            if len(lengths) > 1:
                raise ParseError(f"matrix rows have different lengths ({', '.join(map(str, lengths))})",
                                 tree.column)
            return Matrix(tuple(rows))
        built = []
        for item in tree.items:
            if isinstance(item, nodes.Sequence):
                what = "matrix row" if tree.kind == "vector" else "point"
                raise ParseError(f"a {what} cannot contain a {_name_of(item)} here", item.column)
            built.append(self.expression(item))
        return Vector(tuple(built), "(" if tree.kind == "tuple" else "[")

    # -- expressions ------------------------------------------------------------
    def expression(self, tree):
        if isinstance(tree, nodes.BinaryOp) and tree.op in "+-":
            return _combined(sympy.Add, operator.add, self._chain(tree, "+-"))
        if isinstance(tree, nodes.BinaryOp) and tree.op in "*/":
            return _combined(sympy.Mul, operator.mul, self._chain(tree, "*/"))
        if isinstance(tree, nodes.BinaryOp):  # ^
            return self.power(self.expression(tree.left), self.expression(tree.right), tree.right)
        if isinstance(tree, nodes.Number):
            return self.number(tree)
        if isinstance(tree, nodes.Variable):
            if tree.name in self.environment:
                return self._scalar(self.environment[tree.name], tree)
            return variable(tree.name)
        if isinstance(tree, nodes.Constant):
            if tree.name not in CONSTANT_MEANINGS:
                raise ParseError("∞ (oo) can only be an end of an interval", tree.column)
            return CONSTANT_MEANINGS[tree.name]
        if isinstance(tree, nodes.Negate):
            value = -self.expression(tree.operand)
            if self.written is not None and isinstance(tree.operand, nodes.Number) and value.is_Float:
                self.written[id(value)] = "-" + tree.operand.text
            return value
        if isinstance(tree, nodes.Call) and tree.function in self.operations:
            return self._scalar(self.value(tree), tree)
        if isinstance(tree, nodes.Call):
            arguments = [self.expression(a) for a in tree.args]
            for argument in arguments:
                magnitude.check_argument(tree.function, argument, self.limits.max_exponent, tree.column)
            result = FUNCTION_MEANINGS[tree.function](*arguments)
            if tree.power is not None:
                result = self.power(result, sympy.Integer(tree.power), tree)
            return result
        if isinstance(tree, nodes.Sequence):
            raise ParseError(f"a {_name_of(tree)} cannot be used inside an expression", tree.column)
        raise ParseError(f"cannot read {type(tree).__name__}")

    @staticmethod
    def _scalar(value, tree):
        if not isinstance(value, sympy.Expr):
            raise ParseError(f"{_describe(value)} cannot be used inside an expression", tree.column)
        return value

    def _chain(self, tree, ops: str) -> list:
        """The operands of a left-nested run of + and - (or * and /), built without recursion."""
        pieces = []
        while isinstance(tree, nodes.BinaryOp) and tree.op in ops:
            pieces.append((tree.op, tree.right))
            tree = tree.left
        pieces.append((ops[0], tree))
        if ops == "*/" and len(pieces) > self.limits.max_factors:
            raise LimitError(f"a product of {len(pieces)} factors (limit {self.limits.max_factors})",
                             getattr(tree, "column", None))
        operands = []
        for op, node in reversed(pieces):
            value = self.expression(node)
            if op == "-":
                value = -value
            elif op == "/":
                if value.is_zero:
                    raise ParseError("division by zero", node.column)
                value = self.power(value, sympy.S.NegativeOne, node)
            operands.append(value)
        return operands

    def number(self, tree: nodes.Number):
        text = tree.text
        mantissa, _, exponent = text.lower().partition("e")
        digits = len(mantissa.replace(".", "").lstrip("0"))
        if digits > self.limits.max_digits:
            raise LimitError(f"a number has {digits} digits (limit {self.limits.max_digits})", tree.column)
        if exponent and abs(int(exponent)) > self.limits.max_exponent:
            raise LimitError(f"exponent {int(exponent)} is too large (limit {self.limits.max_exponent})",
                             tree.column)
        if ("." in text or exponent) and self.exact_decimals:
            return decimal_rational(text)
        if "." in text or exponent:
            value = sympy.Float(text, max(15, digits))
            if value and abs(float(mpmath.log10(abs(value._mpf_[1]) or 1)) + value._mpf_[2] * math.log10(2)) \
                    > self.limits.max_exponent:
                raise LimitError(f"the number {_short(text)} is too large or too small "
                                 f"(limit 10^±{self.limits.max_exponent})", tree.column)
            if self.written is not None:
                self.written[id(value)] = text
            return value
        return sympy.Integer(int(text))

    def power(self, base, exponent, where):
        """base^exponent, refusing exponents and exact results beyond the limits."""
        limits = self.limits
        column = getattr(where, "column", None)
        size, limit = _magnitude(exponent), exponent_limit(base, limits)
        if size is not None and size > limit:
            raise LimitError(f"exponent {_short(exponent)} is too large (limit {limit})", column)
        if base.is_Rational and exponent.is_Rational and not base.is_zero:
            digits = max(math.log10(abs(base.p)), math.log10(base.q)) * abs(float(exponent))
            if digits > limits.max_digits:
                raise LimitError(f"the number would have about {int(digits)} digits (limit {limits.max_digits})",
                                 column)
        if base.is_zero and exponent.is_negative:
            raise ParseError("division by zero", column)
        magnitude.check_power(base, exponent, limits.max_exponent, column)
        return sympy.Pow(base, exponent)

    def _check_value(self, value) -> None:
        for entry in entries(value):
            if isinstance(entry, sympy.Basic):
                self._check_expression(entry)

    def _check_expression(self, expr) -> None:
        checked_expression(expr, self.limits)


def _combined(operation, arithmetic, operands: list):
    """``operation(*operands)`` (sympy.Add or sympy.Mul); of rational numbers alone, computed
    by their own arithmetic, one pair at a time, as SymPy's flatten folds numbers (the same
    Rational, without sorting terms)."""
    if all(isinstance(operand, sympy.Rational) for operand in operands):
        return functools.reduce(arithmetic, operands)
    return operation(*operands)


@lru_cache(maxsize=CHECKED_EXPRESSIONS)
def checked_expression(expr, limits: Limits) -> bool:
    """True, or the error the expression breaks ``limits`` with. One walk over the tree: digits
    of exact numbers, exponents, undefined values; remembered (a define is checked again
    where it is used, as an operation's argument or result, or as the answer)."""
    digits_bound = 10 ** limits.max_digits
    for node in sympy.preorder_traversal(expr):
        if node.is_Rational:
            if abs(node.p) >= digits_bound or node.q >= digits_bound:
                size = max(magnitude.digits(node.p), magnitude.digits(node.q))
                raise LimitError(f"the answer makes a number of about {size} digits "
                                 f"(limit {limits.max_digits})")
        elif node.is_Float:
            magnitude.check_float(node, limits.max_exponent)
        elif node in _UNDEFINED:
            raise ParseError("the answer is undefined (it divides by zero or takes a log of 0)")
        elif node.is_Pow:
            size, limit = _magnitude(node.exp), exponent_limit(node.base, limits)
            if size is not None and size > limit:
                raise LimitError(f"exponent {_short(node.exp)} is too large (limit {limit})")
    return True


def exponent_limit(base, limits: Limits) -> int:
    """The largest |exponent| allowed on ``base``: the degree limit for a power of an
    expression in the variables (its value is cheap at any point, in floats or at bounded
    precision; dense polynomial work grows with the degree, and expansions are bounded
    apart), the constant limit for a power of constants (its value must stay within
    10^±max_exponent)."""
    return limits.max_degree if base.free_symbols else limits.max_exponent


def _real(value, tree) -> float:
    """A constant as a float; ParseError when it is not a finite real number."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        number = math.nan
    if not math.isfinite(number):
        raise ParseError(f"{value} is not a finite real number", getattr(tree, "column", None))
    return number


def _magnitude(exponent) -> float | None:
    """|exponent| when it is a number (exact, decimal or a constant like 1000 pi), else None."""
    if exponent.is_Number:
        return abs(float(exponent)) if exponent.is_finite else math.inf
    if exponent.is_number and not exponent.free_symbols:
        try:
            return abs(complex(exponent.evalf(15)))
        except (TypeError, ValueError):
            return None
    return None


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 20 else text[:17] + "..."


def _describe(value) -> str:
    kinds = {Vector: "a vector", Matrix: "a matrix", SetValue: "a set", str: "a word"}
    return kinds.get(type(value), f"a {type(value).__name__}")


def _name_of(tree: nodes.Sequence) -> str:
    return {"vector": "vector", "tuple": "point", "set": "set"}[tree.kind]
