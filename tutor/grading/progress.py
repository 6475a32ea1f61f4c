"""A progress bar on stderr when it is a terminal; nothing when it is piped or redirected."""

from __future__ import annotations

import contextlib
import sys


@contextlib.contextmanager
def progress_bar(total: int, label: str):
    """Yield advance(n) (or None when stderr is not a terminal)."""
    if not total or not sys.stderr.isatty():
        yield None
        return
    import click

    with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True, show_eta=True) as bar:
        yield bar.update
