"""The small course the assign and grade tests use: five exercises of one topic, a plugins
directory that adds them, a roster, ``tutor assign`` run on them, and every student's answer
template filled in with a known pattern of right, rewritten, wrong, invalid and blank answers."""

from __future__ import annotations

import csv
import json

from helpers import invoke_tutor, write_plugin_course

COURSE = """
topic: grading-demo
exercises:
  - id: partial-x
    title: A partial derivative
    variables: [x, y]
    parameters:
      a: {int: [2, 9]}
      m: {int: [2, 5]}
      n: {int: [2, 5]}
    constraints: ["m != n"]
    define: {f: "a*x^m*y^n"}
    prompt: "Find ∂f/∂x for f(x, y) = {{ f }}."
    answer: {value: "diff(f, x)"}
    diagnosis:
      - answer: "diff(f, y)"
        message: "That is ∂f/∂y; differentiate with respect to x."
        credit: 0.2
  - id: gradient-at
    title: Gradient at a point
    variables: [x, y]
    parameters: {a: {int: [1, 5]}, b: {int: [1, 5]}}
    define: {f: "a*x^2 + b*y^2"}
    prompt: "Gradient of {{ f }} at (1, 2)?"
    answer: {value: "at(gradient(f, [x, y]), [x, y], [1, 2])"}
  - id: hessian-quadratic
    title: A Hessian
    variables: [x, y]
    parameters: {a: {int: [1, 5]}, b: {int: [1, 5]}, c: {int: [1, 5]}}
    define: {f: "a*x^2 + b*x*y + c*y^2"}
    prompt: "The Hessian of {{ f }}?"
    answer: {value: "hessian(f, [x, y])"}
  - id: eigenvalues-diagonal
    title: Eigenvalues
    parameters: {a: {int: [1, 9]}, b: {int: [-9, -1]}}
    define: {M: "[[a, 0], [0, b]]"}
    prompt: "The eigenvalues of {{ M }}?"
    answer: {value: "eigenvals(M)"}
  - id: classify-point
    title: Classify
    variables: [x, y]
    parameters: {a: {int: [-3, 3], exclude: [0]}, b: {int: [-3, 3], exclude: [0]}}
    define: {f: "a*x^2 + b*y^2", H: "hessian(f, [x, y])"}
    prompt: "Classify (0, 0) for f = {{ f }}."
    answer: {value: "classify(H)", kind: choice, choices: [minimum, maximum, saddle, inconclusive]}
"""
EXERCISES = ["partial-x", "gradient-at", "hessian-quadratic", "eigenvalues-diagonal", "classify-point"]


def write_course(tmp_path):
    """The course YAML and a plugins directory whose plugin points at it; returns the plugins dir."""
    return write_plugin_course(tmp_path, "course", COURSE)


def write_roster(path, count: int) -> list[str]:
    ids = [f"s{n:03d}" for n in range(1, count + 1)]
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["student_id", "name", "email"])
        writer.writerows([i, f"Student {i}", f"{i}@example.org"] for i in ids)
    return ids


def assign(tmp_path, plugins, *extra, students=4, exercises=EXERCISES, salt="fall-hw3", run=invoke_tutor):
    """``tutor assign`` of the course to a roster of ``students`` (in this process, or with ``run``);
    returns (the assignment folder, the student ids)."""
    roster = tmp_path / "roster.csv"
    ids = write_roster(roster, students)
    out = tmp_path / "hw"
    result = run("--plugins-dir", plugins, "assign", "--roster", roster, "--exercises", ",".join(exercises),
                 "--seed", salt, "--out", out, *extra)
    assert result.returncode == 0, result.stderr
    return out, ids


def course_specs(tmp_path, registry) -> dict:
    from tutor.exercises.loader import read_file

    return {spec.id: spec for spec in read_file(tmp_path / "course.yaml", tuple(registry.kinds))}
SALT = "fall-hw3"


def read_csv(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def _entries(text: str) -> list:
    return json.loads(text) if text.startswith("[") else [int(v) for v in text.strip("{}").split(",")]


def answer_and_expectation(pattern: int, item: dict, problem):
    """(answer or None for no row, verdict, score, text in the feedback) for one answer pattern."""
    from tutor.language import to_text, variable

    right, kind = item["answer"], item["kind"]
    if pattern == 0:
        return right, "correct", 1.0, "correct"
    if pattern == 1:  # rewritten but equivalent
        rewritten = {"expression": f"2*({right})/2", "vector": "(" + right[1:-1] + ")",
                     "matrix": right.replace(" ", ""), "set": "{" + ", ".join(right[1:-1].split(", ")[::-1]) + "}",
                     "choice": right.upper()}[kind]
        return rewritten, "correct", 1.0, "correct"
    if pattern == 2:  # wrong, or partly right
        if kind == "expression":
            return f"({right}) + 1", "incorrect", 0.0, "Off by a constant term"  # the generic diagnosis
        if kind == "vector":
            entries = _entries(right)
            return str([entries[0] + 1, entries[1]]), "incorrect", 0.5, "1 of 2 entries correct"
        if kind == "matrix":
            rows = _entries(right)
            rows[0][0] += 1
            return str(rows), "incorrect", 0.75, "3 of 4 entries correct"
        if kind == "set":
            values = _entries(right)
            return "{" + f"{values[0]}, 100" + "}", "incorrect", 0.5, "1 of 2 expected items found"
        other = "minimum" if right != "minimum" else "maximum"
        return other, "incorrect", 0.0, ""
    if pattern == 3:
        return ("x +" if kind != "choice" else "banana"), "invalid", 0.0, ""
    if pattern == 4:
        return "   ", "blank", 0.0, "no answer given"
    if kind == "expression":  # pattern 5: a diagnosed mistake with partial credit
        import sympy

        return to_text(sympy.diff(problem.values["f"], variable("y"))), "incorrect", 0.2, "∂f/∂y"
    return None, "blank", 0.0, "no answer submitted"


def fill_in(out, ids, specs, registry):
    """Fill in every student's answer template (the CSV one for even students, the YAML one for
    odd students; the other is removed); return the expectations by (student, exercise)."""
    from tutor.exercises import instantiate

    key = json.loads((out / "answer_key.json").read_text())
    expected = {}
    for index, student in enumerate(key["students"]):
        sid = student["student_id"]
        answers = {}
        for item in student["items"]:
            problem = instantiate(specs[item["exercise"]], item["seed"], registry)
            answer, verdict, score, feedback = answer_and_expectation(index % 6, item, problem)
            expected[(sid, item["exercise"])] = (verdict, score, feedback, item["seed"])
            answers[item["exercise"]] = answer
        if index % 2 == 0:
            (out / "answers" / f"{sid}.yaml").unlink()
            template = read_csv(out / "answers" / f"{sid}.csv")
            with open(out / "answers" / f"{sid}.csv", "w", newline="", encoding="utf-8") as stream:
                writer = csv.DictWriter(stream, list(template[0]))
                writer.writeheader()
                writer.writerows({**row, "answer": answers[row["exercise"]]} for row in template
                                 if answers[row["exercise"]] is not None)
        else:
            (out / "answers" / f"{sid}.csv").unlink()
            lines = (out / "answers" / f"{sid}.yaml").read_text(encoding="utf-8").splitlines()
            head, entries = lines[:5], [lines[i:i + 3] for i in range(5, len(lines), 3)]
            filled = []
            for question, exercise, answer_line in entries:
                answer = answers[exercise.split(": ")[1]]
                if answer is not None:
                    filled += [question, exercise, answer_line.replace('""', json.dumps(answer))]
            (out / "answers" / f"{sid}.yaml").write_text("\n".join(head + filled) + "\n", encoding="utf-8")
    return expected
