"""The wording of each step, one Jinja template per rule and output format.

Every template renders one line and may use: ``eq`` (the step's equation,
d/dx [before] = after), ``before``, ``after``, ``variable``, ``parts`` (each
bound part, already formatted), ``parts_text`` (all parts as "f = ..., g = ..."),
``reason``, ``rule``, ``substeps`` (how many), ``equation(a, b)``, which
writes a = b as one formula, and for derivative steps ``d`` (the step's own operator:
d/dx, ∂/∂y, d/dt) and ``d_of(name)`` (du/dt, ∂u/∂y). Values arrive formatted for
the style: unicode (x²), text (x^2), markdown and latex ($x^{2}$).

Method steps (gradient, Hessian, descent, ...) share one template for every
style, written with: ``o``/``c`` (open and close maths: "$" in LaTeX and
Markdown, nothing otherwise), ``m(value)`` (a formatted value without its $),
``names`` (symbols such as ∇f, −, ·), ``group(value)`` (bracketed when it
starts with a sign or is a sum), ``dfrac(a, b)`` (∂a/∂b), ``items`` (each part
as a list of formatted values) and ``raw`` (parts as plain data).
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
    "simplify": "Simplify: {{ equation(parts.unsimplified, after) }}"
                "{% if raw.get('form') == 'sigmoid' %}, as {{ reason }}{% endif %}",
}
PROSE.update({rule: "{{ eq }}: the derivative of the " + name + ", {{ reason }}"
              for rule, name in _FUNCTION_NAMES.items()})

# LaTeX states each law in LaTeX rather than quoting the unicode reason.
_LATEX_LAWS = {
    "sum": r"$(p + q)' = p' + q'$",
    "constant_multiple": r"$(c p)' = c p'$",
    "product": r"{% if substeps > 2 %}one factor differentiated at a time, then added"
               r"{% else %}$(p q)' = p' q + p q'${% endif %}",
    "quotient": r"$\left(\frac{p}{q}\right)' = \frac{p' q - p q'}{q^{2}}$",
    "power": r"$(x^{n})' = n x^{n-1}$",
    "chain": r"${{ d }} F({{ m(parts.u) }}) = F'({{ m(parts.u) }})\, {{ d_of(m(parts.u)) }}$",
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
    "simplify": r"$\frac{1}{1 + e^{-u}} = \sigma(u)$ and $\frac{e^{-u}}{(1 + e^{-u})^{2}} = \sigma(u) (1 - \sigma(u))$"
                r" (add and subtract 1)",
}
LATEX = {rule: text.replace("{{ reason }}", _LATEX_LAWS.get(rule, "{{ reason }}")) for rule, text in PROSE.items()}
# the chain rule is stated with the step's own operator (d/dt, ∂/∂y), not always d/dx
PROSE["chain"] = PROSE["chain"].replace(
    "{{ reason }}", "{{ o }}{{ d }}{{ c }} F({{ parts.u }}) = F′({{ parts.u }})·{{ o }}{{ d_of(m(parts.u)) }}{{ c }}")

_POINT = "{{ m(parts.at) if raw.get('at') is not none else '(' ~ m(before) ~ ')' }}"
_VARIABLES = "({% for v in items.variables %}{{ m(v) }}{% if not loop.last %}, {% endif %}{% endfor %})"
_NAME = "{{ names.get(raw.get('name'), raw.get('name', names.function)) }}"

# Method steps: one template for every style.
METHOD = {
    "gradient": "The gradient collects the partial derivatives: {{ o }}{{ names.gradient }} = {{ m(after) }}{{ c }}",
    "substitute": "At {% if raw.get('critical') is not none %}the critical point {% endif %}"
                  "{{ o }}{{ m(parts.point) }}{{ c }}: {{ o }}" + _NAME + "{{ m(parts.point) }} = "
                  "{% if parts.substituted != after %}{{ m(parts.substituted) }} = {% endif %}{{ m(after) }}{{ c }}",
    "hessian": "The Hessian holds the second partial derivatives: {{ o }}H = {{ m(after) }}{{ c }}",
    "mixed_partials": "{{ o }}{{ m(parts.first) }} = {{ m(parts.second) }} = {{ m(after) }}{{ c }}: "
                      "the mixed partial derivatives agree",
    "characteristic_polynomial": "The eigenvalues solve {{ o }}{{ names.charpoly }} = {{ names.det }} "
                                 "{{ m(parts.shifted) }} = {{ m(after) }} = 0{{ c }}",
    "eigenvalues": "Its roots are the eigenvalues "
                   "{% if raw.get('numeric') %}{{ o }}{{ names.approx }} {{ c }}{% endif %}"
                   "{{ o }}{{ m(after) }}{{ c }}"
                   "{% if raw.get('approximately') %} {{ o }}{{ names.approx }} {{ m(parts.approximately) }}{{ c }}"
                   "{% endif %}",
    "classify": "{% if raw.get('name') == 'second' %}The second derivative {{ o }}{{ names.second }} = "
                "{{ m(before) }}{{ c }} is {{ parts.signs }}{% else %}The eigenvalues "
                "{% if raw.get('numeric') %}{{ o }}{{ names.approx }} {{ c }}{% endif %}{{ o }}{{ m(before) }}{{ c }} "
                "are {{ parts.signs }}{% endif %}, {{ reason }}",
    "factor": "Factor: {{ o }}{{ m(before) }} = {{ m(after) }}{{ c }}; a product is 0 exactly when one of "
              "its factors is 0",
    "solve_system": "Set {% if raw.equations == 1 %}the derivative{% else %}every partial derivative{% endif %} "
                    "to 0 and solve {{ parts.equations }}: {% if raw.get('found') == 0 %}{{ reason }}{% else %}"
                    "{% if raw.get('families') %}"  # whole lines of solutions: each named, never a set
                    "{% for family in items.families %}every point {{ o }}{{ m(family) }}{{ c }}"
                    "{% if not loop.last %}, {% endif %}{% endfor %}"
                    "{% if raw.get('isolated') %} and the point{% if raw.isolated > 1 %}s{% endif %} "
                    "{% for point in items.isolated %}{{ o }}{{ m(point) }}{{ c }}{% if not loop.last %}, {% endif %}"
                    "{% endfor %}{% endif %}{% else %}"
                    "{{ o }}{% if raw.get('variables', 0) > 1 %}" + _VARIABLES + " {{ names.member }} {% endif %}"
                    "{{ m(after) }}{{ c }}{% endif %}{% endif %}",
    "gradient_descent": "Gradient descent from {{ o }}{{ m(before) }}{{ c }} with learning rate "
                        "{{ o }}{{ names.alpha }} = {{ m(parts.rate) }}{{ c }}: the iterates are "
                        "{{ parts.iterates }}",
    "gd_update": "{{ o }}" + _NAME + _POINT + " = {{ m(parts.gradient) }}{{ c }}, so "
                 "{{ o }}{{ m(parts.current) }} = {{ m(parts.previous) }} {{ names.minus }} {{ names.alpha }}"
                 "{{ names.times }}" + _NAME + "({{ m(parts.previous) }}) = {{ m(before) }} {{ names.minus }} "
                 "{{ m(parts.rate) }}{{ names.times }}{{ m(group(parts.gradient)) }} = {{ m(after) }}{{ c }}",
    "newton": "Newton's method from {{ o }}{{ m(before) }}{{ c }}: the iterates are {{ parts.iterates }}",
    # one variable: the derivatives are not named f′, f″ (the exercise may call its function g)
    "newton_update": "{% if raw.get('name') == 'derivative' %}"
                     "At {{ o }}{{ m(parts.previous) }} = {{ m(before) }}{{ c }} the first derivative is "
                     "{{ o }}{{ m(parts.gradient) }}{{ c }} and the second {{ o }}{{ m(parts.hessian) }}{{ c }}, so "
                     "{{ o }}{{ m(parts.current) }} = {{ m(parts.previous) }} {{ names.minus }} "
                     "{{ names.newton_ratio }} = {{ m(before) }} {{ names.minus }} "
                     "{{ m(group(parts.gradient, true)) }}/{{ m(group(parts.hessian, true)) }} = {{ m(after) }}{{ c }}"
                     "{% else %}"
                     "{{ o }}{{ names.gradient }}" + _POINT + " = {{ m(parts.gradient) }}{{ c }} and "
                     "{{ o }}H" + _POINT + " = {{ m(parts.hessian) }}{{ c }}; solve "
                     "{{ o }}H{{ names.times }}d = {{ names.gradient }}{{ c }} (no inverse needed): "
                     "{{ o }}d = {{ m(parts.direction) }}{{ c }}, so {{ o }}{{ m(parts.current) }} = "
                     "{{ m(parts.previous) }} {{ names.minus }} d = {{ m(before) }} {{ names.minus }} "
                     "{{ m(parts.direction) }} = {{ m(after) }}{{ c }}{% endif %}",
    "chain_factor": "{{ o }}{{ dfrac(m(parts.of), m(parts.wrt)) }} = {{ m(after) }}{{ c }}, from "
                    "{{ o }}{{ m(parts.of) }} = {{ m(before) }}{{ c }}",
    "chain_product": "{{ o }}{{ dfrac(m(parts.loss), m(parts.parameter)) }} = "
                     "{% for i in range(items.path | length - 1) %}"
                     "{{ dfrac(m(items.path[i + 1]), m(items.path[i])) }}"
                     "{% if not loop.last %}{{ names.times }}{% endif %}{% endfor %}"
                     " = {{ m(after) }}{{ c }}",
    "cancel": "{% if raw.get('common') is not none %}{{ o }}{{ m(parts.common) }}{{ c }} cancels{% else %}Simplify"
              "{% endif %}: {{ o }}{{ m(before) }} = {{ m(after) }}{{ c }}",
}

# Symbols the method templates use, per style.
_UNICODE_NAMES = {
    "gradient": "∇f", "derivative": "f′", "second": "f″", "hessian": "H", "minus": "−", "times": "·",
    "approx": "≈", "charpoly": "det(H − λ·I)", "det": "det", "alpha": "α", "function": "f", "member": "∈",
    "newton_ratio": "(first derivative)/(second derivative)",
}
_LATEX_NAMES = {
    "gradient": r"\nabla f", "derivative": "f'", "second": "f''", "hessian": "H", "minus": "-",
    "times": r" \cdot ", "approx": r"\approx", "charpoly": r"\det(H - \lambda I)", "det": r"\det",
    "alpha": r"\alpha", "function": "f", "member": r"\in",
    "newton_ratio": r"\frac{\text{first derivative}}{\text{second derivative}}",
}
NAMES = {
    "unicode": _UNICODE_NAMES,
    "text": {**_UNICODE_NAMES, "gradient": "grad f", "derivative": "f'", "second": "f''", "minus": "-",
             "times": "*", "approx": "~", "charpoly": "det(H - lambda*I)", "alpha": "alpha",
             "member": "in"},
    "markdown": _LATEX_NAMES,
    "latex": _LATEX_NAMES,
}

TEMPLATES: dict[str, dict[str, str]] = {
    "text": {**PROSE, **METHOD},
    "unicode": {**PROSE, **METHOD},
    "markdown": {**PROSE, **METHOD},
    "latex": {**LATEX, **METHOD},
}
STEP_STYLES = tuple(TEMPLATES)

ADDED_TEMPLATES: dict[str, dict[str, str]] = {}  # rule -> style -> template, of method rules plugins added


def template_for(style: str, rule: str) -> str:
    """The template of ``rule`` in ``style``: a built-in rule's, or the one a plugin gave with its rule."""
    built_in = TEMPLATES[style].get(rule)
    return built_in if built_in is not None else ADDED_TEMPLATES[rule][style]


def names_for(style: str, function: str = "f") -> dict:
    """The symbols of ``style``, with the function called ``function`` (∇T, T′, T″, T(4, 4))."""
    names = NAMES[style]
    if function == "f":
        return names
    return {**names, **{key: names[key].replace("f", function) for key in NAMED_FUNCTION}}


NAMED_FUNCTION = ("gradient", "derivative", "second", "function")  # the symbols that name the function f
