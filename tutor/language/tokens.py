"""Split a student's answer into tokens, reading the unicode a keyboard or a copy-paste gives.

Every token keeps the 1-based column where it starts in the original text, so
that errors can point at it. Nothing here knows about SymPy.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class Token:
    """One token: kind is 'number', 'name', 'op', 'sqrt', 'superscript' or 'end'."""

    kind: str
    text: str
    column: int


def _describe(char: str) -> str:
    if char.isprintable() and not char.isspace():
        return f"character '{char}'"
    return f"character U+{ord(char):04X}"


def tokenize(text: str) -> list[Token]:
    """Return the tokens of ``text``, ending with an 'end' token; raise ParseError."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        column = i + 1
        if char in SPACES:
            i += 1
        elif char in LINE_BREAKS:
            raise ParseError("an answer is one line, but this one has a line break", column)
        elif char.isascii() and (char.isdigit() or (char == "." and i + 1 < n and text[i + 1].isascii()
                                                  and text[i + 1].isdigit())):
            i = _read_number(text, i, tokens)
        elif char.isascii() and char.isalpha():
            j = i + 1
            while j < n and text[j].isascii() and (text[j].isalnum() or text[j] == "_"):
                j += 1
            name = text[i:j]
            if name.endswith("_"):
                raise ParseError(f"a name cannot end with '_' ('{name}')", j)
            name, j = _read_subscripts(text, j, name)
            tokens.append(Token("name", name, column))
            i = j
        elif char in LETTER_NAMES:
            name, j = _read_subscripts(text, i + 1, LETTER_NAMES[char])
            if j < n and text[j] == "_" and j + 1 < n and text[j + 1].isascii() and text[j + 1].isalnum():
                k = j + 1
                while k < n and text[k].isascii() and (text[k].isalnum() or text[k] == "_"):
                    k += 1
                name, j = name + text[j:k], k
            tokens.append(Token("name", name, column))
            i = j
        elif char in SUPERSCRIPTS:
            j = i
            while j < n and text[j] in SUPERSCRIPTS:
                j += 1
            digits = "".join(SUPERSCRIPTS[c] for c in text[i:j])
            if not digits.lstrip("+-").isdigit() or len(digits) - len(digits.lstrip("+-")) > 1:
                raise ParseError(f"superscript '{text[i:j]}' is not a whole number", column)
            tokens.append(Token("superscript", digits, column))
            i = j
        elif char == "√":
            tokens.append(Token("sqrt", "√", column))
            i += 1
        elif char == "*" and text.startswith("**", i):
            tokens.append(Token("op", "^", column))
            i += 2
        elif char in "=<>!":
            # comparisons exist only for exercise constraints; the parser refuses them elsewhere
            two = text[i:i + 2]
            op = two if two in ("==", "!=", "<=", ">=") else char
            if op == "!":
                raise ParseError("unexpected character '!'", column)
            tokens.append(Token("op", op, column))
            i += len(op)
        elif char in OPERATORS or char in OPERATOR_ALIASES:
            tokens.append(Token("op", OPERATOR_ALIASES.get(char, char), column))
            i += 1
        else:
            raise ParseError(f"unexpected {_describe(char)}", column)
    tokens.append(Token("end", "", n + 1))
    return tokens


def _read_number(text: str, i: int, tokens: list[Token]) -> int:
    """Read 3, 0.5, .5, 5., 1e-3, 2.5E4 starting at i; return the index after it."""
    n = len(text)
    j = i
    while j < n and text[j].isascii() and text[j].isdigit():
        j += 1
    if j < n and text[j] == ".":
        j += 1
        while j < n and text[j].isascii() and text[j].isdigit():
            j += 1
        if j < n and text[j] == ".":
            raise ParseError("a number has two decimal points", j + 1)
    # An exponent needs digits after e/E (and an optional sign); otherwise e is a name: 2e = 2*e.
    if j < n and text[j] in "eE":
        k = j + 1
        if k < n and text[k] in "+-":
            k += 1
        if k < n and text[k].isascii() and text[k].isdigit():
            while k < n and text[k].isascii() and text[k].isdigit():
                k += 1
            j = k
    tokens.append(Token("number", text[i:j], i + 1))
    return j


def _read_subscripts(text: str, j: int, name: str) -> tuple[str, int]:
    """Append unicode subscript digits (x₁ is x_1) to a name."""
    start = j
    while j < len(text) and text[j] in SUBSCRIPTS:
        j += 1
    if j > start:
        name += "_" + "".join(SUBSCRIPTS[c] for c in text[start:j])
    return name, j
