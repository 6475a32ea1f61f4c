#!/usr/bin/env python3
"""Benchmark of tutor's answer checking against a naive SymPy baseline.

    python bench/check_bench.py [--count 10000] [--seed 1] [--baseline-sample 1000] [--repeat 3]
                                [--json] [--profile] [--selfcheck] [--dump FILE.jsonl]

1. From a fixed seed, generate a batch of (expected, answer, variables, known verdict)
   items modelled on docs/COURSE.md: derivatives of one variable (power, product,
   quotient, chain, exp/ln, trig), partial derivatives, the sigmoid's derivative,
   log-loss and backprop derivatives, gradients (vectors), Hessians (matrices),
   eigenvalue sets, gradient-descent and Newton steps (decimals), tangent planes and
   lines (equations: z = ..., point-slope, standard form, scaled) and sets of reals
   where f increases or a quadratic is signed (intervals and inequalities).

   Every expression is built as a small tree (below: Num, Sym, Add, Mul, ...), never
   as text that something parses: a problem gives an expected tree, trees known to be
   equivalent to it (expanded or factored, reordered, unsimplified, decimals to four
   significant digits, reordered sets) and trees known to be wrong (a sign error, a
   missing chain factor, a wrong coefficient, the wrong variable, swapped entries, a
   decimal 1% off). Each tree is then written out in a random student style (implicit
   multiplication, ** or ^, unicode ² · − ŷ x₁ σ √, e^-z or exp(-z), (a, b) or [a, b]).
   A few answers are made invalid on purpose (an unbalanced bracket, a dangling
   operator, an undeclared variable). The known verdict comes only from that
   construction, never from running tutor or SymPy on the text.

2. Times tutor: prepare each distinct (expected, variables) once, check every answer;
   count disagreements with the known verdicts.

3. Times the naive baseline on a stratified sample of the same items (1,000 by default;
   each kind of problem and known verdict in proportion to its share): parse_expr with standard_transformations +
   implicit_multiplication_application + convert_xor (sigma -> the logistic Lambda,
   e -> E, ln -> log, declared variables as real symbols, any other name -> invalid),
   then sympy.simplify(a - b) == 0, entry by entry for vectors and matrices, sets
   matched after sorting by value; equations equal when simplify(d1/d2) (d = left - right)
   is a nonzero constant; sets of reals built as SymPy Intervals (inequalities through
   as_set()) and compared as sets. So that it is not a straw man: keyboard unicode
   (² · − ŷ σ √ x₁) is first rewritten in ASCII, and when either side has a decimal
   the simplified difference of two constants is accepted within rtol 1e-3. It runs
   only on this trusted generated data.

4. Prints answers/s for both, the ratio, a table by kind and the disagreements. With
   --repeat N both sides are timed N times (SymPy's cache cleared before each side, and
   tutor's own caches of parses, closures and verdicts before each of its runs) and
   the median ratio is reported with every run's.

Rates are process CPU seconds (the machine may be shared; wall time is shown too);
each side caches its parsed expected answers. Before any timing, both sides are warmed
the same way, untimed: each checks one item of every kind of problem (WARM_UP_PER_KIND),
so that what a process does once (SymPy's and mpmath's modules imported on first use,
such as the ones simplify, expand or printing load) is not charged to the first run;
then the generated data and the loaded modules are gc.freeze()d (they are not garbage:
left in the collector's generations, every full collection during the timing would
walk them again). --selfcheck evaluates the generator's own trees (not the text) at
random points and lists any item whose known verdict the numbers contradict (a
generator bug). --profile prints tutor's hot spots. The exit status is 0 when tutor
has no disagreement in any run and its median ratio is at least TARGET_RATIO (50x),
else 1.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import math
import os
import pstats
import random
import signal
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

CORRECT, INCORRECT, INVALID = "correct", "incorrect", "invalid"
TARGET_RATIO = 50  # tutor's answers/s over the baseline's, median of the runs
WARM_UP_PER_KIND = 1  # items of each kind both sides check, untimed, before the timing


# ---------------------------------------------------------------------------------------
# Expression trees (the generator's own, independent of tutor and SymPy)
# ---------------------------------------------------------------------------------------

class Node:
    __slots__ = ()


class Num(Node):
    __slots__ = ("v",)

    def __init__(self, v):
        self.v = Fraction(v)


class Dec(Node):  # a decimal as the student writes it
    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text


class Sym(Node):
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name


class Const(Node):  # e or pi
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name


class Add(Node):
    __slots__ = ("terms",)

    def __init__(self, terms):
        self.terms = tuple(terms)


class Mul(Node):
    __slots__ = ("factors",)

    def __init__(self, factors):
        self.factors = tuple(factors)


class Div(Node):
    __slots__ = ("num", "den")

    def __init__(self, num, den):
        self.num, self.den = num, den


class Pow(Node):
    __slots__ = ("base", "exp")

    def __init__(self, base, exp):
        self.base, self.exp = base, exp


class Neg(Node):
    __slots__ = ("arg",)

    def __init__(self, arg):
        self.arg = arg


class Fn(Node):
    __slots__ = ("name", "args")

    def __init__(self, name, *args):
        self.name, self.args = name, tuple(args)


class Vec(Node):
    __slots__ = ("items",)

    def __init__(self, items):
        self.items = tuple(lift(i) for i in items)


class Mat(Node):
    __slots__ = ("rows",)

    def __init__(self, rows):
        self.rows = tuple(tuple(lift(e) for e in row) for row in rows)


class SetV(Node):
    __slots__ = ("items",)

    def __init__(self, items):
        self.items = tuple(lift(i) for i in items)


class Eq(Node):  # an equation left = right
    __slots__ = ("left", "right")

    def __init__(self, left, right):
        self.left, self.right = lift(left), lift(right)


class Ivl(Node):  # a set of reals: pieces (low, high, low_closed, high_closed), None for -oo / oo
    __slots__ = ("pieces", "var", "notation")

    def __init__(self, pieces, var="x", notation="interval"):
        self.pieces, self.var, self.notation = tuple(pieces), var, notation


E = Const("e")


def lift(x) -> Node:
    if isinstance(x, Node):
        return x
    if isinstance(x, str):
        return Sym(x)
    return Num(x)


def num(v) -> Num:
    return Num(v)


def add(*terms) -> Node:
    out = []
    for t in map(lift, terms):
        if isinstance(t, Add):
            out.extend(t.terms)
        elif isinstance(t, Num) and t.v == 0:
            continue
        else:
            out.append(t)
    if not out:
        return Num(0)
    return out[0] if len(out) == 1 else Add(out)


def mul(*factors) -> Node:
    """A product with its numbers folded into one leading coefficient."""
    coef = Fraction(1)
    rest = []

    def collect(f):
        nonlocal coef
        f = lift(f)
        if isinstance(f, Mul):
            for g in f.factors:
                collect(g)
        elif isinstance(f, Num):
            coef *= f.v
        elif isinstance(f, Neg):
            coef = -coef
            collect(f.arg)
        else:
            rest.append(f)

    for f in factors:
        collect(f)
    if coef == 0:
        return Num(0)
    if not rest:
        return Num(coef)
    body = rest[0] if len(rest) == 1 else Mul(rest)
    if coef == 1:
        return body
    if coef == -1:
        return Neg(body)
    return Mul([Num(coef)] + rest)


def rawmul(*factors) -> Node:
    """A product exactly as written (unsimplified: 3*4x^2)."""
    return Mul([lift(f) for f in factors])


def pw(base, exponent) -> Node:
    base, exponent = lift(base), lift(exponent)
    if isinstance(exponent, Num) and exponent.v == 1:
        return base
    if isinstance(exponent, Num) and exponent.v == 0:
        return Num(1)
    return Pow(base, exponent)


def div(a, b) -> Node:
    a, b = lift(a), lift(b)
    if isinstance(b, Num) and b.v == 1:
        return a
    return Div(a, b)


def neg(x) -> Node:
    x = lift(x)
    if isinstance(x, Num):
        return Num(-x.v)
    if isinstance(x, Neg):
        return x.arg
    if isinstance(x, Mul) and isinstance(x.factors[0], Num):
        c = -x.factors[0].v
        rest = list(x.factors[1:])
        if c == 1:
            return rest[0] if len(rest) == 1 else Mul(rest)
        return Mul([Num(c)] + rest)
    if isinstance(x, Add):
        return add(*(neg(t) for t in x.terms))
    return Neg(x)


def negg(x) -> Node:
    """-(...) kept as written: -(y - y_hat), not -y + y_hat."""
    return Neg(lift(x))


def sub(a, b) -> Node:
    return add(a, neg(b))


def ex(arg) -> Node:
    return Pow(E, lift(arg))


def sqrt(x) -> Node:
    return Fn("sqrt", lift(x))


def ln(x) -> Node:
    return Fn("ln", lift(x))


def sin(x) -> Node:
    return Fn("sin", lift(x))


def cos(x) -> Node:
    return Fn("cos", lift(x))


def tan(x) -> Node:
    return Fn("tan", lift(x))


def sig(x) -> Node:
    return Fn("sigma", lift(x))


def mono(c, v, n) -> Node:
    """c * v^n."""
    return mul(c, pw(v, n))


# -- numeric evaluation of a tree (used by --selfcheck and to write decimals) -----------

class Undefined(Exception):
    pass


def ev(n, env):
    t = type(n)
    if t is Num:
        return n.v.numerator / n.v.denominator
    if t is Dec:
        return float(n.text)
    if t is Sym:
        return env[n.name]
    if t is Const:
        return math.e if n.name == "e" else math.pi
    if t is Add:
        return math.fsum(ev(x, env) for x in n.terms)
    if t is Mul:
        r = 1.0
        for x in n.factors:
            r *= ev(x, env)
        return r
    if t is Div:
        d = ev(n.den, env)
        if d == 0:
            raise Undefined
        return ev(n.num, env) / d
    if t is Neg:
        return -ev(n.arg, env)
    if t is Pow:
        if n.base is E:
            try:
                return math.exp(ev(n.exp, env))
            except OverflowError:
                raise Undefined from None
        b = ev(n.base, env)
        if isinstance(n.exp, Num) and n.exp.v.denominator == 1:
            k = int(n.exp.v)
            if b == 0 and k < 0:
                raise Undefined
            try:
                return b ** k
            except OverflowError:
                raise Undefined from None
        e = ev(n.exp, env)
        if b < 0 or (b == 0 and e <= 0):
            raise Undefined
        try:
            return b ** e
        except OverflowError:
            raise Undefined from None
    if t is Fn:
        a = [ev(x, env) for x in n.args]
        name = n.name
        try:
            if name == "sigma":
                z = a[0]
                return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))
            if name in ("ln", "log"):
                if a[0] <= 0 or (len(a) == 2 and (a[1] <= 0 or a[1] == 1)):
                    raise Undefined
                return math.log(a[0]) if len(a) == 1 else math.log(a[0]) / math.log(a[1])
            if name == "sqrt":
                if a[0] < 0:
                    raise Undefined
                return math.sqrt(a[0])
            if name == "tan" and abs(math.cos(a[0])) < 1e-12:
                raise Undefined
            return getattr(math, name)(a[0])
        except (OverflowError, ValueError):
            raise Undefined from None
    if t is Vec:
        return tuple(ev(x, env) for x in n.items)
    if t is Mat:
        return tuple(tuple(ev(x, env) for x in row) for row in n.rows)
    if t is SetV:
        return tuple(ev(x, env) for x in n.items)
    raise TypeError(t)


def exact(n):
    """The exact rational value of a tree made of numbers, or None."""
    t = type(n)
    if t is Num:
        return n.v
    if t is Dec:
        return Fraction(Decimal(n.text))
    if t is Add:
        parts = [exact(x) for x in n.terms]
        return None if None in parts else sum(parts, Fraction(0))
    if t is Mul:
        r = Fraction(1)
        for x in n.factors:
            v = exact(x)
            if v is None:
                return None
            r *= v
        return r
    if t is Div:
        a, b = exact(n.num), exact(n.den)
        return None if a is None or b is None or b == 0 else a / b
    if t is Neg:
        v = exact(n.arg)
        return None if v is None else -v
    if t is Pow and isinstance(n.exp, Num) and n.exp.v.denominator == 1 and n.base is not E:
        b = exact(n.base)
        return None if b is None or (b == 0 and n.exp.v < 0) else b ** int(n.exp.v)
    return None


def rounded(value, digits: int = 4) -> str:
    """``value`` (a Fraction or a float) correctly rounded to ``digits`` significant digits."""
    with localcontext() as context:
        context.prec = 60
        d = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) else Decimal(value)
        if d == 0:
            return "0"
        exponent = d.adjusted() - (digits - 1)
        q = d.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_EVEN)
        text = format(q, "f")
    return text


def tnum(v: Fraction) -> Node:
    """A number as a teacher writes it: a terminating decimal as a decimal (0.33), else exact (8/3)."""
    v = Fraction(v)
    q = v.denominator
    while q % 2 == 0:
        q //= 2
    while q % 5 == 0:
        q //= 5
    if q != 1 or v.denominator == 1:
        return Num(v)
    text = format(Decimal(v.numerator) / Decimal(v.denominator), "f")
    if len(text.split(".")[1]) > 4:
        return Num(v)
    return Dec(text) if v > 0 else Neg(Dec(text[1:]))


def decimal_coefficient(v: Fraction) -> Node:
    """A rational coefficient as a student writes it in decimals: exactly if it terminates, else 4 digits."""
    t = tnum(v)
    return t if isinstance(t, (Dec, Neg)) or v.denominator == 1 else dec(num(v))


def value_of(n):
    v = exact(n)
    return v if v is not None else ev(n, {})


def dec(n, digits: int = 4, factor: float = 1.0) -> Node:
    """The decimal a student writes for the constant tree ``n`` (optionally off by ``factor``)."""
    v = value_of(n)
    if factor != 1.0:
        v = float(v) * factor
    text = rounded(v, digits)
    return Dec(text) if not text.startswith("-") else Neg(Dec(text[1:]))


# -- writing a tree as a student would ------------------------------------------------

SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
ADD_P, NEG_P, MUL_P, POW_P, ATOM_P = 1, 2, 3, 4, 5


@dataclass(frozen=True)
class Style:
    mul: str = "*"  # '*', '·', ' ', '' (compact: 2x, xy, x(y+1))
    pow: str = "^"  # '^' or '**'
    sup: bool = False  # x² for small integer powers
    minus: str = "-"  # '-' or '−'
    exp: str = "e^"  # 'e^' or 'exp'
    neg_exp_paren: bool = True  # e^(-z) rather than e^-z
    uni: bool = False  # ŷ, x₁, σ, √
    tight: bool = False  # a+b rather than a + b
    bracket: str = "["  # vectors: [a, b] or (a, b)
    sigma_name: str = "sigma"
    fn_pow: bool = False  # sin^2(x) for sin(x)^2


TEACHER = Style()


def random_style(rng: random.Random) -> Style:
    mul = rng.choice(["*", "*", "", "", "", " ", "·"])
    power = "**" if rng.random() < 0.08 else "^"
    if power == "**":
        mul = "*"
    return Style(
        mul=mul,
        pow=power,
        sup=power == "^" and rng.random() < 0.2,
        minus="−" if rng.random() < 0.1 else "-",
        exp="exp" if rng.random() < 0.35 else "e^",
        neg_exp_paren=rng.random() < 0.5,
        uni=rng.random() < 0.15,
        tight=rng.random() < 0.3,
        bracket="(" if rng.random() < 0.3 else "[",
        sigma_name="sigmoid" if rng.random() < 0.05 else "sigma",
        fn_pow=rng.random() < 0.4,
    )


def name_text(name: str, st: Style) -> str:
    if not st.uni:
        return name
    if name == "y_hat":
        return "ŷ"
    base, _, digits = name.partition("_")
    if digits.isdigit():
        return base + digits.translate(SUBSCRIPT)
    return name


def render(n: Node, st: Style = TEACHER, ctx: int = 0) -> str:
    s, p = _render(n, st)
    return "(" + s + ")" if p < ctx else s


def split_sign(t: Node):
    """(negative?, the term without its sign) for writing a - b."""
    if isinstance(t, Num) and t.v < 0:
        return True, Num(-t.v)
    if isinstance(t, Dec) and t.text.startswith("-"):
        return True, Dec(t.text[1:])
    if isinstance(t, Neg):
        return True, t.arg
    if isinstance(t, Mul):
        first = t.factors[0]
        negative, positive = split_sign(first) if isinstance(first, (Num, Neg, Dec)) else (False, first)
        if negative:
            rest = list(t.factors[1:])
            if isinstance(positive, Num) and positive.v == 1 and rest:
                return True, rest[0] if len(rest) == 1 else Mul(rest)
            return True, Mul([positive] + rest)
    if isinstance(t, Div):
        negative, positive = split_sign(t.num)
        if negative:
            return True, Div(positive, t.den)
    return False, t


def _separator(prev: Node, ps: str, nxt: Node, ns: str, st: Style) -> str:
    if ns[0].isdigit() or ns[0] == ".":
        return "·" if st.mul == "·" else "*"  # a number after a factor needs an operator
    if st.mul in ("*", "·", " "):
        return st.mul
    # compact
    if isinstance(prev, Pow) or isinstance(prev, Div):
        return "*" if ns[0] == "(" else " "
    if isinstance(prev, Num) and prev.v.denominator == 1:
        return ""  # 2x, 2(x+1), 2sin(x), 2e^x
    if ps.endswith(")") and ns.startswith("("):
        return ""  # (x+1)(x-1), σ(z)(1-σ(z))
    if isinstance(prev, Sym) and len(ps) == 1:
        if isinstance(nxt, Sym) and len(ns) == 1:
            return ""  # xy
        if ns.startswith("(") or isinstance(nxt, Fn):
            return ""  # x(y+1), xsin(x)
    return " "


def _number(v: Fraction, st: Style):
    if v < 0:
        s, _ = _number(-v, st)
        return st.minus + s, NEG_P
    if v.denominator == 1:
        return str(v.numerator), ATOM_P
    return f"{v.numerator}/{v.denominator}", MUL_P


def _render(n: Node, st: Style):
    t = type(n)
    if t is Num:
        return _number(n.v, st)
    if t is Dec:
        return (st.minus + n.text[1:], NEG_P) if n.text.startswith("-") else (n.text, ATOM_P)
    if t is Sym:
        return name_text(n.name, st), ATOM_P
    if t is Const:
        return ("π" if st.uni else "pi") if n.name == "pi" else "e", ATOM_P
    if t is Fn:
        name = n.name
        if name == "sigma":
            name = "σ" if st.uni else st.sigma_name
        if name == "sqrt" and st.uni:
            return "√(" + render(n.args[0], st) + ")", ATOM_P
        return name + "(" + ", ".join(render(a, st) for a in n.args) + ")", ATOM_P
    if t is Pow:
        if n.base is E and st.exp == "exp":
            return "exp(" + render(n.exp, st) + ")", ATOM_P
        x = n.exp
        if (st.fn_pow and isinstance(n.base, Fn) and n.base.name in ("sin", "cos", "tan")
                and isinstance(x, Num) and x.v in (2, 3)):  # sin^2(x), sin²(x)
            power = str(x.v).translate(SUPERSCRIPT) if st.sup else st.pow + str(x.v)
            return n.base.name + power + "(" + render(n.base.args[0], st) + ")", ATOM_P
        base = render(n.base, st, ATOM_P)
        if isinstance(x, Num) and x.v.denominator == 1 and st.sup and -9 <= x.v <= 9:
            return base + str(x.v.numerator).translate(SUPERSCRIPT), POW_P
        if (isinstance(x, Num) and x.v >= 0 and x.v.denominator == 1) or isinstance(x, (Sym, Const)):
            exponent = render(x, st)
        elif not st.neg_exp_paren and (
                (isinstance(x, Num) and x.v.denominator == 1)
                or (isinstance(x, Neg) and isinstance(x.arg, (Sym, Const)))):
            exponent = render(x, st)  # e^-z, x^-2
        else:
            exponent = "(" + render(x, st) + ")"
        return base + st.pow + exponent, POW_P
    if t is Neg:
        return st.minus + render(n.arg, st, MUL_P), NEG_P
    if t is Mul:
        negative, positive = split_sign(n)
        if negative:
            return st.minus + render(positive, st, MUL_P), NEG_P
        if not isinstance(positive, Mul):
            return _render(positive, st)
        factors = positive.factors
        pieces = []
        for i, f in enumerate(factors):
            last = i == len(factors) - 1
            if isinstance(f, Num) and f.v.denominator != 1:
                s = "(" + render(f, st) + ")"
            elif isinstance(f, Div) and not last:
                s = "(" + render(f, st) + ")"
            elif isinstance(f, Num) and f.v < 0 and i > 0:
                s = "(" + render(f, st) + ")"
            else:
                s = render(f, st, MUL_P if i == 0 or not isinstance(f, Neg) else ATOM_P)
            pieces.append(s)
        out = pieces[0]
        for i in range(1, len(pieces)):
            prev, nxt = factors[i - 1], factors[i]
            if pieces[i - 1].startswith("(") and pieces[i - 1].endswith(")") and not isinstance(prev, (Add, Neg)):
                prev = Add(())  # a parenthesised factor behaves like one
            out += _separator(prev, pieces[i - 1], nxt, pieces[i], st) + pieces[i]
        return out, MUL_P
    if t is Div:
        negative, positive = split_sign(n)
        if negative:
            return st.minus + render(positive, st, MUL_P), NEG_P
        top = render(n.num, st, MUL_P)
        bottom = render(n.den, st, POW_P)
        return top + "/" + bottom, MUL_P
    if t is Add:
        plus = "+" if st.tight else " + "
        minus = st.minus if st.tight else f" {st.minus} "
        out = ""
        for i, term in enumerate(n.terms):
            negative, positive = split_sign(term)
            s = render(positive, st, MUL_P if (negative or i) else NEG_P)
            if i == 0:
                out = (st.minus + s) if negative else s
            else:
                out += (minus if negative else plus) + s
        return out, ADD_P
    if t is Vec:
        opening = st.bracket if len(n.items) > 1 else "["  # (a) is a bracketed expression, not a vector
        close = ")" if opening == "(" else "]"
        return opening + ", ".join(render(i, st) for i in n.items) + close, ATOM_P
    if t is Mat:
        return "[" + ", ".join("[" + ", ".join(render(e, st) for e in row) + "]" for row in n.rows) + "]", ATOM_P
    if t is SetV:
        return "{" + ", ".join(render(i, st) for i in n.items) + "}", ATOM_P
    if t is Eq:
        return render(n.left, st) + (" = " if not st.tight else "=") + render(n.right, st), ADD_P
    if t is Ivl:
        return _render_set(n, st), ATOM_P
    raise TypeError(t)


def _render_set(n: "Ivl", st: Style) -> str:
    infinity = "∞" if st.uni else "oo"

    def end(v, sign):
        return (st.minus if sign < 0 else "") + infinity if v is None else _number(v, st)[0]

    if n.notation == "interval":
        pieces = [("[" if lc else "(") + end(lo, -1) + ", " + end(hi, 1) + ("]" if hc else ")")
                  for lo, hi, lc, hc in n.pieces]
        return (" ∪ " if st.uni else " U ").join(pieces)
    less = {True: "≤" if st.uni else "<=", False: "<"}
    greater = {True: "≥" if st.uni else ">=", False: ">"}
    pieces = []
    for lo, hi, lc, hc in n.pieces:
        if lo is None:
            pieces.append(f"{n.var} {less[hc]} {end(hi, 1)}")
        elif hi is None:
            pieces.append(f"{n.var} {greater[lc]} {end(lo, -1)}")
        else:
            pieces.append(f"{end(lo, -1)} {less[lc]} {n.var} {less[hc]} {end(hi, 1)}")
    return " or ".join(pieces)


# ---------------------------------------------------------------------------------------
# Problems: an expected tree, trees known to be equivalent, trees known to be wrong
# ---------------------------------------------------------------------------------------

@dataclass
class Problem:
    kind: str
    rule: str
    expected: Node
    variables: list
    correct: list = field(default_factory=list)  # (label, tree)
    wrong: list = field(default_factory=list)  # (label, tree)
    expected_style: Style = TEACHER


def nz(rng, lo, hi):
    while True:
        v = rng.randint(lo, hi)
        if v:
            return v


def shuffled(rng, items):
    items = list(items)
    rng.shuffle(items)
    return items


def reorder(rng, tree):
    """The same sum with its terms in another order (at least one swap if possible)."""
    if isinstance(tree, Add) and len(tree.terms) > 1:
        terms = list(tree.terms)
        order = list(range(len(terms)))
        while order == list(range(len(terms))):
            rng.shuffle(order)
        return Add([terms[i] for i in order])
    return tree


def one_var(rng):
    return rng.choice(["x", "x", "x", "t", "u"])


# -- 1. derivatives of one variable -------------------------------------------------------

def p_power(rng):
    v = one_var(rng)
    sub_rule = rng.choice(["poly", "poly", "poly", "negative", "sqrt", "three_halves"])
    if sub_rule == "poly":
        n, m = sorted(rng.sample(range(2, 8), 2), reverse=True)
        a, b, c = nz(rng, -9, 9), nz(rng, -9, 9), rng.randint(-9, 9)
        d = nz(rng, -9, 9)  # the constant of f
        terms = [mono(a * n, v, n - 1), mono(b * m, v, m - 1), num(c)]
        expected = add(*terms)
        correct = [("same", expected), ("reordered", reorder(rng, expected)),
                   ("unsimplified", add(rawmul(n, a, pw(v, n - 1)), rawmul(m, b, pw(v, m - 1)), num(c)))]
        g = math.gcd(a * n, b * m, c)
        if g > 1:
            correct.append(("factored", mul(g, add(mono(a * n // g, v, n - 1), mono(b * m // g, v, m - 1),
                                                   num(c // g)))))
        if c == 0:
            correct.append(("factored", mul(pw(v, m - 1), add(mono(a * n, v, n - m), num(b * m)))))
        wrong = [("sign", add(neg(terms[0]), terms[1], terms[2])),
                 ("coefficient", add(mono(a, v, n - 1), terms[1], terms[2])),
                 ("exponent", add(mono(a * n, v, n), terms[1], terms[2])),
                 ("kept constant", add(*terms, num(d)))]
        if c:
            wrong.append(("dropped term", add(terms[0], terms[1])))
    elif sub_rule == "negative":
        a, k = nz(rng, -9, 9), rng.randint(1, 4)
        expected = div(num(-a * k), pw(v, k + 1))  # d/dx a/x^k
        correct = [("same", expected), ("negative power", mono(-a * k, v, -(k + 1))),
                   ("negated fraction", neg(div(num(a * k), pw(v, k + 1))))]
        wrong = [("sign", div(num(a * k), pw(v, k + 1))), ("exponent", div(num(-a * k), pw(v, k)))]
        if k != 1:
            wrong.append(("coefficient", div(num(-a), pw(v, k + 1))))
    elif sub_rule == "sqrt":
        a = nz(rng, 1, 9) * rng.choice([1, 1, -1])
        expected = div(num(a), mul(2, sqrt(v)))
        correct = [("same", expected), ("power form", mul(Fraction(a, 2), pw(v, Fraction(-1, 2)))),
                   ("rationalised", div(mul(a, sqrt(v)), mul(2, v))),
                   ("decimal power form", mul(tnum(Fraction(a, 2)), pw(v, Neg(Dec("0.5")))))]
        if a % 2 == 0:
            correct.append(("cancelled", div(num(a // 2), sqrt(v))))
        wrong = [("coefficient", div(num(a), sqrt(v))), ("exponent", mul(Fraction(a, 2), sqrt(v))),
                 ("sign", div(num(-a), mul(2, sqrt(v))))]
    else:  # a x^(3/2)
        a = nz(rng, 1, 9) * rng.choice([1, 1, 2])
        expected = mul(Fraction(3 * a, 2), sqrt(v))
        correct = [("same", expected), ("power form", mul(Fraction(3 * a, 2), pw(v, Fraction(1, 2)))),
                   ("fraction", div(mul(3 * a, sqrt(v)), num(2))),
                   ("decimal power form", mul(tnum(Fraction(3 * a, 2)), pw(v, Dec("0.5"))))]
        wrong = [("exponent", mul(Fraction(3 * a, 2), pw(v, Fraction(3, 2)))),
                 ("coefficient", mul(a, sqrt(v))), ("sign", mul(Fraction(-3 * a, 2), sqrt(v)))]
    return Problem("deriv:power", sub_rule, expected, [v], correct, wrong)


def p_product(rng):
    v = one_var(rng)
    g = rng.choice(["sin", "cos", "exp", "ln", "poly"])
    a, m = nz(rng, -6, 6), rng.randint(1, 4)
    xm, xm1 = pw(v, m), pw(v, m - 1)
    if g == "sin":
        first, second = mul(a * m, xm1, sin(v)), mul(a, xm, cos(v))
        expected = add(first, second)
        correct = [("same", expected), ("reordered", add(second, first)),
                   ("factored", mul(a, xm1, add(mul(m, sin(v)), mul(v, cos(v)))))]
        wrong = [("no product rule", mul(a * m, xm1, cos(v))), ("sign", add(first, neg(second))),
                 ("missing term", first)]
    elif g == "cos":
        first, second = mul(a * m, xm1, cos(v)), neg(mul(a, xm, sin(v)))
        expected = add(first, second)
        correct = [("same", expected), ("reordered", add(second, first)),
                   ("factored", mul(a, xm1, sub(mul(m, cos(v)), mul(v, sin(v)))))]
        wrong = [("no product rule", neg(mul(a * m, xm1, sin(v)))), ("sign", add(first, neg(second))),
                 ("missing term", first)]
    elif g == "exp":
        first, second = mul(a * m, xm1, ex(v)), mul(a, xm, ex(v))
        expected = add(first, second)
        correct = [("same", expected), ("reordered", add(second, first)),
                   ("factored", mul(a, xm1, ex(v), add(m, v))),
                   ("factored", rawmul(ex(v), add(mul(a * m, xm1), mul(a, xm))))]
        wrong = [("no product rule", mul(a * m, xm1, ex(v))), ("sign", sub(first, second)),
                 ("missing term", second)]
    elif g == "ln":
        first, second = mul(a * m, xm1, ln(v)), mul(a, pw(v, m - 1))
        expected = add(first, second)
        correct = [("same", expected), ("reordered", add(second, first)),
                   ("factored", mul(a, xm1, add(mul(m, ln(v)), 1))),
                   ("unsimplified", add(first, mul(a, div(xm, v))))]
        wrong = [("no product rule", mul(a * m, div(xm1, v))) if m != 2 else ("no product rule", mul(a * m, div(1, v))),
                 ("sign", sub(first, second)), ("missing term", first)]
    else:  # (a x + b)(c x^2 + d)
        b, c, d = nz(rng, -6, 6), nz(rng, -5, 5), nz(rng, -6, 6)
        first, second = mul(a, add(mono(c, v, 2), d)), mul(2 * c, v, add(mono(a, v, 1), b))
        expected = add(mono(3 * a * c, v, 2), mono(2 * b * c, v, 1), num(a * d))
        correct = [("same", expected), ("product rule form", add(first, second)),
                   ("product rule form", add(second, first)), ("reordered", reorder(rng, expected))]
        wrong = [("product of derivatives", mul(2 * a * c, v)), ("sign", sub(first, second)),
                 ("coefficient", add(mono(3 * a * c, v, 2), mono(b * c, v, 1), num(a * d))),
                 ("missing term", first)]
        return Problem("deriv:product", "poly", expected, [v], correct, wrong)
    return Problem("deriv:product", g, expected, [v], correct, wrong)


def p_quotient(rng):
    v = one_var(rng)
    sub_rule = rng.choice(["linear", "linear", "sinx_over_x", "exp_over_x"])
    if sub_rule == "linear":
        while True:
            a, b, c, d = nz(rng, -6, 6), rng.randint(-6, 6), rng.randint(1, 5), nz(rng, -6, 6)
            if a * d - b * c != 0:
                break
        den = add(mono(c, v, 1), d)
        top = a * d - b * c
        expected = div(num(top), pw(den, 2))
        correct = [("same", expected),
                   ("quotient rule form", div(sub(mul(a, den), mul(c, add(mono(a, v, 1), b))), pw(den, 2))),
                   ("negative power", mul(top, pw(den, -2))),
                   ("expanded denominator", div(num(top), add(mono(c * c, v, 2), mono(2 * c * d, v, 1), d * d)))]
        wrong = [("sign", div(num(-top), pw(den, 2))), ("no square", div(num(top), den)),
                 ("quotient rule reversed", div(sub(mul(c, add(mono(a, v, 1), b)), mul(a, den)), pw(den, 2)))]
        if Fraction(a, c) != 0:
            wrong.append(("ratio of derivatives", num(Fraction(a, c))))
    elif sub_rule == "sinx_over_x":
        expected = div(sub(mul(v, cos(v)), sin(v)), pw(v, 2))
        correct = [("same", expected), ("split", sub(div(cos(v), v), div(sin(v), pw(v, 2)))),
                   ("negative power", mul(sub(mul(v, cos(v)), sin(v)), pw(v, -2)))]
        wrong = [("sign", div(sub(sin(v), mul(v, cos(v))), pw(v, 2))), ("ratio of derivatives", cos(v)),
                 ("no square", div(sub(mul(v, cos(v)), sin(v)), v))]
    else:  # e^x / x
        expected = div(sub(mul(v, ex(v)), ex(v)), pw(v, 2))
        correct = [("same", expected), ("factored", div(mul(ex(v), sub(v, 1)), pw(v, 2))),
                   ("split", sub(div(ex(v), v), div(ex(v), pw(v, 2))))]
        wrong = [("sign", div(mul(ex(v), sub(1, v)), pw(v, 2))), ("ratio of derivatives", ex(v)),
                 ("no square", div(mul(ex(v), sub(v, 1)), v))]
    return Problem("deriv:quotient", sub_rule, expected, [v], correct, wrong)


def p_chain(rng):
    v = one_var(rng)
    sub_rule = rng.choice(["power", "power", "sin", "exp", "ln", "sqrt"])
    if sub_rule == "power":
        a, b, n = nz(rng, 2, 5) * rng.choice([1, -1]), nz(rng, -6, 6), rng.randint(2, 4)
        inner = add(mono(a, v, 1), b)
        expected = mul(n * a, pw(inner, n - 1))
        correct = [("same", expected), ("unsimplified", rawmul(n, pw(inner, n - 1), a))]
        if n == 2:
            correct.append(("expanded", add(mono(2 * a * a, v, 1), num(2 * a * b))))
        elif n == 3:
            correct.append(("expanded", add(mono(3 * a ** 3, v, 2), mono(6 * a * a * b, v, 1), num(3 * a * b * b))))
        wrong = [("missing chain factor", mul(n, pw(inner, n - 1))), ("exponent", mul(n * a, pw(inner, n))),
                 ("sign", mul(-n * a, pw(inner, n - 1)))]
    elif sub_rule == "sin":
        a, b = nz(rng, -5, 5), rng.randint(-5, 5)
        inner = add(mono(a, v, 2), b)
        expected = mul(2 * a, v, cos(inner))
        correct = [("same", expected), ("reordered", rawmul(cos(inner), mono(2 * a, v, 1))) if a > 0 else
                   ("reordered", neg(rawmul(cos(inner), mono(-2 * a, v, 1))))]
        wrong = [("missing chain factor", cos(inner)), ("sign", mul(-2 * a, v, cos(inner))),
                 ("outer derivative", mul(-2 * a, v, sin(inner)))]
    elif sub_rule == "exp":
        a, b = nz(rng, -4, 4), rng.randint(-5, 5)
        inner = add(mono(a, v, 2), mono(b, v, 1))
        expected = mul(add(mono(2 * a, v, 1), b), ex(inner))
        correct = [("same", expected), ("expanded", add(mul(2 * a, v, ex(inner)), mul(b, ex(inner)))),
                   ("reordered", rawmul(ex(inner), add(num(b), mono(2 * a, v, 1)) if b else mono(2 * a, v, 1)))]
        wrong = [("missing chain factor", ex(inner)), ("coefficient", mul(add(mono(a, v, 1), b), ex(inner))),
                 ("sign", mul(add(mono(-2 * a, v, 1), -b), ex(inner)))]
    elif sub_rule == "ln":
        a, b = nz(rng, 1, 6), nz(rng, 1, 9)
        inner = add(mono(a, v, 2), b)
        expected = div(mul(2 * a, v), inner)
        correct = [("same", expected), ("unsimplified", rawmul(div(1, inner), mono(2 * a, v, 1))),
                   ("negative power", mul(2 * a, v, pw(inner, -1)))]
        wrong = [("missing chain factor", div(1, inner)), ("sign", div(mul(-2 * a, v), inner)),
                 ("coefficient", div(mul(a, v), inner))]
    else:  # sqrt(a x + b)
        a, b = nz(rng, 2, 7), nz(rng, -6, 6)
        inner = add(mono(a, v, 1), b)
        expected = div(num(a), mul(2, sqrt(inner)))
        correct = [("same", expected), ("power form", mul(Fraction(a, 2), pw(inner, Fraction(-1, 2)))),
                   ("unsimplified", rawmul(div(1, mul(2, sqrt(inner))), a)),
                   ("decimal power form", mul(tnum(Fraction(a, 2)), pw(inner, Neg(Dec("0.5")))))]
        wrong = [("missing chain factor", div(1, mul(2, sqrt(inner)))), ("coefficient", div(num(a), sqrt(inner))),
                 ("exponent", mul(Fraction(a, 2), sqrt(inner)))]
    return Problem("deriv:chain", sub_rule, expected, [v], correct, wrong)


def p_exp_ln(rng):
    v = one_var(rng)
    sub_rule = rng.choice(["exp", "ln_scaled", "log_base", "course", "x_ln_x", "a_to_x"])
    if sub_rule == "exp":
        a, b = nz(rng, -7, 7), nz(rng, -5, 5)
        if b == 1:
            b = 2
        expected = mul(a * b, ex(mono(b, v, 1)))
        correct = [("same", expected), ("unsimplified", rawmul(a, b, ex(mono(b, v, 1))))]
        wrong = [("missing chain factor", mul(a, ex(mono(b, v, 1)))), ("exponent", mul(a * b, ex(mono(b - 1, v, 1)))),
                 ("sign", mul(-a * b, ex(mono(b, v, 1))))]
    elif sub_rule == "ln_scaled":
        b = rng.randint(2, 9)
        expected = div(1, v)
        correct = [("same", expected), ("unsimplified", div(num(b), mul(b, v))), ("negative power", pw(v, -1))]
        wrong = [("chain misapplied", div(1, mul(b, v))), ("coefficient", div(num(b), v)),
                 ("sign", neg(div(1, v)))]
    elif sub_rule == "log_base":
        b = rng.choice([2, 3, 5, 10])
        expected = div(1, mul(v, ln(b)))
        correct = [("same", expected), ("split", div(div(1, ln(b)), v)),
                   ("reordered", div(1, mul(ln(b), v))),
                   ("decimal coefficient", div(dec(div(1, ln(b))), v))]
        wrong = [("forgot ln b", div(1, v)), ("inverted", div(ln(b), v)),
                 ("decimal off", div(dec(div(1, ln(b)), factor=1.01), v))]
        return Problem("deriv:exp_ln", sub_rule, expected, [v], correct, wrong)
    elif sub_rule == "course":  # e^x - ln x
        expected = sub(ex(v), div(1, v))
        correct = [("same", expected), ("common denominator", div(sub(mul(v, ex(v)), 1), v)),
                   ("negative power", sub(ex(v), pw(v, -1)))]
        wrong = [("sign", add(ex(v), div(1, v))), ("dropped term", ex(v)), ("ln not differentiated", sub(ex(v), ln(v)))]
    elif sub_rule == "x_ln_x":  # x ln x - x
        expected = ln(v)
        correct = [("same", expected), ("unsimplified", sub(add(ln(v), mul(v, div(1, v))), 1))]
        wrong = [("forgot product rule", sub(div(1, v), 1)), ("kept -1", sub(ln(v), 1)),
                 ("sign", neg(ln(v)))]
    else:  # b^x
        b = rng.choice([2, 3, 5, 10])
        expected = mul(ln(b), pw(num(b), v))
        correct = [("same", expected), ("reordered", rawmul(pw(num(b), v), ln(b))),
                   ("exp form", mul(ln(b), ex(mul(v, ln(b)))))]
        wrong = [("power rule misapplied", mul(v, pw(num(b), sub(v, 1)))), ("forgot ln b", pw(num(b), v)),
                 ("divided by ln b", div(pw(num(b), v), ln(b)))]
    return Problem("deriv:exp_ln", sub_rule, expected, [v], correct, wrong)


def p_trig(rng):
    v = one_var(rng)
    sub_rule = rng.choice(["sin", "cos", "tan", "sin_squared", "sin_cos"])
    if sub_rule in ("sin", "cos"):
        a, b = nz(rng, -6, 6), rng.randint(2, 6) * rng.choice([1, -1])
        arg = mono(b, v, 1)
        if sub_rule == "sin":
            expected = mul(a * b, cos(arg))
            wrong = [("missing chain factor", mul(a, cos(arg))), ("sign", mul(-a * b, cos(arg))),
                     ("wrong function", mul(a * b, sin(arg)))]
        else:
            expected = mul(-a * b, sin(arg))
            wrong = [("missing chain factor", mul(-a, sin(arg))), ("sign", mul(a * b, sin(arg))),
                     ("wrong function", mul(-a * b, cos(arg)))]
        unsimplified = rawmul(a, split_factor(expected), b)
        correct = [("same", expected), ("unsimplified", unsimplified if sub_rule == "sin" else neg(unsimplified))]
    elif sub_rule == "tan":
        b = rng.randint(2, 5)
        arg = mono(b, v, 1)
        expected = div(num(b), pw(cos(arg), 2))
        correct = [("same", expected), ("tan form", mul(b, add(1, pw(tan(arg), 2)))),
                   ("negative power", mul(b, pw(cos(arg), -2)))]
        wrong = [("no square", div(num(b), cos(arg))), ("missing chain factor", div(1, pw(cos(arg), 2))),
                 ("sign", mul(b, sub(1, pw(tan(arg), 2))))]
    elif sub_rule == "sin_squared":
        expected = mul(2, sin(v), cos(v))
        correct = [("same", expected), ("double angle", sin(mul(2, v))), ("reordered", rawmul(2, cos(v), sin(v)))]
        wrong = [("missing chain factor", mul(2, sin(v))), ("sign", mul(-2, sin(v), cos(v))),
                 ("squared derivative", pw(cos(v), 2))]
    else:  # sin x cos x
        expected = sub(pw(cos(v), 2), pw(sin(v), 2))
        correct = [("same", expected), ("double angle", cos(mul(2, v))), ("identity", sub(1, mul(2, pw(sin(v), 2)))),
                   ("identity", sub(mul(2, pw(cos(v), 2)), 1))]
        wrong = [("sign", add(pw(cos(v), 2), pw(sin(v), 2))), ("product of derivatives", neg(mul(cos(v), sin(v)))),
                 ("reversed", sub(pw(sin(v), 2), pw(cos(v), 2)))]
    return Problem("deriv:trig", sub_rule, expected, [v], correct, wrong)


def split_factor(tree):
    """The non-numeric part of a product c*f."""
    if isinstance(tree, Neg):
        return split_factor(tree.arg)
    if isinstance(tree, Mul) and isinstance(tree.factors[0], Num):
        rest = tree.factors[1:]
        return rest[0] if len(rest) == 1 else Mul(rest)
    return tree


# -- 2. partial derivatives ---------------------------------------------------------------

def p_partial(rng):
    sub_rule = rng.choice(["poly", "poly", "poly", "course", "exp", "sin", "least_squares", "sauna"])
    x, y = "x", "y"
    if sub_rule in ("poly", "course"):
        if sub_rule == "course":
            a, p, q, b, c, d = 3, 2, 3, 0, 0, 0
        else:
            a, p, q = nz(rng, -6, 6), rng.randint(2, 4), rng.randint(2, 4)
            b, c, d = rng.randint(-6, 6), rng.randint(-6, 6), nz(rng, -6, 6)
        fx = add(mul(a * p, pw(x, p - 1), pw(y, q)), mul(b, y), num(d))
        fy = add(mul(a * q, pw(x, p), pw(y, q - 1)), mul(b, x), mul(2 * c, y))
        if rng.random() < 0.5:
            expected, other, wrt, a_term = fx, fy, x, mul(a * p, pw(x, p - 1), pw(y, q))
            y_as_variable = add(fx, mul(2 * c, y)) if c else add(fx, mul(a * q, pw(x, p), pw(y, q - 1)))
            coefficient = add(mul(a, pw(x, p - 1), pw(y, q)), mul(b, y), num(d))
            reordered_factors = rawmul(a * p, pw(y, q), pw(x, p - 1))
            rest = add(mul(b, y), num(d))
        else:
            expected, other, wrt, a_term = fy, fx, y, mul(a * q, pw(x, p), pw(y, q - 1))
            y_as_variable = add(fy, num(d)) if d else add(fy, mul(a * p, pw(x, p - 1), pw(y, q)))
            coefficient = add(mul(a, pw(x, p), pw(y, q - 1)), mul(b, x), mul(2 * c, y))
            reordered_factors = rawmul(a * q, pw(y, q - 1), pw(x, p))
            rest = add(mul(b, x), mul(2 * c, y))
        correct = [("same", expected), ("reordered", reorder(rng, expected)),
                   ("factors reordered", add(reordered_factors, rest))]
        wrong = [("wrong variable", other), ("sign", add(neg(a_term), rest)), ("coefficient", coefficient),
                 ("other variable not constant", y_as_variable)]
        return Problem("partial", sub_rule, expected, [x, y], correct, wrong)
    if sub_rule == "exp":  # f = e^(a x y)
        a = nz(rng, -4, 4)
        inner = mul(a, x, y)
        wrt, other = rng.choice([(x, y), (y, x)])
        expected = mul(a, other, ex(inner))
        correct = [("same", expected), ("reordered", rawmul(ex(inner), mono(a, other, 1)))]
        wrong = [("wrong variable", mul(a, wrt, ex(inner))), ("missing chain factor", ex(inner)),
                 ("sign", mul(-a, other, ex(inner)))]
        return Problem("partial", sub_rule, expected, [x, y], correct, wrong)
    if sub_rule == "sin":  # f = sin(a x + b y)
        while True:
            a, b = nz(rng, -5, 5), nz(rng, -5, 5)
            if a != b:
                break
        inner = add(mono(a, x, 1), mono(b, y, 1))
        first = rng.random() < 0.5
        k, other_k = (a, b) if first else (b, a)
        expected = mul(k, cos(inner))
        correct = [("same", expected), ("reordered", rawmul(cos(inner), num(k))) if k > 0 else
                   ("same", expected)]
        wrong = [("wrong variable", mul(other_k, cos(inner))), ("sign", mul(-k, cos(inner)))]
        if k != 1:
            wrong.append(("missing chain factor", cos(inner)))
        return Problem("partial", sub_rule, expected, [x, y], correct, wrong)
    if sub_rule == "least_squares":  # E(m, b) = sum (m x_i + b - y_i)^2
        m, b = "m", "b"
        xs = sorted(rng.sample(range(0, 7), 3))
        ys = [rng.randint(-3, 9) for _ in xs]
        residuals = [add(mono(xi, m, 1), b, num(-yi)) for xi, yi in zip(xs, ys)]
        em = add(mono(sum(2 * xi * xi for xi in xs), m, 1), mono(sum(2 * xi for xi in xs), b, 1),
                 num(-sum(2 * xi * yi for xi, yi in zip(xs, ys))))
        eb = add(mono(sum(2 * xi for xi in xs), m, 1), mono(6, b, 1), num(-sum(2 * yi for yi in ys)))
        if rng.random() < 0.5:
            expected, other = em, eb
            chain = add(*(mul(2 * xi, r) for xi, r in zip(xs, residuals) if xi))
            missing = add(*(mul(2, r) for r in residuals))
        else:
            expected, other = eb, em
            chain = add(*(mul(2, r) for r in residuals))
            missing = add(*(mul(2 * xi, r) for xi, r in zip(xs, residuals) if xi))
        correct = [("same", expected), ("chain rule form", chain), ("reordered", reorder(rng, expected))]
        wrong = [("wrong variable", other), ("sign", neg(expected)),
                 ("missing chain factor" if expected is em else "extra factor", missing)]
        return Problem("partial", sub_rule, expected, [m, b], correct, wrong)
    # sauna: T = 85 - (1/90) x^2 (x - 6) y^2 (y - 6)
    tx = mul(Fraction(-1, 90), x, add(mono(3, x, 1), -12), pw(y, 2), add(y, -6))
    ty = mul(Fraction(-1, 90), pw(x, 2), add(x, -6), y, add(mono(3, y, 1), -12))
    tx_expanded = add(mul(Fraction(-1, 30), pw(x, 2), pw(y, 3)), mul(Fraction(1, 5), pw(x, 2), pw(y, 2)),
                      mul(Fraction(2, 15), x, pw(y, 3)), mul(Fraction(-4, 5), x, pw(y, 2)))
    ty_expanded = add(mul(Fraction(-1, 30), pw(y, 2), pw(x, 3)), mul(Fraction(1, 5), pw(y, 2), pw(x, 2)),
                      mul(Fraction(2, 15), y, pw(x, 3)), mul(Fraction(-4, 5), y, pw(x, 2)))
    def decimals(tree, factor=1.0, which=None):
        terms = []
        for k, term in enumerate(tree.terms):
            c, rest = term.factors[0].v, term.factors[1:]
            written = dec(num(c), 4, factor) if which == k else decimal_coefficient(c)
            terms.append(Mul([written] + list(rest)))
        return Add(terms)

    tx_decimals, ty_decimals = decimals(tx_expanded), decimals(ty_expanded)
    tx_off, ty_off = decimals(tx_expanded, 1.01, 3), decimals(ty_expanded, 1.01, 3)
    if rng.random() < 0.5:
        expected, other, expanded, in_decimals, off = tx, ty, tx_expanded, tx_decimals, tx_off
        over_90 = div(mul(x, add(num(12), mono(-3, x, 1)), pw(y, 2), add(y, -6)), num(90))
    else:
        expected, other, expanded, in_decimals, off = ty, tx, ty_expanded, ty_decimals, ty_off
        over_90 = div(mul(pw(x, 2), add(x, -6), y, add(num(12), mono(-3, y, 1))), num(90))
    correct = [("same", expected), ("expanded", expanded), ("over 90", over_90),
               ("expanded, 4 significant digits", in_decimals)]
    wrong = [("wrong variable", other), ("sign", neg(expected)), ("coefficient", mul(90, expected)),
             ("decimal coefficient 1% off", off)]
    return Problem("partial", sub_rule, expected, [x, y], correct, wrong)


# -- 3. the sigmoid -----------------------------------------------------------------------

def sigmoid_forms(z):
    """Trees equal to sigma'(z) = sigma(z)(1 - sigma(z)), with their labels."""
    s = sig(z)
    one_over = div(1, add(1, ex(neg(z))))
    return [("sigma form", mul(s, sub(1, s))), ("exp form", div(ex(neg(z)), pw(add(1, ex(neg(z))), 2))),
            ("expanded", sub(s, pw(s, 2))), ("reordered", rawmul(sub(1, s), s)),
            ("explicit", rawmul(one_over, sub(1, one_over))),
            ("exp(z) form", div(ex(z), pw(add(1, ex(z)), 2))), ("symmetry", rawmul(s, sig(neg(z))))]


def p_sigmoid(rng):
    sub_rule = rng.choice(["plain", "plain", "chain", "weight"])
    if sub_rule == "plain":
        z = rng.choice(["z", "z", "x", "t"])
        forms = sigmoid_forms(z)
        label, expected = rng.choice(forms[:2])
        s = sig(z)
        correct = [("same", expected)] + [f for f in forms if f[1] is not expected]
        wrong = [("sigma itself", s), ("sign", mul(s, add(1, s))),
                 ("missing square", div(ex(neg(z)), add(1, ex(neg(z))))),
                 ("sign", neg(div(ex(neg(z)), pw(add(1, ex(neg(z))), 2)))), ("squared", pw(s, 2))]
        return Problem("sigmoid", sub_rule, expected, [z], correct, wrong)
    if sub_rule == "chain":  # d/dx sigma(a x + b)
        x = rng.choice(["x", "z"])
        a, b = nz(rng, 2, 5) * rng.choice([1, -1]), rng.randint(-4, 4)
        inner = add(mono(a, x, 1), b)
        s = sig(inner)
        expected = mul(a, s, sub(1, s))
        correct = [("same", expected), ("exp form", div(mul(a, ex(neg(inner))), pw(add(1, ex(neg(inner))), 2))),
                   ("expanded", sub(mul(a, s), mul(a, pw(s, 2))))]
        wrong = [("missing chain factor", mul(s, sub(1, s))), ("sign", mul(-a, s, sub(1, s))),
                 ("sigma itself", mul(a, s))]
        return Problem("sigmoid", sub_rule, expected, [x], correct, wrong)
    # d/dw sigma(w x + b) with w, x, b declared
    inner = add(mul("w", "x"), "b")
    s = sig(inner)
    expected = mul("x", s, sub(1, s))
    correct = [("same", expected), ("reordered", rawmul(s, sub(1, s), "x")),
               ("exp form", div(mul("x", ex(neg(inner))), pw(add(1, ex(neg(inner))), 2)))]
    wrong = [("wrong variable", mul("w", s, sub(1, s))), ("missing chain factor", mul(s, sub(1, s))),
             ("sign", neg(mul("x", s, sub(1, s))))]
    return Problem("sigmoid", sub_rule, expected, ["b", "w", "x"], correct, wrong)


# -- 4. log loss and the perceptron -------------------------------------------------------

def p_logloss(rng):
    sub_rule = rng.choice(["dL/dyhat", "dL/dyhat", "regression", "perceptron", "through sigmoid"])
    y, yh = "y", "y_hat"
    if sub_rule == "dL/dyhat":
        denominator = mul(yh, sub(1, yh))
        expected = div(negg(sub(y, yh)), denominator)
        correct = [("same", expected), ("sign folded", div(sub(yh, y), denominator)),
                   ("two terms", add(neg(div(y, yh)), div(sub(1, y), sub(1, yh)))),
                   ("two terms", sub(div(sub(1, y), sub(1, yh)), div(y, yh)))]
        wrong = [("sign", sub(neg(div(y, yh)), div(sub(1, y), sub(1, yh)))),
                 ("sign", div(sub(y, yh), denominator)), ("missing term", neg(div(y, yh))),
                 ("missing denominator", negg(sub(y, yh)))]
        return Problem("logloss", sub_rule, expected, [y, yh], correct, wrong)
    if sub_rule == "regression":  # L = 1/2 (y - y_hat)^2
        expected = negg(sub(y, yh))
        correct = [("same", expected), ("sign folded", sub(yh, y)),
                   ("chain rule form", rawmul(Fraction(1, 2), 2, sub(y, yh), num(-1)))]
        wrong = [("sign", sub(y, yh)), ("missing factor", mul(Fraction(1, 2), sub(yh, y))),
                 ("squared", pw(sub(y, yh), 2))]
        return Problem("logloss", sub_rule, expected, [y, yh], correct, wrong)
    if sub_rule == "perceptron":  # dL/dw1 = -(y - y_hat) x1
        underscore = rng.random() < 0.5
        x1, x2 = ("x_1", "x_2") if underscore else ("x1", "x2")
        which = rng.choice([1, 2])
        xi, xo = (x1, x2) if which == 1 else (x2, x1)
        expected = mul(negg(sub(y, yh)), xi)
        correct = [("same", expected), ("sign folded", mul(sub(yh, y), xi)),
                   ("expanded", sub(mul(xi, yh), mul(xi, y)))]
        wrong = [("sign", mul(sub(y, yh), xi)), ("wrong input", mul(negg(sub(y, yh)), xo)),
                 ("missing factor", negg(sub(y, yh)))]
        variables = [x1, x2, y, yh, "w1" if not underscore else "w_1", "w2" if not underscore else "w_2", "b"]
        return Problem("logloss", sub_rule, expected, sorted(variables), correct, wrong)
    # through the sigmoid, in the parameters: dL/dw for L = -y ln s - (1-y) ln(1-s), s = sigma(w x + b)
    s = sig(add(mul("w", "x"), "b"))
    expected = mul(sub(s, y), "x")
    correct = [("same", expected), ("sign folded", mul(negg(sub(y, s)), "x")),
               ("expanded", sub(mul("x", s), mul("x", y))),
               ("chain rule form", rawmul(add(neg(div(y, s)), div(sub(1, y), sub(1, s))), s, sub(1, s), "x"))]
    wrong = [("sign", mul(sub(y, s), "x")), ("missing chain factor", sub(s, y)),
             ("wrong variable", mul(sub(s, y), "w"))]
    return Problem("logloss", sub_rule, expected, ["b", "w", "x", "y"], correct, wrong)


# -- 5. backpropagation in a 2-2-1 network -------------------------------------------------

def p_backprop(rng):
    underscore = rng.random() < 0.4

    def name(base, digits=""):
        return f"{base}_{digits}" if underscore and digits else f"{base}{digits}"

    x = {1: name("x", "1"), 2: name("x", "2")}
    a = {1: name("a", "1"), 2: name("a", "2")}
    w = {1: name("w", "1"), 2: name("w", "2")}
    wh = {(i, j): name("w", f"{i}{j}") for i in (1, 2) for j in (1, 2)}
    bh = {1: name("b", "1"), 2: name("b", "2")}
    y, yh = "y", "y_hat"
    variables = sorted(set(x.values()) | set(a.values()) | set(w.values()) | set(wh.values())
                       | set(bh.values()) | {"b", y, yh})
    error = sub(y, yh)
    target = rng.choice(["w11", "w21", "w12", "w22", "b1", "b2", "w1", "w2", "b"])
    if target in ("w1", "w2", "b"):
        j = {"w1": 1, "w2": 2, "b": 0}[target]
        factor = [a[j]] if j else []
        expected = mul(negg(error), *factor)
        correct = [("same", expected), ("sign folded", mul(sub(yh, y), *factor)),
                   ("full chain", rawmul(*factor, mul(yh, sub(1, yh)), div(negg(error), mul(yh, sub(1, yh)))))]
        wrong = [("sign", mul(error, *factor)), ("extra factor", mul(negg(error), yh, sub(1, yh), *factor))]
        if j:
            wrong.append(("wrong activation", mul(negg(error), a[3 - j])))
        return Problem("backprop", target, expected, variables, correct, wrong)
    j = int(target[-1])  # hidden unit
    i = int(target[1]) if target.startswith("w") else 0  # input
    inputs = [x[i]] if i else []
    derivative = mul(a[j], sub(1, a[j]))
    expected = mul(negg(error), *inputs, w[j], derivative)
    correct = [("same", expected),
               ("reordered", rawmul(sub(yh, y), w[j], *inputs, a[j], sub(1, a[j]))),
               ("expanded derivative", rawmul(*inputs, w[j], sub(a[j], pw(a[j], 2)), sub(yh, y))),
               ("full chain", rawmul(*inputs, derivative, w[j], mul(yh, sub(1, yh)),
                                     div(negg(error), mul(yh, sub(1, yh)))))]
    wrong = [("sign", mul(error, *inputs, w[j], derivative)),
             ("missing activation derivative", mul(negg(error), *inputs, w[j])),
             ("wrong weight", mul(negg(error), *inputs, w[3 - j], derivative)),
             ("wrong activation", mul(negg(error), *inputs, w[j], a[3 - j], sub(1, a[3 - j])))]
    if i:
        wrong.append(("wrong input", mul(negg(error), x[3 - i], w[j], derivative)))
    return Problem("backprop", target, expected, variables, correct, wrong)


# -- 6. gradients, Hessians, eigenvalues ---------------------------------------------------

def p_gradient(rng):
    sub_rule = rng.choice(["symbolic", "symbolic", "at point", "three variables", "course"])
    x, y, z = "x", "y", "z"
    if sub_rule in ("symbolic", "at point", "course"):
        while True:
            if sub_rule == "course":
                a, b, c, d, e = rng.choice([(1, 1, 0, 0, 0), (2, 3, -1, 0, 0)])
            else:
                a, b = nz(rng, -5, 5), nz(rng, -5, 5)
                c, d, e = rng.randint(-6, 6), rng.randint(-6, 6), rng.randint(-6, 6)
            if not (2 * a == c == 2 * b and d == e):  # the two partials differ: swapping them is wrong
                break
        gx = add(mono(2 * a, x, 1), mono(c, y, 1), num(d))
        gy = add(mono(2 * b, y, 1), mono(c, x, 1), num(e))
        if sub_rule == "at point" or (sub_rule == "course" and rng.random() < 0.5):
            while True:
                x0, y0 = rng.randint(-4, 4), rng.randint(-4, 4)
                vx, vy = 2 * a * x0 + c * y0 + d, 2 * b * y0 + c * x0 + e
                if vx != vy and vx and vy:
                    break
            expected = Vec([num(vx), num(vy)])
            correct = [("same", expected), ("decimals", Vec([Dec(f"{vx}.0"), num(vy)]))]
            wrong = [("swapped", Vec([num(vy), num(vx)])), ("sign", Vec([num(-vx), num(vy)])),
                     ("sign", Vec([num(vx), num(-vy)])), ("dropped entry", Vec([num(vx)]))]
            if (x0 != y0 and a) and 2 * a * y0 + c * x0 + d != vx:
                wrong.append(("point swapped", Vec([num(2 * a * y0 + c * x0 + d), num(vy)])))
            return Problem("gradient", "at point", expected, [], correct, wrong)
        expected = Vec([gx, gy])
        correct = [("same", expected), ("reordered", Vec([reorder(rng, gx), reorder(rng, gy)]))]
        if d == 0 and e == 0 and c == 0:
            correct.append(("factored", Vec([mul(2, mono(a, x, 1)), mul(2, mono(b, y, 1))])))
        wrong = [("swapped", Vec([gy, gx])), ("dropped entry", Vec([gx]))]
        if a:
            wrong.append(("missing factor 2", Vec([add(mono(a, x, 1), mono(c, y, 1), num(d)), gy])))
        wrong.append(("sign", Vec([gx, neg(gy)])))
        return Problem("gradient", sub_rule, expected, [x, y], correct, wrong)
    # three variables: f = a x y + b y z^2 + c x^2 z
    a, b, c = nz(rng, -5, 5), nz(rng, -5, 5), nz(rng, -5, 5)
    gx = add(mul(a, y), mul(2 * c, x, z))
    gy = add(mul(a, x), mul(b, pw(z, 2)))
    gz = add(mul(2 * b, y, z), mul(c, pw(x, 2)))
    expected = Vec([gx, gy, gz])
    correct = [("same", expected), ("reordered", Vec([reorder(rng, gx), reorder(rng, gy), reorder(rng, gz)]))]
    wrong = [("swapped", Vec([gy, gx, gz])), ("sign", Vec([gx, gy, neg(gz)])),
             ("missing factor 2", Vec([add(mul(a, y), mul(c, x, z)), gy, gz])), ("dropped entry", Vec([gx, gy]))]
    return Problem("gradient", sub_rule, expected, [x, y, z], correct, wrong)


def p_hessian(rng):
    sub_rule = rng.choice(["quadratic", "quadratic", "cubic", "three variables", "course"])
    x, y = "x", "y"
    if sub_rule in ("quadratic", "course"):
        if sub_rule == "course":
            a, b, c = rng.choice([(2, 3, -1), (2, -2, 0)])
        else:
            while True:
                a, b, c = nz(rng, -6, 6), nz(rng, -6, 6), nz(rng, -6, 6)
                if a != b:
                    break
        expected = Mat([[2 * a, c], [c, 2 * b]])
        correct = [("same", expected), ("unsimplified", Mat([[rawmul(2, a), c], [c, rawmul(2, b)]]))]
        wrong = [("swapped diagonal", Mat([[2 * b, c], [c, 2 * a]])), ("missing factor 2", Mat([[a, c], [c, b]]))]
        if c:
            wrong.append(("sign", Mat([[2 * a, c], [-c, 2 * b]])))
            wrong.append(("halved", Mat([[2 * a, Fraction(c, 2)], [Fraction(c, 2), 2 * b]])))
        return Problem("hessian", sub_rule, expected, [x, y] if rng.random() < 0.7 else [], correct, wrong)
    if sub_rule == "cubic":  # f = p x^3 + q x y^2 + a x^2 + b y^2
        p, q, a, b = nz(rng, -4, 4), nz(rng, -4, 4), rng.randint(-5, 5), rng.randint(-5, 5)
        fxx = add(mono(6 * p, x, 1), num(2 * a))
        fxy = mono(2 * q, y, 1)
        fyy = add(mono(2 * q, x, 1), num(2 * b))
        expected = Mat([[fxx, fxy], [fxy, fyy]])
        factored = Mat([[mul(2, add(mono(3 * p, x, 1), a)), fxy], [fxy, mul(2, add(mono(q, x, 1), b))]])
        correct = [("same", expected), ("factored", factored),
                   ("reordered", Mat([[reorder(rng, fxx), fxy], [fxy, reorder(rng, fyy)]]))]
        wrong = [("sign", Mat([[fxx, neg(fxy)], [fxy, fyy]])), ("swapped diagonal", Mat([[fyy, fxy], [fxy, fxx]])),
                 ("missing factor", Mat([[add(mono(3 * p, x, 1), num(2 * a)), fxy], [fxy, fyy]])),
                 ("wrong variable", Mat([[fxx, mono(2 * q, x, 1)], [mono(2 * q, x, 1), fyy]]))]
        return Problem("hessian", sub_rule, expected, [x, y], correct, wrong)
    # three variables, constant: f = a x^2 + b y^2 + c z^2 + d x y + e y z
    while True:
        a, b, c, d, e = nz(rng, -4, 4), nz(rng, -4, 4), nz(rng, -4, 4), nz(rng, -5, 5), rng.randint(-5, 5)
        if len({a, b, c}) == 3:
            break
    rows = [[2 * a, d, 0], [d, 2 * b, e], [0, e, 2 * c]]
    expected = Mat(rows)
    wrong = [("swapped diagonal", Mat([[2 * b, d, 0], [d, 2 * a, e], [0, e, 2 * c]])),
             ("missing factor 2", Mat([[a, d, 0], [d, b, e], [0, e, c]])),
             ("sign", Mat([[2 * a, -d, 0], [d, 2 * b, e], [0, e, 2 * c]]))]
    correct = [("same", expected), ("decimals", Mat([[Dec(f"{v}.0") if v and i == j else num(v)
                                                     for j, v in enumerate(row)] for i, row in enumerate(rows)]))]
    return Problem("hessian", sub_rule, expected, ["x", "y", "z"] if rng.random() < 0.5 else [], correct, wrong)


def p_eigen(rng):
    """Eigenvalues of a symmetric 2x2 Hessian [[p, q], [q, r]] as a set."""
    while True:
        p, r, q = rng.randint(-8, 8), rng.randint(-8, 8), rng.randint(-4, 4)
        if rng.random() < 0.15:
            q = 0
        if not (q == 0 and p == r):
            break
    trace, disc = p + r, (p - r) ** 2 + 4 * q * q  # lambda = (trace +- sqrt(disc)) / 2
    s, free = 1, disc
    for k in range(2, int(math.isqrt(disc)) + 1):
        while free % (k * k) == 0:
            free //= k * k
            s *= k
    half_t = Fraction(trace, 2)
    if free == 1:  # rational eigenvalues
        l1, l2 = half_t + Fraction(s, 2), half_t - Fraction(s, 2)
        if l1 == 0 or l2 == 0:
            return p_eigen(rng)
        expected = SetV([num(l1), num(l2)])
        exact_forms = [("reordered", SetV([num(l2), num(l1)])),
                       ("quadratic formula", SetV([div(add(trace, s), 2), div(sub(trace, s), 2)]))]
        big, small = num(l1), num(l2)
    else:
        if trace % 2 == 0 and s % 2 == 0:
            root = mul(s // 2, sqrt(free))
            big, small = add(trace // 2, root), sub(trace // 2, root)
            other = [div(add(trace, mul(s, sqrt(free))), 2), div(sub(trace, mul(s, sqrt(free))), 2)]
        else:
            big, small = div(add(trace, mul(s, sqrt(free))), 2), div(sub(trace, mul(s, sqrt(free))), 2)
            other = [add(half_t, mul(Fraction(s, 2), sqrt(free))), sub(half_t, mul(Fraction(s, 2), sqrt(free)))]
        if abs(value_of(small)) < 1e-9 or abs(value_of(big)) < 1e-9:
            return p_eigen(rng)
        expected = SetV([big, small])
        exact_forms = [("reordered", SetV([small, big])), ("rewritten", SetV(other)),
                       ("quadratic formula", SetV([div(add(trace, sqrt(disc)), 2), div(sub(trace, sqrt(disc)), 2)]))]
    correct = [("same", expected)] + exact_forms + [
        ("decimals", SetV([dec(big), dec(small)])), ("decimals reordered", SetV([dec(small), dec(big)])),
        ("one decimal", SetV([big, dec(small)]))]
    wrong = [("decimal 1% off", SetV([dec(big, factor=1.01), dec(small)])),
             ("decimal 1% off", SetV([dec(big), dec(small, factor=0.99)])),
             ("one missing", SetV([big])), ("sign", SetV([big, neg(small)]) if value_of(big) != -value_of(small)
                                            else SetV([neg(big), small]))]
    if q:
        wrong.append(("diagonal read off", SetV([num(p), num(r)])))
    if trace != 0:
        wrong.append(("sign of trace", SetV([neg(small), neg(big)])))
    return Problem("eigen", "2x2", expected, [], correct, wrong)


# -- 7. gradient-descent and Newton steps (numbers) ----------------------------------------

def _step_decimals(expected, label="decimal"):
    return [("same", expected), (label, dec(expected)), ("3 significant digits", dec(expected, 3))]


def p_step(rng):
    sub_rule = rng.choice(["gd quadratic", "gd course", "gd 2d", "newton course", "newton root", "newton 2d"])
    if sub_rule == "gd quadratic":  # f = a x^2 + b x: x1 = x0 - alpha (2 a x0 + b)
        a, b = nz(rng, 1, 6), rng.randint(-9, 9)
        x0 = Fraction(rng.randint(-30, 30), 10)
        alpha = rng.choice([Fraction(1, 10), Fraction(1, 20), Fraction(1, 100), Fraction(3, 100), Fraction(1, 4)])
        slope = 2 * a * x0 + b
        value = x0 - alpha * slope
        if value == 0 or slope == 0:
            return p_step(rng)
        expected = tnum(value)
        correct = _step_decimals(expected) + [("exact", num(value)),
                                              ("unsimplified", sub(num(x0), mul(alpha, num(slope))))]
        wrong = [("sign", dec(num(x0 + alpha * slope))), ("decimal 1% off", dec(expected, factor=1.01)),
                 ("forgot alpha", dec(num(x0 - slope)))]
        return Problem("gd_step", sub_rule, expected, [], correct, wrong)
    if sub_rule == "gd course":  # f = e^x - ln x
        x0 = rng.choice([Fraction(1, 20), Fraction(1, 10), Fraction(1, 5), Fraction(1, 2), Fraction(1), Fraction(2)])
        alpha = rng.choice([Fraction(1, 200), Fraction(1, 100), Fraction(1, 20), Fraction(1, 10)])
        slope = sub(ex(num(x0)), num(1 / x0))
        expected = sub(num(x0), mul(alpha, slope))
        if abs(value_of(expected)) < 1e-6:
            return p_step(rng)
        plus = add(num(x0), mul(alpha, slope))
        correct = _step_decimals(expected)
        wrong = [("sign", dec(plus)), ("decimal 1% off", dec(expected, factor=1.01)),
                 ("derivative sign", dec(sub(num(x0), mul(alpha, add(ex(num(x0)), num(1 / x0))))))]
        return Problem("gd_step", sub_rule, expected, [], correct, wrong)
    if sub_rule == "gd 2d":  # f = a x^2 + b y^2 + c x y
        a, b, c = nz(rng, 1, 5), nz(rng, 1, 5), rng.randint(-4, 4)
        x0, y0 = Fraction(rng.randint(-20, 20), 10), Fraction(rng.randint(-20, 20), 10)
        alpha = rng.choice([Fraction(1, 10), Fraction(1, 20), Fraction(1, 100)])
        gx, gy = 2 * a * x0 + c * y0, 2 * b * y0 + c * x0
        x1, y1 = x0 - alpha * gx, y0 - alpha * gy
        if x1 == 0 or y1 == 0 or x1 == y1 or gx == 0 or gy == 0:
            return p_step(rng)
        expected = Vec([tnum(x1), tnum(y1)])
        correct = [("same", expected), ("decimal", Vec([dec(num(x1)), dec(num(y1))])),
                   ("exact", Vec([num(x1), num(y1)])),
                   ("one decimal", Vec([num(x1), dec(num(y1))]))]
        wrong = [("swapped", Vec([dec(num(y1)), dec(num(x1))])),
                 ("decimal 1% off", Vec([dec(num(x1), factor=1.01), dec(num(y1))])),
                 ("sign", Vec([dec(num(x0 + alpha * gx)), dec(num(y0 + alpha * gy))]))]
        return Problem("gd_step", sub_rule, expected, [], correct, wrong)
    if sub_rule == "newton course":  # g = e^x - ln x: x1 = x0 - g'(x0)/g''(x0)
        x0 = rng.choice([Fraction(1, 20), Fraction(1, 10), Fraction(1, 5), Fraction(1, 2), Fraction(1), Fraction(3, 2)])
        gp = sub(ex(num(x0)), num(1 / x0))
        gpp = add(ex(num(x0)), num(1 / x0 ** 2))
        expected = sub(num(x0), div(gp, gpp))
        correct = _step_decimals(expected)
        wrong = [("sign", dec(add(num(x0), div(gp, gpp)))), ("decimal 1% off", dec(expected, factor=1.01)),
                 ("root of g instead of g'", dec(sub(num(x0), div(sub(ex(num(x0)), ln(num(x0))), gp))))]
        return Problem("newton_step", sub_rule, expected, [], correct, wrong)
    if sub_rule == "newton root":  # f = x^2 - c: x1 = x0 - (x0^2 - c)/(2 x0)
        c = rng.choice([2, 3, 5, 6, 7, 10, 11])
        x0 = Fraction(rng.randint(1, 6))
        value = x0 - (x0 * x0 - c) / (2 * x0)
        expected = tnum(value)
        correct = _step_decimals(expected) + [("exact", num(value)),
                                              ("unsimplified", sub(num(x0), div(num(x0 * x0 - c), num(2 * x0))))]
        wrong = [("sign", dec(num(x0 + (x0 * x0 - c) / (2 * x0)))), ("decimal 1% off", dec(expected, factor=1.01)),
                 ("forgot factor 2", dec(num(x0 - (x0 * x0 - c) / x0)))]
        return Problem("newton_step", sub_rule, expected, [], correct, wrong)
    # newton 2d on f = a x^2 + b y^2 + c x y + d x + e y: one step lands on the minimiser
    while True:
        a, b, c = nz(rng, 1, 5), nz(rng, 1, 5), rng.randint(-3, 3)
        if 4 * a * b - c * c > 0:
            break
    d, e = nz(rng, -6, 6), nz(rng, -6, 6)
    det = Fraction(4 * a * b - c * c)
    xs, ys = (c * e - 2 * b * d) / det, (c * d - 2 * a * e) / det  # solves 2a x + c y + d = 0, c x + 2b y + e = 0
    x0, y0 = Fraction(rng.randint(-3, 3)), Fraction(rng.randint(-3, 3))
    gx, gy = 2 * a * x0 + c * y0 + d, 2 * b * y0 + c * x0 + e
    if xs == ys or xs == 0 or ys == 0 or (x0 - gx, y0 - gy) == (xs, ys):
        return p_step(rng)
    expected = Vec([tnum(xs), tnum(ys)])
    correct = [("same", expected), ("decimal", Vec([dec(num(xs)), dec(num(ys))])), ("exact", Vec([num(xs), num(ys)]))]
    wrong = [("gradient step instead", Vec([num(x0 - gx), num(y0 - gy)])), ("swapped", Vec([num(ys), num(xs)])),
             ("decimal 1% off", Vec([dec(num(xs)), dec(num(ys), factor=1.01)]))]
    return Problem("newton_step", sub_rule, expected, [], correct, wrong)


def p_equation(rng):
    """A tangent plane z = f0 + fx (x - x0) + fy (y - y0) (or a tangent line), in several forms."""
    if rng.random() < 0.3:  # tangent line y = m (x - x0) + y0
        m, x0, y0 = nz(rng, -6, 6), rng.randint(-4, 4), rng.randint(-9, 9)
        k = y0 - m * x0
        expected = Eq(Sym("y"), add(mono(m, "x", 1), num(k)))
        correct = [("same", expected), ("point-slope", Eq(sub(Sym("y"), num(y0)), mul(m, sub(Sym("x"), num(x0))))),
                   ("standard form", Eq(sub(mono(m, "x", 1), Sym("y")), num(-k))),
                   ("scaled", Eq(mul(2, Sym("y")), add(mono(2 * m, "x", 1), num(2 * k))))]
        wrong = [("constant", Eq(Sym("y"), add(mono(m, "x", 1), num(k + nz(rng, -3, 3))))),
                 ("slope sign", Eq(Sym("y"), add(mono(-m, "x", 1), num(k)))),
                 ("through the origin", Eq(Sym("y"), mono(m, "x", 1)) if k else
                  Eq(Sym("y"), add(mono(m, "x", 1), num(1))))]
        return Problem("equation", "tangent line", expected, ["x", "y"], correct, wrong)
    while True:
        a, b, c = nz(rng, -4, 4), nz(rng, -4, 4), rng.randint(-4, 4)
        x0, y0 = nz(rng, -3, 3), nz(rng, -3, 3)
        f0 = a * x0 * x0 + b * y0 * y0 + c * x0 * y0
        fx, fy = 2 * a * x0 + c * y0, 2 * b * y0 + c * x0
        if fx and fy and fx != fy:
            break
    k = f0 - fx * x0 - fy * y0
    x, y, z = Sym("x"), Sym("y"), Sym("z")
    plane = add(mono(fx, "x", 1), mono(fy, "y", 1), num(k))
    expected = Eq(z, plane)
    point_slope = Eq(sub(z, num(f0)), add(mul(fx, sub(x, num(x0))), mul(fy, sub(y, num(y0)))))
    correct = [("same", expected), ("point-slope", point_slope),
               ("standard form", Eq(add(mono(fx, "x", 1), mono(fy, "y", 1), neg(z)), num(-k))),
               ("sides swapped", Eq(plane, z)), ("scaled", Eq(mul(-2, z), add(mono(-2 * fx, "x", 1),
                                                                              mono(-2 * fy, "y", 1), num(-2 * k))))]
    wrong = [("constant", Eq(z, add(mono(fx, "x", 1), mono(fy, "y", 1), num(k + nz(rng, -3, 3))))),
             ("slopes swapped", Eq(z, add(mono(fy, "x", 1), mono(fx, "y", 1), num(k)))),
             ("missing z0", Eq(z, add(mul(fx, sub(x, num(x0))), mul(fy, sub(y, num(y0)))))),
             ("sign", Eq(z, add(mono(-fx, "x", 1), mono(fy, "y", 1), num(k))))]
    if f0 == 0:
        wrong.pop(2)
    return Problem("equation", "tangent plane", expected, ["x", "y", "z"], correct, wrong)


def p_interval(rng):
    """Where f increases, or where a quadratic is negative or not negative: sets of reals."""
    sub_rule = rng.choice(["increasing", "negative", "not negative"])
    p = Fraction(rng.randint(-9, 5), rng.choice([1, 1, 2]))
    q = p + rng.randint(1, 8)
    if sub_rule == "increasing":  # f = x^3 - 3 a^2 x: f' > 0 outside (-a, a)
        p, q = -abs(q - p), abs(q - p)
    closed = sub_rule == "not negative"
    if sub_rule == "negative":
        pieces = [(p, q, False, False)]
        complement = [(None, p, False, True), (q, None, True, False)]
    else:
        pieces = [(None, p, False, closed), (q, None, closed, False)]
        complement = [(p, q, not closed, not closed)]
    expected = Ivl(pieces, "x", "interval")
    correct = [("same", expected), ("inequalities", Ivl(pieces, "x", "inequality")),
               ("reordered", Ivl(pieces[::-1], "x", rng.choice(["interval", "inequality"])))]
    flipped = [(lo, hi, not lc if lo is not None else lc, not hc if hi is not None else hc)
               for lo, hi, lc, hc in pieces]
    wrong = [("ends included", Ivl(flipped, "x", rng.choice(["interval", "inequality"]))),
             ("complement", Ivl(complement, "x", rng.choice(["interval", "inequality"]))),
             ("end off", Ivl([(lo if lo is None else lo - 1, hi, lc, hc) for lo, hi, lc, hc in pieces], "x",
                             rng.choice(["interval", "inequality"])))]
    if len(pieces) > 1:
        wrong.append(("piece missing", Ivl(pieces[:1], "x", rng.choice(["interval", "inequality"]))))
    return Problem("interval", sub_rule, expected, ["x"], correct, wrong)


GENERATORS = [  # (generator, weight)
    (p_power, 10), (p_product, 8), (p_quotient, 6), (p_chain, 8), (p_exp_ln, 6), (p_trig, 6),
    (p_partial, 10), (p_sigmoid, 6), (p_logloss, 6), (p_backprop, 6),
    (p_gradient, 8), (p_hessian, 6), (p_eigen, 6), (p_step, 8),
]
# answer forms beyond expressions, drawn from their own random stream so that the items above
# stay the same batch as before they were added: (generator, weight), and their share of the batch
FORM_GENERATORS = [(p_equation, 1), (p_interval, 1)]
FORM_SHARE = 0.05


# ---------------------------------------------------------------------------------------
# From problems to items
# ---------------------------------------------------------------------------------------

@dataclass
class Item:
    kind: str
    rule: str
    expected: str
    variables: tuple
    answer: str
    known: str
    variant: str
    expected_tree: Node = field(repr=False, default=None)
    answer_tree: Node | None = field(repr=False, default=None)


UNKNOWN_LETTERS = "kqsvgh"


def _symbols(tree, out):
    if isinstance(tree, Sym):
        out.append(tree)
    for child in _children(tree):
        _symbols(child, out)
    return out


def _children(tree):
    t = type(tree)
    if t in (Add,):
        return tree.terms
    if t is Mul:
        return tree.factors
    if t is Div:
        return (tree.num, tree.den)
    if t is Pow:
        return (tree.base, tree.exp)
    if t is Neg:
        return (tree.arg,)
    if t is Fn:
        return tree.args
    if t in (Vec, SetV):
        return tree.items
    if t is Mat:
        return tuple(e for row in tree.rows for e in row)
    if t is Eq:
        return (tree.left, tree.right)
    return ()


def _rename(tree, target, new):
    """A copy of ``tree`` with the one Sym object ``target`` renamed."""
    if tree is target:
        return Sym(new)
    t = type(tree)
    if t is Add:
        return Add([_rename(c, target, new) for c in tree.terms])
    if t is Mul:
        return Mul([_rename(c, target, new) for c in tree.factors])
    if t is Div:
        return Div(_rename(tree.num, target, new), _rename(tree.den, target, new))
    if t is Pow:
        return Pow(_rename(tree.base, target, new), _rename(tree.exp, target, new))
    if t is Neg:
        return Neg(_rename(tree.arg, target, new))
    if t is Fn:
        return Fn(tree.name, *(_rename(c, target, new) for c in tree.args))
    if t is Vec:
        return Vec([_rename(c, target, new) for c in tree.items])
    if t is SetV:
        return SetV([_rename(c, target, new) for c in tree.items])
    if t is Mat:
        return Mat([[_rename(c, target, new) for c in row] for row in tree.rows])
    if t is Eq:
        return Eq(_rename(tree.left, target, new), _rename(tree.right, target, new))
    return tree


def make_invalid(rng, problem: Problem, tree: Node, style: Style):
    """(label, text) of an answer that cannot be read: unbalanced, dangling or unknown name."""
    how = rng.choice(["unbalanced", "unbalanced", "unknown variable", "unknown variable", "dangling operator"])
    if isinstance(tree, Ivl):
        if how == "unknown variable":
            letter = next(c for c in UNKNOWN_LETTERS if c not in problem.variables)
            return "invalid:unknown variable", render(Ivl(tree.pieces, letter, "inequality"), style)
        return "invalid:dangling operator", render(tree, style) + rng.choice([" or", " U", " <", ","])
    if how == "unknown variable":
        letter = next(c for c in rng.sample(UNKNOWN_LETTERS, len(UNKNOWN_LETTERS)) if c not in problem.variables)
        symbols = _symbols(tree, [])
        if symbols:
            bad = _rename(tree, rng.choice(symbols), letter)
        elif isinstance(tree, (Vec, SetV)):
            items = list(tree.items)
            items[0] = mul(items[0], Sym(letter))
            bad = type(tree)(items)
        elif isinstance(tree, Mat):
            rows = [list(r) for r in tree.rows]
            rows[0][0] = add(rows[0][0], Sym(letter))
            bad = Mat(rows)
        else:
            bad = add(tree, Sym(letter))
        return "invalid:unknown variable", render(bad, style)
    text = render(tree, style)
    if how == "dangling operator":
        return "invalid:dangling operator", text + rng.choice([" +", " -", "*", "^", " /"])
    closers = [i for i, ch in enumerate(text) if ch in ")]}"]
    if closers and rng.random() < 0.8:
        i = rng.choice(closers)
        return "invalid:unbalanced", text[:i] + text[i + 1:]
    return "invalid:unbalanced", "(" + text


def generate(count: int, seed: int) -> list[Item]:
    """``count`` items: expressions, vectors, matrices, sets and decimals from GENERATORS, then
    FORM_SHARE of them equations and sets of reals from FORM_GENERATORS (their own stream)."""
    forms = round(count * FORM_SHARE)
    return (_generate(count - forms, random.Random(seed), GENERATORS)
            + _generate(forms, random.Random(seed * 31 + 7), FORM_GENERATORS))


def _generate(count: int, rng: random.Random, table) -> list[Item]:
    generators = [g for g, w in table for _ in range(w)]
    items: list[Item] = []
    while len(items) < count:
        problem = rng.choice(generators)(rng)
        expected_text = render(problem.expected, problem.expected_style)
        variables = tuple(problem.variables)
        for _ in range(rng.randint(4, 8)):
            if len(items) >= count:
                break
            style = random_style(rng)
            r = rng.random()
            if r < 0.04:
                label, tree = rng.choice(problem.correct)
                variant, text = make_invalid(rng, problem, tree, style)
                items.append(Item(problem.kind, problem.rule, expected_text, variables, text, INVALID, variant,
                                  problem.expected, None))
            elif r < 0.34 and problem.wrong:
                label, tree = rng.choice(problem.wrong)
                items.append(Item(problem.kind, problem.rule, expected_text, variables, render(tree, style),
                                  INCORRECT, "wrong:" + label, problem.expected, tree))
            else:
                label, tree = rng.choice(problem.correct)
                if label != "same" and isinstance(tree, SetV) and rng.random() < 0.5:
                    tree = SetV(shuffled(rng, tree.items))
                items.append(Item(problem.kind, problem.rule, expected_text, variables, render(tree, style),
                                  CORRECT, "equiv:" + label, problem.expected, tree))
    return items


# ---------------------------------------------------------------------------------------
# --selfcheck: the generator's trees evaluated at random points
# ---------------------------------------------------------------------------------------

def _has_decimal(tree) -> bool:
    return isinstance(tree, Dec) or any(_has_decimal(c) for c in _children(tree))


def _flatten(value):
    if isinstance(value, tuple):
        out = []
        for v in value:
            out.extend(_flatten(v))
        return out
    return [value]


def _term_scale(tree, env) -> float:
    """Sum of |terms| of a sum: decimals rounded to 4 digits are exact to 1e-3 of this, not of the value."""
    if isinstance(tree, Add):
        try:
            return sum(abs(ev(t, env)) for t in tree.terms)
        except (Undefined, ZeroDivisionError):
            return 0.0
    return 0.0


def _correctly_rounded(answer, expected) -> bool:
    """A decimal (as written) within half a unit of its last digit of the expected value."""
    negative = isinstance(answer, Neg)
    text = answer.arg.text if negative else answer.text
    unit = Decimal(1).scaleb(Decimal(text).as_tuple().exponent)
    value = -Decimal(text) if negative else Decimal(text)
    return abs(float(value) - float(value_of(expected))) <= float(unit) / 2 * (1 + 1e-9)


def selfcheck(items: list[Item]) -> list[str]:
    """Items whose known verdict the generator's own trees contradict numerically."""
    rng = random.Random(12345)
    problems = []
    for item in items:
        if item.known == INVALID or isinstance(item.expected_tree, (Eq, Ivl)):
            continue  # equations and sets of reals: their verdicts are by construction
        e_tree, a_tree = item.expected_tree, item.answer_tree
        approximate = _has_decimal(a_tree)
        equal_everywhere, differs, defined = True, False, 0
        for k in range(40):
            env = {}
            low, high = ((0.05, 0.95), (-3, 3), (-12, 12))[k % 3]
            for v in item.variables:
                env[v] = rng.uniform(low, high)
            try:
                e_val, a_val = ev(e_tree, env), ev(a_tree, env)
            except (Undefined, ZeroDivisionError):
                continue
            if isinstance(e_tree, SetV):
                e_val, a_val = tuple(sorted(e_val)), tuple(sorted(a_val))
            e_flat, a_flat = _flatten(e_val), _flatten(a_val)
            if len(e_flat) != len(a_flat):
                differs = True
                equal_everywhere = False
                break
            defined += 1
            scale = _term_scale(a_tree, env) if approximate else 0.0
            for ev_, av_ in zip(e_flat, a_flat):
                tol = 1e-3 * max(abs(ev_), scale) if approximate else 1e-9 * max(1.0, abs(ev_))
                if abs(ev_ - av_) > tol:
                    equal_everywhere = False
                    if abs(ev_ - av_) > 2e-3 * max(abs(ev_), 1e-6):
                        differs = True
        if defined == 0 and not differs:
            problems.append(f"never defined: {item.kind}/{item.rule} {item.variant}: {item.expected} | {item.answer}")
        elif item.known == CORRECT and not equal_everywhere:
            if "3 significant digits" in item.variant and _correctly_rounded(a_tree, e_tree):
                continue  # judged by the rounding rule, not the tolerance
            problems.append(f"'correct' differs: {item.kind}/{item.rule} {item.variant}: "
                            f"{item.expected} | {item.answer}")
        elif item.known == INCORRECT and not differs:
            problems.append(f"'incorrect' agrees: {item.kind}/{item.rule} {item.variant}: "
                            f"{item.expected} | {item.answer}")
    return problems


# ---------------------------------------------------------------------------------------
# Running tutor
# ---------------------------------------------------------------------------------------

@dataclass
class Run:
    name: str
    seconds: float = 0.0  # process CPU time: other processes on a shared machine do not count
    wall_seconds: float = 0.0
    prepare_seconds: float = 0.0
    answers: int = 0
    verdicts: dict = field(default_factory=dict)  # item index -> (status, message)
    item_seconds: dict = field(default_factory=dict)
    prepares: int = 0


def run_tutor(items: list[Item], indices=None) -> Run:
    import tutor

    run = Run("tutor")
    cache = {}
    clock = time.process_time
    indices = range(len(items)) if indices is None else indices
    wall = time.perf_counter()
    started = clock()
    for i in indices:
        item = items[i]
        key = (item.expected, item.variables)
        t0 = clock()
        prepared = cache.get(key)
        if prepared is None:
            kind = "interval" if item.kind == "interval" else "auto"  # a lone (a, b) is otherwise a point
            prepared = cache[key] = tutor.prepare(item.expected, variables=list(item.variables), kind=kind)
            run.prepares += 1
            t1 = clock()
            run.prepare_seconds += t1 - t0
        else:
            t1 = t0
        verdict = prepared.check(item.answer)
        t2 = clock()
        run.item_seconds[i] = t2 - t0
        run.verdicts[i] = (verdict.status, verdict.message, verdict.method)
    run.seconds = clock() - started
    run.wall_seconds = time.perf_counter() - wall
    run.answers = len(run.verdicts)
    return run


# ---------------------------------------------------------------------------------------
# The naive baseline
# ---------------------------------------------------------------------------------------

_BASELINE_UNICODE = {"·": "*", "×": "*", "⋅": "*", "−": "-", "ŷ": "y_hat", "σ": "sigma", "π": "pi", "√": "sqrt"}
_SUPERSCRIPT_DIGITS = {v: k for k, v in zip("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")}
_SUBSCRIPT_DIGITS = {v: k for k, v in zip("0123456789", "₀₁₂₃₄₅₆₇₈₉")}


def baseline_normalise(text: str) -> str:
    """Only the character-level unicode a keyboard gives, written in ASCII (x² -> x^(2), x₁ -> x_1)."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch in _SUPERSCRIPT_DIGITS:
            j = i
            while j < len(text) and text[j] in _SUPERSCRIPT_DIGITS:
                j += 1
            out.append("^(" + "".join(_SUPERSCRIPT_DIGITS[c] for c in text[i:j]) + ")")
            i = j
            continue
        if ch in _SUBSCRIPT_DIGITS:
            j = i
            while j < len(text) and text[j] in _SUBSCRIPT_DIGITS:
                j += 1
            out.append("_" + "".join(_SUBSCRIPT_DIGITS[c] for c in text[i:j]))
            i = j
            continue
        out.append(_BASELINE_UNICODE.get(ch, ch))
        i += 1
    return "".join(out)


class _BaselineTimeout(Exception):
    pass


@dataclass
class _BaselineEquation:
    difference: object  # left - right


@dataclass
class _BaselineSet:
    value: object  # a SymPy set of reals


class Baseline:
    """parse_expr + simplify(a - b) == 0, entry by entry."""

    def __init__(self, rtol=1e-3, seconds=20.0):
        import sympy
        from sympy.parsing.sympy_parser import (convert_xor, implicit_multiplication_application, parse_expr,
                                                standard_transformations)

        self.sympy = sympy
        self.parse_expr = parse_expr
        self.transformations = standard_transformations + (implicit_multiplication_application, convert_xor)
        z = sympy.Symbol("z_")
        logistic = sympy.Lambda(z, 1 / (1 + sympy.exp(-z)))
        self.functions = {"sigma": logistic, "sigmoid": logistic, "e": sympy.E, "ln": sympy.log, "log": sympy.log,
                          "exp": sympy.exp, "sqrt": sympy.sqrt, "sin": sympy.sin, "cos": sympy.cos,
                          "tan": sympy.tan, "pi": sympy.pi}
        self.rtol = rtol
        self.seconds = seconds

    def parse(self, text: str, variables, kind: str = ""):
        sympy = self.sympy
        plain = baseline_normalise(text).replace("≤", "<=").replace("≥", ">=").replace("∞", "oo").replace("∪", "U")
        if kind == "interval" or any(mark in plain for mark in ("<", ">", " U ", "oo")):
            return _BaselineSet(self.real_set(plain, variables))
        if "=" in plain:
            left, right = plain.split("=", 1)
            return _BaselineEquation(self.parse(left, variables) - self.parse(right, variables))
        if (plain.count(",") == 1 and plain[:1] in "([" and plain[-1:] in ")]"
                and plain[:1] + plain[-1:] in ("(]", "[)")):
            return _BaselineSet(self.real_set(plain, variables))
        local = dict(self.functions)
        for v in variables:
            local[v] = sympy.Symbol(v, real=True)
        value = self.parse_expr(baseline_normalise(text), local_dict=local, transformations=self.transformations)
        allowed = {local[v] for v in variables}

        def check(x):
            if isinstance(x, (list, tuple, set, frozenset, sympy.Tuple)):
                for y in x:
                    check(y)
                return
            if not isinstance(x, sympy.Basic):
                x = sympy.sympify(x)
            if not x.free_symbols <= allowed:
                raise ValueError("unknown variable")

        check(value)
        return value

    def real_set(self, text: str, variables):
        """Interval notation, or inequalities joined by or / and, as a SymPy set."""
        import re

        sympy = self.sympy
        local = {"oo": sympy.oo, **{v: sympy.Symbol(v, real=True) for v in variables}}
        if "<" in text or ">" in text:
            parts = []
            for alternative in text.split(" or "):
                conditions = []
                for conjunct in alternative.split(" and "):
                    pieces = re.split(r"(<=|>=|<|>)", conjunct)
                    operands = [self.parse_expr(p.strip(), local_dict=local, transformations=self.transformations)
                                for p in pieces[0::2]]
                    relations = {"<": sympy.Lt, "<=": sympy.Le, ">": sympy.Gt, ">=": sympy.Ge}
                    conditions += [relations[op](a, b) for op, a, b in zip(pieces[1::2], operands, operands[1:])]
                parts.append(sympy.And(*conditions))
            return sympy.Or(*parts).as_set()
        union = []
        for piece in text.split(" U "):
            match = re.fullmatch(r"\s*([\[(])(.*),(.*)([\])])\s*", piece)
            low, high = (self.parse_expr(match.group(k).strip(), local_dict=local, transformations=self.transformations)
                         for k in (2, 3))
            union.append(sympy.Interval(low, high, match.group(1) == "(", match.group(4) == ")"))
        return sympy.Union(*union)

    def same(self, a, b) -> bool:
        sympy = self.sympy
        a, b = sympy.sympify(a), sympy.sympify(b)
        if a.has(sympy.Float) or b.has(sympy.Float):
            difference = sympy.simplify(a - b)
            if difference == 0:
                return True
            if difference.free_symbols or b.free_symbols:
                return False
            scale = abs(complex(b.evalf()))
            return abs(complex(difference.evalf())) <= self.rtol * scale + 1e-12
        return sympy.simplify(a - b) == 0

    def compare(self, expected, answer) -> bool:
        sympy = self.sympy
        if isinstance(expected, _BaselineEquation):
            if not isinstance(answer, _BaselineEquation):
                return False
            ratio = sympy.simplify(answer.difference / expected.difference)
            return not ratio.free_symbols and ratio != 0
        if isinstance(expected, _BaselineSet):
            return isinstance(answer, _BaselineSet) and sympy.Complement(expected.value, answer.value) is \
                sympy.S.EmptySet and sympy.Complement(answer.value, expected.value) is sympy.S.EmptySet
        if isinstance(answer, (_BaselineEquation, _BaselineSet)):
            return False
        sequence = (list, tuple, sympy.Tuple)
        if isinstance(expected, (set, frozenset)):
            if not isinstance(answer, (set, frozenset)) or len(answer) != len(expected):
                return False
            key = lambda v: float(sympy.re(sympy.sympify(v).evalf()))  # noqa: E731
            return all(self.same(a, b) for a, b in zip(sorted(answer, key=key), sorted(expected, key=key)))
        if isinstance(expected, sequence):
            if not isinstance(answer, sequence) or len(answer) != len(expected):
                return False
            return all(self.compare(e, a) for e, a in zip(expected, answer))
        if isinstance(answer, (set, frozenset) + sequence):
            return False
        return self.same(expected, answer)

    def run(self, items: list[Item], indices) -> Run:
        run = Run("baseline")
        cache = {}
        clock = time.process_time
        previous = signal.signal(signal.SIGALRM, self._timeout)
        wall = time.perf_counter()
        started = clock()
        try:
            for i in indices:
                item = items[i]
                key = (item.expected, item.variables)
                t0 = clock()
                if key not in cache:
                    cache[key] = self.parse(item.expected, item.variables, item.kind)
                    run.prepares += 1
                    run.prepare_seconds += clock() - t0
                signal.setitimer(signal.ITIMER_REAL, self.seconds)
                try:
                    try:
                        answer = self.parse(item.answer, item.variables, item.kind)
                    except _BaselineTimeout:
                        raise
                    except Exception as error:  # noqa: BLE001 - anything parse_expr raises
                        status, message = INVALID, f"{type(error).__name__}: {error}"[:200]
                    else:
                        try:
                            ok = self.compare(cache[key], answer)
                            status, message = (CORRECT, "") if ok else (INCORRECT, "")
                        except _BaselineTimeout:
                            raise
                        except Exception as error:  # noqa: BLE001
                            status, message = INVALID, f"{type(error).__name__}: {error}"[:200]
                except _BaselineTimeout:
                    status, message = INVALID, f"timeout after {self.seconds:g} s"
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                run.item_seconds[i] = clock() - t0
                run.verdicts[i] = (status, message, None)
        finally:
            signal.signal(signal.SIGALRM, previous)
        run.seconds = clock() - started
        run.wall_seconds = time.perf_counter() - wall
        run.answers = len(run.verdicts)
        return run

    @staticmethod
    def _timeout(signum, frame):
        raise _BaselineTimeout()


def warm_up_items(items: list[Item]) -> list[int]:
    """The first WARM_UP_PER_KIND items of every kind of problem: what both sides check,
    untimed, before the timed runs."""
    chosen, seen = [], Counter()
    for i, item in enumerate(items):
        if seen[item.kind] < WARM_UP_PER_KIND:
            seen[item.kind] += 1
            chosen.append(i)
    return chosen


def stratified_sample(items: list[Item], size: int, seed: int) -> list[int]:
    """About ``size`` indices: each stratum (a kind, or family, of problem and a known verdict)
    in proportion to its share, at least 3 of each (all of a smaller one)."""
    rng = random.Random(seed * 7919 + 17)
    strata = defaultdict(list)
    for i, item in enumerate(items):
        strata[(item.kind, item.known)].append(i)
    chosen = []
    for stratum in sorted(strata):
        pool = strata[stratum]
        k = min(len(pool), max(3, round(size * len(pool) / len(items))))
        chosen.extend(rng.sample(pool, k))
    return sorted(chosen)


# ---------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------

def disagreements(items, run: Run) -> list[dict]:
    out = []
    for i, (status, message, method) in run.verdicts.items():
        item = items[i]
        if status != item.known:
            out.append({"index": i, "kind": item.kind, "rule": item.rule, "variant": item.variant,
                        "expected": item.expected, "answer": item.answer, "variables": list(item.variables),
                        "known": item.known, "got": status, "method": method, "message": message})
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark tutor's answer checking against a naive SymPy baseline.")
    parser.add_argument("--count", type=int, default=10000, help="answers to generate (default 10000)")
    parser.add_argument("--seed", type=int, default=20240601, help="generator seed")
    parser.add_argument("--baseline-sample", type=int, default=1000,
                        help="answers in the stratified sample the baseline checks (0: skip the baseline)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="time both sides N times (SymPy's cache cleared before each) and report the "
                             "median ratio; the report shows the run with the median ratio")
    parser.add_argument("--baseline-timeout", type=float, default=20.0, help="seconds per baseline check")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the report")
    parser.add_argument("--profile", action="store_true", help="profile tutor's run and print its hot spots")
    parser.add_argument("--selfcheck", action="store_true", help="check the generator's known verdicts numerically")
    parser.add_argument("--dump", metavar="FILE", help="write the generated items as JSON lines")
    parser.add_argument("--show", type=int, default=10, help="disagreements to list (default 10)")
    args = parser.parse_args(argv)

    wall = time.perf_counter()
    t0 = time.perf_counter()
    items = generate(args.count, args.seed)
    generate_seconds = time.perf_counter() - t0

    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as handle:
            for i, item in enumerate(items):
                handle.write(json.dumps({"id": i, "kind": item.kind, "rule": item.rule, "variant": item.variant,
                                         "expected": item.expected, "answer": item.answer,
                                         "vars": list(item.variables), "known": item.known},
                                        ensure_ascii=False) + "\n")

    generator_problems = selfcheck(items) if args.selfcheck else None

    import sympy  # noqa: F401  - loaded before timing either side
    import tutor
    import tutor.checking  # noqa: F401

    from sympy.core.cache import clear_cache

    sample = stratified_sample(items, args.baseline_sample, args.seed) if args.baseline_sample > 0 else []
    warm = warm_up_items(items)
    run_tutor(items, warm)
    if sample:
        Baseline(seconds=args.baseline_timeout).run(items, warm)
    clear_cache()
    gc.collect()
    gc.freeze()  # the generated data and the loaded modules are not garbage: out of the collector's work

    profiler = cProfile.Profile() if args.profile else None
    runs = []
    for _ in range(max(1, args.repeat)):
        clear_cache()  # each run starts from the same SymPy cache, for both sides
        forget_tutor_caches()  # and tutor from none of the parses, closures and verdicts of the run before
        if profiler:
            profiler.enable()
        tutor_run = run_tutor(items)
        if profiler:
            profiler.disable()
        clear_cache()
        baseline_run = Baseline(seconds=args.baseline_timeout).run(items, sample) if sample else None
        ratio = (tutor_run.answers / tutor_run.seconds) / (baseline_run.answers / baseline_run.seconds) \
            if baseline_run else None
        runs.append((ratio, tutor_run, baseline_run))
    ratios = [r for r, _, _ in runs]
    median_index = sorted(range(len(runs)), key=lambda k: ratios[k] or 0)[len(runs) // 2]
    _, tutor_run, baseline_run = runs[median_index]
    tutor_bad = disagreements(items, tutor_run)
    baseline_bad = disagreements(items, baseline_run) if baseline_run else []
    all_tutor_bad = sum(len(disagreements(items, t)) for _, t, _ in runs)

    tutor_rate = tutor_run.answers / tutor_run.seconds
    baseline_rate = baseline_run.answers / baseline_run.seconds if baseline_run else None
    # tutor's own per-item times (prepare included where the item triggered it) on the baseline's sample
    sample_rate = len(sample) / sum(tutor_run.item_seconds[i] for i in sample) if sample else None

    kinds = sorted({item.kind for item in items})
    table = {}
    for kind in kinds:
        idx = [i for i, item in enumerate(items) if item.kind == kind]
        known = Counter(items[i].known for i in idx)
        t_seconds = sum(tutor_run.item_seconds[i] for i in idx)
        row = {"items": len(idx), "correct": known[CORRECT], "incorrect": known[INCORRECT],
               "invalid": known[INVALID], "tutor_disagreements": sum(1 for d in tutor_bad if d["kind"] == kind),
               "tutor_seconds": t_seconds, "tutor_per_second": len(idx) / t_seconds if t_seconds else None,
               "tutor_time_share": t_seconds / sum(tutor_run.item_seconds.values())}
        if baseline_run:
            bidx = [i for i in sample if items[i].kind == kind]
            b_seconds = sum(baseline_run.item_seconds[i] for i in bidx)
            row.update({"baseline_items": len(bidx), "baseline_seconds": b_seconds,
                        "baseline_per_second": len(bidx) / b_seconds if b_seconds else None,
                        "baseline_disagreements": sum(1 for d in baseline_bad if d["kind"] == kind)})
        table[kind] = row

    slowest = sorted(tutor_run.item_seconds.items(), key=lambda kv: -kv[1])[:8]
    slow_counts = {f">{ms} ms": sum(1 for s in tutor_run.item_seconds.values() if s > ms / 1000)
                   for ms in (10, 50, 100)}
    methods = Counter(m for _, _, m in tutor_run.verdicts.values())
    method_seconds = Counter()
    for i, (_, _, m) in tutor_run.verdicts.items():
        method_seconds[m] += tutor_run.item_seconds[i]
    known_totals = Counter(item.known for item in items)
    report = {
        "count": len(items), "seed": args.seed, "generate_seconds": round(generate_seconds, 3),
        "known": dict(known_totals), "distinct_expected": tutor_run.prepares,
        "repeated_answers": len(items) - len({(i.expected, i.variables, i.answer) for i in items}),
        "tutor": {"seconds": tutor_run.seconds, "wall_seconds": tutor_run.wall_seconds,
                  "prepare_seconds": tutor_run.prepare_seconds,
                  "answers_per_second": tutor_rate, "disagreements": len(tutor_bad), "methods": dict(methods),
                  "method_seconds": dict(method_seconds),
                  "sample_answers_per_second": sample_rate},
        "baseline": None if not baseline_run else {
            "sample": baseline_run.answers, "seconds": baseline_run.seconds,
            "wall_seconds": baseline_run.wall_seconds,
            "prepare_seconds": baseline_run.prepare_seconds, "answers_per_second": baseline_rate,
            "disagreements": len(baseline_bad)},
        "ratio": tutor_rate / baseline_rate if baseline_rate else None,
        "ratio_same_sample": sample_rate / baseline_rate if baseline_rate else None,
        "kinds": table,
        "tutor_disagreements": tutor_bad,
        "baseline_disagreements": baseline_bad,
        "tutor_slow_checks": slow_counts,
        "slowest_tutor_items": [{"seconds": s, "kind": items[i].kind, "expected": items[i].expected,
                                 "answer": items[i].answer, "verdict": tutor_run.verdicts[i][0],
                                 "method": tutor_run.verdicts[i][2]} for i, s in slowest],
        "generator_problems": generator_problems,
        "runs": [{"ratio": r, "tutor_answers_per_second": t.answers / t.seconds,
                  "baseline_answers_per_second": b.answers / b.seconds if b else None,
                  "tutor_disagreements": len(disagreements(items, t))} for r, t, b in runs],
        "median_ratio": ratios[median_index],
        "target_ratio": TARGET_RATIO,
        "wall_seconds": None,
    }
    report["wall_seconds"] = time.perf_counter() - wall

    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print_report(report, args.show)
    if profiler:
        print_profile(profiler)
    ok = not all_tutor_bad and (report["median_ratio"] is None or report["median_ratio"] >= TARGET_RATIO)
    return 0 if ok else 1


def forget_tutor_caches() -> None:
    """Empty what tutor remembers across checks in this process (parse trees, compiled closures,
    values and verdicts), so that a repeat is timed as cold as the first run."""
    from tutor.checking import kinds, numeric, tree_numeric
    from tutor.language import build, functions, parser

    parser._trees.clear()
    tree_numeric._compiled.clear()
    tree_numeric._INTERNED.clear()
    for module in (kinds, numeric, tree_numeric, build, functions, parser):
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def print_report(r: dict, show: int) -> None:
    print(f"generated {r['count']} answers (seed {r['seed']}) in {r['generate_seconds']:.2f} s: "
          + ", ".join(f"{v} {k}" for k, v in sorted(r["known"].items()))
          + f"; {r['distinct_expected']} distinct expected answers")
    print(f"  {r['repeated_answers']} answers ({r['repeated_answers'] / r['count']:.0%}) repeat an earlier answer to "
          "the same expected one word for word: tutor remembers parse trees, compiled closures and verdicts "
          "per answer shape, as a class's repeated answers let it; the baseline re-parses every one")
    t, b = r["tutor"], r["baseline"]
    print(f"tutor:    {r['count']} answers in {t['seconds']:.2f} CPU s (wall {t['wall_seconds']:.2f} s; "
          f"prepare {t['prepare_seconds']:.2f} s) = {t['answers_per_second']:,.0f} answers/s; "
          f"disagreements: {t['disagreements']}")
    if b:
        print(f"baseline: {b['sample']} answers (stratified sample) in {b['seconds']:.2f} CPU s (wall "
              f"{b['wall_seconds']:.2f} s) = {b['answers_per_second']:,.1f} answers/s; "
              f"disagreements: {b['disagreements']}")
        print(f"ratio tutor/baseline: {r['ratio']:,.1f}x  (tutor's per-item times on the same sample: "
              f"{t['sample_answers_per_second']:,.0f} answers/s, {r['ratio_same_sample']:,.1f}x)")
    print()
    header = f"{'kind':<16}{'items':>6}{'ok':>6}{'wrong':>6}{'inv':>5}{'tutor/s':>9}{'share':>7}{'dis':>5}"
    if b:
        header += f"{'base n':>8}{'base/s':>8}{'b dis':>6}"
    print(header)
    for kind, row in r["kinds"].items():
        line = (f"{kind:<16}{row['items']:>6}{row['correct']:>6}{row['incorrect']:>6}{row['invalid']:>5}"
                f"{row['tutor_per_second'] or 0:>9,.0f}{row['tutor_time_share']:>7.1%}{row['tutor_disagreements']:>5}")
        if b:
            line += (f"{row['baseline_items']:>8}{row['baseline_per_second'] or 0:>8.1f}"
                     f"{row['baseline_disagreements']:>6}")
        print(line)
    seconds = r["tutor"]["method_seconds"]
    print("\ntutor verdicts by method: " + ", ".join(
        f"{k}: {v} ({seconds.get(k, 0) * 1000 / v:.2f} ms each, "
        f"{seconds.get(k, 0) / sum(seconds.values()):.0%} of the time)"
        for k, v in sorted(r["tutor"]["methods"].items(), key=str)))
    for title, bad in (("tutor", r["tutor_disagreements"]), ("baseline", r["baseline_disagreements"])):
        if bad:
            print(f"\nfirst {min(show, len(bad))} of {len(bad)} {title} disagreements:")
            for d in bad[:show]:
                print(f"  [{d['kind']}/{d['rule']} {d['variant']}] expected {d['expected']!r} vars {d['variables']}")
                print(f"      answer {d['answer']!r}: known {d['known']}, {title} says {d['got']}"
                      + (f" ({d['method']})" if d["method"] else "") + (f": {d['message']}" if d["message"] else ""))
    print("\nslowest tutor checks (" + ", ".join(f"{k}: {v}" for k, v in r["tutor_slow_checks"].items()) + "):")
    for s in r["slowest_tutor_items"]:
        print(f"  {s['seconds'] * 1000:7.1f} ms  {s['kind']:<14} {s['verdict']:<9} {s['method'] or '':<9} "
              f"{s['expected']!r} <- {s['answer']!r}")
    if r["generator_problems"] is not None:
        print(f"\nselfcheck: {len(r['generator_problems'])} generator problems")
        for p in r["generator_problems"][:20]:
            print("  " + p)
    if len(r["runs"]) > 1:
        print(f"\nruns: {len(r['runs'])}; ratios " + ", ".join(
            f"{run['ratio']:,.1f}x ({run['tutor_answers_per_second']:,.0f} vs "
            f"{run['baseline_answers_per_second']:,.1f} answers/s, {run['tutor_disagreements']} disagreements)"
            for run in r["runs"] if run["ratio"]) + f"; median {r['median_ratio']:,.1f}x (reported above)")
    met = (not any(run["tutor_disagreements"] for run in r["runs"]) and r["median_ratio"]
           and r["median_ratio"] >= r["target_ratio"])
    print(f"\ntarget (tutor >= {r['target_ratio']}x baseline, median of {len(r['runs'])} run(s), zero disagreements): "
          f"{'met' if met else 'NOT met'}; wall time {r['wall_seconds']:.1f} s")


def print_profile(profiler: cProfile.Profile) -> None:
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("tottime").print_stats(r"tutor/", 25)
    stats.sort_stats("cumulative").print_stats(r"tutor/", 25)
    print("\n--- tutor profile (tutor/ functions only) ---")
    print(stream.getvalue())


if __name__ == "__main__":
    sys.exit(main())
