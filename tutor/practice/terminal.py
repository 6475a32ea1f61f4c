"""The quiz's ``read`` and ``write`` on a real terminal or a pipe (see tutor.practice.session)."""

from __future__ import annotations

import os
import shutil
import sys

import click

from tutor.neutralise import terminal
from tutor.practice.wrap import wrap

COLOURS = {"good": {"fg": "green"}, "bad": {"fg": "red"}, "warn": {"fg": "yellow"}, "note": {"fg": "cyan"},
           "title": {"bold": True}, "command": {"fg": "cyan"}}
UNWRAPPED = ("command",)  # a command line to copy is never broken into lines


def terminal_io(stdin=None):
    """(read, write) for ``stdin`` (default sys.stdin): line editing on a terminal, echo of piped
    answers, colours unless NO_COLOR is set, every written text made harmless for a terminal,
    and wrapped to its width when the output is a terminal (tutor.practice.wrap)."""
    stdin = stdin or sys.stdin
    interactive = stdin.isatty()
    wraps = sys.stdout.isatty()
    color = False if os.environ.get("NO_COLOR") else None
    if interactive:
        try:
            import readline  # noqa: F401  (line editing for input())
        except ImportError:  # pragma: no cover - not every platform has it
            pass
    else:
        try:
            stdin.reconfigure(errors="replace")
        except (AttributeError, ValueError):  # pragma: no cover - a replaced stdin
            pass

    def write(text: str = "", style: str | None = None) -> None:
        text = terminal(text)  # an exercise's rendered text may hold control characters
        wrapped = wraps and style not in UNWRAPPED
        width = terminal_width() if wrapped else None  # read each time: a resize applies at once
        for line in wrap(text, width):
            if style in COLOURS:
                click.secho(line, color=color, **COLOURS[style])
            else:
                click.echo(line, color=color)

    def read(prompt: str) -> str:
        if interactive:
            return input(prompt)
        click.echo(prompt, nl=False)
        line = stdin.readline()
        if not line:
            raise EOFError
        line = line.rstrip("\r\n")
        click.echo(terminal(line))  # piped answers are not echoed by a terminal: show what was read
        return line

    return read, write


def terminal_width() -> int:
    """The width of the terminal that stdout is (its own size, not $COLUMNS, which may be stale)."""
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns or 80
    except (OSError, ValueError, AttributeError):
        return shutil.get_terminal_size((80, 24)).columns
