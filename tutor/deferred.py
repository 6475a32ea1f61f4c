"""A function named by module and name, imported on its first call.

Plugins register functions at start-up; a Deferred lets them name a function whose
module needs SymPy without importing it then, so commands that never call it
(``tutor list``) stay fast.
"""

from __future__ import annotations

import importlib


class Deferred:
    """``module.name``, imported when first called; picklable, as it holds only the names."""

    def __init__(self, module: str, name: str):
        self.module, self.name = module, name
        self._function = None

    def __call__(self, *args, **kwargs):
        if self._function is None:
            self._function = getattr(importlib.import_module(self.module), self.name)
        return self._function(*args, **kwargs)

    def __getstate__(self) -> dict:
        return {"module": self.module, "name": self.name, "_function": None}

    def __repr__(self) -> str:
        return f"Deferred({self.module}.{self.name})"
