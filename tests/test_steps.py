"""The step-by-step engine (tutor.steps): model, differentiation rules, plugins, rendering.

The main property: for thousands of random expressions the steps' final result
equals sympy.diff, and every step's ``after`` is the derivative of its ``before``
(SymPy Gamma's steps once disagreed with diff: sympy_gamma issue 106). Values are
compared numerically at random real points (where every sub-expression is real),
with a high-precision recheck before a mismatch counts, plus an exact check on a
sample.
"""

from __future__ import annotations

import cmath
import functools
import random
import re

import mpmath
import pytest
import sympy as sp

from tutor.language import parse, variable
from tutor.language.functions import sigma
from tutor.steps import (
    RULES,
    Step,
    derivative_steps,
    fresh_symbol,
    function_rule,
    register_rule,
    registered_rules,
    render,
    unregister_rule,
)
from tutor.steps.formatting import plain
from tutor.steps.lines import render_line
from tutor.steps.model import DERIVATIVE_RULES
from tutor.steps.templates import STEP_STYLES, TEMPLATES

x, y, z = variable("x"), variable("y"), variable("z")
half = sp.Rational(1, 2)


# --- numeric evaluation ------------------------------------------------------------


class Skip(Exception):
    """The point is outside the real domain (or overflows): try another."""


class Unsupported(Exception):
    """The expression holds something the evaluator cannot compute (e.g. Derivative)."""


def _sign(v):
    return (v > 0) - (v < 0)


def _real_part(v):
    return v.real


def _imag_part(v):
    return v.imag


FLOAT = {
    sp.exp: cmath.exp, sp.log: cmath.log, sp.sin: cmath.sin, sp.cos: cmath.cos, sp.tan: cmath.tan,
    sp.asin: cmath.asin, sp.acos: cmath.acos, sp.atan: cmath.atan, sp.sinh: cmath.sinh,
    sp.cosh: cmath.cosh, sp.tanh: cmath.tanh, sp.Abs: abs, sigma: lambda v: 1 / (1 + cmath.exp(-v)),
    sp.sign: lambda v: _sign(v.real), sp.re: _real_part, sp.im: _imag_part,
    sp.atan2: lambda a, b: cmath.phase(complex(b.real, a.real)),
}
MP = {
    sp.exp: mpmath.exp, sp.log: mpmath.log, sp.sin: mpmath.sin, sp.cos: mpmath.cos, sp.tan: mpmath.tan,
    sp.asin: mpmath.asin, sp.acos: mpmath.acos, sp.atan: mpmath.atan, sp.sinh: mpmath.sinh,
    sp.cosh: mpmath.cosh, sp.tanh: mpmath.tanh, sp.Abs: abs, sigma: lambda v: 1 / (1 + mpmath.exp(-v)),
    sp.sign: lambda v: _sign(mpmath.re(v)), sp.re: mpmath.re, sp.im: mpmath.im,
    sp.atan2: lambda a, b: mpmath.atan2(mpmath.re(a), mpmath.re(b)),
}


@functools.lru_cache(maxsize=None)
def _float_number(e):
    if e.is_Rational:
        return complex(e.p / e.q)
    return complex(e)


@functools.lru_cache(maxsize=None)
def _precise_number(e):
    return mpmath.mpf(str(sp.N(e, 50)))


def evaluate(expr, env, precise=False):
    """expr at the point ``env`` (symbol -> float); raises Skip when any part is not real."""
    table = MP if precise else FLOAT
    number = _precise_number if precise else _float_number

    def ev(e):
        if e.is_Number or e.is_NumberSymbol:
            return number(e)
        if e.is_Symbol:
            return env[e]
        if e.is_Add:
            value = sum(ev(a) for a in e.args)
        elif e.is_Mul:
            value = 1
            for a in e.args:
                value = value * ev(a)
        elif e.is_Pow:
            base, power = ev(e.base), ev(e.exp)
            if base == 0 and (power.real if not precise else mpmath.re(power)) <= 0:
                raise Skip
            value = base**power
        elif type(e) in table or e.func in table:
            value = table[e.func](*[ev(a) for a in e.args])
        else:
            raise Unsupported(type(e).__name__)
        re_part, im_part = (mpmath.re(value), mpmath.im(value)) if precise else (value.real, value.imag)
        if not (abs(re_part) < 1e12) or abs(im_part) > 1e-9 * (1 + abs(re_part)):
            raise Skip
        return value

    try:
        if precise:
            with mpmath.workdps(max(40, mpmath.mp.dps)):
                return mpmath.mpmathify(ev(expr))
        return ev(expr)
    except (ZeroDivisionError, OverflowError, ValueError):
        raise Skip from None


def close(a, b, tol=1e-7):
    return abs(a - b) <= tol * (1 + max(abs(a), abs(b)))


def agree(left, right, symbols, rng, points=3, tries=14) -> bool | None:
    """True when left == right at ``points`` random real points, False at a mismatch, None if
    no point was in the real domain. A float mismatch is rechecked at 40 digits."""
    checked = 0
    for _ in range(tries):
        env = {s: rng.uniform(-2.5, 2.5) if s in (x, z) else rng.uniform(0.3, 2.0) for s in symbols}
        try:
            a, b = evaluate(left, env), evaluate(right, env)
            if not close(a, b):
                a, b = evaluate(left, env, precise=True), evaluate(right, env, precise=True)
                if not close(a, b, 1e-12):
                    return False
        except Skip:
            continue
        checked += 1
        if checked == points:
            return True
    return True if checked else None


def numeric_derivative(expr, var, env):
    """A central difference at 40 digits, for references SymPy leaves unevaluated."""
    with mpmath.workdps(40):
        return mpmath.diff(lambda t: evaluate(expr, {**env, var: t}, precise=True), env[var])


# --- random expressions --------------------------------------------------------------

FUNCTIONS = [sp.exp, sp.log, sp.sin, sp.cos, sp.tan, sp.asin, sp.acos, sp.atan, sp.sinh, sp.cosh, sp.tanh,
             sp.Abs, sigma]


def random_expression(rng: random.Random, depth: int, with_y: bool):
    """A random expression over x (and y as a constant) of depth <= ``depth``."""
    if depth == 0 or rng.random() < 0.15:
        return _leaf(rng, with_y)
    sub = lambda: random_expression(rng, depth - 1, with_y)  # noqa: E731
    kind = rng.choices(
        ["add", "sub", "mul", "div", "scale", "power", "root", "function", "exp_base", "log_base",
         "general", "y_power"],
        [5, 3, 5, 4, 3, 4, 3, 10, 2, 1, 1, 1 if with_y else 0])[0]
    if kind == "add":
        return sub() + sub()
    if kind == "sub":
        return sub() - sub()
    if kind == "mul":
        return sub() * sub()
    if kind == "div":
        return sub() / sub()
    if kind == "scale":
        return rng.choice([-1, 2, -3, half, y if with_y else 5]) * sub()
    if kind == "power":
        return sub() ** rng.choice([-3, -2, -1, 2, 3, 4])
    if kind == "root":
        return sub() ** rng.choice([half, -half, sp.Rational(3, 2), sp.Rational(1, 3), sp.Rational(-2, 3)])
    if kind == "function":
        return rng.choice(FUNCTIONS)(sub())
    if kind == "exp_base":
        return rng.choice([2, 3, half, 10]) ** sub()
    if kind == "log_base":
        return sp.log(sub(), rng.choice([2, 10]))
    if kind == "general":
        return sub() ** sub()
    return sub() ** y


def _leaf(rng, with_y):
    choices = [x] * 6 + [sp.Integer(rng.randint(-4, 5)), sp.Rational(rng.randint(1, 4), rng.randint(2, 5))]
    if with_y:
        choices += [y, y]
    if rng.random() < 0.03:
        choices.append(sp.pi)
    return rng.choice(choices)


def _cases(n, seed=20240501):
    rng = random.Random(seed)
    cases = []
    while len(cases) < n:
        expr = random_expression(rng, 4, with_y=(len(cases) % 3 == 0))
        if not expr.has(sp.zoo, sp.nan, sp.oo, sp.I):  # 1/0 and friends are not real functions
            cases.append(expr)
    return cases


CASES = _cases(2000)


def _check_tree(root: Step, rng) -> tuple[int, int]:
    """Assert every step's after is d(before)/d(variable) (numerically); returns (checked, unchecked)."""
    checked = unchecked = 0
    for step in root.walk():
        assert step.rule in RULES
        verdict = derivative_agrees(step, rng)
        assert verdict is not False, (
            f"{step.rule} step wrong: d/d{step.variable} {step.before} gave {step.after}, "
            f"SymPy says {sp.diff(step.before, step.variable)}")
        if verdict:
            checked += 1
        else:
            unchecked += 1
    return checked, unchecked


def derivative_agrees(step: Step, rng, points=2, tries=8) -> bool | None:
    """step.after against a central difference of step.before at random real points; a float
    mismatch is rechecked with mpmath's 40-digit differentiation. None: no real point found."""
    symbols = step.before.free_symbols | step.after.free_symbols | {step.variable}
    checked = 0
    for _ in range(tries):
        env = {s: rng.uniform(-2.5, 2.5) if s == step.variable else rng.uniform(0.3, 2.0) for s in symbols}
        t = env[step.variable]
        h = 1e-6 * (1 + abs(t))
        try:
            actual = evaluate(step.after, env)
            slope = (evaluate(step.before, {**env, step.variable: t + h})
                     - evaluate(step.before, {**env, step.variable: t - h})) / (2 * h)
            if not close(actual, slope, 1e-4):
                env = {s: mpmath.mpf(v) for s, v in env.items()}
                with mpmath.workdps(40):
                    expected = numeric_derivative(step.before, step.variable, env)
                    actual = evaluate(step.after, env, precise=True)
                    if not close(actual, expected, 1e-10):
                        return False
        except (Skip, Unsupported):
            continue
        checked += 1
        if checked == points:
            return True
    return True if checked else None


@pytest.mark.slow
def test_random_expressions_steps_equal_sympy_diff():
    rng = random.Random(7)
    final_checked = final_skipped = step_checked = step_unchecked = 0
    rules_seen: set[str] = set()
    for expr in CASES:
        steps = derivative_steps(expr, x)
        rules_seen |= steps.rules_used()
        reference = sp.diff(expr, x)
        symbols = expr.free_symbols | reference.free_symbols | steps.after.free_symbols
        try:
            verdict = agree(steps.after, reference, symbols, rng)
        except Unsupported:
            verdict = None
        assert verdict is not False, f"d/dx {expr}: steps give {steps.after}, diff gives {reference}"
        if verdict:
            final_checked += 1
        else:
            final_skipped += 1
        checked, unchecked = _check_tree(steps, rng)
        step_checked += checked
        step_unchecked += unchecked
    # most expressions have real points to compare at, and every core rule was exercised
    assert final_checked >= 0.85 * len(CASES), (final_checked, final_skipped)
    assert step_checked >= 0.85 * (step_checked + step_unchecked)
    expected_rules = set(DERIVATIVE_RULES) - {"custom", "no_rule", "simplify"}
    assert expected_rules <= rules_seen, expected_rules - rules_seen


def _exactly_equal(a, b) -> bool:
    difference = a - b
    if sp.expand(difference) == 0 or sp.cancel(difference) == 0:
        return True
    if b != 0:  # u^y/u = u^(y-1) for every u != 0, which simplify may not see
        ratio = sp.powsimp(sp.expand_power_base(a / b, force=True), force=True)
        if ratio == 1:
            return True
    return sp.simplify(difference.rewrite(sp.exp)) == 0


EXACT_SAMPLE = [e for e in CASES if not e.atoms(sp.Abs, sp.asin, sp.acos) and sp.count_ops(e) <= 10][:120]


def test_exact_equality_on_a_sample():
    assert len(EXACT_SAMPLE) >= 100
    for expr in EXACT_SAMPLE:
        steps = derivative_steps(expr, x)
        assert _exactly_equal(steps.after, sp.diff(expr, x)), expr


def test_random_expressions_with_simplify_step_stay_equal():
    rng = random.Random(3)
    for expr in [e for e in CASES if sp.count_ops(e) <= 8][:40]:
        steps = derivative_steps(expr, x, simplify=True)
        if steps.rule == "simplify":
            assert steps.substeps[0].after == steps.parts["unsimplified"]
        reference = sp.diff(expr, x)
        assert agree(steps.after, reference, expr.free_symbols | reference.free_symbols, rng) is not False


# --- course cases ---------------------------------------------------------------------


def test_sigmoid_derivative_is_sigma_times_one_minus_sigma():
    step = derivative_steps(sigma(z), z)
    assert step.rule == "sigmoid"
    assert step.after == sigma(z) * (1 - sigma(z))


def test_sigmoid_of_an_affine_function_uses_the_chain_rule():
    w, b = variable("w"), variable("b")
    step = derivative_steps(sigma(w * x + b), w)
    assert step.rule == "treat_as_constant"
    chain = step.substeps[0]
    assert chain.rule == "chain" and chain.parts["inner"] == w * x + b
    assert chain.substeps[0].rule == "sigmoid"
    assert sp.simplify(step.after - x * sigma(w * x + b) * (1 - sigma(w * x + b))) == 0


def test_one_over_one_plus_exp_minus_z_by_the_chain_rule():
    expr = (1 + sp.exp(-z)) ** -1
    step = derivative_steps(expr, z)
    assert step.rule == "chain"
    assert step.parts["inner"] == 1 + sp.exp(-z)
    outer = step.substeps[0]
    assert outer.rule == "power" and outer.parts["n"] == -1
    assert sp.simplify(step.after - sp.exp(-z) / (1 + sp.exp(-z)) ** 2) == 0
    # the "+1 - 1" trick: it is sigma(z)(1 - sigma(z))
    assert sp.simplify((step.after - sigma(z) * (1 - sigma(z))).rewrite(sp.exp)) == 0
    assert "exp" in step.rules_used()


def test_partial_derivative_treats_y_as_a_constant():
    step = derivative_steps(3 * x**2 * y**3, x)
    assert step.after == 6 * x * y**3
    assert "treat_as_constant" in step.rules_used()
    assert step.rule == "treat_as_constant" and step.parts["constants"] == (y,)
    assert derivative_steps(3 * x**2 * y**3, y).after == 9 * x**2 * y**2


def test_a_term_free_of_the_variable_is_a_constant_term():
    step = derivative_steps(x**2 + y**2, x)
    inner = step.substeps[0]
    assert inner.rule == "sum"
    leaf = [s for s in inner.substeps if s.before == y**2][0]
    assert leaf.rule == "treat_as_constant" and leaf.after == 0
    assert step.after == 2 * x


def test_product_rule_records_its_factors_as_p_and_q():
    step = derivative_steps(x**2 * sp.sin(x), x)
    assert step.rule == "product"
    assert step.parts == {"p": x**2, "q": sp.sin(x)}  # not f, g: a problem's own names (issue 14)
    assert [s.rule for s in step.substeps] == ["power", "sin"]
    assert step.after == 2 * x * sp.sin(x) + x**2 * sp.cos(x)


def test_product_rule_with_three_factors():
    step = derivative_steps(x * sp.exp(x) * sp.sin(x), x)
    assert step.rule == "product" and len(step.substeps) == 3
    assert set(step.parts) == {"p", "q", "r"}
    assert sp.simplify(step.after - sp.diff(x * sp.exp(x) * sp.sin(x), x)) == 0


def test_product_rule_with_many_factors():
    expr = x * sp.exp(x) * sp.sin(x) * sp.cos(x) * sp.log(x)
    step = derivative_steps(expr, x)
    assert step.rule == "product" and list(step.parts) == ["p", "q", "r", "p4", "p5"]
    assert _exactly_equal(step.after, sp.diff(expr, x))
    assert "one factor differentiated at a time" in render(step, "latex")


def test_quotient_rule_records_f_and_g():
    step = derivative_steps(sp.sin(x) / (x**2 + 1), x)
    assert step.rule == "quotient"
    assert step.parts == {"p": sp.sin(x), "q": x**2 + 1}
    assert sp.simplify(step.after - sp.diff(sp.sin(x) / (x**2 + 1), x)) == 0


def test_a_constant_over_a_function_is_a_constant_multiple_of_a_power():
    step = derivative_steps(3 / (x + 1), x)
    assert step.rule == "constant_multiple" and step.parts["c"] == 3
    assert step.substeps[0].rule == "chain"


@pytest.mark.parametrize("n", [-1, -2, half, -half, sp.Rational(3, 2), sp.Rational(-2, 3), 7])
def test_power_rule_with_negative_and_fractional_n(n):
    step = derivative_steps(x**n, x)
    assert step.rule == "power" and step.parts["n"] == n
    assert step.after == n * x ** (n - 1)


def test_power_rule_around_a_sum_uses_the_chain_rule():
    step = derivative_steps(sp.sqrt(x**2 + 1), x)
    assert step.rule == "chain"
    assert step.substeps[0].rule == "power" and step.substeps[0].parts["n"] == half
    assert sp.simplify(step.after - x / sp.sqrt(x**2 + 1)) == 0


def test_squared_loss_power_line():
    a1, a2 = variable("a1"), variable("a2")
    step = derivative_steps((x - a1) ** 2 + (x - a2) ** 2, x)
    assert sp.expand(step.after - (4 * x - 2 * a1 - 2 * a2)) == 0


def test_log_loss_derivative():
    yh, yy = variable("y_hat"), variable("y")
    loss = -yy * sp.log(yh) - (1 - yy) * sp.log(1 - yh)
    step = derivative_steps(loss, yh)
    assert sp.simplify(step.after - (-(yy - yh) / (yh * (1 - yh)))) == 0


def test_exp_minus_ln_for_gradient_descent():
    step = derivative_steps(sp.exp(x) - sp.log(x), x)
    assert step.after == sp.exp(x) - 1 / x
    assert abs(float(step.after.subs(x, sp.Rational(1, 20))) - -18.9487) < 1e-3


def test_log_base_b_is_recognised():
    step = derivative_steps(sp.log(x, 2), x)
    assert step.rule == "log_base" and step.parts["base"] == 2
    assert step.after == 1 / (x * sp.log(2))
    scaled = derivative_steps(3 * sp.log(x**2, 10), x)
    assert scaled.rule == "constant_multiple" and scaled.parts["c"] == 3
    assert scaled.substeps[0].rule == "chain" and scaled.substeps[0].substeps[0].rule == "log_base"


def test_exponential_with_a_constant_base_and_a_general_power():
    assert derivative_steps(2**x, x).rule == "exp_base"
    step = derivative_steps(x**x, x)
    assert step.rule == "general_power" and step.parts["rewritten"].func == sp.exp
    assert sp.simplify(step.after - x**x * (sp.log(x) + 1)) == 0


@pytest.mark.parametrize("function, rule", [
    (sp.sin, "sin"), (sp.cos, "cos"), (sp.tan, "tan"), (sp.asin, "asin"), (sp.acos, "acos"),
    (sp.atan, "atan"), (sp.sinh, "sinh"), (sp.cosh, "cosh"), (sp.tanh, "tanh"), (sp.Abs, "abs"),
    (sp.exp, "exp"), (sp.log, "ln"), (sigma, "sigmoid"),
])
def test_each_function_rule_and_its_chain(function, rule):
    step = derivative_steps(function(x), x)
    assert step.rule == rule
    assert _exactly_equal(step.after, sp.diff(function(x), x))
    chained = derivative_steps(function(x**3 - 2 * x), x)
    assert chained.rule == "chain" and chained.substeps[0].rule == rule
    assert chained.substeps[0].variable == chained.parts["u"]


def test_constants_and_the_variable():
    assert derivative_steps(sp.Integer(7), x).rule == "constant"
    assert derivative_steps(7, x).after == 0
    assert derivative_steps(sp.pi, x).rule == "constant"
    assert derivative_steps(x, x).rule == "variable"
    leaf = derivative_steps(y**2, x)
    assert leaf.rule == "treat_as_constant" and leaf.after == 0 and not leaf.substeps


def test_unknown_function_gets_an_honest_no_rule_step():
    f = sp.Function("f")
    step = derivative_steps(f(x), x)
    assert step.rule == "no_rule"
    assert step.after == sp.Derivative(f(x), x)
    assert "no step-by-step rule" in step.reason
    inside = derivative_steps(x**2 * f(x), x)
    assert "no_rule" in inside.rules_used()
    assert inside.after == 2 * x * f(x) + x**2 * sp.Derivative(f(x), x)


@pytest.mark.parametrize("expr", [sp.Max(x, x**2), sp.Piecewise((x, x > 0), (x**2, True)),
                                  sp.cot(x), sp.erf(x), sp.floor(x), sp.sign(x)])
def test_expressions_without_a_rule_never_crash(expr):
    step = derivative_steps(expr, x)
    assert step.rule == "no_rule"
    assert step.after == sp.diff(expr, x)
    for style in STEP_STYLES:
        assert render(step, style)


def test_bad_input_is_a_type_error():
    with pytest.raises(TypeError):
        derivative_steps("x^2", x)
    with pytest.raises(TypeError):
        derivative_steps(x**2, 2)


def test_chain_rule_symbol_avoids_names_in_use():
    u = variable("u")
    step = derivative_steps(sp.sin(u * x**2), x)
    chain = step.substeps[0]
    assert chain.parts["u"] != u and str(chain.parts["u"]) != "u"
    assert fresh_symbol(x).name == "u"


def test_simplify_step_is_optional_and_last():
    plain_steps = derivative_steps(x * sp.exp(x), x)
    assert plain_steps.rule == "product"
    tidy = derivative_steps(x * sp.exp(x), x, simplify=True)
    assert tidy.rule == "simplify"
    assert tidy.substeps == [plain_steps]
    assert tidy.after == (x + 1) * sp.exp(x)
    assert tidy.parts["unsimplified"] == plain_steps.after
    assert derivative_steps(x**3, x, simplify=True).rule == "power"  # nothing to tidy


# --- the model ------------------------------------------------------------------------


def test_rules_are_documented_with_an_example():
    for name, rule in RULES.items():
        assert rule.description and " -> " in rule.example, name


@pytest.mark.parametrize("name", [n for n in DERIVATIVE_RULES if n not in ("custom", "no_rule")])
def test_each_rule_example_is_what_the_engine_does(name):
    before, after = RULES[name].example.split(" -> ")
    expr, expected = parse(before, ["x", "y"]), parse(after, ["x", "y"])
    step = derivative_steps(expr, x, simplify=(name == "simplify"))
    assert name in step.rules_used()
    rng = random.Random(1)
    assert agree(step.after, expected, {x, y}, rng) is True


def test_step_model_rejects_unknown_rules_and_missing_parts():
    with pytest.raises(ValueError, match="unknown step rule"):
        Step("guess", x, 1, x)
    with pytest.raises(ValueError, match="needs the parts"):
        Step("product", x * y, y, x, {"f": x})
    with pytest.raises(TypeError):
        Step("constant", sp.Integer(1), 0, x, {}, "", ["not a step"])


def test_step_to_dict_is_plain_data():
    data = derivative_steps(x**2 * sp.sin(x), x).to_dict()
    assert data["rule"] == "product" and data["before"] == "x^2*sin(x)"
    assert data["parts"] == {"p": "x^2", "q": "sin(x)"}
    assert [s["rule"] for s in data["substeps"]] == ["power", "sin"]
    partial = derivative_steps(x * y + y**2, x).to_dict()
    assert partial["parts"] == {"constants": ["y"]}
    assert sorted(partial["substeps"][0]["parts"]["terms"]) == ["x*y", "y^2"]


def test_render_is_the_function_whatever_the_import_order():
    import types

    import tutor.steps.render  # noqa: F401
    from tutor.steps import render as imported

    assert callable(imported) and not isinstance(imported, types.ModuleType)


# --- plugins ----------------------------------------------------------------------------


class softplus(sp.Function):  # noqa: N801
    """A function SymPy knows nothing about: log(1 + e^z)."""

    nargs = 1


def _softplus_rule(expr, variable, recurse):
    (inner,) = expr.args
    inner_step = recurse(inner, variable)
    return Step("custom", expr, sigma(inner) * inner_step.after, variable, {"u": inner},
                "softplus′(u) = σ(u)·u′", [inner_step])


def test_without_a_rule_a_new_function_is_no_rule():
    assert derivative_steps(softplus(x**2), x).rule == "no_rule"


def test_a_registered_rule_is_used_and_can_be_removed():
    register_rule(softplus, _softplus_rule)
    try:
        assert softplus in registered_rules()
        step = derivative_steps(3 * softplus(x**2), x)
        assert "custom" in step.rules_used()
        assert step.after == 3 * sigma(x**2) * 2 * x
        assert "softplus′(u) = σ(u)·u′" in render(step, "unicode")
        assert "softplus'(u) = sigma(u)*u'" in render(step, "text")
    finally:
        unregister_rule(softplus)
    assert derivative_steps(softplus(x), x).rule == "no_rule"


def test_rules_passed_in_win_and_function_rule_builds_chains():
    rule = function_rule("custom", lambda u: sigma(u), "softplus′ = σ")
    step = derivative_steps(softplus(sp.sin(x)), x, rules={softplus: rule})
    assert step.rule == "chain" and step.substeps[0].rule == "custom"
    assert step.after == sigma(sp.sin(x)) * sp.cos(x)
    assert derivative_steps(softplus(x), x, rules={softplus: rule}).rule == "custom"


def test_a_plugin_may_override_a_built_in_rule():
    def my_sin(expr, variable, recurse):
        return Step("custom", expr, sp.cos(expr.args[0]), variable, {}, "my sine rule")

    step = derivative_steps(sp.sin(x), x, rules={sp.sin: my_sin})
    assert step.rule == "custom" and step.reason == "my sine rule"


def test_the_docs_erf_example():
    def erf_rule(expr, variable, recurse):
        inner = expr.args[0]
        inner_step = recurse(inner, variable)
        after = 2 / sp.sqrt(sp.pi) * sp.exp(-inner**2) * inner_step.after
        return Step("custom", expr, after, variable, {"u": inner},
                    "d/du erf(u) = 2/√π · e^(−u²), times du/dx", [inner_step])

    step = derivative_steps(sp.erf(x**2), x, rules={sp.erf: erf_rule})
    assert sp.simplify(step.after - sp.diff(sp.erf(x**2), x)) == 0


def test_a_handler_returning_junk_is_an_error():
    with pytest.raises(TypeError, match="not a Step"):
        derivative_steps(softplus(x), x, rules={softplus: lambda e, v, r: 42})


def test_register_rule_checks_its_arguments():
    with pytest.raises(TypeError):
        register_rule("softplus", _softplus_rule)
    with pytest.raises(TypeError):
        register_rule(softplus, "not callable")


# --- rendering --------------------------------------------------------------------------


def _sample_step(name: str) -> Step:
    """A step of rule ``name`` with every documented part bound."""
    parts = {part: sp.Integer(2) for part in RULES[name].parts}
    if "constants" in parts:
        parts["constants"] = (y,)
    if "terms" in parts:
        parts["terms"] = (x, sp.Integer(2))
    if name == "chain":
        parts.update(u=sp.Symbol("u", real=True), inner=x**2, outer=sp.sin(sp.Symbol("u", real=True)))
    return Step(name, x**2 * y, 2 * x * y, x, parts, f"the reason for {name}: (xⁿ)′ = n·xⁿ⁻¹")


@pytest.mark.parametrize("style", STEP_STYLES)
def test_every_rule_has_a_template_in_every_style(style):
    assert set(TEMPLATES[style]) == set(RULES)
    for name in RULES:
        line = render_line(_sample_step(name), style)
        assert line.strip(), name
        assert "{{" not in line and "{%" not in line


@pytest.mark.parametrize("style", STEP_STYLES)
def test_every_rule_renders_as_a_tree(style):
    for name in RULES:
        step = _sample_step(name)
        tree = Step("sum", x + step.before, 1 + step.after, x, {"terms": (x, step.before)}, "sum", [
            derivative_steps(x, x), step])
        text = render(tree, style)
        assert text.count("\n") >= 2


def test_unicode_rendering_is_a_numbered_indented_list():
    text = render(derivative_steps(x**2 * sp.sin(x), x), "unicode")
    lines = text.splitlines()
    assert lines[0].startswith("1. d/dx [x²·sin(x)] = ")
    assert "by the product rule (p = x², q = sin(x))" in lines[0]
    assert lines[1].startswith("   1.1. d/dx [x²] = 2·x by the power rule (n = 2)")
    assert lines[2].startswith("   1.2. d/dx [sin(x)] = cos(x)")


def test_text_rendering_is_ascii_input_language():
    text = render(derivative_steps((1 + sp.exp(-z)) ** -1, z, simplify=True), "text")
    assert text.isascii()
    assert re.match(r"1\. d/dz \[1/\((1 \+ exp\(-z\)|exp\(-z\) \+ 1)\)\] = ", text)
    assert "(x^n)' = n*x^(n-1)" in text
    assert re.search(r"^2\. Simplify: ", text, re.M)


def test_partial_derivatives_render_with_a_curly_d():
    text = render(derivative_steps(3 * x**2 * y**3, x), "unicode")
    first = text.splitlines()[0]
    assert first.startswith("1. Hold y constant and differentiate with respect to x: ∂/∂x [3·x²·y³]")
    assert "6·x·y³" in text


def test_latex_rendering_is_a_balanced_enumerate():
    deep = sp.sin(sp.cos(sp.exp(sp.tan(x**2 + 1))))
    text = render(derivative_steps(deep, x, simplify=True), "latex")
    assert text.startswith(r"\begin{enumerate}")
    assert text.count(r"\begin{enumerate}") == text.count(r"\end{enumerate}")
    depth = max_depth = 0
    for line in text.splitlines():
        depth += line.strip().startswith(r"\begin") - line.strip().startswith(r"\end")
        max_depth = max(max_depth, depth)
    assert max_depth <= 4  # LaTeX nests enumerate at most four deep
    assert r"\frac{d}{dx}\left[" in text and r"$(p q)' = p' q + p q'$" not in text


def test_markdown_rendering_uses_inline_math_and_nested_lists():
    text = render(derivative_steps(x**2 * sp.sin(x), x), "markdown")
    lines = text.splitlines()
    assert lines[0].startswith(r"1. $\frac{d}{dx}\left[x^{2} \sin{\left(x \right)}\right] = ")
    assert "($p = x^{2}$, $q = \\sin{\\left(x \\right)}$)" in lines[0]
    assert lines[1].startswith("   1. $") and lines[2].startswith("   2. $")


def test_render_a_list_of_steps_and_reject_unknown_styles():
    text = render([derivative_steps(x**2, x), derivative_steps(sp.sin(x), x)], "unicode")
    assert text.splitlines()[1].startswith("2. d/dx [sin(x)]")
    with pytest.raises(ValueError, match="unknown style"):
        render(derivative_steps(x, x), "html")


def test_values_the_input_language_cannot_write_still_render():
    f = sp.Function("f")
    step = derivative_steps(f(x**2), x)
    for style in STEP_STYLES:
        assert "no step-by-step rule" in render(step, style).replace("\\", "")


def test_plain_transliterates_unicode_maths():
    assert plain("(xⁿ)′ = n·xⁿ⁻¹") == "(x^n)' = n*x^(n-1)"
    assert plain("asin′(u) = 1/√(1 − u²)") == "asin'(u) = 1/sqrt(1 - u^2)"
    assert plain("σ′(u) = σ(u)·(1 − σ(u))") == "sigma'(u) = sigma(u)*(1 - sigma(u))"
    assert plain("d/du erf(u) = 2/√π · e^(−u²)") == "d/du erf(u) = 2/sqrt(pi) * e^(-u^2)"


def test_templates_render_in_a_sandbox():
    from jinja2.sandbox import SandboxedEnvironment

    from tutor.steps.lines import _ENV

    assert isinstance(_ENV, SandboxedEnvironment)


# --- worked solutions of methods: gradients, Hessians, critical points, descent, Newton -------


from tutor.language import Matrix, SetValue, Vector  # noqa: E402
from tutor.steps import (  # noqa: E402
    backprop_steps,
    critical_point_steps,
    gd_steps,
    gradient_steps,
    hessian_steps,
    newton_steps,
    using_rules,
)
from tutor.steps.backprop import network_221  # noqa: E402
from tutor.steps.model import METHOD_RULES  # noqa: E402


def _two_variable_cases(n, seed=7):
    rng = random.Random(seed)
    cases = []
    while len(cases) < n:
        expr = random_expression(rng, 3, with_y=True)
        # |u| has a DiracDelta for a second derivative: left to the one-variable tests
        if {x, y} <= expr.free_symbols and not expr.has(sp.zoo, sp.nan, sp.oo, sp.I, sp.Abs):
            cases.append(expr)
    return cases


def _derivative_steps_in(steps):
    return [s for root in steps for s in root.walk() if s.is_derivative]


@pytest.mark.slow
def test_generated_gradients_and_hessians_are_derivatives_step_by_step():
    rng = random.Random(3)
    checked = 0
    for expr in _two_variable_cases(60):
        gradient = gradient_steps(expr, [x, y])
        hessian = hessian_steps(expr, [x, y])
        for k, v in enumerate((x, y)):
            assert agree(gradient[0].after.entries[k], sp.diff(expr, v), {x, y}, rng) is not False
        matrix = hessian[1].after
        for i, a in enumerate((x, y)):
            for j, b in enumerate((x, y)):
                assert agree(matrix.rows[i][j], sp.diff(expr, a, b), {x, y}, rng) is not False, (expr, a, b)
        for step in _derivative_steps_in(gradient + hessian):
            verdict = derivative_agrees(step, rng)
            assert verdict is not False, (step.rule, step.before, step.variable, step.after)
            checked += bool(verdict)
    assert checked > 1000


def test_method_steps_have_no_variable_and_derivative_steps_do():
    steps = hessian_steps(2 * x**2 + 3 * y**2 - x * y)
    assert {s.rule for s in steps} == {"gradient", "hessian", "characteristic_polynomial", "eigenvalues", "classify"}
    for root in steps:
        for step in root.walk():
            assert (step.variable is None) == (not step.is_derivative)


def test_every_method_rule_is_produced_by_a_generator():
    f = 2 * x**2 + 3 * y**2 - x * y
    produced = set()
    solutions = [gradient_steps(f, point=Vector((2, 3))), hessian_steps(f), critical_point_steps(x**3 - 3 * x),
                 gd_steps(f, Vector((1, 1)), sp.Rational(1, 10), 2), newton_steps(f, Vector((1, 1)), 1),
                 backprop_steps(network_221(), variable("w_11"))]
    for steps in solutions:
        produced |= {rule for root in steps for rule in root.rules_used()}
    assert set(METHOD_RULES) <= produced, set(METHOD_RULES) - produced


def test_gradient_at_a_point_shows_the_substitution():
    steps = gradient_steps(x**2 + y**2, point=Vector((2, 3)))
    assert steps[-1].after == Vector((4, 6))
    assert render(steps[-1], "unicode") == "1. At (2, 3): ∇f(2, 3) = [2·2, 2·3] = [4, 6]"
    assert "2 \\cdot 2" in render(steps[-1], "latex")


def test_hessian_classification_follows_the_course_rule():
    def verdict(f, point=None):
        return hessian_steps(f, [x, y], point)[-1].after

    assert verdict(2 * x**2 + 3 * y**2 - x * y) == "minimum"
    assert verdict(-x**2 - y**2 + x * y) == "maximum"
    assert verdict(2 * x**2 - 2 * y**2, Vector((0, 0))) == "saddle"
    assert verdict(x**4 + y**2, Vector((0, 0))) == "inconclusive"  # a zero eigenvalue, no opposite sign
    assert verdict(x**4 - y**2, Vector((0, 0))) == "inconclusive"  # 0 and -2
    assert verdict(x**3 * y + x**2 - y**2, Vector((0, 0))) == "saddle"  # 2 and -2


def test_hessian_with_variables_left_stops_at_the_matrix():
    steps = hessian_steps(x**3 * y)
    assert steps[-1].rule == "hessian" and isinstance(steps[-1].after, Matrix)


def test_gradient_descent_records_every_iterate_and_keeps_exact_numbers():
    steps = gd_steps(x**2 + y**2, Vector((2, 3)), sp.Rational(1, 10), 3)
    iterates = steps[-1].parts["iterates"]
    assert len(iterates) == 4 and iterates[1] == Vector((sp.Rational(8, 5), sp.Rational(12, 5)), "(")
    assert iterates[3] == Vector((sp.Rational(128, 125), sp.Rational(192, 125)), "(")
    assert [u.rule for u in steps[-1].substeps] == ["gd_update"] * 3


def test_gradient_descent_shows_decimals_to_four_significant_digits():
    steps = gd_steps(sp.exp(x) - sp.log(x), sp.Float("0.05"), sp.Float("0.005"), 1)
    line = render(steps[-1].substeps[0], "unicode")
    assert line == "1. f′(0.05) = −18.95, so x₁ = x₀ − α·f′(x₀) = 0.05 − 0.005·(−18.95) = 0.1447"
    assert abs(float(steps[-1].after) - 0.144744) < 1e-5  # the value keeps its digits
    assert "0.14474" in render(steps, "unicode", digits=5)


def test_newton_in_several_variables_solves_h_d_equals_the_gradient():
    f = x**4 + y**2 + x * y
    steps = newton_steps(f, Vector((1, 1)), 1)
    update = steps[-1].substeps[0]
    h = sp.Matrix([list(r) for r in update.parts["hessian"].rows])
    d = sp.Matrix(list(update.parts["direction"].entries))
    assert h * d == sp.Matrix(list(update.parts["gradient"].entries))
    assert "solve H·d = ∇f" in render(update, "unicode")
    with pytest.raises(ValueError, match="singular"):
        newton_steps(x**3 + y**3, Vector((0, 0)), 1)


def test_backprop_factors_cancel_y_hat_one_minus_y_hat():
    steps = backprop_steps(network_221(), variable("w_11"))
    cancel = steps[-1]
    y_hat = variable("y_hat")
    assert cancel.rule == "cancel" and sp.expand(cancel.parts["common"] - y_hat * (1 - y_hat)) == 0
    x1, w1, a1, yy = (variable(n) for n in ("x_1", "w_1", "a_1", "y"))
    assert sp.expand(cancel.after - (-x1 * w1 * a1 * (1 - a1) * (yy - y_hat))) == 0
    factors = [s for s in steps if s.rule == "chain_factor"]
    assert [str(s.parts["wrt"]) for s in factors] == ["y_hat", "z", "a_1", "z_1", "w_11"]


def test_method_solutions_render_in_every_style_and_as_plain_data():
    import json

    f = 2 * x**2 + 3 * y**2 - x * y
    solutions = [hessian_steps(f), gd_steps(f, Vector((1, 1)), sp.Rational(1, 10), 2),
                 critical_point_steps(f), backprop_steps(network_221(), variable("w_11"))]
    for steps in solutions:
        for style in STEP_STYLES:
            text = render(steps, style)
            assert "{{" not in text and "None" not in text
            if style in ("text", "latex"):
                assert text.isascii(), style
        json.dumps([s.to_dict() for s in steps])


def test_plugin_rules_apply_inside_using_rules():
    sinh_rule = function_rule("custom", sp.cosh, "a plugin's sinh rule")
    plain = derivative_steps(sp.sinh(x), x)
    with using_rules({sp.sinh: sinh_rule}):
        ruled = derivative_steps(sp.sinh(x), x)
        inside = gradient_steps(sp.sinh(x * y), [x, y])
    assert plain.rule == "sinh" and ruled.rule == "custom"
    assert "custom" in inside[0].rules_used()
    assert derivative_steps(sp.sinh(x), x).rule == "sinh"  # only inside the block


def test_critical_points_of_the_sauna_and_of_least_squares():
    T = 85 - sp.Rational(1, 90) * x**2 * (x - 6) * y**2 * (y - 6)
    points = critical_point_steps(T, [x, y])[-1].after
    assert Vector((4, 4), "(") in points.items
    m, b = variable("m"), variable("b")
    E = (m + b - 2) ** 2 + (2 * m + b - 5) ** 2 + (3 * m + b - 3) ** 2
    assert critical_point_steps(E, [m, b])[-1].after == SetValue((Vector((half, sp.Rational(7, 3)), "("),))


def test_docs_steps_lists_every_rule():
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "steps.md").read_text(encoding="utf-8")
    for name in RULES:
        assert f"| `{name}` |" in doc, f"docs/steps.md does not list the rule {name}"
