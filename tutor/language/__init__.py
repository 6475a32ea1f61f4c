"""The student input language: read text into SymPy values without evaluating it.

``parse(text, variables)`` is tokenize -> parse_tree -> build; ``to_text`` and
``to_unicode`` write a value back. Without declared variables (``variables=None``)
they are inferred as a maths book means them (12mb is 12*m*b); ``infer_variables``
says which.
"""

from __future__ import annotations

from tutor.language.build import Builder, variable
from tutor.language.nodes import first_columns
from tutor.language.parser import parse_tree
from tutor.language.printing import to_text, to_unicode
from tutor.language.values import Matrix, SetValue, Vector, first_rank, kind_of
from tutor.language.vocabulary import Vocabulary
from tutor.limits import DEFAULT_LIMITS, Limits

__all__ = ["parse", "parse_tree", "infer_variables", "to_text", "to_unicode", "variable", "Vocabulary",
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


def infer_variables(text: str, limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """The variables ``text`` uses when none are declared: x, y, z first, then the others
    as they first appear (14m^2 + 3b^2 gives m, b, as a book writes E(m, b)).

    ``parse(text)`` reads the text with exactly these; raises ParseError (an
    ambiguous form, an unknown function, ...) with the column of the problem.
    """
    columns = first_columns(parse_tree(text, Vocabulary.of(None), limits))
    return sorted(columns, key=lambda name: (first_rank(name), columns[name]))
