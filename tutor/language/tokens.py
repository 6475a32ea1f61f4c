"""Split a student's answer into tokens, reading the unicode a keyboard or a copy-paste gives.

Every token keeps the 1-based column where it starts in the original text, so
that errors can point at it. Nothing here knows about SymPy.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from tutor.errors import ParseError

# Characters that stand for an ASCII operator.
OPERATOR_ALIASES = {
    "·": "*", "×": "*", "⋅": "*", "∙": "*", "∗": "*", "•": "*",
    "−": "-", "–": "-", "‐": "-", "﹣": "-", "－": "-",
    "÷": "/", "∕": "/", "＋": "+",
    "≤": "<=", "⩽": "<=", "≥": ">=", "⩾": ">=", "∪": "∪", "∩": "∩",
}
OPERATORS = set("+-*/^()[]{},")
OPENING = {"(": ")", "[": "]", "{": "}"}

# Letters that stand for a name of the input language.
LETTER_NAMES = {
    "π": "pi", "ℯ": "e",
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda",
    "μ": "mu", "ν": "nu", "ξ": "xi", "ρ": "rho", "σ": "sigma", "τ": "tau",
    "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "ŷ": "y_hat", "∞": "oo",
}
SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
    "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+",
}
SUBSCRIPTS = {"₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6",
              "₇": "7", "₈": "8", "₉": "9"}
SPACES = set(" \t\u00a0\u2009\u202f\u3000")
LINE_BREAKS = set("\r\n\u2028\u2029\x0b\x0c\x85")


class Token(NamedTuple):
    """One token: kind is 'number', 'name', 'op', 'sqrt', 'superscript' or 'end'."""

    kind: str
    text: str
    column: int


PRIMES = "'′″‴’"  # f'(x), σ′(z): derivative notation, which an answer writes out


def _describe(char: str) -> str:
    if char.isprintable() and not char.isspace():
        return f"character '{char}'"
    return f"character U+{ord(char):04X}"


# The common ASCII tokens, read by one compiled pattern each; everything else (unicode
# letters, superscripts, aliases, comparisons, errors) by _read_other, a character at a time.
_NUMBER = re.compile(r"(?P<mantissa>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_SPACE, _DIGIT, _LETTER, _SINGLE = range(4)
_FIRST = {**{c: _SPACE for c in SPACES}, **{c: _DIGIT for c in "0123456789"},
          **{c: _LETTER for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"},
          **{c: _SINGLE for c in OPERATORS if c != "*"}}


_new = tuple.__new__  # Token(kind, text, column) without NamedTuple's Python-level __new__


def tokenize(text: str) -> list[Token]:
    """Return the tokens of ``text``, ending with an 'end' token; raise ParseError."""
    tokens: list[Token] = []
    append = tokens.append
    first = _FIRST.get
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        kind = first(char)
        if kind is _SINGLE:
            append(_new(Token, ("op", char, i + 1)))
            i += 1
        elif kind is _LETTER:
            j = _NAME.match(text, i).end()
            name = text[i:j]
            if name[-1] == "_":
                raise ParseError(f"a name cannot end with '_' ('{name}')", j)
            if j < n and text[j] in SUBSCRIPTS:
                name, j = _read_subscripts(text, j, name)
            append(_new(Token, ("name", name, i + 1)))
            i = j
        elif kind is _DIGIT or (char == "." and i + 1 < n and "0" <= text[i + 1] <= "9"):
            i = _read_number(text, i, append)
        elif kind is _SPACE:
            i += 1
        else:
            i = _read_other(text, i, append)
    append(_new(Token, ("end", "", n + 1)))
    return tokens


def _read_other(text: str, i: int, append) -> int:
    """Read the token at i that is not a plain ASCII name, number or operator; return the
    index after it."""
    n = len(text)
    char = text[i]
    column = i + 1
    if char in LINE_BREAKS:
        raise ParseError("an answer is one line, but this one has a line break", column)
    if char in LETTER_NAMES:
        name, j = _read_subscripts(text, i + 1, LETTER_NAMES[char])
        if j < n and text[j] == "_" and j + 1 < n and text[j + 1].isascii() and text[j + 1].isalnum():
            k = j + 1
            while k < n and text[k].isascii() and (text[k].isalnum() or text[k] == "_"):
                k += 1
            name, j = name + text[j:k], k
        append(_new(Token, ("name", name, column)))
        return j
    if char in SUPERSCRIPTS:
        j = i
        while j < n and text[j] in SUPERSCRIPTS:
            j += 1
        digits = "".join(SUPERSCRIPTS[c] for c in text[i:j])
        if not digits.lstrip("+-").isdigit() or len(digits) - len(digits.lstrip("+-")) > 1:
            raise ParseError(f"superscript '{text[i:j]}' is not a whole number", column)
        append(_new(Token, ("superscript", digits, column)))
        return j
    if char == "√":
        append(_new(Token, ("sqrt", "√", column)))
        return i + 1
    if char == "*" and text.startswith("**", i):
        append(_new(Token, ("op", "^", column)))
        return i + 2
    if char in "=<>!":
        # comparisons exist only for exercise constraints; the parser refuses them elsewhere
        two = text[i:i + 2]
        op = two if two in ("==", "!=", "<=", ">=") else char
        if op == "!":
            raise ParseError("unexpected character '!'", column)
        append(_new(Token, ("op", op, column)))
        return i + len(op)
    if char in OPERATORS or char in OPERATOR_ALIASES:
        append(_new(Token, ("op", OPERATOR_ALIASES.get(char, char), column)))
        return i + 1
    if char in PRIMES:
        raise ParseError(f"a prime ({char}) cannot be read: write the derivative itself, not f{char}(x)", column)
    raise ParseError(f"unexpected {_describe(char)}", column)


def _read_number(text: str, i: int, append) -> int:
    """Read 3, 0.5, .5, 5., 1e-3, 2.5E4 starting at i; return the index after it.
    An exponent needs digits after e/E (and an optional sign); otherwise e is a name: 2e = 2*e."""
    match = _NUMBER.match(text, i)
    end = match.end("mantissa")
    if end < len(text) and text[end] == "." and "." in match.group("mantissa"):
        raise ParseError("a number has two decimal points", end + 1)
    append(_new(Token, ("number", match.group(), i + 1)))
    return match.end()


def _read_subscripts(text: str, j: int, name: str) -> tuple[str, int]:
    """Append unicode subscript digits (x₁ is x_1) to a name."""
    start = j
    while j < len(text) and text[j] in SUBSCRIPTS:
        j += 1
    if j > start:
        name += "_" + "".join(SUBSCRIPTS[c] for c in text[start:j])
    return name, j
