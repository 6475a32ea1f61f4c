"""Built-in plugin: the answer kinds expression, number, vector, matrix, set and choice."""

from tutor.hookspecs import hookimpl


@hookimpl
def register_answer_kinds(register):
    from tutor.checking.kinds import BUILTIN_KINDS

    for name, kind in BUILTIN_KINDS.items():
        register(name, kind.checker, kind.reader)
