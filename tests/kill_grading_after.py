"""Run ``tutor ARGS`` and SIGKILL it once N results are journaled, as a crash would.

    python tests/kill_grading_after.py N grade ...

test_grade_resume uses it to kill a real grading run at a known point; the product has
no such switch.
"""

import os
import signal
import sys

from tutor.cli import main
from tutor.grading.journal import Journal


def _kill_after(limit: int) -> None:
    append = Journal.append
    written = 0

    def counted(self, key, result):
        nonlocal written
        append(self, key, result)
        written += 1
        if written >= limit:
            os.kill(os.getpid(), signal.SIGKILL)

    Journal.append = counted


if __name__ == "__main__":
    _kill_after(int(sys.argv[1]))
    main(sys.argv[2:])
