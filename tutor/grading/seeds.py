"""The variant of an exercise a student gets: a seed derived from (salt, student, exercise).

The same three strings give the same seed on any machine, so an assignment can be
regenerated anywhere from the salt alone (no table of seeds to keep).
"""

from __future__ import annotations

import hashlib

SEED_BITS = 32  # seeds stay short enough to type: tutor show ID --seed 3735928559


def variant_seed(salt: str, student_id: str, exercise_id: str, variants: int | None = None) -> int:
    """An integer from sha256("salt:student:exercise"); with ``variants``, one of 0..variants-1
    (a shared pool: students then share variants, and grading reuses each generated problem)."""
    digest = hashlib.sha256(f"{salt}:{student_id}:{exercise_id}".encode("utf-8")).digest()
    number = int.from_bytes(digest[:8], "big")
    return number % variants if variants else number % (1 << SEED_BITS)


def salt_check(salt: str) -> str:
    """A short fingerprint of the salt, stored with an assignment to catch a wrong --seed at grading."""
    return hashlib.sha256(f"tutor-salt-check:{salt}".encode("utf-8")).hexdigest()[:12]
