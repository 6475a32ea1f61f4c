"""Writing files safely: to a temporary file in the same directory, then rename.

The file gets the mode a plain ``open(path, "w")`` would give it (0666 less the user's
umask), not the 0600 of the temporary file it starts as.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path, text: str, durable: bool = True) -> None:
    """Replace ``path`` with ``text`` so that readers see the old or the new file, never half.
    ``durable=False`` leaves the flush to disk to the caller (one ``os.sync()`` after many
    files costs far less than one fsync each)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        os.fchmod(handle, 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _umask() -> int:
    """The process's umask (read by setting it and putting it back at once)."""
    mask = os.umask(0o077)
    os.umask(mask)
    return mask
