"""Write values back in the input language (canonical text) and as one-line unicode.

The canonical text reads back to the same value, so "interpreted as ..." can be
copied into an answer; the unicode form is for people (2·x·y, x², σ(z), e^(−z))
and reads back too. One walk over the SymPy tree serves both styles; it is much
cheaper than SymPy's general printers, which matters when a class's answers are
echoed by the thousand.
"""

from __future__ import annotations

import sympy
from sympy.printing.str import StrPrinter

from tutor.language.functions import sigma
from tutor.language.tokens import LETTER_NAMES
from tutor.language.values import Equation, Matrix, RealSet, SetValue, Vector

# precedence of what a printed piece is, loosest first
ADD, MUL, NEG, POW, ATOM = 10, 20, 25, 30, 100

_NAME_LETTERS = {name: letter for letter, name in LETTER_NAMES.items() if name != "e"}
_NAME_LETTERS.update({"pi": "π", "sigma": "σ", "epsilon": "ε", "phi": "φ", "y_hat": "ŷ"})
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_FUNCTION_NAMES = {"log": "ln", "Abs": "abs"}


class _FloatPrinter(StrPrinter):
    def __init__(self):
        super().__init__({"full_prec": False})

    def float_text(self, expr) -> str:
        text = self._print_Float(expr)
        if "e" in text:
            return text
        if "." not in text:
            return text + ".0"  # stays a decimal when read back
        text = text.rstrip("0")
        return text + "0" if text.endswith(".") else text


_FLOATS = _FloatPrinter()


class _Printer:
    """Print SymPy expressions in the input language: style 'text' or 'unicode'."""

    def __init__(self, unicode: bool, e_is_variable: bool):
        self.unicode = unicode
        self.e_is_variable = e_is_variable
        self.times = "·" if unicode else "*"
        self.minus = "−" if unicode else "-"

    # -- entry point: (text, precedence) -------------------------------------------------
    def show(self, expr) -> tuple[str, int]:
        if expr.is_Symbol:
            return self.name(expr.name), ATOM
        if expr.is_Number:
            return self.number(expr)
        if expr is sympy.pi:
            return ("π" if self.unicode else "pi"), ATOM
        if expr is sympy.E:
            return ("exp(1)" if self.e_is_variable else "e"), ATOM
        if expr.is_Add:
            return self.add(expr), ADD
        if expr.is_Mul:
            return self.mul(expr)
        if expr.is_Pow:
            return self.power(expr.base, expr.exp)
        if isinstance(expr, sympy.Function):
            # in unicode exp(x) is written e^x: a power, so (e^x)^2 keeps its brackets
            written_as_power = self.unicode and not self.e_is_variable and isinstance(expr, sympy.exp)
            return self.function(expr), (POW if written_as_power else ATOM)
        return str(expr), ATOM  # not produced by the parser; shown as SymPy writes it

    def text(self, expr) -> str:
        return self.show(expr)[0]

    def wrapped(self, expr, above: int) -> str:
        """``expr`` in parentheses unless it binds tighter than ``above``."""
        text, precedence = self.show(expr)
        return text if precedence > above else f"({text})"

    # -- pieces ------------------------------------------------------------------------
    def name(self, name: str) -> str:
        if not self.unicode:
            return name
        if name in _NAME_LETTERS:
            return _NAME_LETTERS[name]
        base, _, subscript = name.partition("_")
        if subscript.isdigit():
            return _NAME_LETTERS.get(base, base) + subscript.translate(_SUBSCRIPT)
        return name

    def number(self, expr) -> tuple[str, int]:
        if expr.is_Integer:
            text = str(expr.p)
        elif expr.is_Rational:
            text = f"{expr.p}/{expr.q}"
        elif expr.is_Float:
            text = _FLOATS.float_text(expr)
        elif self.unicode and expr in (sympy.oo, sympy.S.NegativeInfinity):
            text = "∞" if expr == sympy.oo else "-∞"  # read back as oo, as typed on a keyboard
        else:
            text = str(expr)
        if text.startswith("-"):
            return self.minus + text[1:], NEG
        return text, (MUL if expr.is_Rational and not expr.is_Integer else ATOM)

    def add(self, expr) -> str:
        pieces = []
        for term in _reading_order(expr.args):
            negative, magnitude = _split_sign(term)
            text = self.product_text(magnitude) if magnitude is not None else self.wrapped(term, ADD)
            if not pieces:
                pieces.append(self.minus + text if negative else text)
            else:
                pieces.append(f" {self.minus} {text}" if negative else f" + {text}")
        return "".join(pieces)

    def mul(self, expr) -> tuple[str, int]:
        negative, magnitude = _split_sign(expr)
        text = self.product_text(magnitude)
        return (self.minus + text, NEG) if negative else (text, MUL)

    def product_text(self, factors) -> str:
        """A product given as (coefficient, [factors]) with a non-negative coefficient."""
        coefficient, others = factors
        numerator, denominator = [], []
        if coefficient.is_Rational:
            if coefficient.p != 1:
                numerator.append(str(coefficient.p))
            if coefficient.q != 1:
                denominator.append(str(coefficient.q))
        elif coefficient != 1:
            numerator.append(self.wrapped(coefficient, MUL))
        for factor in others:
            if factor.is_Pow and factor.exp.is_Number and factor.exp.is_negative:
                if factor.exp == -1:
                    denominator.append(self.wrapped(factor.base, MUL))
                else:
                    denominator.append(self.power_text(factor.base, -factor.exp, MUL))
            else:
                numerator.append(self.wrapped(factor, MUL))
        top = self.times.join(numerator) if numerator else "1"
        if not denominator:
            return top
        if len(denominator) == 1:
            return f"{top}/{denominator[0]}"
        return f"{top}/({self.times.join(denominator)})"

    def power_text(self, base, exponent, above: int) -> str:
        text, precedence = self.power(base, exponent)
        return text if precedence > above else f"({text})"

    def power(self, base, exponent) -> tuple[str, int]:
        if exponent.is_Number and exponent.is_negative:
            if exponent == -1:
                return f"1/{self.wrapped(base, MUL)}", MUL
            return f"1/{self.power_text(base, -exponent, MUL)}", MUL
        if exponent == sympy.S.Half:
            inner = self.text(base)
            if self.unicode:
                return ("√" + inner if _is_atom(base) else f"√({inner})"), POW
            return f"sqrt({inner})", ATOM
        text, precedence = self.show(base)
        base_text = text if _is_atom(base) and not _is_negative_number(base) and precedence > POW else f"({text})"
        if self.unicode and exponent.is_Integer:
            return base_text + str(exponent.p).translate(_SUPERSCRIPT), POW
        exponent_text = self.text(exponent) if _is_atom(exponent) and not _is_negative_number(exponent) \
            else f"({self.text(exponent)})"
        return f"{base_text}^{exponent_text}", POW

    def function(self, expr) -> str:
        name = "sigma" if isinstance(expr, sigma) else type(expr).__name__
        arguments = ", ".join(self.text(a) for a in expr.args)
        if name == "exp" and self.unicode and not self.e_is_variable:
            argument = expr.args[0]
            if argument.is_Integer and argument.is_positive:
                return "e" + str(argument.p).translate(_SUPERSCRIPT)
            return "e^" + (arguments if _is_atom(argument) and not _is_negative_number(argument)
                           else f"({arguments})")
        name = _FUNCTION_NAMES.get(name, name)
        return f"{self.name(name) if name == 'sigma' else name}({arguments})"


def _reading_order(terms) -> list:
    """Terms as people write them: highest degree first, constants last, and a positive
    term in front where there is one (x² + 3·x - 1, not -1 + 3·x + x²; 1 - σ, not -σ + 1)."""
    ordered = sorted(reversed(terms), key=lambda term: (-_degree(term), _variable_names(term)))
    for i, term in enumerate(ordered):
        if not _split_sign(term)[0]:
            return [term] + ordered[:i] + ordered[i + 1:]
    return ordered


def _variable_names(term) -> tuple:
    """For terms of equal degree: x² before y², x·y before y² (monomials only)."""
    factors = term.args if term.is_Mul else (term,)
    names = []
    for factor in factors:
        base = factor.base if factor.is_Pow and factor.exp.is_Number else factor
        if base.is_Symbol:
            names.append(base.name)
        elif not factor.is_Number:
            return ()
    return tuple(sorted(names))


def _degree(term) -> float:
    """A cheap total degree in the variables, for ordering terms (no polynomial algebra)."""
    if term.is_Symbol:
        return 1
    if term.is_Number:
        return 0
    if term.is_Pow and term.base.is_Symbol and term.exp.is_Number:
        return float(term.exp)
    if term.is_Mul:
        return sum(_degree(factor) for factor in term.args)
    return 0.5  # a function or other compound term


def _is_atom(expr) -> bool:
    return expr.is_Symbol or expr.is_Integer or expr is sympy.pi or expr is sympy.E or (
        isinstance(expr, sympy.Function))


def _is_negative_number(expr) -> bool:
    return expr.is_Number and expr.is_negative


def _factor_order(factors) -> tuple:
    """Powers of variables first, by name (7·x²·y, not SymPy's 7·y·x²); the rest as they were."""
    def key(factor):
        base = factor.base if factor.is_Pow and factor.exp.is_Number else factor
        return (0, base.name) if base.is_Symbol else (1, "")

    return tuple(sorted(factors, key=key))


def _split_sign(expr):
    """(negative?, (coefficient >= 0, other factors)) for numbers and products, else (False, None)."""
    if expr.is_Mul:
        first = expr.args[0]
        if first.is_Number:
            return bool(first.is_negative), (abs(first), _factor_order(expr.args[1:]))
        return False, (sympy.S.One, _factor_order(expr.args))
    if expr.is_Number and expr.is_negative:
        return True, (abs(expr), ())
    return False, None


def _show_value(value, printer: _Printer) -> str:
    if isinstance(value, Vector):
        left, right = ("(", ")") if value.bracket == "(" else ("[", "]")
        return left + ", ".join(_show_value(e, printer) for e in value.entries) + right
    if isinstance(value, Matrix):
        return "[" + ", ".join("[" + ", ".join(_show_value(e, printer) for e in row) + "]"
                               for row in value.rows) + "]"
    if isinstance(value, SetValue):
        return "{" + ", ".join(_show_value(i, printer) for i in value.items) + "}"
    if isinstance(value, Equation):
        return f"{printer.text(value.left)} = {printer.text(value.right)}"
    if isinstance(value, RealSet):
        return _show_real_set(value, printer)
    return printer.text(value)


def _show_real_set(value: RealSet, printer: _Printer) -> str:
    """Interval notation ((-oo, -1) U (1, oo)) or inequalities (x < -1 or x > 1), as written."""
    if not value.intervals:
        return "{}"
    unicode = printer.unicode

    def end(number) -> str:
        if number.is_infinite:
            text = "∞" if unicode else "oo"
            return printer.minus + text if number.is_extended_negative else text
        return printer.text(number)

    everything = len(value.intervals) == 1 and all(n.is_infinite for n in value.intervals[0][:2])
    if value.notation == "inequality" and value.variable is not None and not everything:
        name = printer.text(value.variable)
        less = {True: "≤" if unicode else "<=", False: "<"}
        greater = {True: "≥" if unicode else ">=", False: ">"}
        pieces = []
        for low, high, low_closed, high_closed in value.intervals:
            if low.is_infinite:
                pieces.append(f"{name} {less[high_closed]} {end(high)}")
            elif high.is_infinite:
                pieces.append(f"{name} {greater[low_closed]} {end(low)}")
            else:
                pieces.append(f"{end(low)} {less[low_closed]} {name} {less[high_closed]} {end(high)}")
        return " or ".join(pieces)
    pieces = [f"{'[' if low_closed else '('}{end(low)}, {end(high)}{']' if high_closed else ')'}"
              for low, high, low_closed, high_closed in value.intervals]
    return (" ∪ " if unicode else " U ").join(pieces)


_PRINTERS = {(u, e): _Printer(u, e) for u in (False, True) for e in (False, True)}


def to_text(value, e_is_variable: bool = False) -> str:
    """Canonical input-language text of an expression, vector, matrix or set."""
    return _show_value(value, _PRINTERS[False, e_is_variable])


def to_unicode(value, e_is_variable: bool = False) -> str:
    """One-line unicode form for people: 2·x·y, x², σ(z), e^(−z), [4, 6]."""
    return _show_value(value, _PRINTERS[True, e_is_variable])
