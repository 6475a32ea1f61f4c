"""Write values back in the input language (canonical text) and as one-line unicode.

The canonical text reads back to the same value, so "interpreted as ..." can be
copied into an answer; the unicode form is for people (2·x·y, x², σ(z), e^(−z)).
"""

from __future__ import annotations

from sympy.printing.str import StrPrinter

from tutor.language.tokens import LETTER_NAMES, Token, tokenize
from tutor.language.values import Matrix, SetValue, Vector


class InputLanguagePrinter(StrPrinter):
    """SymPy's str printer, speaking the student input language."""

    def __init__(self, e_is_variable: bool = False):
        super().__init__({"full_prec": False})
        self.e_is_variable = e_is_variable

    def _print_Exp1(self, expr):
        return "exp(1)" if self.e_is_variable else "e"

    def _print_Abs(self, expr):
        return f"abs({self._print(expr.args[0])})"

    def _print_log(self, expr):
        return f"ln({self._print(expr.args[0])})"

    def _print_Float(self, expr):
        text = super()._print_Float(expr)
        if "e" in text:
            return text
        if "." not in text:
            return text + ".0"  # stays a decimal when read back
        text = text.rstrip("0")
        return text + "0" if text.endswith(".") else text


def to_text(value, e_is_variable: bool = False) -> str:
    """Canonical input-language text of an expression, vector, matrix or set."""
    printer = InputLanguagePrinter(e_is_variable)

    def show(item) -> str:
        if isinstance(item, Vector):
            left, right = ("(", ")") if item.bracket == "(" else ("[", "]")
            return left + ", ".join(show(e) for e in item.entries) + right
        if isinstance(item, Matrix):
            return "[" + ", ".join("[" + ", ".join(show(e) for e in row) + "]" for row in item.rows) + "]"
        if isinstance(item, SetValue):
            return "{" + ", ".join(show(i) for i in item.items) + "}"
        return printer.doprint(item).replace("**", "^")

    return show(value)


_NAME_LETTERS = {name: letter for letter, name in LETTER_NAMES.items() if name != "e"}
_NAME_LETTERS.update({"pi": "π", "sigma": "σ", "sqrt": "√", "epsilon": "ε", "phi": "φ"})
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_OPERATORS = {"*": "·", "-": "−"}


def to_unicode(value, e_is_variable: bool = False) -> str:
    """One-line unicode form for people: 2·x·y, x², σ(z), e^(−z), [4, 6]."""
    text = to_text(value, e_is_variable)
    tokens = tokenize(text)
    out: list[str] = []
    previous_end = 0
    i = 0
    while i < len(tokens) - 1:
        token = tokens[i]
        out.append(text[previous_end:token.column - 1])
        previous_end = token.column - 1 + len(_source_text(token, text))
        following = tokens[i + 1]
        if token.kind == "op" and token.text == "^" and following.kind == "number" and following.text.isdigit():
            out.append(following.text.translate(_SUPERSCRIPT))
            previous_end = following.column - 1 + len(following.text)
            i += 2
            continue
        exp_names = ("sqrt",) if e_is_variable else ("exp", "sqrt")  # e^x would read as a variable e
        if token.kind == "name" and token.text in exp_names and following.text == "(" \
                and tokens[i + 3].text == ")" and tokens[i + 2].kind in ("name", "number"):
            # exp(x) is e^x, exp(2) is e², sqrt(2) is √2
            inner = tokens[i + 2]
            if token.text == "sqrt":
                out.append("√" + _pretty_name(inner.text) if inner.kind == "name" else "√" + inner.text)
            elif inner.kind == "number" and inner.text.isdigit():
                out.append("e" + inner.text.translate(_SUPERSCRIPT))
            else:
                out.append("e^" + (_pretty_name(inner.text) if inner.kind == "name" else inner.text))
            previous_end = tokens[i + 3].column
            i += 4
            continue
        if token.kind == "name" and token.text == "exp" and following.text == "(" and not e_is_variable:
            out.append("e^")
        elif token.kind == "name":
            out.append(_pretty_name(token.text))
        elif token.kind == "op":
            out.append(_OPERATORS.get(token.text, token.text))
        else:
            out.append(token.text)
        i += 1
    out.append(text[previous_end:])
    return "".join(out)


def _source_text(token: Token, text: str) -> str:
    if token.kind == "op" and token.text == "^" and text.startswith("**", token.column - 1):
        return "**"
    return token.text


def _pretty_name(name: str) -> str:
    if name in _NAME_LETTERS:
        return _NAME_LETTERS[name]
    if name == "y_hat":
        return "ŷ"
    base, _, subscript = name.partition("_")
    if subscript.isdigit():
        return _NAME_LETTERS.get(base, base) + subscript.translate(_SUBSCRIPT)
    return name
