"""The step model: one Step per rule application, the built-in rules and the rules plugins add.

A Step records the rule, the expression before (being differentiated), the
expression after (its derivative), the variable, the bound pattern parts (f, g,
u, n, base, ...), a one-line reason and the substeps that justify it. A tree
evaluates itself: ``step.after`` is the derivative of ``step.before`` with
respect to ``step.variable``, built from the substeps' results.

Rules of kind "method" are the other steps of a worked solution (a gradient, a
Hessian, an eigenvalue, a gradient-descent update, ...): ``before`` is what the
step starts from, ``after`` what it gives (a value, vector, matrix, set or
word), and ``variable`` is None.

Every step of a tree has a level of detail (``substep_level``): 1 the method (the
top-level steps but the chain-rule factors of backpropagation, and the method steps
under them such as each update of an iteration or a classification), 2 the rules applied to non-trivial parts (each
partial derivative of a gradient or Hessian, a chain or product rule), 3 everything,
the trivial rules included (``is_trivial``: a constant, the variable itself, a sum, a
constant multiple of a power). A rendering at detail N shows the steps of level N or
less; a hidden step merges into its parent's line.

Plugins add method rules (``register_method_rules``, tutor.steps.method_rules): they live
in ``ADDED_RULES`` beside the built-in ``RULES``, and ``rule_named`` finds either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, NamedTuple

import sympy

from tutor.steps.formatting import as_text


class Rule(NamedTuple):
    """A documented rule: what it says, the parts a step of it binds, an example."""

    description: str
    parts: tuple
    example: str  # "expression -> derivative" in the input language, variable x
    kind: str = "derivative"  # or "method": a step of a worked solution that is not one derivative
    level: int = 2  # a method rule's level of detail below another method step: 1 part of the method, 2 working
    top_level: int = 1  # its level at the top of a solution (2: working whose result a later step shows)


RULES: dict[str, Rule] = {
    "constant": Rule("a number has derivative 0", (), "7 -> 0"),
    "variable": Rule("the variable itself has derivative 1", (), "x -> 1"),
    "treat_as_constant": Rule(
        "other variables are held constant: a term free of the variable has derivative 0; at the top "
        "of a partial derivative it names the variables held constant", ("constants",), "y^2 -> 0"),
    "sum": Rule("the derivative of a sum is the sum of the derivatives", ("terms",), "x^2 + x -> 2*x + 1"),
    "constant_multiple": Rule("a constant factor stays: (c·p)′ = c·p′", ("c", "p"), "5*x^2 -> 10*x"),
    "product": Rule("(p·q)′ = p′·q + p·q′ (and likewise for more factors)", ("p", "q"),
                    "x*sin(x) -> sin(x) + x*cos(x)"),
    "quotient": Rule("(p/q)′ = (p′·q − p·q′)/q²", ("p", "q"), "sin(x)/x -> (x*cos(x) - sin(x))/x^2"),
    "power": Rule("d/dx xⁿ = n·xⁿ⁻¹ for any constant n (negative and fractional too)", ("n",),
                  "x^3 -> 3*x^2"),
    "chain": Rule("d/dx F(u) = F′(u)·du/dx (∂ and the step's own variable where they apply): differentiate the "
                  "outer function at u, times the inner derivative",
                  ("u", "inner", "outer"), "sin(x^2) -> 2*x*cos(x^2)"),
    "general_power": Rule("a power f^g with the variable in both: f^g = e^(g·ln f), so (f^g)′ = f^g·(g·ln f)′",
                          ("f", "g", "rewritten"), "x^x -> x^x*(ln(x) + 1)"),
    "exp": Rule("d/dx eˣ = eˣ", (), "exp(x) -> exp(x)"),
    "exp_base": Rule("d/dx aˣ = aˣ·ln(a) for a constant base a", ("base",), "2^x -> 2^x*ln(2)"),
    "ln": Rule("d/dx ln(x) = 1/x", (), "ln(x) -> 1/x"),
    "log_base": Rule("d/dx log_b(x) = 1/(x·ln(b)); SymPy writes log_b(x) as ln(x)/ln(b)", ("base",),
                     "ln(x)/ln(2) -> 1/(x*ln(2))"),
    "sin": Rule("d/dx sin(x) = cos(x)", (), "sin(x) -> cos(x)"),
    "cos": Rule("d/dx cos(x) = −sin(x)", (), "cos(x) -> -sin(x)"),
    "tan": Rule("d/dx tan(x) = 1/cos²(x)", (), "tan(x) -> 1/cos(x)^2"),
    "asin": Rule("d/dx asin(x) = 1/√(1 − x²)", (), "asin(x) -> 1/sqrt(1 - x^2)"),
    "acos": Rule("d/dx acos(x) = −1/√(1 − x²)", (), "acos(x) -> -1/sqrt(1 - x^2)"),
    "atan": Rule("d/dx atan(x) = 1/(1 + x²)", (), "atan(x) -> 1/(1 + x^2)"),
    "sinh": Rule("d/dx sinh(x) = cosh(x)", (), "sinh(x) -> cosh(x)"),
    "cosh": Rule("d/dx cosh(x) = sinh(x)", (), "cosh(x) -> sinh(x)"),
    "tanh": Rule("d/dx tanh(x) = 1 − tanh²(x)", (), "tanh(x) -> 1 - tanh(x)^2"),
    "abs": Rule("d/dx |x| = sign(x), for x ≠ 0 (|x| has no derivative at 0)", (), "abs(x) -> x/abs(x)"),
    "sigmoid": Rule("d/dx σ(x) = σ(x)·(1 − σ(x))", (), "sigma(x) -> sigma(x)*(1 - sigma(x))"),
    "custom": Rule("a rule added by a plugin; its reason says what it does", (),
                   "erf(x) -> 2/sqrt(pi)*exp(-x^2)"),
    "no_rule": Rule("no step-by-step rule applies; the result is SymPy's", (), "f(x) -> Derivative(f(x), x)"),
    "simplify": Rule("the result rewritten in an equivalent, tidier form", ("unsimplified",),
                     "x*exp(x) -> (x + 1)*exp(x)"),
    # -- the steps of methods (kind "method"): before -> after is what the step computes
    "gradient": Rule("the gradient: one partial derivative per variable, the others held constant",
                     ("variables",), "x^2 + y^2 -> [2*x, 2*y]", "method", 1),
    "substitute": Rule("a value at a point: the point's coordinates replace the variables",
                       ("point", "substituted"), "[2*x, 2*y] at (2, 3) -> [4, 6]", "method"),
    "hessian": Rule("the Hessian: the matrix of second partial derivatives", ("variables",),
                    "2*x^2 + 3*y^2 - x*y -> [[4, -1], [-1, 6]]", "method", 1),
    "mixed_partials": Rule("mixed partial derivatives of a smooth function are equal: f_xy = f_yx",
                           ("first", "second"), "f_xy = -1 -> f_yx = -1", "method"),
    "characteristic_polynomial": Rule("the eigenvalues λ are the roots of det(H − λI)", ("lambda", "shifted"),
                                      "[[4, -1], [-1, 6]] -> lambda^2 - 10*lambda + 23", "method", 1),
    "eigenvalues": Rule("the roots of the characteristic polynomial", ("approximately", "numeric"),
                        "lambda^2 - 10*lambda + 23 -> {5 + sqrt(2), 5 - sqrt(2)}", "method", 1),
    "classify": Rule("all eigenvalues > 0: minimum; all < 0: maximum; mixed signs: saddle; a zero "
                     "eigenvalue without opposite signs: inconclusive", ("signs", "numeric"),
                     "{5 + sqrt(2), 5 - sqrt(2)} -> minimum", "method", 1),
    "factor": Rule("an equation factored: a product is 0 exactly when one of its factors is 0", (),
                   "3*x^2 - 12*x -> 3*x*(x - 4)", "method"),
    "solve_system": Rule("every partial derivative set to 0 at once, and the system solved", ("equations",),
                         "[2*x, 2*y] -> {(0, 0)}", "method", 1),
    "gradient_descent": Rule("repeat x_k = x_(k-1) − α·∇f(x_(k-1)) from the start point", ("rate", "iterates"),
                             "x^2 from 1, rate 1/4, 2 steps -> 1/4", "method", 1),
    "gd_update": Rule("one gradient-descent step: x_k = x_(k-1) − α·∇f(x_(k-1))",
                      ("previous", "current", "gradient", "rate"),
                      "x^2 at 1, rate 1/4 -> 1/2", "method", 1),
    "newton": Rule("Newton's method for optimisation: repeat x_k = x_(k-1) − f′(x_(k-1))/f″(x_(k-1)), "
                   "or solve H·d = ∇f and step x_k = x_(k-1) − d", ("iterates",),
                   "x^2 - 2*x from 5, 1 step -> 1", "method", 1),
    "newton_update": Rule("one Newton step: x − f′/f″ in one variable; in several, solve H·d = ∇f "
                          "(never invert H) and step x − d",
                          ("previous", "current", "gradient", "hessian", "direction"),
                          "x^2 - 2*x at 5 -> 1", "method", 1),
    "chain_factor": Rule("one factor of a chain rule through named quantities (z, a, ŷ, L): the local "
                         "derivative, written with the names", ("of", "wrt"),
                         "y_hat = sigma(z) -> y_hat*(1 - y_hat)", "method", 2, 2),
    "chain_product": Rule("the derivative of the loss is the product of the factors along the path "
                          "(summed over paths)", ("loss", "parameter", "path"),
                          "x1, y_hat*(1 - y_hat), -(y - y_hat)/(y_hat*(1 - y_hat)) -> -x1*(y - y_hat)", "method", 1),
    "cancel": Rule("common factors of numerator and denominator cancel", ("common",),
                   "y_hat*(1 - y_hat)*(y_hat - y)/(y_hat*(1 - y_hat)) -> y_hat - y", "method", 1),
}

ADDED_RULES: dict[str, Rule] = {}  # method rules plugins added (tutor.steps.method_rules), by name


def rule_named(name: str) -> Rule:
    """The rule called ``name``: a built-in one or one a plugin added."""
    rule = RULES.get(name) or ADDED_RULES.get(name)
    if rule is None:
        known = ", ".join([*RULES, *ADDED_RULES])
        raise ValueError(f"unknown step rule {name!r}; rules are: {known}")
    return rule


DERIVATIVE_RULES = tuple(name for name, rule in RULES.items() if rule.kind == "derivative")
METHOD_RULES = tuple(name for name, rule in RULES.items() if rule.kind == "method")

DETAIL_LEVELS = (1, 2, 3)  # the method; the rules applied to non-trivial parts; everything
FULL_DETAIL = DETAIL_LEVELS[-1]


def top_level(step: "Step") -> int:
    """The level of detail of a top-level step: 1, or 2 for working whose result a later step shows
    (the chain-rule factors of backpropagation, which their product lists)."""
    return rule_named(step.rule).top_level


def is_trivial(step: "Step") -> bool:
    """A rule a reader applies in their head: a constant (a term free of the variable too), the
    variable itself, a sum (its parts are shown), a power of the variable, a constant multiple of
    one of these. Below a derivative step it merges into its parent's line except at full detail."""
    if step.rule in ("constant", "variable", "sum"):
        return True
    if step.rule in ("treat_as_constant", "power"):
        return not step.substeps
    if step.rule == "constant_multiple":
        return all(is_trivial(sub) for sub in step.substeps)
    return False


def merges(parent: "Step", sub: "Step") -> bool:
    """True when ``sub`` merges into its parent's line below full detail: a trivial rule below a
    derivative (a partial derivative or a Hessian entry below a method step always has a line)."""
    return parent.is_derivative and parent.rule != "simplify" and sub.is_derivative and is_trivial(sub)


def substep_level(parent: "Step", level: int, sub: "Step") -> int:
    """The level of detail of ``sub``, a substep of ``parent``; ``level`` is the parent's, or for a
    parent that merges into its own parent, the level that one hands down (``handed_level``).

    What a simplify step tidies stands in its place, at its level; a derivative below a
    method step (a partial, a Hessian entry) is level 2; below a derivative, a trivial rule is
    level 3 and any other level 2; a method step below a method step has its rule's level.
    """
    if parent.rule == "simplify":
        return level
    if sub.is_derivative:
        return FULL_DETAIL if merges(parent, sub) else max(level, 2)
    return max(level, rule_named(sub.rule).level)


def handed_level(parent: "Step", level: int, sub: "Step") -> int:
    """The level ``sub`` hands down to its own substeps: its level, or when it merges into its
    parent's line, what its parent hands down (so the parts of a sum keep their own levels)."""
    return level if merges(parent, sub) else substep_level(parent, level, sub)


@dataclass
class Step:
    """One rule application: ``after`` is the derivative of ``before`` in ``variable``
    (for a method rule: what the step computes from ``before``; variable None)."""

    rule: str
    before: object
    after: object
    variable: sympy.Symbol | None
    parts: dict = field(default_factory=dict)
    reason: str = ""
    substeps: list = field(default_factory=list)
    function: str = field(default="f", compare=False)  # what the lines call the function: ∇T for T

    def __post_init__(self):
        missing = [name for name in rule_named(self.rule).parts if name not in self.parts]
        if missing:
            raise ValueError(f"a {self.rule} step needs the parts {', '.join(missing)}")
        self.parts = dict(self.parts)
        self.substeps = list(self.substeps)
        if not all(isinstance(s, Step) for s in self.substeps):
            raise TypeError("substeps must be Step objects")

    @property
    def is_derivative(self) -> bool:
        """True when ``after`` is the derivative of ``before`` (a derivative rule)."""
        return rule_named(self.rule).kind == "derivative"

    def walk(self) -> Iterator["Step"]:
        """This step and every substep, parents first."""
        yield self
        for sub in self.substeps:
            yield from sub.walk()

    def rules_used(self) -> set[str]:
        """The names of the rules anywhere in the tree."""
        return {step.rule for step in self.walk()}

    def to_dict(self, level: int | None = None, handed: int | None = None) -> dict:
        """Plain data (input-language text for expressions), e.g. for JSON; the whole tree, each
        step with its level of detail (``level`` this step's, by default a top-level step's;
        ``handed`` the level it hands down, when it merges into its parent's line)."""
        level = top_level(self) if level is None else level
        handed = level if handed is None else handed
        return {
            "rule": self.rule,
            "before": as_text(self.before),
            "after": as_text(self.after),
            "variable": None if self.variable is None else as_text(self.variable),
            "parts": {name: [as_text(v) for v in value] if isinstance(value, (tuple, list)) else as_text(value)
                      for name, value in self.parts.items()},
            "reason": self.reason,
            "level": level,
            "substeps": [sub.to_dict(substep_level(self, handed, sub), handed_level(self, handed, sub))
                         for sub in self.substeps],
            **({"function": self.function} if self.function != "f" else {}),
        }

    def named(self, function: str) -> "Step":
        """This step and its substeps, their lines calling the function ``function`` (∇T, T′)."""
        self.function = function
        for sub in self.substeps:
            sub.named(function)
        return self
