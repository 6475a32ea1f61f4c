"""Substituted values read like hand-written maths: a template such as "x − {{ r }}" or
"{{ a }}·x" with r = −4 or a = 1 prints "x + 4" and "x", not "x − −4" and "1·x".

The template finalizer marks each value it prints (``mark``); ``tidy`` then looks at the
text on either side of each mark and removes the marks:

- a negative value after a binary + or − merges its sign with the operator
  ("a + −3" is "a − 3", "a − −3" is "a + 3"), after a unary minus the signs cancel
  ("e^(−−ln 3)" is "e^(ln 3)"); a sum after − keeps its brackets' meaning ("a − (−u + v)");
- a negative value after a product sign, or under a power, is bracketed
  ("x³·(−3)·sin(3x)", "(−1)ʲ");
- a coefficient 1 (or −1) in front of a letter, a function or a bracket disappears
  ("1·x" is "x", "−1x²" is "−x²", "e^(1t)" is "e^(t)").

Only values are changed, never the template's own text.
"""

from __future__ import annotations

import re

OPEN, CLOSE = "\x02", "\x03"  # around a printed value; YAML text cannot hold these characters
_VALUE = re.compile(f"{OPEN}([^{OPEN}{CLOSE}]*){CLOSE}")
_MINUS = "−-"
_OPERAND_END = re.compile(r"[\w)\]}²³¹⁰⁴⁵⁶⁷⁸⁹′″ᵏⁿ!|]$")
_COEFFICIENT_BEFORE = re.compile(r"(?:^|[\s(\[=+,:" + _MINUS + "])$")
_COEFFICIENT_AFTER = re.compile(r"^([·*]?)(?=[A-Za-zα-ωΑ-Ω√(|∂∇])(?!(?:st|nd|rd|th)\b)")


def mark(text: str) -> str:
    """A printed value, marked for ``tidy`` (marks already in it are dropped)."""
    return OPEN + text.replace(OPEN, "").replace(CLOSE, "") + CLOSE


def tidy(text: str) -> str:
    """The rendered text with its marked values tidied and the marks removed."""
    if OPEN not in text:
        return text
    out = []
    position = 0
    for match in _VALUE.finditer(text):
        out.append(text[position:match.start()])
        position = match.end()
        before = "".join(out)
        value, after = match.group(1), text[position:]
        before, value, after_prefix = _tidied(before, value, after)
        out = [before, value]
        position += after_prefix
    out.append(text[position:])
    return "".join(out).replace(OPEN, "").replace(CLOSE, "")


def _tidied(before: str, value: str, after: str) -> tuple[str, str, int]:
    """(text before, the value, how many characters after it to drop)."""
    dropped = 0
    coefficient = _coefficient(before, value, after)
    if coefficient is not None:
        value, dropped = coefficient
        if not value:
            return before, value, dropped
    if value[:1] in _MINUS and value[1:] and re.match(r"[\^⁰¹²³⁴⁵⁶⁷⁸⁹ᵏⁿʲ]", after):
        return before, f"({value})", dropped  # a power of a negative number: (−1)ʲ, not −1ʲ
    if not value or value[0] not in _MINUS:
        if _compound(value) and re.search(r"[·*]\s*$|(?<=[\w)\]²³]) [−-] $", before):
            return before, f"({value})", dropped
        return before, value, dropped
    stripped = before.rstrip(" ")
    spaces = before[len(stripped):]
    if stripped.endswith(("·", "*", "×")):
        return before, f"({value})", dropped
    if not stripped or stripped[-1] not in "+" + _MINUS:
        return before, value, dropped
    operator, head = stripped[-1], stripped[:-1]
    binary = bool(_OPERAND_END.search(head.rstrip(" ")))
    rest = value[1:].lstrip(" ")
    if operator == "+":
        if not binary:
            return before, value, dropped
        return f"{head}{value[0]}{spaces}", rest, dropped
    if _compound(value):
        return before, f"({value})", dropped
    if binary:
        return f"{head}{'+'}{spaces}", rest, dropped
    return head.rstrip(" ") if head.endswith(" ") and not spaces else head, rest, dropped


def _coefficient(before: str, value: str, after: str):
    """("" or "−", characters to drop after) for a coefficient 1 or −1, else None."""
    if value.lstrip(_MINUS) != "1" or len(value) > 2 or not _COEFFICIENT_BEFORE.search(before):
        return None
    following = _COEFFICIENT_AFTER.match(after)
    if following is None:
        return None
    return value[:-1], len(following.group(1))


def _compound(value: str) -> bool:
    """Whether a printed value is a sum or difference at its top level."""
    depth = 0
    for i, char in enumerate(value):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0 and i > 0 and char in "+" + _MINUS and value[i - 1] == " ":
            return True
    return False
