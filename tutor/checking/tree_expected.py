"""Expected answers prepared from their syntax tree, SymPy built only when something needs it.

``prepare_from_tree(tree, names, symbols, limits)`` returns the prepared expected value (a
TreeExpression, or a Vector, Matrix or SetValue of them) for a tree in a plain class, else
None (the caller builds SymPy as before). A plain tree is one whose SymPy reading only
reorders it: sums and products flattened, numbers multiplied out, a number (or a sign)
distributed over a single sum, and nothing else combined. Checked by one walk (_Facts): no
like terms in a sum, no like bases in a product (nor two sums equal up to sign, two
exponentials, two powers of one number, two roots of numbers), at most one number among
the terms of a sum, no zero, no power of a power, of a product or of pi, e only as e^z
(z with the variables, or a fraction p/q), no function of a constant but ln n and sqrt n
(n square-free), no function, e or pi inside a function's argument, each trigonometric or
hyperbolic function (whose sign SymPy may pull out) at most once, decimals only as a lone
number, items of a set that surely differ, and whatever tutor.checking.tree_numeric
refuses. For such a tree SymPy's value has the same variables, decimals, functions of the
variables, domain and expansion size as the tree, no kinks and no exact number beyond 15
digits, so those are read from the tree; values come from the tree's closures (as an
answer's do), and the scale of the terms comes first as an upper bound
(tutor.checking.equivalence.Expression.scale_bound_at). Anything else builds the SymPy
expression, once, when first asked for. bench/expected_tree_check.py and
tests/test_20_expected_tree.py compare all of this with SymPy.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import cached_property

from tutor.checking.equivalence import Expression
from tutor.checking.numeric import FLOAT, MAGNITUDE, MODULAR, MP, Unsupported, residues, sample_points
from tutor.checking.tree_numeric import TreeFunction, compile_shared, interned, operand_chain, subtree_closure
from tutor.language import nodes
from tutor.language.values import Matrix, SetValue, Vector
from tutor.limits import Limits

# input-language name -> SymPy's function class name (sqrt is a power in SymPy)
_SYMPY_NAMES = {"exp": "exp", "ln": "log", "log": "log", "sin": "sin", "cos": "cos", "tan": "tan",
                "asin": "asin", "acos": "acos", "atan": "atan", "arcsin": "asin", "arccos": "acos",
                "arctan": "atan", "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "sigma": "sigma",
                "sigmoid": "sigma"}
_SIGNED = frozenset({"sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh"})  # SymPy pulls out signs
_EXACT_DIGITS = 15  # exact numbers within double precision: Expression.exact_digits is 0
BOUND_MARGIN = 1 + 1e-9  # scale_bound_at's widening: float sums of the same terms round apart by ~1e-16
_MISSING = object()


class _NotPlain(Exception):
    """SymPy may do more than reorder this tree."""


def prepare_from_tree(tree, names: tuple, symbols: tuple, limits: Limits):
    """The prepared expected value of ``tree`` (an expression, vector or matrix) without SymPy,
    or None when the tree is not plain (see the module's docstring)."""
    try:
        if isinstance(tree, nodes.Sequence):
            return _sequence(tree, names, symbols, limits)
        return TreeExpression.of(tree, names, symbols, limits)
    except (_NotPlain, Unsupported, ValueError, ArithmeticError, RecursionError):
        return None


def _sequence(tree, names, symbols, limits):
    """A vector, a matrix or a set as the Builder makes it."""
    if not tree.items:
        raise _NotPlain
    if tree.kind == "set":
        return _set(tree, names, symbols, limits)
    rows = [item for item in tree.items if isinstance(item, nodes.Sequence)]
    if not rows:
        return Vector(tuple(TreeExpression.of(item, names, symbols, limits) for item in tree.items),
                      "(" if tree.kind == "tuple" else "[")
    if tree.kind != "vector" or len(rows) != len(tree.items) or any(row.kind != "vector" for row in rows) \
            or len({len(row.items) for row in rows}) != 1 \
            or any(isinstance(e, nodes.Sequence) for row in rows for e in row.items):
        raise _NotPlain
    return Matrix(tuple(tuple(TreeExpression.of(e, names, symbols, limits) for e in row.items) for row in rows))


def _set(tree, names, symbols, limits) -> SetValue:
    """A set of expressions or points whose items surely differ (the Builder drops an item equal
    to an earlier one; items that differ at a sample point are different SymPy expressions)."""
    items = []
    for item in tree.items:
        if isinstance(item, nodes.Sequence):
            if item.kind == "set" or not item.items or any(isinstance(e, nodes.Sequence) for e in item.items):
                raise _NotPlain
            items.append(Vector(tuple(TreeExpression.of(e, names, symbols, limits) for e in item.items),
                                "(" if item.kind == "tuple" else "["))
        else:
            items.append(TreeExpression.of(item, names, symbols, limits))
    points = sample_points(len(names))[:4] if names else ((),)
    for i, first in enumerate(items):
        for second in items[:i]:
            if not any(_apart(first, second, point) for point in points):
                raise _NotPlain
    return SetValue(tuple(items))


def _apart(first, second, point) -> bool:
    """Whether two items surely differ at ``point``."""
    if isinstance(first, Vector) != isinstance(second, Vector):
        return True
    pairs = zip(first.entries, second.entries) if isinstance(first, Vector) else [(first, second)]
    if isinstance(first, Vector) and len(first) != len(second):
        return True
    for a, b in pairs:
        a, b = a.value_at(point), b.value_at(point)
        if a is not None and b is not None and abs(a - b) > 1e-9 * max(abs(a), abs(b), 1.0):
            return True
    return False


def _rebuilt(tree, names, symbols, limits, source):
    expression = TreeExpression.of(tree, names, symbols, limits)
    expression.source = source
    return expression


class TreeExpression(Expression):
    """A prepared expected Expression read from a plain syntax tree; ``expr`` is built on first use."""

    def __init__(self, tree, names: tuple, symbols: tuple, limits: Limits, function: TreeFunction,
                 function_names: frozenset, expansion: int):
        """``function_names`` and ``expansion``: what _Facts found (the walk itself is not kept)."""
        self.tree, self.names, self.limits = tree, names, limits
        self.variables = symbols
        self.function = function
        self.function_names, self.expansion = function_names, expansion
        self.approximate = function.approximate
        self._values, self._mp_values, self._scales = {}, {}, {}

    @classmethod
    def of(cls, tree, names: tuple, symbols: tuple, limits: Limits) -> "TreeExpression":
        facts = _Facts(tree)
        function = compile_shared(tree, names, limits)
        if function.kinked or function.loose_decimals or function.digits > _EXACT_DIGITS:
            raise _NotPlain
        return cls(tree, names, symbols, limits, function, facts.functions, facts.expansion)

    def __reduce__(self):
        """Pickled as the tree it is read from (its closures are not picklable)."""
        return _rebuilt, (self.tree, self.names, self.variables, self.limits, self.source)

    @cached_property
    def tree_key(self):
        """tutor.checking.quick.tree_key of the tree (it is the tree this expression is built from)."""
        from tutor.checking.quick import tree_key

        return tree_key(self.tree) or False

    @cached_property
    def expr(self):
        from tutor.language.build import Builder

        return Builder(self.limits).expression(self.tree)

    @cached_property
    def built(self) -> Expression:
        """The same expected answer prepared from its SymPy expression (for what the tree cannot tell)."""
        return Expression(self.expr, self.variables)

    @cached_property
    def free_symbols(self) -> frozenset:
        return frozenset(s for s, n in zip(self.variables, self.names) if n in self.function.variables)

    def _without_variables(self) -> Expression:
        return TreeExpression(self.tree, (), (), self.limits, compile_shared(self.tree, (), self.limits),
                              self.function_names, self.expansion)

    region_points = []  # no abs in a plain tree: no kinks
    exact_digits = 0  # no exact number beyond _EXACT_DIGITS

    @cached_property
    def float_function(self):
        return self.function.closure(FLOAT)

    @cached_property
    def mp_function(self):
        return self._closure(MP)

    @cached_property
    def magnitude_function(self):
        return self._closure(MAGNITUDE) if self.function.magnitudes else None

    def _closure(self, backend):
        try:
            return self.function.closure(backend)
        except Unsupported:
            return None

    @property
    def exact_function(self):
        return self.built.exact_function

    @property
    def wide_magnitude_function(self):
        return self.built.wide_magnitude_function

    @property
    def term_scale_function(self):
        return self.built.term_scale_function

    def value_at(self, point):
        """The tree's value in floats (None where undefined); where floats overflow, SymPy's."""
        cache = self._values
        value = cache.get(point, _MISSING)  # one lookup: a point's hash is worked out each time
        if value is not _MISSING:
            return value
        try:
            value = self.float_function(point)
        except OverflowError:
            value = math.inf
        except (ArithmeticError, ValueError, TypeError):
            value = None
        if value is not None and (type(value) is complex or not math.isfinite(value)):
            value = self.built.value_at(point) if type(value) is not complex else None
        if len(cache) < 256:
            cache[point] = value
        return value

    def digits_needed(self, point) -> int:
        function = self.magnitude_function
        if function is None:
            return 0
        try:
            size = abs(function(point))
        except (ArithmeticError, ValueError, TypeError):
            size = math.inf
        if not math.isfinite(size):
            return self.built.digits_needed(point)
        return int(math.log10(size)) + 1 if size > 1 else 0

    def scale_bound_at(self, point) -> float | None:
        """An upper bound on scale_at(point): the sum of |terms| of the tree's top-level sum
        (flattened as SymPy flattens it), widened by far more than the rounding that sets it
        apart from SymPy's sum of the same terms, or None."""
        if not self.variables:
            return 0.0
        if self._terms is None:
            return None
        total = 0.0
        try:
            for factor, function in self._terms:
                total += abs(factor * function(point))
        except (ArithmeticError, ValueError, TypeError):
            return None
        return total * BOUND_MARGIN if math.isfinite(total) else None

    @cached_property
    def _terms(self) -> list | None:
        """(number, float closure) of each term: closures of subtrees of the checked tree."""
        try:
            return [(factor, subtree_closure(node, self.names)) for factor, node in self._top_terms(self.tree, 1.0)]
        except (Unsupported, ValueError, ArithmeticError, RecursionError):
            return None

    def _top_terms(self, tree, factor: float) -> list:
        """(number, subtree) for the terms of the sum at the top of ``tree``, a product of constants
        and one factor distributed (an upper bound of SymPy's terms: SymPy distributes no more)."""
        kind = type(tree)
        if kind is nodes.BinaryOp and tree.op in "+-":
            out = []
            for op, node in operand_chain(tree, "+-"):
                out.extend(self._top_terms(node, factor if op == "+" else -factor))
            return out
        if kind is nodes.Negate:
            return self._top_terms(tree.operand, -factor)
        if kind is nodes.BinaryOp and tree.op in "*/":
            pieces = operand_chain(tree, "*/")
            rest = [(op, node) for op, node in pieces if _has_variable(node)]
            if len(rest) == 1 and rest[0][0] == "*":
                for op, node in pieces:
                    if node is not rest[0][1]:
                        value = subtree_closure(node, ())(())
                        factor = factor * value if op == "*" else factor / value
                return self._top_terms(rest[0][1], factor)
        return [(factor, tree)]


    @cached_property
    def residues(self):
        """modular_values of the expression: its values modulo the prime at modular_points, or None
        when it is not rational (SymPy's reading of a plain tree is rational when the tree is)."""
        if not self.function.rational:
            return None
        try:
            return residues(self.function.closure(MODULAR, keep=False), len(self.variables))
        except Unsupported:
            return None


def _is_sum(node) -> bool:
    while type(node) is nodes.Negate:
        node = node.operand
    return type(node) is nodes.BinaryOp and node.op in "+-"


# -- the plain class ---------------------------------------------------------------------------
class _Facts:
    """One walk over a tree: raises _NotPlain unless it is plain; the names of the functions it
    applies to its variables (as SymPy names them) and its expansion size (magnitude.expansion_size
    of SymPy's reading)."""

    def __init__(self, tree):
        self.functions: set = set()
        self.signed: set = set()
        if _decimal_number(tree) or (type(tree) is nodes.Number and tree.text.isdigit() and int(tree.text) == 0):
            self.functions, self.expansion = interned(frozenset()), 1  # a lone decimal, or 0
        else:
            terms = self._terms(tree, 1, inside=False)
            self.expansion = _sum_expansion(terms) if len(terms) > 1 else _term_expansion(terms[0])
            self.functions = interned(frozenset(self.functions))
        del self.signed  # needed by the walk only: not kept for the gc to walk

    # a sum: [(coefficient, monomial)], a monomial a frozenset of (base, exponent)
    def _terms(self, tree, sign: int, inside: bool) -> list:
        kind = type(tree)
        if kind is nodes.BinaryOp and tree.op in "+-":
            terms = []
            for op, node in operand_chain(tree, "+-"):
                terms.extend(self._terms(node, sign if op == "+" else -sign, inside))
            return _checked_sum(terms)
        if kind is nodes.Negate:
            return self._terms(tree.operand, -sign, inside)
        coefficient, powers = self._product(tree, inside)
        if len(powers) == 1:
            (base, exponent), = powers.items()
            if base[0] == "sum" and exponent == 1:  # a number times one sum: SymPy distributes it
                return [(_whole(sign * coefficient * c), m) for c, m in base[2]]
        return [(_whole(sign * coefficient), frozenset(powers.items()))]

    def _product(self, tree, inside: bool) -> tuple:
        coefficient, powers = 1, {}
        pieces = operand_chain(tree, "*/") if type(tree) is nodes.BinaryOp and tree.op in "*/" else [("*", tree)]
        for op, node in pieces:
            number, factors = self._factor(node, inside)
            if op == "/":
                number = Fraction(1, number) if type(number) is int else 1 / number
                factors = [(base, -exponent) for base, exponent in factors]
            coefficient *= number
            for base, exponent in factors:
                key = _like(base)
                if key in powers or any(_like(b) == key for b in powers):
                    raise _NotPlain  # like bases: SymPy combines them
                powers[base] = exponent
        return coefficient, powers

    def _factor(self, tree, inside: bool) -> tuple:
        """(number, [(base, exponent)]) of one factor."""
        kind = type(tree)
        if kind is nodes.Number:
            if not tree.text.isdigit() or int(tree.text) == 0:
                raise _NotPlain
            return int(tree.text), []
        if kind is nodes.Variable:
            return 1, [(("v", tree.name), 1)]
        if kind is nodes.Constant:
            if tree.name != "pi" or inside:
                raise _NotPlain
            return 1, [(("pi",), 1)]
        if kind is nodes.Negate:
            if _is_sum(tree.operand):
                return 1, [(self._sum_base(tree, inside), 1)]
            number, factors = self._factor(tree.operand, inside)
            return -number, factors
        if kind is nodes.BinaryOp and tree.op in "+-":
            return 1, [(self._sum_base(tree, inside), 1)]
        if kind is nodes.BinaryOp and tree.op in "*/":
            coefficient, powers = self._product(tree, inside)
            return coefficient, list(powers.items())
        if kind is nodes.BinaryOp and tree.op == "^":
            return self._power(tree, inside)
        if kind is nodes.Call:
            return self._call(tree, inside)
        raise _NotPlain

    def _sum_base(self, tree, inside: bool):
        terms = self._terms(tree, 1, inside)
        if len(terms) < 2:
            raise _NotPlain
        return ("sum", _up_to_sign(terms), frozenset(terms))

    def _power(self, tree, inside: bool) -> tuple:
        base, exponent = tree.left, tree.right
        if type(base) is nodes.Constant and base.name == "e":
            if inside:
                raise _NotPlain
            if _has_variable(exponent):
                self.functions.add("exp")
            elif _constant_exponent(exponent).denominator == 1:
                raise _NotPlain  # e^n: exp(n) to SymPy, a function; e^1 is e
            return 1, [(("exp", self._argument(exponent)), 1)]
        n = _constant_exponent(exponent)
        if n is None:  # a power with the variables in its exponent: only of a whole number 2, 3, ...
            if not (type(base) is nodes.Number and base.text.isdigit() and int(base.text) >= 2):
                raise _NotPlain
            return 1, [(("power", int(base.text), self._argument(exponent)), 1)]
        if type(base) is nodes.Number:
            if not base.text.isdigit() or n.denominator != 1 or int(base.text) == 0 or abs(n) > 64:
                raise _NotPlain
            return int(base.text) ** n if n > 0 else Fraction(1, int(base.text) ** -n), []
        if type(base) is nodes.Variable:
            return 1, [(("v", base.name), n)]
        if _is_sum(base):
            return 1, [(self._sum_base(base, inside), n)]
        if type(base) is nodes.Call and base.power is None and n.denominator == 1 \
                and base.function not in ("sqrt", "exp"):
            number, factors = self._call(base, inside)
            return number, [(b, e * n) for b, e in factors]
        raise _NotPlain  # a power of a power, of a product, of e or pi

    def _call(self, tree, inside: bool) -> tuple:
        function = tree.function
        if len(tree.args) != 1 or (function not in _SYMPY_NAMES and function != "sqrt") or inside:
            raise _NotPlain
        argument = tree.args[0]
        if not _has_variable(argument):
            return 1, [(_constant_call(tree), 1)]
        if function == "sqrt":
            if tree.power is not None:
                raise _NotPlain
            if type(argument) is nodes.Variable:
                return 1, [(("v", argument.name), Fraction(1, 2))]
            if _is_sum(argument):
                return 1, [(self._sum_base(argument, True), Fraction(1, 2))]
            raise _NotPlain  # sqrt of a product: SymPy takes numbers and powers out
        name = _SYMPY_NAMES[function]
        if name in _SIGNED:
            if name in self.signed:
                raise _NotPlain
            self.signed.add(name)
        if tree.power is not None and (name == "exp" or tree.power == 0):
            raise _NotPlain
        self.functions.add(name)
        base = ("call", name, self._argument(argument))
        return 1, [(base, 1 if tree.power is None else tree.power)]

    def _argument(self, tree):
        """A function's argument (or an exponent): plain, with no function, e or pi inside."""
        return _up_to_sign(self._terms(tree, 1, inside=True))


def _checked_sum(terms: list) -> list:
    monomials = [m for _, m in terms]
    if len(set(monomials)) != len(monomials):
        raise _NotPlain  # like terms: SymPy adds them
    if any(c == 0 for c, _ in terms):
        raise _NotPlain
    return terms


def _up_to_sign(terms: list) -> frozenset:
    """The sum or its negative, whichever comes first in an order that equal sums share."""
    plus = frozenset(terms)
    minus = frozenset((-c, m) for c, m in terms)
    if hash(plus) != hash(minus):
        return plus if hash(plus) < hash(minus) else minus
    return min(plus, minus, key=lambda s: sorted(map(repr, s)))


def _whole(number):
    """An int for a whole number (equal coefficients then print alike), else the Fraction."""
    return int(number) if type(number) is not int and number.denominator == 1 else number


def _like(base):
    """What SymPy may combine as one base: sums equal up to sign, any two exponentials, powers
    of one number, roots of numbers (sqrt 2 sqrt 3 is sqrt 6)."""
    if base[0] == "sum":
        return ("sum", base[1])
    if base[0] in ("exp", "sqrt"):
        return (base[0],)
    if base[0] == "power":
        return base[:2]
    return base


def _constant_call(tree):
    """ln n (n >= 2) or sqrt n (n >= 2 square-free) of a whole number n, else _NotPlain."""
    argument = tree.args[0]
    if tree.power is not None or type(argument) is not nodes.Number or not argument.text.isdigit():
        raise _NotPlain
    n = int(argument.text)
    if tree.function in ("ln", "log") and n >= 2:
        return ("log", n)
    if tree.function == "sqrt" and n >= 2 and n < 10 ** 6 and all(n % (k * k) for k in range(2, math.isqrt(n) + 1)):
        return ("sqrt", n)
    raise _NotPlain


def _constant_exponent(tree) -> Fraction | None:
    """A literal exponent: n, -n, p/q or -(p/q) with whole numbers (not a whole p/q); None for an
    exponent with variables; _NotPlain for any other constant."""
    if _has_variable(tree):
        return None
    sign = 1
    if type(tree) is nodes.Negate:
        sign, tree = -1, tree.operand
    if type(tree) is nodes.Number and tree.text.isdigit() and int(tree.text) > 1:
        return sign * int(tree.text)
    if type(tree) is nodes.Number and tree.text.isdigit() and sign == -1 and int(tree.text) == 1:
        return -1
    if type(tree) is nodes.BinaryOp and tree.op == "/" and all(
            type(n) is nodes.Number and n.text.isdigit() for n in (tree.left, tree.right)):
        value = Fraction(int(tree.left.text), int(tree.right.text) or 1)
        if value.denominator != 1 and int(tree.right.text) != 0:
            return sign * value
    raise _NotPlain


def _has_variable(tree) -> bool:
    kind = type(tree)
    if kind is nodes.Variable:
        return True
    if kind is nodes.BinaryOp:
        return _has_variable(tree.left) or _has_variable(tree.right)
    if kind is nodes.Negate:
        return _has_variable(tree.operand)
    if kind is nodes.Call:
        return any(_has_variable(a) for a in tree.args)
    if kind in (nodes.Number, nodes.Constant):
        return False
    raise _NotPlain


def _decimal_number(tree) -> bool:
    """A lone decimal (or its negative) of at most 15 digits: SymPy's Float of it is the float."""
    if type(tree) is nodes.Negate:
        tree = tree.operand
    if type(tree) is not nodes.Number:
        return False
    text = tree.text.lower()
    if text.isdigit():
        return False
    mantissa = text.partition("e")[0]
    if len(mantissa.replace(".", "").lstrip("0")) > 15:
        raise _NotPlain
    return True


def _sum_expansion(terms: list) -> int:
    return sum(_term_expansion(t) for t in terms)


def _term_expansion(term) -> int:
    size = 1
    for base, exponent in term[1]:
        if base[0] == "sum" and Fraction(exponent).denominator == 1:
            n, k = abs(int(exponent)), _sum_expansion(list(base[2]))
            size *= 10 ** 9 if n > 200 or k > 200 else math.comb(n + k - 1, k - 1)
    return size
