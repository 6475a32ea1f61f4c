#!/usr/bin/env python3
"""Syntax trees (or errors) of one tutor source tree on a large corpus of texts, to compare two
branches' parsers text by text.

    python bench/compare_parses.py --root /path/to/tutor-checkout --out parses.json [--seed 1 2 ...]
    python bench/compare_parses.py --diff a.json b.json

The corpus (built by this checkout, the same for every --root): check_bench's answer and expected
texts for each seed, each read with its item's variables (and as an equation or interval);
every string constant in the Python files under tests/ and bench/ and every string in the
exercise files, each read with several vocabularies and limits; and random texts made of the
input language's characters and tokens mixed with junk (seeded). For each text and context the
output holds the tree's repr, or the error's class, message and column. --diff lists the texts
whose results differ; exit status 1 if any do.
"""

from __future__ import annotations

import ast
import glob
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKOUT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from compare_verdicts import arguments, differences  # noqa: E402  (this folder, put on the path above)

# contexts a text from tests, exercises or the fuzzer is read in: (variables, forms, relations, exercise, limits)
CONTEXTS = {
    "plain": (None, False, False, False, None),
    "x": (("x",), False, False, False, None),
    "xyzab": (("x", "y", "z", "a", "b"), False, False, False, None),
    "xy-forms": (("x", "y"), True, False, False, None),
    "x-relations-exercise": (("x", "n"), False, True, True, None),
    "plain-forms": (None, True, False, False, None),
    "x-small-limits": (("x", "y"), False, False, False, {"max_depth": 4, "max_degree": 3, "max_length": 60}),
}
LANGUAGE = "0123456789.eE+-*/^()[]{},  xyzabpi_" "·×⋅−÷²³⁻¹√πλαβθσημ₁ŷ∞≤≥∪∩=<>!'′"
JUNK = "'\"`\\;:!@#$%&|~?\n\t\r\x00\u200b\u202e\ufeff😀_\u00a0\u3000"
TOKENS = [
    "x", "y", "z", "a", "b", "2", "0", "1", "10", "0.5", ".5", "5.", "1e-3", "2.5E4", "1e", "2e", "1.2.3", "e", "pi",
    "π", "+", "-", "*", "/", "^", "**", "(", ")", "[", "]", "{", "}", ",", " ", " ", "²", "³", "⁻¹", "√", "·", "−",
    "exp", "ln", "log", "sqrt", "abs", "sin", "cos", "tan", "sinh", "sigma", "σ", "λ", "x_1", "x₁", "y_hat", "ŷ",
    "alpha", "lambda", "sin^2", "sin²", "log(", "sqrt(", "relu", "xy", "xsin", "2pix", "x_", "oo", "∞", "and", "or",
    "U", "∪", "∩", "=", "==", "<", "<=", ">=", "!=", "≤", "!", "e^", "^-", "1/", "x^1/", "(x+1)", "[1, 2]", "(0, 1]",
]
# operands and operators alternated, so that most of these texts read (and the rules on ambiguous
# forms, e^2x, 1/2x, x^1/2, are met inside larger answers)
OPERANDS = ["x", "y", "2", "0.5", "e", "pi", "π", "(x+1)", "(x - y)", "sin(x)", "x^2", "2x", "e^2x", "e^-3x^2", "1/2x",
            "x^1/2", "x^-1/2", "2^3x", "√x", "√(x+1)", "x²", "x⁻¹", "sin²(x)", "sin^2(x)", "-x", "+2", "3.5e-2", "ŷ",
            "σ(z)", "x₁", "w_11", "xy", "2xy", "xsin(x)", "[1, 2]", "{1, x}", "(1, 2)", "(x, y]", "exp(-x)", "ln(x)",
            "log(x, 2)", "abs(x)", "e^(2x)", "(2x)^3", "x^y^2", "2 x", "e^2 x", "1/2 x", "oo", "-oo", "z", "a", "b"]
OPERATORS_ = ["+", "-", "*", "/", "^", "", " ", "·", "**", " + ", " - ", "×", "−", "=", " < ", " <= ", ", ", " and ",
              " or ", " U "]


def _strings(value, found: set) -> None:
    if isinstance(value, str):
        found.add(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            _strings(k, found)
            _strings(v, found)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            _strings(v, found)


def corpus(seeds, count: int) -> list[tuple[str, str, tuple | None, bool]]:
    """(key, text, variables or None, forms) for check_bench's items, and (key, text, context, None) for the rest."""
    import check_bench
    import yaml

    items = []
    for seed in seeds:
        seen = set()
        for i, item in enumerate(check_bench.generate(count, seed)):
            for role, text in (("answer", item.answer), ("expected", item.expected)):
                for forms in (False, True):
                    if (text, item.variables, forms) not in seen:
                        seen.add((text, item.variables, forms))
                        items.append((f"{seed}:{i}:{role}:{forms}", text, item.variables, forms))
    texts: set[str] = set()
    for path in sorted(glob.glob(os.path.join(CHECKOUT, "tests", "**", "*.py"), recursive=True)
                       + glob.glob(os.path.join(CHECKOUT, "bench", "*.py"))
                       + glob.glob(os.path.join(CHECKOUT, "plugins", "*", "tests", "**", "*.py"), recursive=True)):
        for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.add(node.value)
    for path in sorted(glob.glob(os.path.join(CHECKOUT, "**", "*.yaml"), recursive=True)):
        if "/.venv/" in path:
            continue
        try:
            _strings(yaml.safe_load(open(path, encoding="utf-8")), texts)
        except yaml.YAMLError:
            pass
    rng = random.Random(20)
    for _ in range(20000):
        texts.add("".join(rng.choice(LANGUAGE + JUNK) for _ in range(rng.randint(0, 40))))
        texts.add("".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 16))))
        texts.add("".join(rng.choice(LANGUAGE) for _ in range(rng.randint(0, 24))))
        parts = [rng.choice(OPERANDS)]
        for _ in range(rng.randint(0, 5)):
            parts += [rng.choice(OPERATORS_[:12] if rng.random() < 0.8 else OPERATORS_), rng.choice(OPERANDS)]
        texts.add("".join(parts))
    texts.add("(" * 60 + "x" + ")" * 60)
    texts.add("-" * 70 + "x")
    texts.add("x" * 5000)
    for text in sorted(texts):
        for name in CONTEXTS:
            items.append((f"{name}:{text}", text, name, None))
    return items


def parses(root: str, seeds, count: int) -> dict:
    items = corpus(seeds, count)
    sys.path.insert(0, root)
    import tutor
    from tutor.errors import ParseError
    from tutor.language import Vocabulary, parse_tree
    from tutor.limits import Limits

    assert os.path.dirname(os.path.dirname(os.path.abspath(tutor.__file__))) == os.path.abspath(root), tutor.__file__
    contexts = {}
    for name, (variables, forms, relations, exercise, limits) in CONTEXTS.items():
        contexts[name] = (Vocabulary.of(variables, relations=relations, exercise=exercise, forms=forms),
                          Limits(**limits) if limits else Limits())
    out = {}
    for key, text, context, forms in items:
        if forms is None:
            vocabulary, limits = contexts[context]
        else:
            vocabulary, limits = Vocabulary.of(context, forms=forms), Limits()
        try:
            result = repr(parse_tree(text, vocabulary, limits))
        except ParseError as error:
            result = f"{type(error).__name__}: {error} @ {error.column}"
        except RecursionError:
            result = "RecursionError"
        out[key] = result
    return out


def main(argv=None) -> int:
    args = arguments(argv, list(range(1, 11)))
    if args.diff:
        first, second, different = differences(args.diff)
        errors = sum(1 for v in first.values() if not v.startswith(("BinaryOp", "Number", "Variable", "Constant",
                                                                     "Call", "Negate", "Sequence", "Relation",
                                                                     "Interval", "Logic")))
        print(f"{len(first)} texts and contexts ({errors} errors), {len(different)} with different results")
        for k in different[:40]:
            print(f"  {k!r}:\n    {first[k]}\n    {second.get(k)}")
        return 1 if different or set(first) != set(second) else 0
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(parses(args.root, args.seed, args.count), handle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
