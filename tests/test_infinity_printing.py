"""∞ is printed as ∞ for people (step lines, "interpreted as") and as oo in the input
language's plain text, and either reads back as the same value."""

from __future__ import annotations

import sympy
from click.testing import CliRunner

from tutor.cli import cli
from tutor.language import Vocabulary, parse, to_text, to_unicode


def test_unicode_shows_the_infinity_sign_and_text_keeps_oo():
    assert to_unicode(sympy.oo) == "∞" and to_unicode(-sympy.oo) == "−∞"
    assert to_text(sympy.oo) == "oo" and to_text(-sympy.oo) == "-oo"


def test_an_interval_reads_back_from_its_unicode():
    forms = Vocabulary.of(["x"], forms=True)
    interval = parse("(-oo, 2] U [3, oo)", forms)
    assert "∞" in to_unicode(interval)
    assert parse(to_unicode(interval), forms) == interval


def test_a_limit_at_infinity_is_written_with_the_sign_in_the_steps():
    result = CliRunner().invoke(cli, ["show", "limits-at-infinity-same-degree", "--detail", "3"])
    assert result.exit_code == 0, result.output
    assert "x → ∞" in result.output and "→ oo" not in result.output
