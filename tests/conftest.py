"""Shared fixtures: the plugin registries. Shared functions live in helpers.py."""

from __future__ import annotations

import pytest

from helpers import ROOT, TEST_PLUGINS, run_tutor  # noqa: F401  (tests that predate helpers.py import them here)


@pytest.fixture(scope="session")
def registry():
    from tutor.registry import get_registry

    return get_registry([])


@pytest.fixture(scope="session")
def demo_registry():
    from tutor.registry import get_registry

    return get_registry([str(TEST_PLUGINS)])
