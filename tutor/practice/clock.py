"""What time it is for practice: real UTC time, or a fixed time for tests (TUTOR_CLOCK).

Due dates are real dates, so a test that wants "a day later" moves the clock rather than
waiting: ``TUTOR_CLOCK=2026-03-02T09:00:00+00:00 tutor review`` runs as if it were then.
TUTOR_CLOCK is for testing; a student never needs it.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone

CLOCK_VARIABLE = "TUTOR_CLOCK"


class ClockError(ValueError):
    """TUTOR_CLOCK is not a date and time."""


def utc_now() -> datetime:
    """The real time, in UTC."""
    return datetime.now(timezone.utc)


def parse_time(text: str) -> datetime:
    """An ISO 8601 date and time in UTC (a time without a zone is taken as UTC)."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ClockError(f"{CLOCK_VARIABLE}={text!r} is not an ISO 8601 date and time "
                         "(e.g. 2026-03-02T09:00:00+00:00)") from None
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


def fixed_clock(when: datetime):
    """A clock that always says ``when``."""
    return lambda: when


def clock_from_env(environ=None):
    """The practice clock: fixed at TUTOR_CLOCK when it is set (for tests), else real time."""
    environ = os.environ if environ is None else environ
    text = environ.get(CLOCK_VARIABLE)
    return fixed_clock(parse_time(text)) if text else utc_now


def timestamp(when: datetime) -> str:
    """How the store writes a time: UTC, ISO 8601, to the millisecond."""
    return when.astimezone(timezone.utc).isoformat(timespec="milliseconds")
