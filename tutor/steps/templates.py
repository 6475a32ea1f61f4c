"""The wording of each step, one Jinja template per rule and output format.

Every template renders one line and may use: ``eq`` (the step's equation,
d/dx [before] = after), ``before``, ``after``, ``variable``, ``parts`` (each
bound part, already formatted), ``parts_text`` (all parts as "f = ..., g = ..."),
``reason``, ``rule``, ``substeps`` (how many) and ``equation(a, b)``, which
writes a = b as one formula. Values arrive formatted for
the style: unicode (x²), text (x^2), markdown and latex ($x^{2}$).
"""

from __future__ import annotations

_FUNCTION_NAMES = {
    "sin": "sine", "cos": "cosine", "tan": "tangent", "asin": "arcsine", "acos": "arccosine",
    "atan": "arctangent", "sinh": "hyperbolic sine", "cosh": "hyperbolic cosine",
    "tanh": "hyperbolic tangent", "abs": "absolute value", "sigmoid": "sigmoid",
    "ln": "natural logarithm",
}

_TREAT = ("{% if substeps %}Hold {{ parts.constants }} constant and differentiate with respect to "
          "{{ variable }}: {{ eq }}{% else %}{{ eq }}: {{ before }} has no {{ variable }} in it, "
          "so it is a constant{% endif %}")

# Wording shared by text, unicode and markdown; the reason is the rule's law.
PROSE = {
    "constant": "{{ eq }}: the derivative of a constant is 0",
    "variable": "{{ eq }}: the derivative of the variable itself is 1",
    "treat_as_constant": _TREAT,
    "sum": "{{ eq }} by the sum rule: {{ reason }}",
    "constant_multiple": "{{ eq }} by the constant multiple rule ({{ equation('c', parts.c) }}): {{ reason }}",
    "product": "{{ eq }} by the product rule ({{ parts_text }}): {{ reason }}",
    "quotient": "{{ eq }} by the quotient rule ({{ parts_text }}): {{ reason }}",
    "power": "{{ eq }} by the power rule ({{ equation('n', parts.n) }}): {{ reason }}",
    "chain": "{{ eq }} by the chain rule ({{ equation(parts.u, parts.inner) }}, outer function "
             "{{ parts.outer }}): {{ reason }}",
    "general_power": "{{ eq }}: the variable is in the base and the exponent, so write "
                     "{{ equation(before, parts.rewritten) }}: {{ reason }}",
    "exp": "{{ eq }}: the exponential is its own derivative",
    "exp_base": "{{ eq }}: an exponential with base {{ parts.base }}: {{ reason }}",
    "log_base": "{{ eq }}: a logarithm with base {{ parts.base }}: {{ reason }}",
    "custom": "{{ eq }}: {{ reason }}",
    "no_rule": "{{ eq }}: {{ reason }}",
    "simplify": "Simplify: {{ equation(parts.unsimplified, after) }}",
}
PROSE.update({rule: "{{ eq }}: the derivative of the " + name + ", {{ reason }}"
              for rule, name in _FUNCTION_NAMES.items()})

# LaTeX states each law in LaTeX rather than quoting the unicode reason.
_LATEX_LAWS = {
    "sum": r"$(f + g)' = f' + g'$",
    "constant_multiple": r"$(c f)' = c f'$",
    "product": r"{% if substeps > 2 %}one factor differentiated at a time, then added"
               r"{% else %}$(f g)' = f' g + f g'${% endif %}",
    "quotient": r"$\left(\frac{f}{g}\right)' = \frac{f' g - f g'}{g^{2}}$",
    "power": r"$(x^{n})' = n x^{n-1}$",
    "chain": r"$\frac{d}{dx} F(u) = F'(u)\, u'$",
    "general_power": r"$(f^{g})' = f^{g} \cdot (g \ln f)'$",
    "exp_base": r"$(a^{x})' = a^{x} \ln a$",
    "log_base": r"$\log_b'(u) = \frac{1}{u \ln b}$",
    "ln": r"$\ln'(u) = \frac{1}{u}$",
    "sin": r"$\sin' = \cos$",
    "cos": r"$\cos' = -\sin$",
    "tan": r"$\tan'(u) = \frac{1}{\cos^{2} u}$",
    "asin": r"$\arcsin'(u) = \frac{1}{\sqrt{1 - u^{2}}}$",
    "acos": r"$\arccos'(u) = -\frac{1}{\sqrt{1 - u^{2}}}$",
    "atan": r"$\arctan'(u) = \frac{1}{1 + u^{2}}$",
    "sinh": r"$\sinh' = \cosh$",
    "cosh": r"$\cosh' = \sinh$",
    "tanh": r"$\tanh'(u) = 1 - \tanh^{2} u$",
    "abs": r"$|u|' = \operatorname{sign}(u)$ for $u \neq 0$",
    "sigmoid": r"$\sigma'(u) = \sigma(u) (1 - \sigma(u))$",
}
LATEX = {rule: text.replace("{{ reason }}", _LATEX_LAWS.get(rule, "{{ reason }}")) for rule, text in PROSE.items()}

TEMPLATES: dict[str, dict[str, str]] = {
    "text": dict(PROSE),
    "unicode": dict(PROSE),
    "markdown": dict(PROSE),
    "latex": LATEX,
}
STYLES = tuple(TEMPLATES)
