"""The harness itself: the memory cap turns a bomb into MemoryError, not a dead machine."""

import pytest


def test_the_memory_cap_stops_an_allocation_bomb(memory_cap):
    with pytest.raises(MemoryError):
        bytearray(2 * (1 << 30))


def test_a_capped_process_cannot_allocate_past_its_cap(tmp_path):
    import subprocess
    import sys
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run([sys.executable, "-c", "bytearray(2 << 30)"], capture_output=True, text=True,
                          preexec_fn=limit, timeout=60)
    assert done.returncode != 0 and "MemoryError" in done.stderr
