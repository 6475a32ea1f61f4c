"""Shared fixtures: the plugin registries. Shared functions live in helpers.py."""

from __future__ import annotations

import pytest

from helpers import ROOT, TEST_PLUGINS, run_tutor  # noqa: F401  (tests that predate helpers.py import them here)


@pytest.fixture(scope="session")
def registry():
    """The built-in plugins only: no plugins directory, no installed plugin (tutor-optimizers among them)."""
    from tutor.registry import get_registry

    return get_registry([], load=())


@pytest.fixture(scope="session")
def demo_registry():
    """The built-ins and the tests' plugins directory (tests/plugins), no installed plugin."""
    from tutor.registry import get_registry

    return get_registry([str(TEST_PLUGINS)], load=())


@pytest.fixture
def count_sympy_builds(monkeypatch):
    """``built = count_sympy_builds()``: from then on, every syntax tree built into SymPy is appended to ``built``."""
    from tutor.language.build import Builder

    def start() -> list:
        built = []
        original = Builder.build

        def counting(self, tree):
            built.append(tree)
            return original(self, tree)

        monkeypatch.setattr(Builder, "build", counting)
        return built

    return start


@pytest.fixture
def sympy_path_only(monkeypatch):
    """``sympy_path_only()``: from then on, answers are judged by the SymPy path alone (the fast path is off)."""
    from tutor.checking.expected import ExpectedAnswer

    def start() -> None:
        monkeypatch.setattr(ExpectedAnswer, "_quick", lambda self, reading, forms=True: None)

    return start
