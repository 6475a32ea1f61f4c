"""tutor assign writes the same bytes as before it was made faster (one Generator per exercise,
rendered items shared by the students who draw the same variant, variants made in worker
processes): a class's whole assignment folder has the digest it had before that change.

The digest was taken from the code as it was before (commit 59616b4); the course is
grading_demo's (fixed here, unlike the library, which other changes edit), with a pool of
variants so that students share variants, and without one."""

from __future__ import annotations

import hashlib

import pytest

from grading_demo import assign, write_course

DIGESTS = {  # (extra options) -> sha256 of every file of the assignment folder, taken before the change
    (): "a0c27ecac752dabd587652886300c14f4e7dd37b0eae72be52b5045cb8314879",
    ("--variants", "3", "--template", "both"): "87f612839d0760527baa1d34be7d722a51a84e0e883b20529f97468c72c1928a",
}


def folder_digest(folder) -> str:
    """sha256 over every file's relative path and bytes, in path order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@pytest.mark.parametrize("extra", sorted(DIGESTS))
def test_the_assignment_folder_is_byte_for_byte_what_it_was(tmp_path, extra):
    out, _ = assign(tmp_path, write_course(tmp_path), *extra, students=12, salt="digest salt")
    assert folder_digest(out) == DIGESTS[extra]


def test_library_assignment_is_the_same_in_worker_processes_and_matches_fresh_variants(tmp_path, registry):
    """One exercise of each built-in family, a pool of 2 variants (students share them): the folder
    written by two worker processes is the one written in this process, and every key item is
    what a fresh instantiate (no Generator shared with other students) gives."""
    import json

    from tutor.exercises import instantiate
    from tutor.exercises.loader import load_library
    from tutor.grading.assign import make_assignment
    from tutor.grading.roster import Student

    library = load_library(registry)
    first = {}
    for exercise in sorted(library):
        if library[exercise].source and "plugins" not in str(library[exercise].source):
            first.setdefault(library[exercise].topic, exercise)
    specs = [library[exercise] for exercise in sorted(first.values())]
    assert len(specs) >= 10
    students = [Student(f"s{n}", f"Student {n}", f"s{n}@example.org") for n in range(4)]
    folders = []
    for workers in (1, 2):
        folders.append(tmp_path / f"w{workers}")
        make_assignment(students, specs, registry, "library salt", folders[-1], variants=2, workers=workers)
    assert folder_digest(folders[0]) == folder_digest(folders[1])
    key = json.loads((folders[0] / "answer_key.json").read_text(encoding="utf-8"))
    for student in key["students"]:
        for item in student["items"]:
            fresh = instantiate(library[item["exercise"]], item["seed"], registry)
            assert (item["answer"], item["prompt"], item["kind"]) == (fresh.answer_text, fresh.prompt,
                                                                     fresh.expected.kind)
