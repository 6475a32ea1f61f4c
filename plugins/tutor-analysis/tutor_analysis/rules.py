"""The method step rules this plugin adds (the ``register_method_rules`` hook): antiderivatives
rule by rule (linearity, the power rule for integrals, the table entries, + C), definite
integrals (F(b) − F(a)) and limit laws.

Each rule's template is written once in unicode with its law; ``_styled`` makes the four
styles' templates from it (LaTeX symbols inside maths in LaTeX and Markdown, ASCII words in
text).
"""

from __future__ import annotations

_V = "{{ m(parts.variable) }}"
_INTEGRAL = "{{ o }}∫ {{ m(group(before)) }} d" + _V  # ∫ f dx, still inside maths

# name -> (description, parts, example, template, law in unicode, law in LaTeX, level)
_RULES = {
    "integral_sum": (
        "∫ (f + g) dx = ∫ f dx + ∫ g dx: integrate a sum term by term", ("variable", "terms"),
        "x^2 + x -> x^3/3 + x^2/2",
        "Term by term: " + _INTEGRAL + " = {{ m(after) }}{{ c }}, as LAW",
        "∫ (f + g) dx = ∫ f dx + ∫ g dx", r"$\int (f + g)\,dx = \int f\,dx + \int g\,dx$", 2),
    "integral_constant_multiple": (
        "∫ c·f dx = c·∫ f dx: a constant factor comes out of the integral", ("variable", "c", "f"),
        "5*x^2 -> 5*x^3/3",
        _INTEGRAL + " = {{ m(group(parts.c)) }}{{ names.times }}∫ {{ m(group(parts.f)) }} d" + _V
        + " = {{ m(after) }}{{ c }}: LAW",
        "∫ c·f dx = c·∫ f dx", r"$\int c f\,dx = c \int f\,dx$", 2),
    "integral_constant": (
        "∫ k dx = k·x for a constant k", ("variable",), "7 -> 7*x",
        _INTEGRAL + " = {{ m(after) }}{{ c }}: LAW",
        "∫ k dx = k·x for a constant k", r"$\int k\,dx = k x$ for a constant $k$", 3),
    "integral_power": (
        "the power rule for integrals: ∫ xⁿ dx = xⁿ⁺¹/(n + 1) for any constant n ≠ −1", ("variable", "n"),
        "x^3 -> x^4/4",
        _INTEGRAL + " = {{ m(after) }}{{ c }} by the power rule for integrals "
        "({{ o }}n = {{ m(parts.n) }}{{ c }}): LAW",
        "∫ xⁿ dx = xⁿ⁺¹/(n + 1) for n ≠ −1", r"$\int x^{n}\,dx = \frac{x^{n+1}}{n+1}$ for $n \neq -1$", 2),
    "integral_exp": (
        "∫ eᵘ dx = eᵘ/k for u = k·x + b", ("variable", "u", "k"), "exp(2*x) -> exp(2*x)/2",
        _INTEGRAL + " = {{ m(after) }}{{ c }}INNER: LAW",
        "∫ eᵘ du = eᵘ", r"$\int e^{u}\,du = e^{u}$", 2),
    "integral_reciprocal": (
        "∫ 1/u dx = ln|u|/k for u = k·x + b", ("variable", "u", "k"), "1/(2*x + 1) -> ln(2*x + 1)/2",
        _INTEGRAL + " = {{ m(after) }}{{ c }}INNER: LAW",
        "∫ 1/u du = ln|u|", r"$\int \frac{1}{u}\,du = \ln|u|$", 2),
    "integral_sin": (
        "∫ sin(u) dx = −cos(u)/k for u = k·x + b", ("variable", "u", "k"), "sin(3*x) -> -cos(3*x)/3",
        _INTEGRAL + " = {{ m(after) }}{{ c }}INNER: LAW",
        "∫ sin(u) du = −cos(u)", r"$\int \sin u\,du = -\cos u$", 2),
    "integral_cos": (
        "∫ cos(u) dx = sin(u)/k for u = k·x + b", ("variable", "u", "k"), "cos(3*x) -> sin(3*x)/3",
        _INTEGRAL + " = {{ m(after) }}{{ c }}INNER: LAW",
        "∫ cos(u) du = sin(u)", r"$\int \cos u\,du = \sin u$", 2),
    "constant_of_integration": (
        "every antiderivative is F + C for a constant C, as the derivative of a constant is 0", ("variable",),
        "x^3/3 -> x^3/3 + C",
        "Every antiderivative: {{ o }}∫ f d" + _V + " = {{ m(before) }} + C{{ c }}, as LAW",
        "(F + C)′ = F′ for any constant C", r"$(F + C)' = F'$ for any constant $C$", 1),
    "definite_integral": (
        "the fundamental theorem of calculus: ∫ from a to b of f dx = F(b) − F(a) for an antiderivative F",
        ("variable", "lower", "upper", "at_lower", "at_upper"), "x^3/3 from 0 to 3 -> 9",
        "With {{ o }}F = {{ m(before) }}{{ c }}: {{ o }}F({{ m(parts.upper) }}) {{ names.minus }} "
        "F({{ m(parts.lower) }}) = {{ m(parts.at_upper) }} {{ names.minus }} {{ m(group(parts.at_lower)) }} "
        "= {{ m(after) }}{{ c }}, by LAW",
        "∫ₐᵇ f dx = F(b) − F(a)", r"$\int_a^b f\,dx = F(b) - F(a)$", 1),
    "limit_by_substitution": (
        "a polynomial (a function continuous at the point) has its value there as its limit",
        ("variable", "point"), "3*x + 1 as x -> 2 -> 7",
        "{{ o }}{{ m(before) }} → {{ m(after) }}{{ c }} as {{ o }}" + _V + " → {{ m(parts.point) }}{{ c }}: LAW",
        "a continuous function's limit is its value", "a continuous function's limit is its value", 1),
    "limit_leading_terms": (
        "at ±∞ a rational function behaves like the quotient of the highest powers above and below",
        ("variable", "direction"), "(2*x^2 + 1)/(3*x^2 + 5) as x -> oo -> 2/3",
        "As {{ o }}" + _V + " → {{ m(parts.direction) }}{{ c }}, divide above and below by the highest "
        "power: the lower powers tend to 0, so {{ o }}{{ m(before) }}{{ c }} behaves like "
        "{{ o }}{{ m(after) }}{{ c }}: LAW",
        "the leading terms dominate", "the leading terms dominate", 1),
    "limit_power": (
        "c·xʲ tends to c for j = 0, to 0 for j < 0, and grows without bound for j > 0 (its sign from c, and at "
        "−∞ from the parity of j)", ("variable", "direction"), "2*x as x -> -oo -> -oo",
        "{{ o }}{{ m(before) }} → {{ m(after) }}{{ c }} as {{ o }}" + _V + " → {{ m(parts.direction) }}{{ c }}: LAW",
        "xʲ → 0 for j < 0; |xʲ| → ∞ for j > 0", r"$x^{j} \to 0$ for $j < 0$; $|x^{j}| \to \infty$ for $j > 0$", 1),
    "limit_sin_over_u": (
        "the standard limit sin(u)/u → 1 as u → 0", ("variable", "u", "factor"), "sin(3*x)/(2*x) -> 3/2",
        "With {{ o }}u = {{ m(parts.u) }}{{ c }}: {{ o }}{{ m(before) }} = {{ m(parts.factor) }}{{ names.times }}"
        "SINU{{ c }} and u tends to 0 with x, so the limit is {{ o }}{{ m(parts.factor) }}{{ names.times }}1 = "
        "{{ m(after) }}{{ c }}: LAW",
        "sin(u)/u → 1 as u → 0", r"$\frac{\sin u}{u} \to 1$ as $u \to 0$", 1),
    "limit_infinite": (
        "a quotient whose numerator stays away from 0 while its denominator tends to 0 grows without bound; "
        "the signs give ∞ or −∞", ("variable", "point", "side", "denominator", "approach"),
        "3/(x - 1) as x -> 1 from the right -> oo",
        "As {{ o }}" + _V + " → {{ m(parts.point) }}{{ c }} from the {{ parts.side }}, the denominator "
        "{{ o }}{{ m(parts.denominator) }}{{ c }} tends to 0 through {{ parts.approach }} values: "
        "{{ o }}{{ m(before) }} → {{ m(after) }}{{ c }}, as LAW",
        "k/(something → 0) grows without bound", "$k$ over something tending to 0 grows without bound", 1),
    "limit_two_sided": (
        "the two-sided limit exists exactly when the one-sided limits agree", ("variable", "point", "left", "right"),
        "1/x as x -> 0 -> does not exist",
        "From the left {{ o }}{{ m(parts.left) }}{{ c }}, from the right {{ o }}{{ m(parts.right) }}{{ c }}: "
        "{% if raw.left == raw.right %}they agree, so the limit is {{ o }}{{ m(after) }}{{ c }}"
        "{% else %}they differ, so the limit {{ after }}{% endif %}, as LAW",
        "the limit exists when both sides agree", "the limit exists when both sides agree", 1),
}

_INNER = ("{% if raw.k != '1' %}, with {{ o }}u = {{ m(parts.u) }}{{ c }}: divide by "
          "{{ o }}{{ m(parts.k) }}{{ c }}, the derivative of u{% endif %}")
_LATEX_SYMBOLS = {"∫": r"\int", "→": r"\to", "SINU": r"\frac{\sin u}{u}"}
_TEXT_SYMBOLS = {"∫ₐᵇ": "integral from a to b of", "∫": "integral of", "xⁿ⁺¹": "x^(n + 1)", "xʲ": "x^j", "∞": "oo",
                 "SINU": "sin(u)/u"}


def _styled(template: str, law: str, latex_law: str) -> dict[str, str]:
    """The rule's template in each style: unicode, text (ASCII words), LaTeX and Markdown."""
    template = template.replace("INNER", _INNER)
    unicode = template.replace("SINU", "sin(u)/u").replace("LAW", law)
    text = template.replace("LAW", law)
    for symbol, word in _TEXT_SYMBOLS.items():
        text = text.replace(symbol, word)
    latex = template.replace("LAW", latex_law)  # the laws hold no "{{" or "{%"
    for symbol, command in _LATEX_SYMBOLS.items():
        latex = latex.replace(symbol, command)
    latex = latex.replace(" d{{ m(parts.variable) }}", r"\, d{{ m(parts.variable) }}")
    return {"unicode": unicode, "text": text, "markdown": latex, "latex": latex}


def register_rules(register) -> None:
    """Register every rule of this plugin through the hook's ``register``."""
    for name, (description, parts, example, template, law, latex_law, level) in _RULES.items():
        register(name, description, parts, example, _styled(template, law, latex_law), level=level)


RULE_NAMES = tuple(_RULES)
