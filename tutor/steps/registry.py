"""Where step rules live: expression type -> handler, with plugin rules first.

A handler is ``handler(expr, variable, recurse) -> Step``; ``recurse(sub, var)``
gives the steps of a sub-expression. Lookup walks the expression's class and its
bases, so a rule for a base class covers its subclasses; at each class a rule
passed to derivative_steps wins over one in use through ``using_rules`` (a
plugin registry's rules, set by ``tutor solve`` and exercise solutions), which
wins over one from ``register_rule``, which wins over the built-in one.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import Callable, Iterable, Mapping

Handler = Callable  # (expr, variable, recurse) -> Step

_REGISTERED: dict[type, Handler] = {}
_IN_USE: ContextVar[Mapping] = ContextVar("tutor_step_rules_in_use", default=MappingProxyType({}))


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


@contextmanager
def using_rules(rules: dict | None):
    """Within the block, derivative steps also use ``rules`` (class -> handler), e.g.
    ``Registry.step_rules`` from the plugins' register_step_rules hook."""
    token = _IN_USE.set(dict(rules or {}))
    try:
        yield
    finally:
        _IN_USE.reset(token)


def rules_in_use() -> Mapping[type, Handler]:
    """The rules set by the innermost ``using_rules`` block (empty outside one)."""
    return _IN_USE.get()


def find_handler(expr, tables: Iterable[dict]) -> Handler | None:
    """The first handler for ``type(expr)`` or a base class, searching ``tables`` in order."""
    tables = [t for t in tables if t]
    for cls in type(expr).__mro__:
        for table in tables:
            handler = table.get(cls)
            if handler is not None:
                return handler
    return None
