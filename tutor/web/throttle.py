"""Failed logins slow a guesser down: after MAX_FAILURES wrong passwords or tokens from one
client address, or for one user name, within WINDOW_SECONDS, further attempts are refused
(429, with Retry-After) until the oldest failure leaves the window. A success clears the
user name's count; sessions already logged in are not affected."""

from __future__ import annotations

import math
import threading
import time
from collections import deque

MAX_FAILURES = 10
WINDOW_SECONDS = 600.0
MAX_TRACKED = 100_000  # keys remembered at most (an address sweep cannot grow memory without bound)


class FailedLogins:
    """Failures per key ("address:..." or "user:..."), each a deque of monotonic times."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._failures: dict[str, deque] = {}
        self._lock = threading.Lock()

    def wait(self, address: str | None, user: str | None = None) -> int:
        """Seconds before ``address`` (or anyone, for ``user``) may try again; 0: now."""
        now = self.clock()
        with self._lock:
            waits = [self._wait(key, now) for key in _keys(address, user)]
        return max(waits, default=0)

    def failed(self, address: str | None, user: str | None = None) -> None:
        now = self.clock()
        with self._lock:
            if len(self._failures) >= MAX_TRACKED:
                self._forget_expired(now)
            for key in _keys(address, user):
                self._failures.setdefault(key, deque(maxlen=MAX_FAILURES)).append(now)

    def succeeded(self, user: str | None) -> None:
        with self._lock:
            self._failures.pop(f"user:{user}", None)

    def _wait(self, key: str, now: float) -> int:
        times = self._failures.get(key)
        if not times or len(times) < MAX_FAILURES:
            return 0
        left = times[0] + WINDOW_SECONDS - now
        return math.ceil(left) if left > 0 else 0

    def _forget_expired(self, now: float) -> None:
        expired = [key for key, times in self._failures.items() if times[-1] + WINDOW_SECONDS <= now]
        for key in expired:
            del self._failures[key]
        if len(self._failures) >= MAX_TRACKED:
            self._failures.clear()


def _keys(address: str | None, user: str | None) -> list[str]:
    return [f"address:{address or 'unknown'}", *([f"user:{user}"] if user else [])]


def refusal(seconds: int) -> str:
    return f"too many failed logins: try again in {seconds} s"
