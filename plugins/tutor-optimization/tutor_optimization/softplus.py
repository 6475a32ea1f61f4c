"""softplus(u) = ln(1 + eᵘ), the stable building block of log-loss on logits, and its
step rule: softplus′(u) = σ(u). Exercise files reach it through the operation
``softplus`` (the input language has no such function, so students never type it)."""

from __future__ import annotations

import sympy

from tutor.language.functions import sigma


class softplus(sympy.Function):  # noqa: N801  (printed as the function's name)
    """ln(1 + e^u); for large u it is u + ln(1 + e^(−u)), which does not overflow."""

    nargs = 1

    def fdiff(self, argindex=1):
        return sigma(self.args[0])

    def _eval_rewrite_as_log(self, u, **kwargs):
        return sympy.log(1 + sympy.exp(u))

    def _eval_evalf(self, precision):
        u = self.args[0]
        if not u.is_number:
            return None
        value = sympy.Max(u, 0) + sympy.log(1 + sympy.exp(-sympy.Abs(u)))
        return value.evalf(sympy.mpmath.libmp.prec_to_dps(precision))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return self.args[0].is_real


def softplus_value(u):
    """The operation softplus(u)."""
    return softplus(u)


def softplus_rule():
    """The step handler: softplus′(u) = σ(u), with the chain rule around it."""
    from tutor.steps import function_rule

    return function_rule("custom", sigma, "softplus′(u) = σ(u): d/du ln(1 + eᵘ) = eᵘ/(1 + eᵘ)")
