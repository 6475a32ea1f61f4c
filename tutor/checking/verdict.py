"""The result of checking one answer: plain data, ready for JSON."""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.status import Status

CORRECT, INCORRECT, INVALID = Status.CORRECT, Status.INCORRECT, Status.INVALID  # the names of old
_STATUSES = {status.value: status for status in Status}


@dataclass
class Verdict:
    """correct / incorrect / invalid, with a score in [0, 1] and what decided it.

    ``method`` is 'symbolic', 'numeric' or 'tolerance' for a judged answer and
    'parse', 'limit', 'timeout' or 'kind' for an invalid one. ``interpreted`` is
    the answer as read, in the input language; ``pretty`` the same in unicode.
    ``entries`` holds one Verdict per entry of a vector or matrix, or per item of
    a set answer; ``column`` points at a syntax error; ``form`` says what is wrong
    with the form of a right value (the exercise asked for another form).
    """

    status: Status
    score: float = 0.0
    message: str = ""
    method: str | None = None
    interpreted: str | None = None
    pretty: str | None = None
    entries: list["Verdict"] = field(default_factory=list)
    column: int | None = None
    form: str | None = None  # a right value in the wrong form: what is wrong with the form

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    def frozen(self, texts: bool = True) -> tuple:
        """Its fields as nested tuples, the interpreted and pretty texts left out unless
        ``texts``: kept cheaply (see ExpectedAnswer.check_read), made a Verdict again by thawed.
        A Status is kept as its text, so that the tuples hold only plain values, which the
        garbage collector stops tracking."""
        status = self.status
        return (status.value if type(status) is Status else (status,), self.score, self.message, self.method,
                self.interpreted if texts else None, self.pretty if texts else None,
                tuple(entry.frozen() for entry in self.entries), self.column, self.form)

    @classmethod
    def thawed(cls, fields: tuple) -> "Verdict":
        """A new Verdict of the fields ``frozen`` gave."""
        status, score, message, method, interpreted, pretty, entries, column, form = fields
        return Verdict(_STATUSES[status] if type(status) is str else status[0], score, message, method,
                       interpreted, pretty, [Verdict.thawed(e) for e in entries], column, form)

    @property
    def texts_pending(self) -> bool:
        """Whether the interpreted and pretty texts are yet to be written (see LazyTexts)."""
        return False

    # -- in a notebook (tutor.notebook.render) ------------------------------------------------

    def _repr_html_(self) -> str:
        from tutor.notebook.render import verdict_html

        return verdict_html(self)

    def _repr_latex_(self) -> str:
        from tutor.notebook.render import verdict_latex

        return verdict_latex(self)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        from tutor.notebook.render import verdict_bundle

        return verdict_bundle(self)

    def to_dict(self) -> dict:
        data = {
            "verdict": self.status,
            "score": round(self.score, 6),
            "message": self.message,
            "method": self.method,
            "interpreted": self.interpreted,
            "pretty": self.pretty,
        }
        if self.column is not None:
            data["column"] = self.column
        if self.form is not None:
            data["form"] = self.form
        if self.entries:
            data["entries"] = [entry.to_dict() for entry in self.entries]
        return data


class LazyTexts(Verdict):
    """A Verdict whose ``interpreted`` and ``pretty`` texts are written when first read
    (the fast path judges an answer without the SymPy value they are printed from)."""

    @classmethod
    def of(cls, verdict: Verdict, texts) -> "LazyTexts":
        lazy = object.__new__(cls)  # the fields as __init__ would set them, without its property calls
        lazy.__dict__.update(status=verdict.status, score=verdict.score, message=verdict.message,
                             method=verdict.method, _interpreted=None, _pretty=None, entries=verdict.entries,
                             column=verdict.column, form=verdict.form, _texts=texts)
        return lazy

    @property
    def texts_pending(self) -> bool:
        return "_texts" in self.__dict__

    def _written(self, name: str):
        texts = self.__dict__.pop("_texts", None)
        if texts is not None:
            self.__dict__["_interpreted"], self.__dict__["_pretty"] = texts()
        return self.__dict__.get(name)

    def _set(self, name: str, value) -> None:
        if "_texts" in self.__dict__ and value is not None:
            self._written(name)  # the other text stays as it was written
        self.__dict__[name] = value

    interpreted = property(lambda self: self._written("_interpreted"),
                           lambda self, value: self._set("_interpreted", value))
    pretty = property(lambda self: self._written("_pretty"), lambda self, value: self._set("_pretty", value))


def invalid(message: str, method: str, column: int | None = None) -> Verdict:
    return Verdict(INVALID, 0.0, message, method, column=column)
