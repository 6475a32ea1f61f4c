#!/usr/bin/env python3
"""Verdicts of one tutor source tree on check_bench's items, to compare two branches item by item.

    python bench/compare_verdicts.py --root /path/to/tutor-checkout --seed 1 2 3 --out verdicts.json
    python bench/compare_verdicts.py --diff a.json b.json

The first form generates check_bench's items for each seed (the generator of this
checkout), checks them with the tutor package found under --root (prepared once per
expected answer and variables, as check_bench does) and writes (status, message, method)
per item. The second lists the items whose verdicts differ; exit status 1 if any do.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def verdicts(root: str, seeds, count: int) -> dict:
    sys.path.insert(0, HERE)
    import check_bench

    sys.path.insert(0, root)
    import tutor

    assert os.path.dirname(os.path.dirname(os.path.abspath(tutor.__file__))) == os.path.abspath(root), tutor.__file__
    out = {}
    for seed in seeds:
        prepared = {}
        for i, item in enumerate(check_bench.generate(count, seed)):
            key = (item.expected, item.variables)
            if key not in prepared:
                kind = "interval" if item.kind == "interval" else "auto"
                prepared[key] = tutor.prepare(item.expected, variables=list(item.variables), kind=kind)
            verdict = prepared[key].check(item.answer)
            out[f"{seed}:{i}"] = [item.expected, item.answer, verdict.status.value if hasattr(verdict.status, "value")
                                  else str(verdict.status), verdict.message, verdict.method]
    return out


def arguments(argv, seeds: list[int]) -> argparse.Namespace:
    """The command line of this script and of compare_parses: --root, --seed, --count, --out or --diff."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--root")
    parser.add_argument("--seed", type=int, nargs="*", default=seeds)
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--out")
    parser.add_argument("--diff", nargs=2)
    return parser.parse_args(argv)


def differences(paths) -> tuple[dict, dict, list]:
    """The two JSON files written by --out, and the keys of the first whose values differ in the second."""
    first, second = (json.load(open(path, encoding="utf-8")) for path in paths)
    return first, second, [k for k in first if first[k] != second.get(k)]


def main(argv=None) -> int:
    args = arguments(argv, [20240601])
    if args.diff:
        first, second, different = differences(args.diff)
        print(f"{len(first)} items, {len(different)} with different verdicts")
        for k in different[:40]:
            print(f"  {k}: {first[k]}\n  {' ' * len(k)}  {second.get(k)}")
        return 1 if different or set(first) != set(second) else 0
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(verdicts(args.root, args.seed, args.count), handle, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
