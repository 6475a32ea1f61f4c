"""Requirements on the form of an answer: expanded, factored, a single fraction, exact, ...

The value is judged first; a right value in the wrong form is then ``incorrect`` with
"right value, but not in the requested form: ...". Forms are judged on the answer as
written (its syntax tree: SymPy would already have multiplied 2(x + 1) out), and on its
value where the algebra decides (factored, simplified, in terms of σ).

    forms = read_forms(["expanded", {"sig-figs": 4}, {"in-terms-of": ["sigma"]}])
    form_problem(forms, tree, limits)    # None, or why the form is not the one asked for
"""

from __future__ import annotations

import re

from tutor.language import nodes

from tutor.checking.form_spec import (  # noqa: F401  (re-exported)
    _COUNTED, FORM_NAMES, MAX_DEGREE, MAX_FORM_DIGITS, PREFIX, PROMPT_WORDS, Form, parse_form_text, read_forms)

def relative_tolerance(forms, rtol: float) -> float:
    """sig-figs N with N < 3 accepts a value within half a unit of its N-th digit (from 3
    digits on, the checker's rule for correctly rounded decimals applies)."""
    for form in forms:
        if form.name == "sig-figs" and form.argument < 3:
            rtol = max(rtol, 0.5 * 10.0 ** (1 - form.argument))
    return rtol


def places(forms, given):
    """decimal-places N judges the value to N places, unless places are set already."""
    if given is not None:
        return given
    return next((form.argument for form in forms if form.name == "decimal-places"), None)


def written_answer(forms, value) -> str | None:
    """A constant written as sig-figs N or decimal-places N ask (for showing the expected
    answer); None when no such form is set or the value is not a real constant."""
    import sympy  # here, not at the top: reading forms (tutor list) needs no SymPy
    form = next((f for f in forms if f.name in _COUNTED), None)
    if form is None or not isinstance(value, sympy.Expr) or value.free_symbols:
        return None
    try:
        number = float(value.evalf(30))
    except (TypeError, ValueError):
        return None
    if form.name == "decimal-places":
        return f"{number:.{form.argument}f}"
    text = f"{number:.{form.argument}g}" if number else "0"
    text, _, exponent = text.partition("e")  # 6.94e-05 is written 6.94e-5
    digits = _significant_digits(text)
    if digits < form.argument:  # 2.5 to 3 significant figures is 2.50
        text += ("" if "." in text else ".") + "0" * (form.argument - digits)
    return f"{text}e{int(exponent)}" if exponent else text


def form_problem(forms, tree, value, limits, expected=None) -> str | None:
    """Why the answer (its syntax tree and value) is not in every requested form, or None.
    ``expected`` (a number) lets a decimal that is exactly right leave off its last zeros."""
    if not forms or tree is None:
        return None
    entries = list(_expression_trees(tree))
    for form in forms:
        for entry in entries:
            check = _CHECKS[form.name]
            reason = check(form, entry, limits, expected) if form.name in _COUNTED else check(form, entry, limits)
            if reason:
                return reason
    return None


def _expression_trees(tree):
    """The expressions of an answer: the entries of a vector or matrix, the sides of an equation."""
    if isinstance(tree, (nodes.Sequence, nodes.Logic)):
        for item in tree.items:
            yield from _expression_trees(item)
    elif isinstance(tree, nodes.Relation):
        yield from tree.operands
    elif isinstance(tree, nodes.Interval):
        yield from (tree.low, tree.high)
    else:
        yield tree


def _walk(tree, into_calls: bool = True):
    """Every node of an expression tree (without recursion); optionally not inside functions."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, nodes.BinaryOp):
            stack.extend((node.left, node.right))
        elif isinstance(node, nodes.Negate):
            stack.append(node.operand)
        elif isinstance(node, nodes.Call) and into_calls:
            stack.extend(node.args)


def _is_decimal(node) -> bool:
    return isinstance(node, nodes.Number) and any(c in node.text for c in ".eE")


def _is_sum(node) -> bool:
    while isinstance(node, nodes.Negate):
        node = node.operand
    return isinstance(node, nodes.BinaryOp) and node.op in "+-"


def _build(tree, limits):
    from tutor.language.build import Builder

    return Builder(limits).expression(tree)


def _exact(form, tree, limits):
    if any(_is_decimal(node) for node in _walk(tree)):
        return "give an exact answer, without decimals"
    return None


def _number_text(tree) -> str | None:
    if isinstance(tree, nodes.Negate):
        tree = tree.operand
    return tree.text if isinstance(tree, nodes.Number) else None


def _significant_digits(text: str) -> int:
    mantissa = re.split("[eE]", text)[0].lstrip("+-")
    digits = mantissa.replace(".", "").lstrip("0")
    if "." not in mantissa:
        digits = digits.rstrip("0") or digits
    return len(digits)


def _sig_figs(form, tree, limits, expected=None):
    text = _number_text(tree)
    if text is not None and _significant_digits(text) < form.argument and _exactly(tree, expected, limits):
        return None  # -0.75 is -0.750 with its zeros left off
    if text is None or _significant_digits(text) != form.argument:
        return f"give a decimal with {form.argument} significant figures"
    return None


def _exactly(tree, expected, limits) -> bool:
    """Whether a number as written is exactly the expected value (no rounding in it)."""
    import sympy  # here, not at the top: reading forms (tutor list) needs no SymPy
    if not isinstance(expected, sympy.Expr) or not expected.is_number:
        return False
    try:
        written = sympy.Rational(_number_text(tree).lstrip("+-")) * (-1 if isinstance(tree, nodes.Negate) else 1)
        return bool(abs(written - expected).evalf(30) < sympy.Float(10) ** -25)
    except (TypeError, ValueError):
        return False


def _decimal_places(form, tree, limits, expected=None):
    text = _number_text(tree)
    mantissa = re.split("[eE]", text)[0] if text else ""
    places = len(mantissa.partition(".")[2]) if "." in mantissa else 0
    if text is not None and places < form.argument and "e" not in text.lower() and _exactly(tree, expected, limits):
        return None  # 2.5 is 2.50 with its zero left off
    if text is None or places != form.argument or ("e" in text.lower()):
        return f"give a decimal with {form.argument} decimal places"
    return None


def _expanded(form, tree, limits):
    for node in _walk(tree):
        if isinstance(node, nodes.BinaryOp) and node.op == "*" and (_is_sum(node.left) or _is_sum(node.right)):
            return "multiply out every product of sums"
        if isinstance(node, nodes.BinaryOp) and node.op == "^" and _is_sum(node.left) \
                and isinstance(node.right, nodes.Number) and not _is_decimal(node.right) and int(node.right.text) > 1:
            return "multiply out every power of a sum"
        if isinstance(node, nodes.Negate) and _is_sum(node.operand):
            return "multiply out the minus sign in front of the brackets"
    return None


def _has_division(tree) -> bool:
    for node in _walk(tree, into_calls=False):
        if isinstance(node, nodes.BinaryOp) and node.op == "/":
            return True
        if isinstance(node, nodes.BinaryOp) and node.op == "^" and isinstance(node.right, nodes.Negate):
            return True
    return False


def _single_fraction(form, tree, limits):
    top = tree
    while isinstance(top, nodes.Negate):
        top = top.operand
    if isinstance(top, nodes.BinaryOp) and top.op == "/":
        if not _has_division(top.left) and not _has_division(top.right):
            return None
    elif not _has_division(top):
        return None
    return "write it as a single fraction, one numerator over one denominator"


def _polynomial(tree, limits):
    """The value of an entry as a polynomial of bounded degree over the rationals, or None."""
    import sympy  # here, not at the top: reading forms (tutor list) needs no SymPy
    value = _build(tree, limits)
    symbols = sorted(value.free_symbols, key=str)
    if not symbols or value.has(sympy.Float) or not value.is_polynomial(*symbols):
        return None
    try:
        polynomial = sympy.Poly(value, *symbols)
    except sympy.PolynomialError:
        return None
    if polynomial.total_degree() > MAX_DEGREE or not polynomial.domain.is_QQ and not polynomial.domain.is_ZZ:
        return None
    return polynomial


def _irreducible(polynomial) -> bool:
    coefficient, factors = polynomial.factor_list()
    return abs(coefficient) == 1 and len(factors) == 1 and factors[0][1] == 1


def _factored(form, tree, limits):
    from tutor.checking.equivalence import expansion_size

    value = _build(tree, limits)
    if expansion_size(value) > limits.max_expansion:
        return None
    pieces = [tree] if _is_sum(tree) else [n for n in _factors(tree) if _is_sum(n)]
    for piece in pieces:
        polynomial = _polynomial(piece, limits)
        if polynomial is not None and polynomial.total_degree() >= 1 and not _irreducible(polynomial):
            return "factor it completely"
    return None


def _factors(tree):
    """The factors of a product as written (through *, /, powers and minus signs)."""
    stack, found = [tree], []
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.Negate):
            stack.append(node.operand)
        elif isinstance(node, nodes.BinaryOp) and node.op in "*/":
            stack.extend((node.left, node.right))
        elif isinstance(node, nodes.BinaryOp) and node.op == "^":
            stack.append(node.left)
        else:
            found.append(node)
    return found


def _in_terms_of(form, tree, limits):
    import sympy  # here, not at the top: reading forms (tutor list) needs no SymPy
    from tutor.language.build import FUNCTION_MEANINGS, variable

    value = _build(tree, limits)
    for name in form.argument:
        meaning = FUNCTION_MEANINGS.get(name)
        shown = "σ" if name == "sigma" else name
        if name == "sigma" and (value.has(sympy.exp) or any(p.base is sympy.E for p in value.atoms(sympy.Pow))):
            return f"write it in terms of {shown}, without exponentials"
        if meaning is not None and not value.has(meaning):
            return f"write it in terms of {shown}"
        if meaning is None and variable(name) not in value.free_symbols:
            return f"write it in terms of {name}"
    return None


def _simplified(form, tree, limits):
    import sympy  # here, not at the top: reading forms (tutor list) needs no SymPy
    from tutor.checking.equivalence import expansion_size

    value = _build(tree, limits)
    if value.has(sympy.Derivative):
        return "work out the derivative"
    top = tree
    while isinstance(top, nodes.Negate):
        top = top.operand
    written_terms = _term_count(top)
    if written_terms > 1 and (len(value.args) if value.is_Add else 1) < written_terms:
        return "collect like terms"
    symbols = sorted(value.free_symbols, key=str)
    if symbols and not value.has(sympy.Float) and value.is_rational_function(*symbols) \
            and expansion_size(value) <= limits.max_expansion:
        numerator, denominator = sympy.fraction(sympy.together(value))
        if denominator.free_symbols and sympy.gcd(numerator, denominator).free_symbols:
            return "cancel the common factor"
    return None


def _term_count(tree) -> int:
    count, stack = 0, [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.BinaryOp) and node.op in "+-":
            stack.extend((node.left, node.right))
        else:
            count += 1
    return count


_CHECKS = {"expanded": _expanded, "factored": _factored, "single-fraction": _single_fraction, "exact": _exact,
           "sig-figs": _sig_figs, "decimal-places": _decimal_places, "in-terms-of": _in_terms_of,
           "simplified": _simplified}


def stated_forms(prompt: str) -> set:
    """The forms a prompt's words ask for ("expand", "4 significant figures", "in terms of σ")."""
    text = prompt.lower()
    return {name for name, words in PROMPT_WORDS.items() if re.search(words, text)}


def prompt_problem(prompt: str, forms) -> str | None:
    """Why a prompt and the declared forms disagree (None when they agree), for validate:
    a declared form the prompt does not state, or a form the prompt asks for ("expand",
    "3 significant figures") that is not declared."""
    stated = stated_forms(prompt)
    declared = {form.name for form in forms}
    missing = [str(form) for form in forms if form.name not in stated]
    if missing:
        return f"the answer requires the form {', '.join(missing)}, but the prompt does not say so"
    undeclared = sorted(stated - declared)
    if undeclared:
        return f"the prompt asks for the form {', '.join(undeclared)}, but answer.form does not declare it"
    return None
