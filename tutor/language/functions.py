"""SymPy functions the input language adds: the logistic sigmoid."""

from __future__ import annotations

import functools

import sympy
from sympy.core import evalf as sympy_evalf

REMEMBERED_VALUES = 4096  # numeric values of sigma kept (evalf asks for the same ones again and again)


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
        return _value(self.args[0], prec)


@functools.lru_cache(maxsize=REMEMBERED_VALUES)
def _value(z, prec: int):
    """sigma(z) evaluated (SymPy's evalf retries a sum at rising precisions, and the same
    sigma(z) recurs in a network's expressions: each is computed once)."""
    return (1 / (1 + sympy.exp(-z))).evalf(prec)


def _evalf_parts(x, prec: int, options: dict):
    """What SymPy's evalf makes of a function it has no entry for (the real and imaginary
    parts of ``_eval_evalf``'s value, with their precisions), without building re() and im()
    of a real number: those are cached under the number's hash, which every precision of
    one value shares, so each lookup compares dozens of entries."""
    if "subs" in options:
        x = x.subs(sympy_evalf.evalf_subs(prec, options["subs"]))
    value = x._eval_evalf(prec)
    if isinstance(value, sympy.Float):
        return (value._as_mpf_val(prec), None, prec, None) if value else (None, None, None, None)
    if value is None or getattr(value, "as_real_imag", None) is None:
        raise NotImplementedError
    real, imaginary = value.as_real_imag()
    if real.has(sympy.re) or imaginary.has(sympy.im):
        raise NotImplementedError
    parts = []
    for part in (real, imaginary):
        if not part:
            parts.append((None, None))
        elif part.is_number:
            parts.append((part._to_mpmath(prec, allow_ints=False)._mpf_, prec))
        else:
            raise NotImplementedError
    (re_value, re_prec), (im_value, im_prec) = parts
    return re_value, im_value, re_prec, im_prec


def _register_evalf() -> None:
    """Give sigma its entry in SymPy's evalf table (built on first use, so built here first)."""
    if not sympy_evalf.evalf_table:
        sympy_evalf._create_evalf_table()
    sympy_evalf.evalf_table[sigma] = _evalf_parts


_register_evalf()
