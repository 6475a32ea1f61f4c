"""SymPy functions the input language adds: the logistic sigmoid."""

from __future__ import annotations

import sympy


class sigma(sympy.Function):  # noqa: N801  (printed as the student writes it)
    """The logistic function sigma(z) = 1 / (1 + e^-z), with sigma' = sigma (1 - sigma)."""

    nargs = 1

    @classmethod
    def eval(cls, z):
        if z.is_zero:
            return sympy.S.Half
        return None

    def fdiff(self, argindex=1):
        return sigma(self.args[0]) * (1 - sigma(self.args[0]))

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + sympy.exp(-z))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return self.args[0].is_real

    def _eval_evalf(self, prec):
        return (1 / (1 + sympy.exp(-self.args[0]))).evalf(prec)
