"""Errors a user can cause, and the signal that a check ran out of time."""


class TutorError(Exception):
    """An error caused by input (a student's answer, an exercise, a command line)."""


class ParseError(TutorError):
    """Text that is not in the student input language; ``column`` is 1-based."""

    def __init__(self, message: str, column: int | None = None, *, located: bool = False):
        """``located``: the message already says where, so no "at column N" is added."""
        self.reason = message
        self.column = column
        super().__init__(f"{message} at column {column}" if column and not located else message)


class LimitError(ParseError):
    """Input that would exceed a work limit (length, depth, exponent, size)."""


class CheckTimeout(BaseException):
    """Raised inside a check that ran past its wall-time limit.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` in
    SymPy or in the checker can swallow it.
    """
