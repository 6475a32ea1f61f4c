"""Evaluate an answer's syntax tree at real points, without building SymPy objects.

``compile_tree(tree, names, limits)`` checks the tree once and returns a TreeFunction
whose closures give its value at a point: in floats, in mpmath at the working
precision, as magnitudes (sums of absolute values, which bound the rounding of a
rational expression) and, for rational expressions, modulo a random prime (MODULAR). The
numeric backends and their function tables are those of tutor.checking.numeric.

A tree is Unsupported wherever SymPy's reading could differ from plain evaluation
or where the Builder could refuse it: a limit that might be hit (digits, exponents,
factors), a constant that SymPy evaluates specially (sin(pi), 1/(0.1 + 0.2 - 0.3)),
a value beyond the float range, containers, relations, unknown names. The caller
then builds SymPy as before, so such answers keep their verdicts.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

import mpmath

from tutor.checking.numeric import (EXACT, FLOAT, MAGNITUDE, MODULAR, MODULUS, MP, Unsupported, _float_sigmoid,
                                    modular_inverse, modular_power)
from tutor.language import nodes
from tutor.language.magnitude import EXPONENTIAL
from tutor.limits import Limits

_FUNCTION_NAMES = {  # input-language name -> the numeric backends' name
    "exp": "exp", "ln": "log", "log": "log", "abs": "Abs", "sin": "sin", "cos": "cos", "tan": "tan",
    "asin": "asin", "acos": "acos", "atan": "atan", "arcsin": "asin", "arccos": "acos", "arctan": "atan",
    "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "sigma": "sigma", "sigmoid": "sigma", "sqrt": "sqrt",
}
_KINKED = frozenset({"abs"})  # piecewise: SymPy's checker also samples between their kinks
_PERIODIC = frozenset({"sin", "cos", "tan"})  # exact values at multiples of pi
_FLOAT_RANGE = (1e-300, 1e300)  # constants folded beyond this are left to SymPy


class TreeFunction:
    """A checked syntax tree: what it uses and its value in each backend."""

    def __init__(self, tree, names: tuple, info: dict):
        self.tree = tree
        self.names = names
        self.variables = info["variables"]  # names used
        self.approximate = info["decimals"]  # a decimal appears
        self.rational = info["rational"]  # variables and exact numbers, + - * / integer powers only
        self.kinked = info["kinked"]
        self.expansion = info["expansion"]  # a bound on the terms expanding it can make
        self.loose_decimals = info["loose_decimals"]  # a sum or product with a decimal and another number
        self.functions = info["functions"]  # SymPy's names of the functions it calls (e^z calls exp)
        self.digits = info["digits"]  # a bound on the digits of any exact number SymPy makes of it
        self.magnitudes = info["magnitudes"]  # no call and only literal integer powers: a MAGNITUDE closure
        self._closures = {}
        self.memo: dict = {}  # other facts of the tree's shape that callers work out once (its identity key)
        self.shape = None  # tree_shape(tree) when compile_shared remembers it: then shared by that shape

    def closure(self, backend, keep: bool = True):
        """A closure point -> value in ``backend`` (FLOAT, MP, MAGNITUDE, MODULAR or EXACT); Unsupported
        when the backend cannot (magnitudes, modular and exact values need a rational expression).
        ``keep=False`` for a closure used once: not remembered (fewer long-lived objects for the
        garbage collector to walk) unless it already was."""
        found = self._closures.get(backend)
        if found is None:
            if backend is MAGNITUDE and not self.magnitudes:
                found = "a function or a power that is not an integer has no magnitude"
            else:
                try:
                    found = _closure(self.tree, {n: i for i, n in enumerate(self.names)}, backend)
                except Unsupported as unsupported:
                    found = str(unsupported)  # remembered: the shape may be met again
            if keep or type(found) is str:
                self._closures[backend] = found
        if type(found) is str:
            raise Unsupported(found)
        return found


SHAPE_NODES = 64  # trees of at most this many nodes are remembered by their shape
# shapes remembered (the oldest is forgotten first): few, for spellings of one answer checked in a
# row; the verdicts per shape are remembered apart (tutor.checking.quick), and many long-lived
# closures cost the garbage collector more work than compiling again does
_SHAPES = 16
_compiled: dict = {}  # (shape, names, id(limits)) -> (limits, its TreeFunction or why it is Unsupported)


def compile_shared(tree, names: tuple, limits: Limits) -> TreeFunction:
    """compile_tree, remembered per tree shape (the tree without its columns, tree_shape):
    every answer of one shape (2x, 2*x and 2 x) shares one TreeFunction and its closures."""
    shape = tree_shape(tree)
    if shape is None:
        return compile_tree(tree, names, limits)
    key = (shape, names, id(limits))  # Limits are few and long-lived: known by identity, not hashed
    entry = _compiled.get(key)
    if entry is not None and entry[0] is limits:
        found = entry[1]
    else:
        try:
            found = compile_tree(tree, names, limits)
            found.shape = shape
        except (Unsupported, ValueError, ArithmeticError) as error:
            found = str(error) or type(error).__name__
        if len(_compiled) >= _SHAPES:
            del _compiled[next(iter(_compiled))]
        _compiled[key] = (limits, found)
    if type(found) is str:
        raise Unsupported(found)
    return found


_OPERATORS = frozenset("+-*/^")


def tree_shape(tree) -> tuple | None:
    """The tree in prefix order without its columns, a tuple: equal shapes are equal trees
    but for where they were written. None for a tree of more than SHAPE_NODES nodes or
    with anything but numbers, names, operators, signs and calls."""
    shape = []
    add = shape.append
    stack = [tree]
    pop, push = stack.pop, stack.append
    budget = SHAPE_NODES
    while stack:
        budget -= 1
        if budget < 0:
            return None
        node = pop()
        kind = type(node)
        if kind is nodes.BinaryOp:
            if node.op not in _OPERATORS:
                return None
            add(node.op)
            push(node.right)
            push(node.left)
        elif kind is nodes.Number:
            add("#")
            add(node.text)
        elif kind is nodes.Variable:
            add("$")
            add(node.name)
        elif kind is nodes.Call:
            add("@")
            add(node.function)
            add(len(node.args))
            add(node.power)
            stack.extend(reversed(node.args))
        elif kind is nodes.Negate:
            add("~")
            push(node.operand)
        elif kind is nodes.Constant:
            add("&")
            add(node.name)
        else:
            return None
    return tuple(shape)


def compile_tree(tree, names: tuple, limits: Limits) -> TreeFunction:
    """Check ``tree`` for the fast path and return its TreeFunction; raises Unsupported.
    The check builds the float closure on its way (the other backends' when first asked for)."""
    checker = _Checker(names, limits)
    info = checker.walk(tree)
    if checker.digits > limits.max_digits:
        raise Unsupported("exact numbers that may grow beyond the digit limit")
    function = TreeFunction(tree, names, {"variables": interned(frozenset(checker.variables)),
                                          "decimals": checker.decimals, "rational": info.rational,
                                          "kinked": checker.kinked,
                                          "expansion": info.expansion, "loose_decimals": checker.loose_decimals,
                                          "functions": interned(frozenset(checker.functions)), "digits": checker.digits,
                                          "magnitudes": checker.magnitudes})
    function._closures[FLOAT] = info.closure
    return function


_INTERNED: dict = {}  # the few distinct sets of names trees use, one copy of each


def interned(names: frozenset) -> frozenset:
    """One shared copy of a (small) frozenset of names: fewer long-lived objects for the gc."""
    if len(_INTERNED) >= 4096:
        _INTERNED.clear()
    return _INTERNED.setdefault(names, names)


class _Info(NamedTuple):
    """What the check learnt about one node, and the node's float closure (made by _info)."""

    closure: object
    constant: bool
    value: float | None
    rational: bool
    expansion: int
    digits: int  # exact digits of a constant
    integer: int | None  # a constant's value when an integer
    degree: float  # a bound on the exponent SymPy may gather on one variable ((x^10)^10, x·x)


_new = tuple.__new__  # an _Info without NamedTuple's Python-level __new__: one is made per node


def _info(closure, constant: bool, value: float | None, rational: bool, expansion: int, digits: int = 0,
          integer: int | None = None, degree: float = 0) -> _Info:
    return _new(_Info, (closure, constant, value, rational, expansion, digits, integer, degree))


@lru_cache(maxsize=64)
def _variable_info(index: int) -> _Info:
    """The _Info of the variable at ``index`` of a point (the same for every tree)."""
    return _new(_Info, (itemgetter(index), False, None, True, 1, 0, None, 1))


def operand_chain(tree, ops: str) -> list:
    """The operands of a left-nested run of + - (or * /) with the operator before each."""
    pieces = []
    while type(tree) is nodes.BinaryOp and tree.op in ops:
        pieces.append((tree.op, tree.right))
        tree = tree.left
    pieces.append((ops[0], tree))
    pieces.reverse()
    return pieces


class _Checker:
    def __init__(self, names: tuple, limits: Limits):
        self.index = {name: i for i, name in enumerate(names)}
        self.limits = limits
        self.variables: set = set()
        self.decimals = False
        self.kinked = False
        self.loose_decimals = False  # SymPy combines such numbers: a decimal may vanish (x + 0.5 - 0.5)
        self.functions: set = set()
        self.digits = 0  # exact digits of all constant parts: a bound on any number SymPy makes
        self.magnitudes = True  # no call, and every power an integer literal (see _closure for MAGNITUDE)

    def walk(self, tree) -> _Info:
        info = self._walk(tree)
        if info.constant:
            self.digits += info.digits
        return info

    def _walk(self, tree) -> _Info:
        kind = type(tree)
        if kind is nodes.BinaryOp:
            op = tree.op
            if op == "+" or op == "-":
                return self._sum(tree)
            if op == "*" or op == "/":
                return self._product(tree)
            if op == "^":
                return self._power(tree)
        elif kind is nodes.Variable:
            i = self.index.get(tree.name)
            if i is None:
                raise Unsupported(f"unknown name {tree.name}")
            self.variables.add(tree.name)
            return _variable_info(i)
        elif kind is nodes.Number:
            return self._number(tree)
        elif kind is nodes.Call:
            return self._call(tree)
        elif kind is nodes.Negate:
            inner = self._walk(tree.operand)
            closure = _negation(inner.closure)
            if inner.constant:
                return _info(closure, True, -inner.value, inner.rational, 1, inner.digits,
                             None if inner.integer is None else -inner.integer)
            return _info(closure, False, None, inner.rational, inner.expansion, degree=inner.degree)
        elif kind is nodes.Constant:
            if tree.name == "pi":
                return _info(_PI, True, math.pi, False, 1)
            if tree.name == "e":
                return _info(_E, True, math.e, False, 1)
            raise Unsupported("infinity")
        raise Unsupported(f"a {kind.__name__} inside an expression")

    def _number(self, tree) -> _Info:
        digits, exponent, decimal, info = _number_facts(tree.text)
        if digits > self.limits.max_digits or exponent > 300 or info is None:
            raise Unsupported("a number the Builder may refuse or floats cannot hold")
        if decimal:
            self.decimals = True
            if info.value == 0:
                raise Unsupported("a decimal zero (SymPy may drop it, and the answer's decimals with it)")
        return info

    def _sum(self, tree) -> _Info:
        walk = self._walk
        parts, signs, closures = [], [], []
        rational = constant = True
        for op, node in operand_chain(tree, "+-"):
            part = walk(node)
            parts.append(part)
            signs.append(op == "+")
            closures.append(part.closure)
            rational = rational and part.rational
            constant = constant and part.constant
        closure = _plain_sum(signs, closures)
        if constant:
            self.loose_decimals = self.loose_decimals or self.decimals
            value = math.fsum(p.value if plus else -p.value for plus, p in zip(signs, parts))
            return _new(_Info, (closure, True, value, rational, 1, sum(p.digits for p in parts) + 1, None, 0))
        self._fold(parts)
        expansion = degree = 0
        for p in parts:
            expansion += p.expansion
            if p.degree > degree:
                degree = p.degree
        return _new(_Info, (closure, False, None, rational, expansion, 0, None, degree))

    def _product(self, tree) -> _Info:
        pieces = operand_chain(tree, "*/")
        if len(pieces) > self.limits.max_factors:
            raise Unsupported("more factors than the limit")
        walk = self._walk
        parts, times, closures = [], [], []
        rational = constant = True
        for op, node in pieces:
            part = walk(node)
            multiply = op == "*"
            if not multiply and part.constant and not _nonzero_constant(node):
                raise Unsupported("a constant divisor that SymPy might find to be 0")
            parts.append(part)
            times.append(multiply)
            closures.append(part.closure)
            rational = rational and part.rational
            constant = constant and part.constant
        closure = _plain_product(times, closures)
        if constant:
            self.loose_decimals = self.loose_decimals or (self.decimals and len(parts) > 1)
            value = 1.0
            for multiply, p in zip(times, parts):
                value = value * p.value if multiply else value / p.value
            return _new(_Info, (closure, True, _in_range(value), rational, 1, sum(p.digits for p in parts), None, 0))
        self._fold(parts)
        expansion, degree = 1, 0
        for p in parts:
            expansion *= p.expansion
            degree += p.degree
        return self._bounded(_new(_Info, (closure, False, None, rational, expansion, 0, None, degree)))

    def _bounded(self, info: _Info) -> _Info:
        if info.degree > self.limits.max_degree:
            raise Unsupported("SymPy may gather a power beyond the degree limit")
        return info

    def _fold(self, parts) -> None:
        """The constant operands of a sum or product with variables: their exact digits count."""
        constants = 0
        for p in parts:
            if p.constant:
                self.digits += p.digits
                constants += 1
        if constants > 1 and self.decimals:
            self.loose_decimals = True

    def _power(self, tree) -> _Info:
        base_tree, exponent_tree = tree.left, tree.right
        natural = type(base_tree) is nodes.Constant and base_tree.name == "e"
        if natural:
            self.functions.add("exp")
        base = self._walk(base_tree)
        exponent = self._walk(exponent_tree)
        literal = literal_integer(exponent_tree)
        if literal is None:
            self.magnitudes = False
        closure = _float_power(base.closure, exponent.closure, natural, literal)
        if exponent.constant:
            limit = self.limits.max_exponent if base.constant else self.limits.max_degree
            if abs(exponent.value) > limit:
                raise Unsupported("an exponent beyond the limit")
        if base.constant and exponent.constant:
            if base.value == 0 and exponent.value <= 0:
                raise Unsupported("0 to a power that is not positive")
            try:
                value = math.pow(base.value, exponent.value)
            except (OverflowError, ValueError, ZeroDivisionError):
                raise Unsupported("a power of constants beyond floats") from None
            if value == 0 and base.value != 0:
                raise Unsupported("a power of constants below the float range")
            integer = exponent.integer
            rational = base.rational and integer is not None
            digits = base.digits * abs(integer) if rational else 0
            return _info(closure, True, _in_range(value), rational, 1, digits)
        if not exponent.constant:
            self._fold([base])
            return _info(closure, False, None, False, 1)
        self._fold([exponent])
        n = exponent.integer
        if n is None:
            return self._bounded(_info(closure, False, None, False, 1, degree=base.degree * abs(exponent.value)))
        if base.constant:
            self._fold([base])
        return self._bounded(_info(closure, False, None, base.rational, _power_terms(base.expansion, abs(n)),
                                   degree=base.degree * abs(n)))

    def _call(self, tree) -> _Info:
        function = tree.function
        if function not in _FUNCTION_NAMES or len(tree.args) != 1:
            raise Unsupported(f"no fast meaning for {function}")
        argument = self._walk(tree.args[0])
        self.magnitudes = False
        closure = _float_call(_FUNCTION_NAMES[function], argument.closure, tree.power)
        self.functions.add(_FUNCTION_NAMES[function])
        if function in _KINKED:
            self.kinked = True
        if argument.constant:
            if function in _PERIODIC and not _plain_number(tree.args[0]):
                raise Unsupported("a trigonometric function of a constant SymPy may evaluate exactly")
            if function == "tan":
                raise Unsupported("tan of a constant (SymPy finds its poles)")
            if function in EXPONENTIAL and abs(argument.value) > 700:
                raise Unsupported("an exponential of a constant near the limit")
            try:
                value = _call_float(function, argument.value)
            except (OverflowError, ValueError, ZeroDivisionError):
                raise Unsupported(f"{function} of a constant outside its domain") from None
            if value != 0 and not _FLOAT_RANGE[0] < abs(value) < _FLOAT_RANGE[1]:
                raise Unsupported("a constant beyond the float range")
            info = _info(closure, True, value, False, 1)
        else:
            self._fold([argument])
            info = _info(closure, False, None, False, 1)
        if tree.power is not None:
            if tree.power > self.limits.max_degree:
                raise Unsupported("an exponent beyond the limit")
            if info.constant:
                info = _info(closure, True, _in_range(info.value ** tree.power), False, 1)
        return info


@lru_cache(maxsize=1024)
def _number_facts(text: str) -> tuple:
    """(significant digits, |decimal exponent|, whether a decimal, its _Info) of a numeral; the
    _Info (and its closure) is shared by every tree with this numeral."""
    mantissa, _, exponent = text.lower().partition("e")
    digits = len(mantissa.replace(".", "").lstrip("0"))
    decimal = "." in text or bool(exponent)
    exponent = abs(int(exponent)) if exponent else 0
    if decimal:
        value = float(text) if exponent <= 300 else None
        return digits, exponent, decimal, _constant_info(value, False, 0, None)
    if digits > 300:  # beyond the float range: no _Info (the check refuses it)
        return digits, exponent, decimal, None
    integer = int(text)
    return digits, exponent, decimal, _constant_info(float(integer), True, digits, integer)


def _constant_info(value, rational: bool, digits: int, integer) -> _Info:
    return _new(_Info, (lambda point, value=value: value, True, value, rational, 1, digits, integer, 0))


# -- float closures, built by the check (the same as _closure's for FLOAT) ------------------
def _PI(point):
    return math.pi


def _E(point):
    return math.e


def _negation(inner):
    return lambda point, inner=inner: -inner(point)


def _plain_sum(signs, parts):
    """The sum of the parts with Python's operators (floats, mpmath numbers or Fractions)."""
    if len(parts) == 2:
        first, second = parts
        if signs[1]:
            return lambda point, first=first, second=second: first(point) + second(point)
        return lambda point, first=first, second=second: first(point) - second(point)
    signs, parts = tuple(signs), tuple(parts)  # not (sign, part) pairs: fewer objects for the gc to walk

    def total(point, signs=signs, parts=parts):
        result = 0
        for plus, part in zip(signs, parts):
            result = result + part(point) if plus else result - part(point)
        return result
    return total


def _plain_product(times, parts):
    """The product (and quotients) of the parts with Python's operators."""
    if len(parts) == 2 and times[1]:
        first, second = parts
        return lambda point, first=first, second=second: first(point) * second(point)
    times, parts = tuple(times), tuple(parts)

    def product(point, times=times, parts=parts):
        result = 1
        for multiply, part in zip(times, parts):
            result = result * part(point) if multiply else result / part(point)
        return result
    return product


def _float_power(base, exponent, natural: bool, n: int | None):
    if natural:
        return lambda point, function=math.exp, exponent=exponent: function(exponent(point))
    if n is not None:
        return lambda point, base=base, n=n: base(point) ** n
    return lambda point, power=math.pow, base=base, exponent=exponent: power(base(point), exponent(point))


def _float_call(name: str, argument, n: int | None):
    function = FLOAT.sqrt if name == "sqrt" else FLOAT.functions[name]
    if n is None:
        return lambda point, function=function, argument=argument: function(argument(point))
    return lambda point, function=function, argument=argument, n=n: function(argument(point)) ** n


def _in_range(value: float) -> float:
    if not math.isfinite(value) or (value != 0 and not _FLOAT_RANGE[0] < abs(value) < _FLOAT_RANGE[1]):
        raise Unsupported("a constant beyond the float range")
    return value


def _power_terms(terms: int, n: int) -> int:
    """An upper bound on the terms of (a sum of ``terms`` terms)^n, expanded."""
    if terms == 1:
        return 1
    if n > 200 or terms > 200:
        return 10 ** 9
    return math.comb(n + terms - 1, terms - 1)


def _plain_number(tree) -> bool:
    """Numbers joined by + - * / and signs: no pi or e, whose multiples SymPy may simplify."""
    if isinstance(tree, nodes.Number):
        return True
    if isinstance(tree, nodes.Negate):
        return _plain_number(tree.operand)
    if isinstance(tree, nodes.BinaryOp) and tree.op in "+-*/":
        return _plain_number(tree.left) and _plain_number(tree.right)
    return False


def _nonzero_constant(tree) -> bool:
    """A constant that no rewriting can make 0: a nonzero number, pi, e, and products,
    quotients, signs and powers of those."""
    if isinstance(tree, nodes.Number):
        return float(tree.text) != 0
    if isinstance(tree, nodes.Constant):
        return tree.name in ("pi", "e")
    if isinstance(tree, nodes.Negate):
        return _nonzero_constant(tree.operand)
    if isinstance(tree, nodes.BinaryOp) and tree.op in "*/^":
        return _nonzero_constant(tree.left) and (tree.op == "^" or _nonzero_constant(tree.right))
    return False


def _call_float(function: str, value: float) -> float:
    name = _FUNCTION_NAMES[function]
    if name == "sqrt":
        return math.sqrt(value)
    if name == "sigma":
        return _float_sigmoid(value)
    return FLOAT.functions[name](value)


# -- closures ------------------------------------------------------------------------------
def subtree_closure(tree, names: tuple, backend=FLOAT):
    """The closure of ``tree``, a subtree of one that compile_tree accepted (so not checked
    again): the same closures as a TreeFunction's, not remembered."""
    return _closure(tree, {name: i for i, name in enumerate(names)}, backend)


def _closure(tree, index: dict, backend):
    kind = type(tree)
    if kind is nodes.Variable:
        return _variable_info(index[tree.name]).closure  # point[i], shared by every tree
    if kind is nodes.Number:
        return _number_closure(tree.text, backend, mpmath.mp.prec if backend is MP else 0)
    if kind is nodes.Constant:
        if backend is MODULAR or backend is EXACT:
            raise Unsupported("pi and e have no exact value")
        if backend is MP:
            return _MP_PI if tree.name == "pi" else _MP_E
        return _PI if tree.name == "pi" else _E
    if kind is nodes.Negate:
        inner = _closure(tree.operand, index, backend)
        if backend is MAGNITUDE:
            return lambda point, inner=inner: abs(inner(point))
        if backend is MODULAR:
            return lambda point, inner=inner: -inner(point) % MODULUS
        return _negation(inner)
    if kind is nodes.BinaryOp and tree.op in "+-":
        return _sum_closure(tree, index, backend)
    if kind is nodes.BinaryOp and tree.op in "*/":
        return _product_closure(tree, index, backend)
    if kind is nodes.BinaryOp:
        return _power_closure(tree.left, tree.right, index, backend)
    if kind is nodes.Call:
        return _call_closure(tree, index, backend)
    raise Unsupported(f"a {kind.__name__} inside an expression")


def _MP_PI(point):
    return +mpmath.pi


def _MP_E(point):
    return +mpmath.e


@lru_cache(maxsize=1024)
def _number_closure(text: str, backend, precision: int):
    """point -> the numeral's value in ``backend`` (made at mpmath ``precision`` for MP), shared
    by every tree: fewer long-lived closures for the garbage collector to walk."""
    number = _number_value(text, backend)
    return lambda point, number=number: number


def _number_value(text: str, backend):
    decimal = "." in text or "e" in text.lower()
    if backend is MODULAR or backend is EXACT:
        if decimal:
            raise Unsupported("a decimal is not exact")
        return int(text) % MODULUS if backend is MODULAR else Fraction(int(text))
    if backend is MP:
        if not decimal:
            return mpmath.mpf(int(text))
        mantissa = text.lower().partition("e")[0]
        digits = max(15, len(mantissa.replace(".", "").lstrip("0")))
        with mpmath.workdps(digits):  # the decimal as SymPy holds it: Float(text, max(15, digits))
            return mpmath.mpf(text)
    return float(text) if decimal else float(int(text))


def _sum_closure(tree, index, backend):
    pieces = operand_chain(tree, "+-")
    parts = [_closure(node, index, backend) for _, node in pieces]
    signs = [op == "+" for op, _ in pieces]
    if backend is MAGNITUDE:
        parts = tuple(parts)
        return lambda point, parts=parts: sum(abs(part(point)) for part in parts)
    if backend is MODULAR:
        return _modular_sum(signs, parts)
    return _plain_sum(signs, parts)


def _product_closure(tree, index, backend):
    pieces = operand_chain(tree, "*/")
    parts = [_closure(node, index, backend) for _, node in pieces]
    times = [op == "*" for op, _ in pieces]
    if backend is MODULAR:
        return _modular_product(times, parts)
    return _plain_product(times, parts)


def _power_closure(base_tree, exponent_tree, index, backend):
    if isinstance(base_tree, nodes.Constant) and base_tree.name == "e" and backend is not MODULAR \
            and backend is not MAGNITUDE and backend is not EXACT:
        exponent = _closure(exponent_tree, index, backend)
        return lambda point, function=backend.functions["exp"], exponent=exponent: function(exponent(point))
    base = _closure(base_tree, index, backend)
    n = literal_integer(exponent_tree)
    if n is not None:
        if backend is MODULAR:
            return lambda point, base=base, n=n: modular_power(base(point), n)
        if backend is EXACT:
            return lambda point, base=base, n=n: base(point) ** n
        integer_power = (MP if backend is MP else FLOAT).integer_power
        return lambda point, power=integer_power, base=base, n=n: power(base(point), n)
    if backend is MODULAR or backend is MAGNITUDE or backend is EXACT:
        raise Unsupported("magnitudes, exact and modular values are for rational expressions only")
    exponent = _closure(exponent_tree, index, backend)
    return lambda point, power=backend.power, base=base, exponent=exponent: power(base(point), exponent(point))


def _modular_sum(signs, parts):
    pairs = tuple(zip(signs, parts))

    def total(point, pairs=pairs):
        result = 0
        for plus, part in pairs:
            result = result + part(point) if plus else result - part(point)
        return result % MODULUS
    return total


def _modular_product(times, parts):
    pairs = tuple(zip(times, parts))

    def product(point, pairs=pairs):
        result = 1
        for multiply, part in pairs:
            result = result * (part(point) if multiply else modular_inverse(part(point))) % MODULUS
        return result
    return product


def literal_integer(tree) -> int | None:
    """The integer a literal (or a negated literal) exponent is, else None."""
    sign = 1
    if isinstance(tree, nodes.Negate):
        sign, tree = -1, tree.operand
    if isinstance(tree, nodes.Number) and tree.text.isdigit():
        return sign * int(tree.text)
    return None


def _call_closure(tree, index, backend):
    if backend is MODULAR or backend is MAGNITUDE or backend is EXACT:
        raise Unsupported("magnitudes, exact and modular values are for rational expressions only")
    argument = _closure(tree.args[0], index, backend)
    name = _FUNCTION_NAMES[tree.function]
    function = backend.sqrt if name == "sqrt" else backend.functions[name]
    if tree.power is None:
        return lambda point, function=function, argument=argument: function(argument(point))
    return lambda point, function=function, argument=argument, power=backend.integer_power, n=tree.power: \
        power(function(argument(point)), n)
