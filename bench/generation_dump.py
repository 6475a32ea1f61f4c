"""Dump what generating shows of every exercise (library and installed plugins) for seeds
0..N-1: the prompt in each style, the expected answer, hints, diagnoses and worked solutions,
one JSON line per (exercise, seed). Two trees that generate the same dump byte for byte
generate the same problems; run it with each tree's own interpreter and compare:

    .venv/bin/python bench/generation_dump.py --seeds 40 new.jsonl
    ../main/.venv/bin/python bench/generation_dump.py --seeds 40 old.jsonl && cmp old.jsonl new.jsonl
"""

from __future__ import annotations

import argparse
import json


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="the JSON-lines file to write")
    parser.add_argument("--seeds", type=int, default=40, help="seeds 0..N-1 of each exercise; default 40")
    options = parser.parse_args(argv)

    from tutor.exercises import Generator
    from tutor.exercises.loader import load_library
    from tutor.registry import get_registry
    from tutor.solutions import render_solution, solution_data
    from tutor.worksheets import latex_item

    registry = get_registry()
    library = load_library(registry)
    with open(options.out, "w", encoding="utf-8") as out:
        for exercise in sorted(library):
            generator = Generator(library[exercise], registry)  # one per exercise, as tutor assign and grade use
            for seed in [*range(options.seeds), 5, 3]:  # seeds seen before, again
                record = {"id": exercise, "seed": seed}
                try:
                    problem = generator.problem(seed)
                    record.update(
                        prompt=problem.prompt, latex=problem.render_prompt("latex"), text=problem.render_prompt("text"),
                        latex_item=latex_item(problem), kind=problem.expected.kind, expected_text=problem.expected.text,
                        answer=problem.answer_text, hints=problem.hints,
                        diagnoses=[(wrong.text, d.message, d.credit) for wrong, d in problem.diagnoses],
                        choice_diagnoses={k: (d.message, d.credit) for k, d in problem.choice_diagnoses.items()},
                        problem=problem.to_dict(), solution=render_solution(problem, "unicode", 3),
                        solution_latex=render_solution(problem, "latex", 1), solution_data=solution_data(problem))
                except Exception as error:  # noqa: BLE001 - the error is part of what is compared
                    record["error"] = f"{type(error).__name__}: {error}"
                out.write(json.dumps(record, ensure_ascii=False, sort_keys=True, default=str) + "\n")


if __name__ == "__main__":
    main()
