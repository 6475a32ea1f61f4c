"""Built-in plugin: the answer kinds expression, number, vector, matrix, set and choice.

Their checkers are imported on first use (tutor.checking.answer_kind), so registering
them loads no SymPy.
"""

from tutor.hookspecs import hookimpl


@hookimpl
def register_answer_kinds(register):
    from tutor.checking.answer_kind import BUILTIN_KINDS

    for name, kind in BUILTIN_KINDS.items():
        register(name, kind.checker, kind.reader, kind.wrong_choices)
