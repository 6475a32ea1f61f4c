"""The student input language: read text into SymPy values without evaluating it.

``parse(text, variables)`` is tokenize -> parse_tree -> build; ``to_text`` and
``to_unicode`` write a value back.
"""

from __future__ import annotations

from tutor.language.build import Builder, variable
from tutor.language.parser import parse_tree
from tutor.language.printing import to_text, to_unicode
from tutor.language.values import Matrix, SetValue, Vector, kind_of
from tutor.language.vocabulary import Vocabulary
from tutor.limits import DEFAULT_LIMITS, Limits

__all__ = ["parse", "parse_tree", "to_text", "to_unicode", "variable", "Vocabulary",
           "Vector", "Matrix", "SetValue", "kind_of"]


def parse(text: str, variables=None, limits: Limits = DEFAULT_LIMITS, written: dict | None = None):
    """Read ``text`` as an answer over ``variables`` (None: any name is a variable).

    Returns a SymPy expression, or a Vector, Matrix or SetValue of them; raises
    ParseError (LimitError for a limit) with the column of the problem. Pass a
    dict as ``written`` to learn how each decimal was written (id -> "1.30"),
    which its value alone forgets.
    """
    vocabulary = variables if isinstance(variables, Vocabulary) else Vocabulary.of(variables)
    return Builder(limits, written=written).build(parse_tree(text, vocabulary, limits))
