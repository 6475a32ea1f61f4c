"""The shipped library and every installed first-party plugin pass ``tutor validate`` (a few
seeds here; the README's 200-seed run is the full check): every check validate makes, the
form, round-off and classification checks included, holds for every exercise."""

import pytest

from helpers import invoke_tutor


@pytest.mark.slow
def test_the_library_and_the_installed_plugins_validate():
    result = invoke_tutor("validate", "--seeds", "3", "--workers", "1")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.endswith(": ok") and int(summary.split()[0]) >= 240, summary
