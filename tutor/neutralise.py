"""Untrusted text made harmless for where tutor writes it: CSV cells, the terminal, LaTeX.

    csv_text(header, rows)   CSV in which no cell is a spreadsheet formula (OWASP) and no NUL is left
    terminal(text)           control characters (ESC, C0, C1, bidi overrides) shown as \\xNN, never sent
    latex_text(text)         LaTeX text whose specials print as themselves (no commands run)
    latex_math(text)         author-written math with TeX's file, shell and definition primitives defused
"""

from __future__ import annotations

import csv
import io
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LATEX_SPECIALS = re.compile(r"[\\{}&%$#_^~]")
_LATEX_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                  "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}
# TeX primitives and LaTeX commands that read or write files, run programs or redefine commands
_LATEX_DANGEROUS = re.compile(
    r"\\(?:input|include|includeonly|InputIfFileExists|openin|openout|read|readline|write|immediate|"
    r"newwrite|newread|special|directlua|luaexec|catcode|def|edef|gdef|xdef|let|futurelet|csname|"
    r"expandafter|newcommand|renewcommand|providecommand|DeclareRobustCommand|usepackage|RequirePackage|"
    r"documentclass|verbatiminput|lstinputlisting|import|subimport|ShellEscape|write18|pdffilesize|"
    r"pdfshellescape|scantokens|makeatletter|begingroup|endinput|end\s*\{document\}|jobname|uppercase|lowercase)(?![A-Za-z])")


def csv_cell(value):
    """A cell that a spreadsheet shows as the text it is: a leading ' before a formula start, no NUL.

    Plain numbers (``-2``, ``-0.5``, ``+1e3``) stay numbers; ``-2+3`` is a formula and gets the '.
    A carriage return becomes a line feed: the csv module quotes a cell holding one, but not
    one holding a bare CR, which readers take as the end of the row (and the next cell as
    the start of a new one).
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    value = value.replace("\x00", "")
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n")


def csv_text(header, rows) -> str:
    """CSV text (``\\n`` line ends) of a header and rows of cells, every cell through csv_cell."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([csv_cell(cell) for cell in header])
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return stream.getvalue()


def terminal(text) -> str:
    """``text`` with every control character but newline and tab written out as \\xNN (or \\uNNNN)."""
    return CONTROL_CHARACTERS.sub(_escaped, str(text))


def _escaped(match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def latex_text(text: str) -> str:
    """``text`` as LaTeX that prints it: every special character escaped, in one pass."""
    return _LATEX_SPECIALS.sub(lambda m: _LATEX_ESCAPES[m.group()], str(text))


def latex_math(text: str) -> str:
    """Math written by an exercise's author, with file, shell and definition commands and ^^ defused."""
    text = str(text).replace("^^", "^{}^")  # ^^5c would be a backslash to TeX
    return _LATEX_DANGEROUS.sub(lambda m: r"\backslash\mathrm{" + m.group()[1:].replace("{", "").replace("}", "")
                                + "}", text)
