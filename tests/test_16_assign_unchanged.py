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
