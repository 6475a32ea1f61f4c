"""Step-by-step solutions: a Step model, differentiation steps, and rendering.

    from tutor.steps import derivative_steps, render
    step = derivative_steps(x**2 * sin(x), x)
    step.after                # the derivative, built from the steps
    render(step, "unicode")   # numbered, indented steps with reasons
    render(step, detail=1)    # the method only (2: and the non-trivial rules; 3, the default: all)

Worked solutions of the course's methods are lists of steps: gradient_steps,
hessian_steps (eigenvalues, classification), critical_point_steps, gd_steps,
newton_steps and backprop_steps (perceptron, 2-2-1 network).

Plugins add rules for new functions with ``register_rule(cls, handler)`` (or the
``register_step_rules`` hook, whose rules apply inside ``using_rules(registry.step_rules)``);
``function_rule`` builds a handler from F′. Plugins add method rules (the other steps of a
worked solution: an antiderivative table entry, a limit law) with the
``register_method_rules`` hook (tutor.steps.method_rules).
"""

from tutor.steps.chain import chain_step, fresh_symbol
from tutor.steps.derivative import derivative_steps, no_rule
from tutor.steps.functions import function_rule
from tutor.steps.model import RULES, Rule, Step
from tutor.steps.registry import register_rule, registered_rules, rules_in_use, unregister_rule, using_rules
from tutor.steps.render import render, step_lines  # the function, not the module of the same name
from tutor.steps.gradient import gradient_steps
from tutor.steps.hessian import hessian_steps
from tutor.steps.critical import critical_point_steps
from tutor.steps.descent import gd_steps, iterates_of
from tutor.steps.newton import newton_steps
from tutor.steps.backprop import MODELS, backprop_steps

__all__ = ["Step", "Rule", "RULES", "derivative_steps", "register_rule", "unregister_rule",
           "registered_rules", "using_rules", "rules_in_use", "function_rule", "chain_step", "fresh_symbol",
           "no_rule", "render", "step_lines", "gradient_steps", "hessian_steps", "critical_point_steps", "gd_steps",
           "newton_steps", "backprop_steps", "iterates_of", "MODELS"]
