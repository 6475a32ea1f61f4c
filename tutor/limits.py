"""Work limits for reading and checking one answer, and the wall-time guard."""

from __future__ import annotations

import _signal  # signal.signal without the enum conversions of the signal module: one check sets it twice
import ctypes
import heapq
import itertools
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
    max_exponent: int = 1000  # |n| of an exponent on constants; constants stay within 10^±max_exponent
    max_degree: int = 8192  # |n| of an exponent on an expression in the variables ((x - a)^6000 is fine)
    max_factors: int = 1000  # factors of one product (each is work at every point and in every rewrite)
    max_digits: int = 200  # digits of an exact number the answer makes
    max_expansion: int = 2000  # terms an expansion may produce before symbolic work is skipped
    seconds: float = 2.0  # wall time per check


DEFAULT_LIMITS = Limits()


REPEAT = 0.1  # seconds between further CheckTimeouts once a deadline passed, until the block is left:
# Python drops an exception raised inside a weakref callback or __del__, so one could be lost
_SIGALRM = int(signal.SIGALRM)
_ACTIVE: dict[int, list] = {}  # thread id -> the _Deadline of each limit it is inside, outermost first


class _Deadline:
    """One limit's deadline (time.monotonic) in one thread; ``fired`` once it went off."""

    __slots__ = ("thread_id", "at", "fired", "done", "ending")

    def __init__(self, thread_id: int, at: float):
        self.thread_id, self.at, self.fired, self.done, self.ending = thread_id, at, False, False, False


class time_limit:
    """Raise CheckTimeout in the block once ``seconds`` of wall time have passed.

    Holds in every thread. In the main thread a real-time interval timer
    (SIGALRM) interrupts whatever runs, SymPy included; in any other thread one
    watchdog thread raises CheckTimeout in the late thread. Both act between two
    Python steps, so work that one C call could make long (huge numbers, evalf
    precision, big-integer powers) is refused beforehand by the static limits.
    Nested limits keep the outer deadline: the inner one can only shorten it,
    and a block entered after an enclosing deadline has passed does not start.
    ``seconds`` of None or 0 sets no limit of its own.
    """

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self._deadline = self._alarm = None

    def __enter__(self):
        now = time.monotonic()
        thread_id = threading.get_ident()
        stack = _ACTIVE.get(thread_id)
        outer = stack[-1].at if stack else None
        if outer is not None and outer <= now:
            raise CheckTimeout()  # an enclosing deadline has passed: nothing more may start
        if not self.seconds or self.seconds <= 0 or (outer is not None and outer <= now + self.seconds):
            return self  # no limit of its own, or an enclosing one fires first
        deadline = _Deadline(thread_id, now + self.seconds)
        _ACTIVE.setdefault(thread_id, []).append(deadline)
        self._deadline = deadline
        try:
            if thread_id == threading.main_thread().ident:
                self._alarm = _AlarmTimer(self.seconds)
            else:
                _WATCHDOG.watch(deadline)
        except BaseException:
            self._end()
            raise
        return self

    def __exit__(self, exc_type, exc, tb):
        fired = False
        while self._deadline is not None:
            try:
                fired = self._end() or fired
            except CheckTimeout:  # a tick while ending (the deadline passed): end again, every step may be redone
                fired = True
        if fired and exc_type is None:
            raise CheckTimeout()  # the deadline passed as the block ended
        return False

    def _end(self) -> bool:
        """Stop the timer and leave the limit; True if its deadline went off. Safe to repeat
        when a tick interrupts it: a timer left running would interrupt whatever runs next."""
        deadline = self._deadline
        deadline.ending = True  # from here the main thread's ticks for it are ignored
        if self._alarm is not None:
            self._alarm.stop()
            fired = deadline.fired
        else:
            fired = _WATCHDOG.unwatch(deadline)
        deadline.done = True
        stack = _ACTIVE.get(deadline.thread_id, [])
        if deadline in stack:
            stack.remove(deadline)
        if not stack:
            _ACTIVE.pop(deadline.thread_id, None)
        self._deadline = None
        return fired


# -- the main thread: SIGALRM --------------------------------------------------------
def _raise_timeout(signum, frame):
    stack = _ACTIVE.get(threading.get_ident())
    if not stack:  # a stray tick: no limit is active (its timer was not stopped), so stop it
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    if stack[-1].ending:
        return  # the block is being left: it reports the timeout itself
    stack[-1].fired = True
    raise CheckTimeout()


class _AlarmTimer:
    """An interval timer for the main thread; restores an enclosing timer when stopped."""

    def __init__(self, seconds: float):
        self.outer_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        self.started = time.monotonic()
        self.previous = _signal.signal(_SIGALRM, _raise_timeout)
        signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)  # again until stopped (see REPEAT)

    def stop(self) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _signal.signal(_SIGALRM, self.previous)
        if self.outer_remaining:
            left = self.outer_remaining - (time.monotonic() - self.started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), REPEAT)


# -- other threads: one watchdog ---------------------------------------------------------
_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)
_set_async_exc.restype = ctypes.c_int


class _Watchdog:
    """A daemon thread that raises CheckTimeout in each thread whose deadline passed."""

    IDLE_WAIT = 0.5  # seconds between looks when no wake-up came (a notify cut short by a timeout)

    def __init__(self):
        # watched threads take only the C lock (``with self.lock``): a CheckTimeout
        # raised in them can never leave it held, as it could inside Condition's Python code
        self.lock = threading.Lock()
        self.condition = threading.Condition(self.lock)
        self.heap: list = []
        self.order = itertools.count()
        self.thread: threading.Thread | None = None

    def watch(self, deadline: _Deadline) -> None:
        with self.lock:
            heapq.heappush(self.heap, (deadline.at, next(self.order), deadline))
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="tutor-time-limit", daemon=True)
                self.thread.start()
            self.condition.notify()

    def unwatch(self, deadline: _Deadline) -> bool:
        """Stop watching; True if it fired (a CheckTimeout not yet raised is withdrawn)."""
        with self.lock:
            deadline.done = True
            fired = deadline.fired
        if fired:
            _set_async_exc(deadline.thread_id, ctypes.py_object())
        return fired

    def _run(self) -> None:
        with self.condition:
            while True:
                while self.heap and self.heap[0][2].done:
                    heapq.heappop(self.heap)
                delay = self.heap[0][0] - time.monotonic() if self.heap else self.IDLE_WAIT
                if delay > 0:
                    self.condition.wait(min(delay, self.IDLE_WAIT))
                    continue
                deadline = heapq.heappop(self.heap)[2]
                if deadline.done or deadline not in _ACTIVE.get(deadline.thread_id, ()):
                    continue  # left already (or never entered: its thread was interrupted first)
                deadline.fired = True
                _set_async_exc(deadline.thread_id, ctypes.py_object(CheckTimeout))
                # raised again every REPEAT seconds until the block is left
                heapq.heappush(self.heap, (time.monotonic() + REPEAT, next(self.order), deadline))


_WATCHDOG = _Watchdog()
