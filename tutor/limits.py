"""Work limits for reading and checking one answer, and the wall-time guard."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from dataclasses import dataclass

from tutor.errors import CheckTimeout


@dataclass(frozen=True)
class Limits:
    """Bounds on the work one answer may cause; hitting one gives an invalid verdict."""

    max_length: int = 4000  # characters of input
    max_depth: int = 50  # nesting of brackets, signs and powers
    max_exponent: int = 1000  # |n| of any numeric exponent
    max_digits: int = 200  # digits of an exact number the answer makes
    max_expansion: int = 2000  # terms an expansion may produce before symbolic work is skipped
    seconds: float = 2.0  # wall time per check


DEFAULT_LIMITS = Limits()


def _raise_timeout(signum, frame):
    raise CheckTimeout()


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise CheckTimeout in the block once ``seconds`` of wall time have passed.

    In the main thread a real-time interval timer interrupts whatever runs, SymPy
    included. Elsewhere signals cannot be used, so the block runs unguarded and
    only the static limits (length, depth, exponent, expansion) bound its work.
    Nested limits keep the outer deadline: the inner one can only shorten it.
    """
    if seconds is None or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    outer_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    if outer_remaining and outer_remaining <= seconds:
        yield  # an enclosing limit fires first
        return
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_remaining:
            left = outer_remaining - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3))
