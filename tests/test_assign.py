"""tutor assign: per-student variants from (salt, student, exercise), worksheets, answer
templates, the answer key; roster errors. The course is grading_demo.py's; the command runs
in process."""

from __future__ import annotations

import csv
import json

import pytest

from grading_demo import EXERCISES, assign, course_specs, write_course, write_roster
from helpers import invoke_tutor, run_tutor


@pytest.fixture
def plugins(tmp_path):
    return write_course(tmp_path)


# -- seeds ---------------------------------------------------------------------------------

def test_variant_seed_is_sha256_of_salt_student_and_exercise():
    import hashlib

    from tutor.grading.seeds import variant_seed

    digest = hashlib.sha256(b"salt:s001:partial-x").digest()
    assert variant_seed("salt", "s001", "partial-x") == int.from_bytes(digest[:8], "big") % 2 ** 32
    assert variant_seed("salt", "s001", "partial-x", variants=7) == int.from_bytes(digest[:8], "big") % 7
    seeds = {variant_seed("salt", f"s{n}", "partial-x") for n in range(200)}
    assert len(seeds) == 200
    assert variant_seed("other", "s1", "partial-x") != variant_seed("salt", "s1", "partial-x")
    assert {variant_seed("salt", f"s{n}", "e", variants=5) for n in range(200)} == set(range(5))


# -- assign --------------------------------------------------------------------------------

def test_assign_writes_worksheets_templates_and_a_key_that_regenerates(tmp_path, plugins, registry):
    from tutor.exercises import instantiate
    from tutor.grading.seeds import variant_seed

    out, ids = assign(tmp_path, plugins, "--template", "both", "--title", "Homework 3")
    specs = course_specs(tmp_path, registry)
    key = json.loads((out / "answer_key.json").read_text())
    assert key["exercises"] == EXERCISES and [s["student_id"] for s in key["students"]] == ids
    key_rows = list(csv.DictReader(open(out / "answer_key.csv", encoding="utf-8")))
    assert len(key_rows) == len(ids) * len(EXERCISES)
    for student, row_block in zip(key["students"], [key_rows[i:i + 5] for i in range(0, len(key_rows), 5)]):
        sid = student["student_id"]
        markdown = (out / "worksheets" / f"{sid}.md").read_text()
        latex = (out / "worksheets" / f"{sid}.tex").read_text()
        assert markdown.startswith(f"# Homework 3: Student {sid} ({sid})") and "Answer key" not in markdown
        assert r"\begin{document}" in latex and "Answer key" not in latex
        for number, (item, row) in enumerate(zip(student["items"], row_block), 1):
            seed = variant_seed("fall-hw3", sid, item["exercise"])
            problem = instantiate(specs[item["exercise"]], seed, registry)
            assert item["seed"] == seed and int(row["seed"]) == seed
            assert item["answer"] == row["answer"] == problem.answer_text
            assert item["prompt"] == problem.prompt and f"## {number}. {problem.spec.title}" in markdown
            assert problem.prompt in markdown
        template = list(csv.DictReader(open(out / "answers" / f"{sid}.csv", encoding="utf-8")))
        assert [(r["student_id"], r["exercise"], r["answer"]) for r in template] == [(sid, e, "") for e in EXERCISES]
        assert f'student_id: "{sid}"' in (out / "answers" / f"{sid}.yaml").read_text()
    manifest = json.loads((out / "assignment.json").read_text())
    assert manifest["students"] == ids and manifest["variants"] is None and "fall-hw3" not in json.dumps(manifest)


def test_assign_is_reproducible_and_variants_bound_the_seeds(tmp_path, plugins):
    first, _ = assign(tmp_path, plugins, "--variants", "3")
    before = {p.relative_to(first): p.read_bytes() for p in first.rglob("*") if p.is_file()}
    again, _ = assign(tmp_path, plugins, "--variants", "3", run=run_tutor)  # in another process: another hash seed
    assert {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()} == before
    rows = list(csv.DictReader(open(first / "answer_key.csv", encoding="utf-8")))
    assert {int(r["seed"]) for r in rows} <= {0, 1, 2}
    assert json.loads((first / "assignment.json").read_text())["variants"] == 3


def test_a_roster_with_bad_rows_is_refused_with_every_line(tmp_path, plugins):
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name,email\ns1,Ada,ada@x.org\n,Nobody,\ns1,Again,\nbad id,Space,\n"
                      "s5,Five,not-an-email\ns6,Six,,extra\n../up,Dots,\n", encoding="utf-8")
    result = invoke_tutor("--plugins-dir", plugins, "assign", "--roster", roster, "--exercises", "partial-x",
                          "--seed", "s", "--out", tmp_path / "out")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert [line.split(":", 1)[0].rsplit(" ", 1)[-1] for line in lines[:-1]] == ["3", "4", "5", "6", "7", "8"]
    assert "missing student_id" in lines[0] and "already used on line 2" in lines[1]
    assert "Traceback" not in result.stderr and lines[-1].startswith("Error: ")
    assert not (tmp_path / "out").exists()


def test_roster_without_student_id_column_and_unknown_exercise(tmp_path, plugins):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\n1,Ada\n", encoding="utf-8")
    result = invoke_tutor("--plugins-dir", plugins, "assign", "--roster", roster, "--exercises", "partial-x",
                          "--seed", "s", "--out", tmp_path / "out")
    assert result.returncode == 1 and "no student_id column" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    write_roster(roster, 2)
    unknown = invoke_tutor("--plugins-dir", plugins, "assign", "--roster", roster, "--exercises", "partial-x,nope",
                           "--seed", "s", "--out", tmp_path / "out")
    assert unknown.returncode == 2 and "unknown exercise 'nope'" in unknown.stderr


def test_roster_reader_keeps_ids_as_text(tmp_path):
    from tutor.grading.roster import read_roster

    roster = tmp_path / "r.csv"
    roster.write_text("\ufeffStudent ID;Name\n007;Bond\n\nx.y@uni.edu;Someone\n", encoding="utf-8")
    students = read_roster(roster)
    assert [(s.student_id, s.name) for s in students] == [("007", "Bond"), ("x.y@uni.edu", "Someone")]


@pytest.mark.parametrize("command", [["--help"], ["assign", "--help"], ["grade", "--help"]])
def test_help_does_not_import_sympy(command):
    import subprocess
    import sys

    code = ("import sys\nfrom tutor.cli import main\ntry:\n    main(%r)\nexcept SystemExit:\n    pass\n"
            "print('SYMPY' if 'sympy' in sys.modules else 'CLEAN')" % command)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().endswith("CLEAN"), result.stdout + result.stderr
