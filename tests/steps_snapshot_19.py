"""Today's full worked solutions, for the test that level 3 of detail shows them unchanged.

``python tests/steps_snapshot_19.py`` writes tests/data/19_full_steps.json.gz: every step tree
of every exercise's solution (library and installed plugins) at seeds 0-2, in every style, and
the output of some ``tutor solve`` commands. It was written before levels of detail existed;
rewrite it only when the wording of a step changes on purpose.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

SNAPSHOT = Path(__file__).parent / "data" / "19_full_steps.json.gz"
SEEDS = (0, 1, 2)
STYLES = ("unicode", "text", "latex", "markdown")
SOLVE_COMMANDS = (
    ("hessian", "2x^2 + 3y^2 - xy"),
    ("hessian", "x^3 + y^3 - 3xy"),
    ("hessian", "-2x^2 - 3y^2 - xy + 15", "--at", "0, 0"),
    ("gradient", "x^2 + y^2", "--at", "(2, 3)"),
    ("derivative", "x^2 sin(x)"),
    ("derivative", "1/(1 + e^-x)"),
    ("critical-points", "14m^2 + 3b^2 + 38 + 12mb - 42m - 20b"),
    ("gd", "x^2 + 2y^2", "--start", "1, 1", "--rate", "0.1", "--steps", "3"),
    ("newton", "x^4 + 0.8y^4 + 4x^2 + 2y^2 - xy - 0.2x^2y", "--start", "4, 4", "--steps", "2"),
    ("backprop", "--model", "perceptron", "--wrt", "w1"),
)


def exercise_renderings(render_tree) -> dict:
    """'exercise@seed' -> style -> the rendering of each step tree of its solution."""
    from tutor.exercises import instantiate
    from tutor.exercises.loader import load_library
    from tutor.exercises.solution import worked_solution
    from tutor.registry import get_registry
    from tutor.steps import using_rules

    registry = get_registry([], load=None)
    found = {}
    for exercise_id, spec in sorted(load_library(registry).items()):
        for seed in SEEDS:
            problem = instantiate(spec, seed, registry)
            with using_rules(getattr(registry, "step_rules", None)):
                trees = [e for e in worked_solution(problem, whole=True) if not isinstance(e, str)]
            found[f"{exercise_id}@{seed}"] = {style: [render_tree(tree, style) for tree in trees] for style in STYLES}
    return found


def solve_renderings(full_detail: str | None) -> dict:
    """' '.join(args) -> style -> ``tutor solve`` stdout at full detail (``--detail full_detail``;
    None: as before levels, when only gd and newton needed --detail full and backprop had none)."""
    from click.testing import CliRunner

    from tutor.cli import cli

    runner = CliRunner()
    found = {}
    for args in SOLVE_COMMANDS:
        detail = ["--detail", full_detail or "full"] if full_detail or args[0] in ("gd", "newton") else []
        found[" ".join(args)] = {style: runner.invoke(cli, ["solve", *args, *detail, "--format", style]).stdout
                                 for style in STYLES}
    return found


def main() -> None:
    from tutor.steps.render import render

    # level 3 (every step): what the tree rendered as before levels of detail existed
    data = {"exercises": exercise_renderings(lambda tree, style: render(tree, style, detail=3)),
            "solve": solve_renderings("3")}
    with gzip.open(SNAPSHOT, "wt", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, sort_keys=True)
    print(f"wrote {SNAPSHOT}", file=sys.stderr)


if __name__ == "__main__":
    main()
