"""MathML names functions as the unicode printer does: σ for the sigmoid, ln for the natural log."""

import html

from tutor.language import parse
from tutor.web.mathml import to_mathml


def _names(text: str, variables) -> str:
    return html.unescape(to_mathml(parse(text, variables)))


def test_the_sigmoid_is_sigma_the_letter():
    shown = _names("sigma(z)(1 - sigma(z))", ["z"])
    assert shown.count("<mi>σ</mi>") == 2 and "sigma" not in shown


def test_the_natural_logarithm_is_ln():
    shown = _names("ln(x) + log(x, 2)", ["x"])
    assert "<mi>ln</mi>" in shown and "<mi>log</mi>" not in shown
