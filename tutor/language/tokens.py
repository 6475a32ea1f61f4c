"""Split a student's answer into tokens, reading the unicode a keyboard or a copy-paste gives.

Every token keeps the 1-based column where it starts in the original text, so
that errors can point at it. Nothing here knows about SymPy.
"""

from __future__ import annotations

import re

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


# One token: a plain tuple (kind, text, column), kind 'number', 'name', 'op', 'sqrt',
# 'superscript' or 'end'; plain rather than a NamedTuple, which costs twice as much to make
# and to read (the parser unpacks tokens on every step).
Token = tuple[str, str, int]


PRIMES = "'′″‴’"  # f'(x), σ′(z): derivative notation, which an answer writes out


def _describe(char: str) -> str:
    if char.isprintable() and not char.isspace():
        return f"character '{char}'"
    return f"character U+{ord(char):04X}"


# The common tokens, read in tokenize's loop: ASCII names and numbers (by one compiled pattern
# each), operators and the characters that stand for one; everything else (unicode letters,
# superscripts, comparisons, errors) by _read_other, a character at a time.
# A number: 3, 0.5, .5, 5., 1e-3, 2.5E4. An exponent needs digits after e/E (and an optional
# sign); otherwise e is a name: 2e = 2*e. Group 1 is the mantissa.
_NUMBER = re.compile(r"([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_NAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_SPACE, _DIGIT, _LETTER, _SINGLE, _STAR, _ALIAS = range(6)
_FIRST = {**{c: _SPACE for c in SPACES}, **{c: _DIGIT for c in "0123456789"},
          **{c: _LETTER for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"},
          **{c: _SINGLE for c in OPERATORS if c != "*"}, "*": _STAR,
          **{c: _ALIAS for c in OPERATOR_ALIASES}}  # · − × ≤ ...: one character for an operator


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
            append(("op", char, i + 1))
            i += 1
        elif kind is _LETTER:
            j = i + 1
            if j < n and text[j] in _NAME_CHARACTERS:  # a name longer than one letter
                j = _NAME.match(text, i).end()
                name = text[i:j]
                if name[-1] == "_":
                    raise ParseError(f"a name cannot end with '_' ('{name}')", j)
            else:
                name = char
            if j < n and text[j] in SUBSCRIPTS:
                name, j = _read_subscripts(text, j, name)
            append(("name", name, i + 1))
            i = j
        elif kind is _DIGIT or (char == "." and i + 1 < n and "0" <= text[i + 1] <= "9"):
            match = _NUMBER.match(text, i)
            j = match.end()
            if j < n and text[j] == "." and j == match.end(1) and "." in match.group(1):  # 1.2.3, 5..2
                raise ParseError("a number has two decimal points", j + 1)
            append(("number", text[i:j], i + 1))
            i = j
        elif kind is _SPACE:
            i += 1
        elif kind is _ALIAS:
            append(("op", OPERATOR_ALIASES[char], i + 1))
            i += 1
        elif kind is _STAR:
            if i + 1 < n and text[i + 1] == "*":
                append(("op", "^", i + 1))
                i += 2
            else:
                append(("op", "*", i + 1))
                i += 1
        else:
            i = _read_other(text, i, append)
    append(("end", "", n + 1))
    return tokens


def _read_other(text: str, i: int, append) -> int:
    """Read the token at i that tokenize's loop leaves (unicode letters, superscripts, √,
    comparisons) or raise for a character that starts none; return the index after it."""
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
        append(("name", name, column))
        return j
    if char in SUPERSCRIPTS:
        j = i
        while j < n and text[j] in SUPERSCRIPTS:
            j += 1
        digits = "".join(SUPERSCRIPTS[c] for c in text[i:j])
        if not digits.lstrip("+-").isdigit() or len(digits) - len(digits.lstrip("+-")) > 1:
            raise ParseError(f"superscript '{text[i:j]}' is not a whole number", column)
        append(("superscript", digits, column))
        return j
    if char == "√":
        append(("sqrt", "√", column))
        return i + 1
    if char in "=<>!":
        # comparisons exist only for exercise constraints; the parser refuses them elsewhere
        two = text[i:i + 2]
        op = two if two in ("==", "!=", "<=", ">=") else char
        if op == "!":
            raise ParseError("unexpected character '!'", column)
        append(("op", op, column))
        return i + len(op)
    if char in PRIMES:
        raise ParseError(f"a prime ({char}) cannot be read: write the derivative itself, not f{char}(x)", column)
    if char == "|":
        raise ParseError("'|' cannot be read: write abs(x) for an absolute value", column)
    raise ParseError(f"unexpected {_describe(char)}", column)


def _read_subscripts(text: str, j: int, name: str) -> tuple[str, int]:
    """Append unicode subscript digits (x₁ is x_1) to a name."""
    start = j
    while j < len(text) and text[j] in SUBSCRIPTS:
        j += 1
    if j > start:
        name += "_" + "".join(SUBSCRIPTS[c] for c in text[start:j])
    return name, j
