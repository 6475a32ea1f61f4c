"""Exercise files cannot run code through their Jinja templates (issue 10, Critical).

Every escape is placed in each templated field of an exercise (prompt, a hint, a
diagnosis message, a solution line, a choice answer's value) and run through the
engine, ``tutor validate``, ``tutor show`` and ``tutor generate``: the marker file
an escape would create never exists, the exercise is reported as failing with one
line, and no traceback reaches the user.
"""

from __future__ import annotations

import textwrap

import pytest
import sympy
import yaml
from click.testing import CliRunner

from tests.security.conftest import assert_clean, run_capped
from tutor.cli import cli
from tutor.errors import TutorError
from tutor.exercises import ExerciseError, instantiate
from tutor.exercises.loader import read_file
from tutor.exercises.templates import TemplateProblem, render
from tutor.registry import get_registry
from tutor.solutions import render_solution

# Each escape gets the marker's path as {M}; it would create that file if it ran.
SHELL = '__import__("os").system("touch {M}")'
ESCAPES = {
    "subs": "{{% set _ = x.subs(x, '{shell}') %}}",
    "coeff": "{{{{ f.coeff('{shell}') }}}}",
    "equals": "{{{{ f.equals('{shell}') }}}}",
    "diff": "{{{{ f.diff('{shell}') }}}}",
    "evalf-subs": "{{{{ f.evalf(subs={{x: '{shell}'}}) }}}}",
    "evalf-digits": "{{{{ f.evalf(10**7) }}}}",
    "subclasses": ("{{% for c in ''.__class__.__mro__[1].__subclasses__() %}}{{% if c.__name__ == 'catch_warnings' "
                   "%}}{{{{ c()._module.__builtins__['__import__']('os').system('touch {M}') }}}}{{% endif %}}"
                   "{{% endfor %}}"),
    "cycler-globals": "{{{{ cycler.__init__.__globals__.os.system('touch {M}') }}}}",
    "lipsum-globals": "{{{{ lipsum.__globals__['os'].system('touch {M}') }}}}",
    "template-context": "{{{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch {M}') }}}}",
    "range-self": "{{{{ range.__self__.__import__('os').system('touch {M}') }}}}",
    "config": "{{{{ config.__class__.__init__.__globals__['os'].system('touch {M}') }}}}",
    "joiner": "{{{{ joiner.__init__.__globals__.os.system('touch {M}') }}}}",
    "namespace": "{{{{ namespace.__init__.__globals__.os.system('touch {M}') }}}}",
    "str-format": "{{{{ '{{0.subs.__globals__[sympify]}}'.format(x) }}}}",
    "str-format-map": "{{{{ '{{v.subs.__globals__}}'.format_map({{'v': x}}) }}}}",
    "attr-class": "{{{{ (x|attr('__class__')).__init__.__globals__ }}}}",
    "attr-subs": "{{{{ (x|attr('subs'))(x, '{shell}') }}}}",
    "map-attribute": "{{{{ [f]|map(attribute='free_symbols')|list }}}}",
    "map-filter": "{{{{ [f]|map('subs', x, '{shell}')|list }}}}",
    "getitem": "{{{{ f['subs'](x, '{shell}') }}}}",
    "raw-value": "{{{{ f._raw.subs(x, '{shell}') }}}}",
    "text-operand": "{{{{ x + '{shell}' }}}}",
    "text-compare": "{{% if x < '{shell}' %}}1{{% endif %}}",
}
FIELDS = ("prompt", "hint", "diagnosis", "solution", "choice")


def payload(name: str, marker) -> str:
    shell = SHELL.replace("{M}", str(marker))
    return ESCAPES[name].format(shell=shell.replace("'", "\\'"), M=marker)


def exercise(field: str, text: str) -> dict:
    """A valid exercise with ``text`` in ``field``."""
    spec = {"id": "hostile", "title": "Hostile", "topic": "security", "variables": ["x"],
            "parameters": {"a": {"int": [2, 5]}}, "define": {"f": "a*x^2"},
            "prompt": "Differentiate f(x) = {{ f }}.", "hints": ["The power rule."],
            "diagnosis": [{"answer": "a*x", "message": "Bring the exponent down."}],
            "solution": ["f'(x) = {{ answer }}."], "answer": {"value": "diff(f, x)"}}
    if field == "prompt":
        spec["prompt"] = text + " Differentiate f(x) = {{ f }}."
    elif field == "hint":
        spec["hints"] = [text]
    elif field == "diagnosis":
        spec["diagnosis"][0]["message"] = text
    elif field == "solution":
        spec["solution"] = [text]
    else:
        spec["prompt"] = "Is {{ a }} positive?"
        spec["answer"] = {"value": text + "{% if a > 0 %}yes{% else %}no{% endif %}", "kind": "choice",
                          "choices": ["yes", "no"]}
        spec.pop("diagnosis")
    return spec


@pytest.fixture
def only_this_file(monkeypatch):
    """`show` and `generate` see only the exercises of the file given (not the whole library,
    whose loading would dominate the time of this suite); everything after that is as usual."""
    from tutor.cli.context import Session

    def use(path):
        monkeypatch.setattr(Session, "library", property(
            lambda session: {spec.id: spec for spec in read_file(path, tuple(session.registry.kinds))}))

    return use


def write(tmp_path, spec: dict):
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump([spec], allow_unicode=True), encoding="utf-8")
    return path


def engine_error(path, registry) -> str:
    """The engine's one error for every way the exercise's text is rendered."""
    (spec,) = read_file(path, tuple(registry.kinds))
    with pytest.raises(ExerciseError) as raised:
        problem = instantiate(spec, 0, registry)
        problem.render_prompt("latex")
        render_solution(problem, "text")
    return str(raised.value)


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_no_template_escape_runs_code_anywhere(name, field, marker, tmp_path, only_this_file):
    path = write(tmp_path, exercise(field, payload(name, marker)))
    registry = get_registry([])

    message = engine_error(path, registry)
    assert "\n" not in message and "template does not render" in message, message
    assert "hostile" in message and str(path) in message

    runner = CliRunner()
    validated = runner.invoke(cli, ["validate", str(path), "--seeds", "3"])
    assert validated.exit_code == 1, validated.output
    assert_clean(validated.output)
    fails = [line for line in validated.output.splitlines() if line.startswith("FAIL")]
    assert fails and all("hostile" in line and "template does not render" in line for line in fails), \
        validated.output
    assert ": ok" not in validated.output

    only_this_file(path)
    shown = runner.invoke(cli, ["show", "hostile"])
    generated = runner.invoke(cli, ["generate", "hostile", "--format", "latex", "--count", "2"])
    for result in (shown, generated) if field != "solution" else (shown,):  # worksheets hold no solution
        assert result.exit_code == 1, result.output
        assert not isinstance(result.exception, (TutorError, AttributeError, TypeError)), result.exception
        assert_clean(result.output)
        assert "template does not render" in result.output and len(result.output.strip().splitlines()) == 1
    assert_clean(generated.output)
    assert not marker.exists()


def test_the_flagship_payload_in_a_real_process(tmp_path, marker):
    """The issue's reproduction, in a capped `python -m tutor validate` and `show`."""
    path = tmp_path / "pwned.yaml"
    path.write_text(textwrap.dedent(f"""\
        - id: pwned
          title: Pwned
          topic: security
          variables: [x]
          parameters: {{a: {{int: [2, 5]}}}}
          define: {{f: "a*x^2"}}
          prompt: "{{% set _ = x.subs(x, '__import__(\\"os\\").system(\\"touch {marker}\\")') %}}Differentiate f(x) = {{{{ f }}}}."
          answer: {{value: "diff(f, x)"}}
        """), encoding="utf-8")  # noqa: E501 -- the issue's payload, verbatim
    done = run_capped("validate", path, "--seeds", "2")
    assert done.returncode == 1, done.stdout + done.stderr
    assert_clean(done.stdout + done.stderr)
    assert "FAIL" in done.stdout and "[render] prompt" in done.stdout and ": ok" not in done.stdout
    assert not marker.exists()


# -- what templates can still do ---------------------------------------------------------------

X = sympy.Symbol("x")
VALUES = {"x": X, "f": sympy.sin(X) * X**2, "a": sympy.Integer(3), "b": sympy.Integer(2), "y": sympy.Symbol("y"),
          "beta": sympy.Rational(1, 2), "g": sympy.Integer(-2), "h": sympy.Float("1.23456", 15), "n": sympy.Integer(1),
          "rho": sympy.Float("0.9", 15)}


@pytest.mark.parametrize("template, shown", [
    ("{{ 2*a }} {{ a*x - b*y }} {{ 1 - beta ** 2 }}", "6 3·x − 2·y 3/4"),
    ("{% if g > 0 %}up{% else %}down{% endif %} {{ g | abs }} {{ h | round(2) }}", "down 2 1.23"),
    ("{%- macro s(k) %}{{ '₁' if k == 1 else '₂' }}{% endmacro -%}w{{ s(n) }} w{{ s(2) }}", "w₁ w₂"),
    ("{% for i in range(3) %}{{ i }}{% if not loop.last %}, {% endif %}{% endfor %}", "0, 1, 2"),
    ("{{ f }} | {{ f | text }} | {{ f | latex }}", r"x²·sin(x) | x^2*sin(x) | x^{2} \sin{\left(x \right)}"),
    ("{{ -a }} {{ a // 2 }} {{ a % 2 }} {{ a / 6 }} {{ a | int + 1 }} {{ h | float }}", "−3 1 1 1/2 4 1.23456"),
])
def test_templates_still_print_compute_compare_and_loop(template, shown):
    registry = get_registry([])
    assert render(registry.jinja, template, VALUES) == shown


def test_a_plugin_filter_gets_the_engine_value_and_its_result_is_a_value_again():
    from tutor.exercises.templates import environment

    seen = []

    def double(value):
        seen.append(value)
        return 2 * value

    env = environment({"double": double})
    assert render(env, "{{ (f | double) * 1 }}", VALUES) == "2·x²·sin(x)"
    assert seen == [VALUES["f"]]


@pytest.mark.parametrize("template, reason", [
    ("{{ f.subs }}", "no attributes"),
    ("{{ f | attr('subs') }}", "No filter named 'attr'"),
    ("{{ x + 'y' }}", "cannot be combined with text"),
    ("{{ 'y' * x }}", "cannot be combined with text"),
    ("{% for i in [1] recursive %}{{ loop([]) }}{% endfor %}", "recursive loops"),
    ("{{ lipsum() }}", "'lipsum' is undefined"),
    ("{{ 'a'|center(10**9) }}", "No filter named 'center'"),
    ("{{ '%.999999999f' % 1.5 }}", "'%' format wider"),
    ("{% set s = 'a' * 9000 %}{% set t %}{{ s }}{{ s }}{{ s }}{% endset %}{{ t ~ t }}", "longer than"),
])
def test_what_templates_cannot_do_is_refused_with_a_reason(template, reason):
    with pytest.raises(TemplateProblem) as raised:
        render(get_registry([]).jinja, template, VALUES)
    assert reason in str(raised.value) and str(raised.value).startswith("template does not render")


def test_the_library_renders_as_before_the_sandbox_change():
    """A few exercises' text, at fixed seeds, as it rendered before values lost their methods
    (snapshot taken from the whole library: every exercise rendered identically)."""
    registry = get_registry([])
    from tutor.exercises.loader import load_library

    library = load_library(registry)
    for key, wanted in SNAPSHOT.items():
        problem = instantiate(library[key.split(":")[0]], int(key.split(":")[1]), registry)
        assert problem.prompt == wanted["prompt"], key
        assert problem.hints == wanted["hints"], key
        assert [s for s in problem.solution if isinstance(s, str)] == wanted["solution"], key
        assert problem.render_prompt("latex") == wanted["latex"], key
        assert str(problem.expected.value) == wanted["expected"], key


def test_a_plugin_filter_still_works_in_a_library_exercise(demo_registry):
    from tutor.exercises.loader import load_library

    problem = instantiate(load_library(demo_registry)["momentum-step-1d"], 0, demo_registry)
    assert "learning rate 10%" in problem.prompt or "learning rate 20%" in problem.prompt


# Taken with /tmp snapshot script before the change (prompt, hints, solution lines, LaTeX prompt, answer).

SNAPSHOT = {'backprop-hidden-parameter:3': {'expected': '-a_1*w_1*x_2*(1 - a_1)*(y - y_hat)',
                                 'hints': ['Follow the chain from the parameter to the loss: z₁ → a₁ → z → ŷ '
                                           '→ L, and multiply one factor per arrow.',
                                           'The factors: ∂z_j/∂(parameter) = x₂, da_j/dz_j = a₁(1 − a₁), '
                                           '∂z/∂a_j = w₁, dŷ/dz = ŷ(1 − ŷ), ∂L/∂ŷ = −(y − ŷ)/(ŷ(1 − ŷ)).',
                                           'The last two factors multiply to −(y − ŷ).'],
                                 'latex': 'A 2-2-1 network computes z₁ = w₁₁x₁ + w₂₁x₂ + b₁, a₁ = σ(z₁); z₂ '
                                          '= w₁₂x₁ + w₂₂x₂ + b₂, a₂ = σ(z₂); z = w₁a₁ + w₂a₂ + b, ŷ = σ(z), '
                                          'and is trained on the log loss L = −y·ln(ŷ) − (1 − y)·ln(1 − ŷ). '
                                          'Find ∂L/∂w₂₁ in terms of x₁, x₂, w₁, w₂, a₁, a₂, y and ŷ (write '
                                          'x_1, w_1, a_1, y_hat, ...).',
                                 'prompt': 'A 2-2-1 network computes z₁ = w₁₁x₁ + w₂₁x₂ + b₁, a₁ = σ(z₁); z₂ '
                                           '= w₁₂x₁ + w₂₂x₂ + b₂, a₂ = σ(z₂); z = w₁a₁ + w₂a₂ + b, ŷ = σ(z), '
                                           'and is trained on the log loss L = −y·ln(ŷ) − (1 − y)·ln(1 − ŷ). '
                                           'Find ∂L/∂w₂₁ in terms of x₁, x₂, w₁, w₂, a₁, a₂, y and ŷ (write '
                                           'x_1, w_1, a_1, y_hat, ...).',
                                 'solution': ['∂L/∂ŷ · dŷ/dz = −(y − ŷ)/(ŷ(1 − ŷ)) · ŷ(1 − ŷ) = −(y − ŷ).',
                                              '∂z/∂a_j = w₁, da_j/dz_j = a₁(1 − a₁), ∂z_j/∂(parameter) = x₂.',
                                              'Multiplying: −a₁·w₁·x₂·(1 − a₁)·(y − ŷ).']},
 'gd-learning-rate-behaviour:4': {'expected': 'zigzag',
                                  'hints': ['One step: x_k = x_{k−1} − α·6x_{k−1} = (1 − 6α)·x_{k−1}.',
                                            # issue 14 changed this hint (it named an undefined a)
                                            'The iterates are x_k = (1 − 6α)ᵏ·x₀: what matters is whether '
                                            'the factor 1 − 6α is positive, between −1 and 0, or below −1.'],
                                  'latex': 'Gradient descent on f(x) = $3 x^{2}$ with learning rate α = '
                                           '$0.3$, started at x₀ = 1. How do the iterates behave? Answer '
                                           'steady (they approach 0 from one side), zigzag (they approach 0 '
                                           'jumping from side to side) or diverges.',
                                  'prompt': 'Gradient descent on f(x) = 3·x² with learning rate α = 0.3, '
                                            'started at x₀ = 1. How do the iterates behave? Answer steady '
                                            '(they approach 0 from one side), zigzag (they approach 0 '
                                            'jumping from side to side) or diverges.',
                                  'solution': ['x_k = r·x_{k−1} with r = 1 − 2·3·0.3 = −0.8.',
                                               'So the iterates are rᵏ: zigzag.']},
 'gd-learning-rate-behaviour:7': {'expected': 'diverges',
                                  'hints': ['One step: x_k = x_{k−1} − α·8x_{k−1} = (1 − 8α)·x_{k−1}.',
                                            # issue 14 changed this hint (it named an undefined a)
                                            'The iterates are x_k = (1 − 8α)ᵏ·x₀: what matters is whether '
                                            'the factor 1 − 8α is positive, between −1 and 0, or below −1.'],
                                  'latex': 'Gradient descent on f(x) = $4 x^{2}$ with learning rate α = '
                                           '$0.3$, started at x₀ = 1. How do the iterates behave? Answer '
                                           'steady (they approach 0 from one side), zigzag (they approach 0 '
                                           'jumping from side to side) or diverges.',
                                  'prompt': 'Gradient descent on f(x) = 4·x² with learning rate α = 0.3, '
                                            'started at x₀ = 1. How do the iterates behave? Answer steady '
                                            '(they approach 0 from one side), zigzag (they approach 0 '
                                            'jumping from side to side) or diverges.',
                                  'solution': ['x_k = r·x_{k−1} with r = 1 − 2·4·0.3 = −1.4.',
                                               'So the iterates are rᵏ: diverges.']},
 'optimizers-adam-bias-correction:5': {'expected': '0.333333333333333',
                                       'hints': ['m₁ = β₁·m₀ + (1 − β₁)·g₁ and m₂ = β₁·m₁ + (1 − β₁)·g₂.',
                                                 'The correction at step t divides by 1 − β₁ᵗ: here t = 2.'],
                                       'latex': "Adam's first moment starts at m₀ = 0 and uses β₁ = $0.8$. "
                                                'The first two gradients are g₁ = $-3$ and g₂ = $3$. What is '
                                                'the bias-corrected moment m̂₂ = m₂/(1 − β₁²), '
                                                'to 4 significant digits?',
                                       'prompt': "Adam's first moment starts at m₀ = 0 and uses β₁ = 0.8. "
                                                 'The first two gradients are g₁ = −3 and g₂ = 3. What is '
                                                 'the bias-corrected moment m̂₂ = m₂/(1 − β₁²), '
                                                'to 4 significant digits?',
                                       'solution': ['m₁ = (1 − 0.8)·(−3) = −0.6.',
                                                    'm₂ = 0.8·(−0.6) + (1 − 0.8)·(3) = 0.12.',
                                                    'm̂₂ = m₂/(1 − β₁²) = 0.12/0.36 ≈ 0.333333: a weighted '
                                                    'mean of g₁ and g₂.']},
 'optimizers-adam-first-step-1d:2': {'expected': '2.90000000000000',
                                     'hints': ['m₁ = (1 − β₁)·g and v₁ = (1 − β₂)·g², with g = f′(x₀) and '
                                               'f′(x) = 4·x − 1.',
                                               'Bias correction divides by 1 − β₁ and 1 − β₂ at t = 1: m̂₁ = '
                                               'g and v̂₁ = g², so the step is η·g/|g|.'],
                                     'latex': 'Adam on f(x) = $2 x^{2} - x$ with η = $0.1$, β₁ = $0.9$, β₂ = '
                                              '$0.999$ and ε = 0, from x₀ = $3$ with zero moments (m₀ = v₀ = '
                                              '0). After the first step (t = 1, with bias correction), what '
                                              'is x₁?',
                                     'prompt': 'Adam on f(x) = 2·x² − x with η = 0.1, β₁ = 0.9, β₂ = 0.999 '
                                               'and ε = 0, from x₀ = 3 with zero moments (m₀ = v₀ = 0). '
                                               'After the first step (t = 1, with bias correction), what is '
                                               'x₁?',
                                     'solution': ['g = f′(3) = 11; m₁ = (1 − 0.9)·(11) = 1.1; v₁ = (1 − '
                                                  '0.999)·(11)² = 0.121.',
                                                  'm̂₁ = m₁/(1 − β₁) = 11; v̂₁ = v₁/(1 − β₂) = 121.',
                                                  'x₁ = x₀ − η·m̂₁/√v̂₁ = 3 − 0.1·(11)/11 = 2.9: the first '
                                                  'step has size η.']},
 'partial-derivative-in-y:1': {'expected': '24*x*y**3 - 6*x',
                               'hints': ['Treat x as a constant. For example ∂/∂y (3x²y³) = 9x²y² (the '
                                         "course's example)."],
                               'latex': 'Find ∂f/∂y for f(x, y) = $- 4 x^{3} + 6 x y^{4} - 6 x y$.',
                               'prompt': 'Find ∂f/∂y for f(x, y) = 6·x·y⁴ − 4·x³ − 6·x·y.',
                               'solution': ['Hold x fixed: ∂/∂y (6·x·y⁴) = 24·x·y³; ∂/∂y (−6·x·y) = −6·x; '
                                            '∂/∂y (−4·x³) = 0.',
                                            '∂f/∂y = 24·x·y³ − 6·x.']}}
