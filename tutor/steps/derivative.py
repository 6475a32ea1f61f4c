"""Step-by-step derivatives: ``derivative_steps(expr, x)`` builds the Step tree.

Rules are chosen by dispatch on the expression's type (see tutor.steps.registry):
Add -> sum, Mul -> constant_multiple / quotient / product (or log_base),
Pow -> power / exp_base / general_power (with the chain rule around them), and
one rule per elementary function. Results are left unsimplified but correct; an
expression no rule covers gets an honest no_rule step carrying SymPy's result.
"""

from __future__ import annotations

from functools import lru_cache

import sympy

from tutor.steps.chain import chain_step
from tutor.steps.formatting import as_text
from tutor.language.functions import sigma
from tutor.steps.functions import FUNCTION_RULES
from tutor.steps.model import Step
from tutor.steps.numbers import as_number
from tutor.steps.registry import find_handler, registered_rules, rules_in_use

_PART_NAMES = ("p", "q", "r")  # not f, g (a problem names its own functions so) nor u (the chain rule's)


def derivative_steps(expr, variable, rules: dict | None = None, simplify: bool = False) -> Step:
    """The steps of d(expr)/d(variable); ``step.after`` is the derivative.

    ``rules`` maps SymPy classes to extra handlers (e.g. a Registry's
    step_rules; rules set with ``using_rules`` come next); ``simplify`` adds
    a final simplify step when SymPy finds a tidier equivalent form. Other
    symbols are held constant (a partial derivative); symbols are real.
    """
    expr = _as_expression(expr)
    if not isinstance(variable, sympy.Symbol):
        raise TypeError(f"differentiate with respect to a symbol, not {variable!r}")
    tables = (rules or {}, rules_in_use(), registered_rules(), BUILTIN_RULES)

    def recurse(sub, var):
        return _steps(_as_expression(sub), var, tables, recurse)

    step = recurse(expr, variable)
    others = expr.free_symbols - {variable}
    if variable in expr.free_symbols and others:
        constants = tuple(sorted(others, key=str))
        names = ", ".join(map(str, constants))
        step = Step("treat_as_constant", expr, step.after, variable, {"constants": constants},
                    f"partial derivative: {names} held constant", [step])
    if simplify:
        step = _with_simplify(step)
    return step


def _as_expression(value):
    if isinstance(value, bool) or not isinstance(value, (sympy.Expr, int, float)):
        raise TypeError(f"cannot differentiate {value!r}: not a SymPy expression")
    return as_number(value)


def _steps(expr, variable, tables, recurse) -> Step:
    if variable not in expr.free_symbols:
        return _constant(expr, variable)
    if expr == variable:
        return Step("variable", expr, sympy.S.One, variable, {}, "d/dx x = 1")
    handler = find_handler(expr, tables)
    if handler is None:
        return no_rule(expr, variable)
    step = handler(expr, variable, recurse)
    if not isinstance(step, Step):
        raise TypeError(f"the step rule for {type(expr).__name__} returned {step!r}, not a Step")
    return step


def _constant(expr, variable) -> Step:
    if not expr.free_symbols:
        return Step("constant", expr, sympy.S.Zero, variable, {}, "a constant has derivative 0")
    constants = tuple(sorted(expr.free_symbols, key=str))
    return Step("treat_as_constant", expr, sympy.S.Zero, variable, {"constants": constants},
                f"no {variable} in it: a constant, derivative 0")


def no_rule(expr, variable) -> Step:
    """An honest step for what no rule covers: SymPy's derivative, unexplained."""
    head = expr.func.__name__ if isinstance(expr, sympy.Function) else type(expr).__name__
    try:
        after = sympy.diff(expr, variable)
    except Exception:  # noqa: BLE001 - an exotic object SymPy cannot differentiate: say so, unevaluated
        after = sympy.Derivative(expr, variable)
    return Step("no_rule", expr, after, variable, {},
                f"no step-by-step rule for {head}; SymPy's result")


def sum_rule(expr, variable, recurse) -> Step:
    subs = [recurse(term, variable) for term in expr.args]
    return Step("sum", expr, sympy.Add(*[s.after for s in subs]), variable, {"terms": expr.args},
                "(p + q)′ = p′ + q′", subs)


def mul_rule(expr, variable, recurse) -> Step:
    """constant_multiple, log_base, quotient or product, in that order."""
    constants = [a for a in expr.args if variable not in a.free_symbols]
    factors = [a for a in expr.args if variable in a.free_symbols]
    base = _log_base(constants, factors)
    if base is not None:
        rest = sympy.Mul(*constants) * sympy.log(base)
        if rest == 1:
            return log_base_rule(expr, variable, recurse, factors[0].args[0], base)
        return constant_multiple(expr, variable, recurse, rest, sympy.log(factors[0].args[0]) / sympy.log(base))
    if constants:
        return constant_multiple(expr, variable, recurse, sympy.Mul(*constants), sympy.Mul(*factors))
    denominators = [f for f in factors if _is_reciprocal(f)]
    if denominators and (len(denominators) < len(factors) or len(denominators) > 1):
        numerator = sympy.Mul(*[f for f in factors if not _is_reciprocal(f)])
        denominator = sympy.Mul(*[f.base ** -f.exp for f in denominators])
        return quotient(expr, variable, recurse, numerator, denominator)
    return product(expr, variable, recurse, factors)


def _is_reciprocal(factor) -> bool:
    return factor.is_Pow and factor.exp.is_number and bool(factor.exp.is_negative)


def _log_base(constants, factors):
    """b when the product is ln(u)/ln(b) (times constants), else None."""
    if len(factors) != 1 or not isinstance(factors[0], sympy.log):
        return None
    for c in constants:
        if c.is_Pow and c.exp == -1 and isinstance(c.base, sympy.log):
            return c.base.args[0]
    return None


def log_base_rule(expr, variable, recurse, argument, base) -> Step:
    """d/dx ln(u)/ln(b): log_base at the variable, the chain rule around it otherwise."""
    if argument != variable:
        return chain_step(expr, variable, recurse, argument, lambda u: sympy.log(u) / sympy.log(base))
    return Step("log_base", expr, 1 / (variable * sympy.log(base)), variable, {"base": base},
                "log_b′(u) = 1/(u·ln(b))")


def constant_multiple(expr, variable, recurse, c, p) -> Step:
    sub = recurse(p, variable)
    return Step("constant_multiple", expr, c * sub.after, variable, {"c": c, "p": p}, "(c·p)′ = c·p′", [sub])


def quotient(expr, variable, recurse, p, q) -> Step:
    dp, dq = recurse(p, variable), recurse(q, variable)
    after = (dp.after * q - p * dq.after) / q**2
    return Step("quotient", expr, after, variable, {"p": p, "q": q}, "(p/q)′ = (p′·q − p·q′)/q²", [dp, dq])


def product(expr, variable, recurse, factors) -> Step:
    subs = [recurse(f, variable) for f in factors]
    terms = [sympy.Mul(*[s.after if j == i else f for j, f in enumerate(factors)]) for i, s in enumerate(subs)]
    names = [*_PART_NAMES, *(f"p{k}" for k in range(len(_PART_NAMES) + 1, len(factors) + 1))]
    parts = dict(zip(names, factors))
    reason = "(p·q)′ = p′·q + p·q′" if len(factors) == 2 else "one factor differentiated at a time, then added"
    return Step("product", expr, sympy.Add(*terms), variable, parts, reason, subs)


def pow_rule(expr, variable, recurse) -> Step:
    """power (chain around it), exp_base (a^u) or general_power (f^g)."""
    base, exponent = expr.base, expr.exp
    if variable not in exponent.free_symbols:
        if base != variable:
            return chain_step(expr, variable, recurse, base, lambda u: u**exponent)
        return Step("power", expr, exponent * variable ** (exponent - 1), variable, {"n": exponent},
                    "(xⁿ)′ = n·xⁿ⁻¹")
    if variable not in base.free_symbols:
        if exponent != variable:
            return chain_step(expr, variable, recurse, exponent, lambda u: base**u)
        return Step("exp_base", expr, expr * sympy.log(base), variable, {"base": base}, "(aˣ)′ = aˣ·ln(a)")
    rewritten = exponent * sympy.log(base)
    sub = recurse(rewritten, variable)
    return Step("general_power", expr, expr * sub.after, variable,
                {"f": base, "g": exponent, "rewritten": sympy.exp(rewritten, evaluate=False)},
                "f^g = e^(g·ln f), so (f^g)′ = f^g·(g·ln f)′", [sub])


def _with_simplify(step: Step) -> Step:
    """``step`` under a simplify step, when a tidier form (or the σ form of a logistic) differs in print."""
    logistic = _sigmoid_form(step.before, step.variable)
    if logistic is not None:
        return Step("simplify", step.before, logistic, step.variable,
                    {"unsimplified": step.after, "form": "sigmoid"},
                    "1/(1 + e^(−u)) is σ(u), and e^(−u)/(1 + e^(−u))² = σ(u)·(1 − σ(u)) (add and subtract 1)",
                    [step])
    tidy = _tidy(step.after)
    if tidy is None or tidy == step.after or _printed(tidy) == _printed(step.after):
        return step
    return Step("simplify", step.before, tidy, step.variable, {"unsimplified": step.after},
                "an equivalent, tidier form", [step])


def _printed(expr) -> str:
    return as_text(expr)


def _sigmoid_form(expr, variable):
    """u′·σ(u)·(1 − σ(u)) when ``expr`` is the logistic function 1/(1 + e^(−u)) of u, else None."""
    if not (expr.is_Pow and expr.exp == -1 and expr.base.is_Add and len(expr.base.args) == 2):
        return None
    one, power = sorted(expr.base.args, key=lambda a: not a.is_Number)
    if one != 1 or not isinstance(power, sympy.exp):
        return None
    u = -power.args[0]
    return sigmoid_ordered(sympy.diff(u, variable) * sigma(u) * (1 - sigma(u)))


def sigmoid_ordered(expr):
    """k·σ(u)·(1 − σ(u)) written in the course's order (SymPy sorts 1 − σ(u) first); else ``expr``."""
    if not isinstance(expr, sympy.Mul):
        return expr
    for factor in expr.args:
        if isinstance(factor, sigma) and 1 - factor in expr.args:
            rest = [a for a in expr.args if a not in (factor, 1 - factor)]
            return sympy.Mul(*rest, factor, 1 - factor, evaluate=False)
    return expr


_TIDY_LIMIT = 80


@lru_cache(maxsize=1024)
def _tidy(expr):
    """The shortest of a few SymPy rewrites that brings in no new function, or None."""
    if sympy.count_ops(expr) > _TIDY_LIMIT:  # factoring can take seconds on big expressions
        return None
    functions = {type(f) for f in expr.atoms(sympy.Function)}
    candidates = []
    # sympy.simplify is left out: it costs tenths of a second a call and, on the course's
    # derivatives, almost never beats these three
    for rewrite in (sympy.factor_terms, sympy.cancel, sympy.factor):
        try:
            tidy = rewrite(expr)
        except (sympy.PolynomialError, NotImplementedError, TypeError, ValueError):
            continue
        if {type(f) for f in tidy.atoms(sympy.Function)} <= functions:
            candidates.append(tidy)
    best = min(candidates, key=_size, default=None)
    return best if best is not None and _size(best) < _size(expr) else None


@lru_cache(maxsize=4096)
def _size(expr):
    return (sympy.count_ops(expr), len(str(expr)))


BUILTIN_RULES = {sympy.Add: sum_rule, sympy.Mul: mul_rule, sympy.Pow: pow_rule, **FUNCTION_RULES}
