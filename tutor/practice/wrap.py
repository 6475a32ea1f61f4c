"""Lines of text wrapped to a terminal's width, counting columns as a terminal does.

A wide character (CJK, fullwidth forms) takes two columns and a combining mark none, so
``x̂`` is one column and ``数学`` four. A line breaks at a space, and rather not inside a
formula: a space next to an operator (``x² + 3·x``, ``f(x) = 2x``) or inside brackets
(``[y, x]``) is a break of last resort, taken only when the last plain space on the line
would leave it less than half full. A word longer than the line is cut between characters,
never between a character and its combining marks. Continuation lines keep the line's
indentation.
"""

from __future__ import annotations

import unicodedata

OPERATORS = frozenset("+-−*·×/÷=≠<>≤≥^±∓→↦")
OPENING, CLOSING = "([{", ")]}"


def char_width(character: str) -> int:
    """Terminal columns of one character: 2 for wide ones, 0 for combining marks and controls."""
    if unicodedata.combining(character) or unicodedata.category(character) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Terminal columns of ``text``."""
    return sum(char_width(character) for character in text)


def wrap(text: str, width: int | None) -> list[str]:
    """``text`` (lines separated by newlines) as lines of at most ``width`` columns (None: as is)."""
    lines = str(text).split("\n")
    if width is None:
        return lines
    return [piece for line in lines for piece in wrap_line(line, width)]


def wrap_line(line: str, width: int) -> list[str]:
    """One line (no newline) as lines of at most ``width`` columns."""
    width = max(width, 2)
    if text_width(line) <= width:
        return [line]
    indent = line[:len(line) - len(line.lstrip(" "))]
    if text_width(indent) > min(width // 2, width - 2):  # room for a wide character after it
        indent = ""
    out: list[str] = []
    rest = line
    prefix = ""
    while True:
        room = width - text_width(prefix)
        if text_width(rest) <= room:
            out.append(prefix + rest)
            return out
        cut, resume = _break(rest, room, leading=len(prefix) == 0)
        out.append(prefix + rest[:cut].rstrip(" "))
        rest = rest[resume:]
        prefix = indent


def _break(text: str, room: int, leading: bool) -> tuple[int, int]:
    """Where to end a line of at most ``room`` columns taken from ``text``: (end, where the next starts)."""
    plain, any_space = None, None
    depth, used = 0, 0
    start = len(text) - len(text.lstrip(" ")) if leading else 0
    for index, character in enumerate(text):
        if index >= start and character == " " and used <= room and index > start:
            end = index
            while end < len(text) and text[end] == " ":
                end += 1
            before = text[:index].rstrip(" ")[-1:]
            after = text[end:end + 1]
            candidate = (index, end)
            any_space = candidate
            if depth == 0 and before not in OPERATORS and after not in OPERATORS:
                plain = candidate
        if character in OPENING:
            depth += 1
        elif character in CLOSING:
            depth = max(0, depth - 1)
        used += char_width(character)
        if used > room:
            break
    if plain and text_width(text[:plain[0]]) * 2 >= room:
        return plain
    if any_space:
        return any_space
    if plain:
        return plain
    return _hard_cut(text, room)


def _hard_cut(text: str, room: int) -> tuple[int, int]:
    """Cut a word at the last character that fits, keeping combining marks with their base."""
    used, end = 0, 0
    for index, character in enumerate(text):
        width = char_width(character)
        if used + width > room and width:
            break
        used += width
        end = index + 1
    end = max(end, 1)
    return end, end
