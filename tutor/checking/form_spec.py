"""The form requirements an exercise or ``tutor check --form`` may state, read without SymPy
(``tutor list`` reads every exercise's ``form:``); tutor.checking.forms judges them."""

from __future__ import annotations

import re
from dataclasses import dataclass

FORM_NAMES = ("expanded", "factored", "single-fraction", "exact", "sig-figs", "decimal-places",
              "in-terms-of", "simplified")
_COUNTED = ("sig-figs", "decimal-places")  # these take a whole number
MAX_FORM_DIGITS = 15
MAX_DEGREE = 40  # factored / simplified: polynomials beyond this degree are not judged
PREFIX = "right value, but not in the requested form: "
# words in a prompt that ask for each form (validate: a declared form the prompt does not state)
PROMPT_WORDS = {
    "expanded": r"expand|multipl(y|ied) out",
    "factored": r"(^|[.:!?] )factor\b|factori[sz]e|factored form|fully factored|factor (it|completely|fully)",
    "single-fraction": r"single fraction|one fraction",
    "exact": r"\bexact(ly)?\b",
    "sig-figs": r"significant (figure|digit)|sig\.? ?figs?",
    "decimal-places": r"decimal place",
    "in-terms-of": r"in terms of (σ|sigma)",
    "simplified": r"simplif",
}


@dataclass(frozen=True)
class Form:
    """One requirement: a name from FORM_NAMES and its argument (N, or names)."""

    name: str
    argument: object = None

    def __str__(self) -> str:
        if self.argument is None:
            return self.name
        if isinstance(self.argument, tuple):
            return f"{self.name}: [{', '.join(self.argument)}]"
        return f"{self.name}: {self.argument}"


def read_forms(data) -> tuple:
    """Forms from an exercise's ``form:`` (a name, a mapping, or a list of them); ValueError
    says what is wrong."""
    if data is None:
        return ()
    items = data if isinstance(data, list) else [data]
    forms = []
    for item in items:
        if isinstance(item, str):
            forms.append(_form(item.strip(), None))
        elif isinstance(item, dict) and len(item) == 1:
            (name, argument), = item.items()
            forms.append(_form(str(name).strip(), argument))
        else:
            raise ValueError(f"a form is a name ({', '.join(FORM_NAMES)}) or a mapping such as {{sig-figs: 4}}")
    return tuple(forms)


def parse_form_text(text: str) -> Form:
    """A form written on the command line: expanded, sig-figs:4, in-terms-of:sigma."""
    name, _, argument = text.partition(":")
    name, argument = name.strip(), argument.strip()
    if not argument:
        return _form(name, None)
    if name in _COUNTED:
        if not argument.isdigit():
            raise ValueError(f"{name} needs a whole number, as in {name}:4")
        return _form(name, int(argument))
    return _form(name, [a.strip() for a in argument.split(",") if a.strip()])


def _form(name: str, argument) -> Form:
    if name not in FORM_NAMES:
        raise ValueError(f"unknown form {name!r}; known forms: {', '.join(FORM_NAMES)}")
    if name in _COUNTED:
        least = 0 if name == "decimal-places" else 1
        if isinstance(argument, bool) or not isinstance(argument, int) or not least <= argument <= MAX_FORM_DIGITS:
            raise ValueError(f"{name} needs a whole number from {least} to {MAX_FORM_DIGITS}")
        return Form(name, argument)
    if name == "in-terms-of":
        if isinstance(argument, str):
            argument = [argument]
        if not isinstance(argument, list) or not argument or not all(
                isinstance(a, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", a) for a in argument):
            raise ValueError("in-terms-of needs a list of function or variable names, as in [sigma]")
        return Form(name, tuple("sigma" if a == "sigmoid" else a for a in argument))
    if argument is not None:
        raise ValueError(f"{name} takes no value")
    return Form(name)
