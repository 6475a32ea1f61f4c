"""What compare's symbolic step would conclude about an answer, known without building it in SymPy.

The fast path (tutor.checking.quick) hands an answer that is equal to the expected one in
floats, but not identical by its tree, to SymPy: to learn whether SymPy builds the same
expression, or whether expanding their difference finds 0. Two common cases are known
from the trees alone:

- ``surds_equal``: two constants made of integers, + - *, division by rationals, integer
  powers and square roots of rationals (eigenvalues such as (8 + 8 sqrt(2))/2), exactly
  equal in the field of those square roots. SymPy writes each root as a rational times the
  root of a squarefree integer and combines their products, so expanding the difference of
  two equal such constants gives 0: correct, 'symbolic'.
- ``keeps_a_function``: the difference SymPy would make still holds a function of the
  variables (exp, sin, sigma, ...) after its automatic simplification, judged on the
  identity keys of the two trees (tutor.checking.quick.tree_key) in a grammar where SymPy
  rewrites nothing more than those keys do. Then the answer is not identical and
  compare leaves algebra aside and confirms in mpmath: 'numeric'.
"""

from __future__ import annotations

import math
from fractions import Fraction

import sympy

from tutor.checking.tree_numeric import literal_integer
from tutor.language import nodes

MAX_RADICAND = 10 ** 6  # squarefree parts are found by trial division below this
MAX_POWER = 16  # integer powers taken exactly
MAX_LITERAL = 10 ** 6  # integer literals of a surd expression
MAX_TERMS = 64  # distinct roots in one surd number ((1 + sqrt(2))(1 + sqrt(3))... doubles them)
_ONE = 1  # the key of the rational part of a surd number

# -- exact constants in Q(sqrt(2), sqrt(3), ...) ----------------------------------------------
# a number is a dict {squarefree radicand: rational coefficient}, nonzero coefficients only


class _NotSurd(Exception):
    """Outside the grammar of surds_equal."""


def surds_equal(expected, tree) -> bool:
    """Whether the prepared constant ``expected`` (an Expression) and the syntax ``tree`` are surd
    expressions (see the module's docstring) of exactly the same value. An expected answer read
    from its tree (tutor.checking.tree_expected) is judged on that tree, which builds it."""
    try:
        source = getattr(expected, "tree", None)  # a TreeExpression's: the tree its expr is built from
        value = _from_tree(source) if source is not None else _from_sympy(expected.expr)
        return value == _from_tree(tree)
    except (_NotSurd, ArithmeticError, ValueError, RecursionError):
        return False


def _rational(value: dict):
    """The rational a surd number is, or None when it has a root."""
    if not value:
        return Fraction(0)
    if len(value) == 1 and _ONE in value:
        return value[_ONE]
    return None


def _add(a: dict, b: dict) -> dict:
    total = dict(a)
    for radicand, c in b.items():
        total[radicand] = total.get(radicand, 0) + c
    return {r: c for r, c in total.items() if c != 0}


def _multiply(a: dict, b: dict) -> dict:
    total: dict = {}
    for r1, c1 in a.items():
        for r2, c2 in b.items():
            common = math.gcd(r1, r2)  # sqrt(r1 r2) = common sqrt(r1/common r2/common), squarefree
            radicand = (r1 // common) * (r2 // common)
            total[radicand] = total.get(radicand, 0) + c1 * c2 * common
        if len(total) > MAX_TERMS:
            raise _NotSurd
    return {r: c for r, c in total.items() if c != 0}


def _power(base: dict, n: int) -> dict:
    if abs(n) > MAX_POWER:
        raise _NotSurd
    if n < 0:
        rational = _rational(base)
        if rational is None or rational == 0:
            raise _NotSurd  # SymPy keeps 1/(1 + sqrt(2)): expanding does not rationalise it
        return {_ONE: Fraction(1) / rational ** -n}
    result = {_ONE: Fraction(1)}
    for _ in range(n):
        result = _multiply(result, base)
    return result


def _square_root(value: dict) -> dict:
    rational = _rational(value)
    if rational is None or rational < 0:
        raise _NotSurd
    if rational == 0:
        return {}
    product = rational.numerator * rational.denominator  # sqrt(p/q) = sqrt(p q) / q
    if product > MAX_RADICAND:
        raise _NotSurd
    square, radicand = 1, product
    factor = 2
    while factor * factor <= radicand:
        while radicand % (factor * factor) == 0:
            radicand //= factor * factor
            square *= factor
        factor += 1
    return {radicand: Fraction(square, rational.denominator)}


def _from_sympy(expr) -> dict:
    if expr.is_Rational:
        return {_ONE: Fraction(int(expr.p), int(expr.q))} if expr != 0 else {}
    if expr.is_Add:
        total: dict = {}
        for arg in expr.args:
            total = _add(total, _from_sympy(arg))
        return total
    if expr.is_Mul:
        product = {_ONE: Fraction(1)}
        for arg in expr.args:
            product = _multiply(product, _from_sympy(arg))
        return product
    if expr.is_Pow and expr.exp.is_Rational:
        if expr.exp == sympy.S.Half:
            return _square_root(_from_sympy(expr.base))
        if expr.exp == -sympy.S.Half:
            return _inverse_root(expr.base)
        if expr.exp.is_Integer:
            return _power(_from_sympy(expr.base), int(expr.exp))
    raise _NotSurd


def _inverse_root(base) -> dict:
    """1/sqrt(r) for a rational r > 0: sqrt(r)/r."""
    value = _from_sympy(base)
    rational = _rational(value)
    if rational is None or rational <= 0:
        raise _NotSurd
    return _multiply(_square_root(value), {_ONE: 1 / rational})


def _from_tree(tree) -> dict:
    """The surd number a syntax tree writes."""
    kind = type(tree)
    if kind is nodes.Number:
        text = tree.text
        if not (text.isascii() and text.isdigit()) or int(text) > MAX_LITERAL:
            raise _NotSurd  # decimals stay decimals in SymPy
        value = int(text)
        return {_ONE: Fraction(value)} if value else {}
    if kind is nodes.Negate:
        return {r: -c for r, c in _from_tree(tree.operand).items()}
    if kind is nodes.BinaryOp and tree.op in "+-":
        left, right = _from_tree(tree.left), _from_tree(tree.right)
        return _add(left, right if tree.op == "+" else {r: -c for r, c in right.items()})
    if kind is nodes.BinaryOp and tree.op in "*/":
        left, right = _from_tree(tree.left), _from_tree(tree.right)
        return _multiply(left, right if tree.op == "*" else _power(right, -1))
    if kind is nodes.BinaryOp and tree.op == "^":
        return _power(_from_tree(tree.left), _integer(tree.right))
    if kind is nodes.Call and tree.function == "sqrt" and len(tree.args) == 1:
        value = _square_root(_from_tree(tree.args[0]))
        return value if tree.power is None else _power(value, tree.power)
    raise _NotSurd


def _integer(tree) -> int:
    """An exponent written as an integer literal (or its negation); _power bounds it."""
    n = literal_integer(tree)
    if n is None:
        raise _NotSurd
    return n


# -- functions that stay in the difference ------------------------------------------------------
_ODD_OR_EVEN = frozenset({"sin", "cos", "tan"})  # SymPy takes a minus sign out of their argument
_CALLS = _ODD_OR_EVEN | {"exp", "log", "sigma"}
_MAX_EXPONENT = 64


def keeps_a_function(expected_key, answer_key, names: frozenset) -> bool:
    """Whether SymPy's expected - answer keeps a function of the variables ``names``, from the two
    trees' identity keys (frozen {monomial: coefficient}); False when that cannot be told."""
    expected, answer = dict(expected_key), dict(answer_key)
    seen: set = set()
    if not (_plain_sum(expected, names, seen) and _plain_sum(answer, names, seen)):
        return False
    for base in seen:
        if base[0] == "sum" and ("sum", frozenset((m, -c) for m, c in base[1])) in seen:
            return False  # x - 1 beside 1 - x: not relied upon
        if base[0] == "call" and base[1] in _ODD_OR_EVEN and \
                ("call", base[1], frozenset((m, -c) for m, c in base[2])) in seen:
            return False  # sin(x) beside sin(-x): SymPy makes them one
    for monomial in expected.keys() | answer.keys():
        if expected.get(monomial, 0) != answer.get(monomial, 0) and any(b[0] == "call" for b, _ in monomial):
            return True
    return False


def _plain_sum(total: dict, names: frozenset, seen: set) -> bool:
    """A sum whose SymPy form is the key's: integers and fractions as coefficients; variables,
    sums and calls of exp, log, sin, cos, tan, sigma on polynomials of ``names`` as bases, to
    integer powers (exp to the first power, one per monomial: SymPy merges exp(a) exp(b))."""
    for monomial, coefficient in total.items():
        if type(coefficient) not in (int, Fraction) or max(
                abs(Fraction(coefficient).numerator), Fraction(coefficient).denominator) > 10 ** 15:
            return False
        exponentials = 0
        for base, exponent in monomial:
            if type(exponent) is not int or not 0 < abs(exponent) <= _MAX_EXPONENT:
                return False
            seen.add(base)
            if base[0] == "v":
                if base[1] not in names:
                    return False
            elif base[0] == "sum":
                if len(base[1]) < 2 or not _plain_sum(dict(base[1]), names, seen):
                    return False
            elif base[0] == "call":
                if base[1] not in _CALLS or not _polynomial(base[2], names):
                    return False
                if base[1] == "exp":
                    exponentials += 1
                    if exponent != 1 or exponentials > 1:
                        return False
                if base[1] == "log" and not _one_variable(base[2]):
                    return False  # log of anything but a variable: SymPy may rewrite it
            else:
                return False  # numbers under roots, decimals, constants, symbolic exponents
    return True


def _one_variable(argument) -> bool:
    """Whether a function's argument is one variable alone (x, not 2x nor x^2)."""
    if len(argument) != 1:
        return False
    (monomial, coefficient), = argument
    if coefficient != 1 or len(monomial) != 1:
        return False
    (base, exponent), = monomial
    return base[0] == "v" and exponent == 1


def _polynomial(argument, names: frozenset) -> bool:
    """A function's argument: a polynomial in ``names`` (some variable in it) with rational coefficients."""
    variable = False
    for monomial, coefficient in argument:
        if type(coefficient) not in (int, Fraction):
            return False
        for base, exponent in monomial:
            if base[0] != "v" or base[1] not in names or type(exponent) is not int \
                    or not 0 < exponent <= _MAX_EXPONENT:
                return False
            variable = True
    return variable
