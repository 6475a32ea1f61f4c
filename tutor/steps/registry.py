"""Where step rules live: expression type -> handler, with plugin rules first.

A handler is ``handler(expr, variable, recurse) -> Step``; ``recurse(sub, var)``
gives the steps of a sub-expression. Lookup walks the expression's class and its
bases, so a rule for a base class covers its subclasses; at each class a rule
passed to derivative_steps wins over one from ``register_rule``, which wins
over the built-in one.
"""

from __future__ import annotations

from typing import Callable, Iterable

Handler = Callable  # (expr, variable, recurse) -> Step

_REGISTERED: dict[type, Handler] = {}


def register_rule(function_class: type, handler: Handler) -> None:
    """Use ``handler`` for expressions of ``function_class`` (e.g. sympy.erf) from now on."""
    if not isinstance(function_class, type):
        raise TypeError(f"a step rule is registered for a SymPy class, not {function_class!r}")
    if not callable(handler):
        raise TypeError(f"the step rule for {function_class.__name__} is not callable")
    _REGISTERED[function_class] = handler


def unregister_rule(function_class: type) -> None:
    """Forget a rule added with register_rule (built-in rules stay)."""
    _REGISTERED.pop(function_class, None)


def registered_rules() -> dict[type, Handler]:
    """A copy of the rules added with register_rule."""
    return dict(_REGISTERED)


def find_handler(expr, tables: Iterable[dict]) -> Handler | None:
    """The first handler for ``type(expr)`` or a base class, searching ``tables`` in order."""
    tables = [t for t in tables if t]
    for cls in type(expr).__mro__:
        for table in tables:
            handler = table.get(cls)
            if handler is not None:
                return handler
    return None
