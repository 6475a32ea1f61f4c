"""Every first-party plugin under plugins/ is installed and tested by the README's test command."""

from __future__ import annotations

from helpers import README, ROOT, fenced_blocks


def test_every_first_party_plugin_is_installed_and_tested_in_ci():
    command = fenced_blocks(README)[1]
    plugins = sorted(p.parent for p in (ROOT / "plugins").glob("*/pyproject.toml"))
    assert plugins, "plugins/ should hold at least one first-party plugin"
    for plugin in plugins:
        relative = plugin.relative_to(ROOT).as_posix()
        assert f"-e ./{relative}" in command, f"{relative} is not installed by the test command"
        if (plugin / "tests").is_dir():
            assert f" {relative}/tests" in command, f"{relative}/tests is not run by the test command"
