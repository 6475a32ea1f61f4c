#!/usr/bin/env python3
"""Check tutor.checking.tree_expected against SymPy on the expected answers of check_bench.

    python bench/expected_tree_check.py [--seed 20240601 ...] [--count 10000]

For every distinct expected answer that tutor prepares from its syntax tree (a
TreeExpression, or vectors and matrices of them), build its SymPy expression and compare
what the fast path reads from the tree with what SymPy's Expression says: free symbols,
decimals, function names, expansion size, kinks, exact digits, values modulo the prime,
whether magnitudes exist, values at every sample point (equal to 1e-9, or undefined on
both) and that the scale bound is at least the scale. Prints the share prepared from the
tree and every mismatch; exit status 1 on any mismatch.
"""

from __future__ import annotations

import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))


def main(argv=None) -> int:
    import check_bench

    from tutor.checking.equivalence import Expression
    from tutor.checking.expected import prepare
    from tutor.checking.numeric import sample_points
    from tutor.checking.tree_expected import TreeExpression
    from tutor.language.values import entries

    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, nargs="*", default=[20240601])
    parser.add_argument("--count", type=int, default=10000)
    args = parser.parse_args(argv)
    problems, lazy, checked = [], 0, 0
    seen = set()
    for seed in args.seed:
        for item in check_bench.generate(args.count, seed):
            key = (item.expected, item.variables, item.kind)
            if key in seen:
                continue
            seen.add(key)
            kind = "interval" if item.kind == "interval" else "auto"
            expected = prepare(item.expected, variables=list(item.variables), kind=kind)
            trees = [e for e in entries(expected.prepared) if isinstance(e, TreeExpression)]
            lazy += bool(trees)
            for tree in trees:
                checked += 1
                problems += [f"{item.expected!r}: {p}" for p in _compare(tree, Expression(tree.expr, tree.variables),
                                                                         sample_points)]
                constant = tree.constant_form if not tree.free_symbols else tree
                if constant is not tree:
                    problems += [f"{item.expected!r} (constant): {p}" for p in _compare(
                        constant, Expression(tree.expr, ()), sample_points)]
    print(f"{len(seen)} distinct expected answers, {lazy} prepared from their trees ({checked} entries); "
          f"{len(problems)} mismatches")
    for p in problems[:50]:
        print("  " + p)
    return 1 if problems else 0


def _compare(tree, sympy_side, sample_points) -> list:
    out = []
    for name in ("free_symbols", "approximate", "function_names", "expansion", "region_points", "exact_digits",
                 "residues"):
        ours, theirs = getattr(tree, name), getattr(sympy_side, name)
        if ours != theirs:
            out.append(f"{name}: tree {ours!r}, SymPy {theirs!r}")
    if (tree.magnitude_function is None) != (sympy_side.magnitude_function is None):
        out.append("magnitudes exist on one side only")
    if (tree.mp_function is None) != (sympy_side.mp_function is None):
        out.append("mpmath closure on one side only")
    points = sample_points(len(tree.variables)) if tree.variables else ((),)
    for point in points:
        a, b = tree.value_at(point), sympy_side.value_at(point)
        if (a is None) != (b is None) or (a is not None and abs(a - b) > 1e-9 * max(abs(a), abs(b), 1e-300)):
            out.append(f"value at {point}: tree {a}, SymPy {b}")
            break
        bound, scale = tree.scale_bound_at(point), sympy_side.scale_at(point)
        if bound is not None and bound < scale * (1 - 1e-12):
            out.append(f"scale bound {bound} below the scale {scale} at {point}")
            break
        if tree.magnitude_function is not None and tree.digits_needed(point) < sympy_side.digits_needed(point):
            out.append(f"digits needed {tree.digits_needed(point)} < SymPy's {sympy_side.digits_needed(point)}")
            break
    return out


if __name__ == "__main__":
    sys.exit(main())
