"""Reading a user's file without ever blocking on it: only regular files are read.

A FIFO, socket or device where a card or a settings file should be (planted, or left by a
tool) would make ``open`` or ``read`` wait forever. The file is opened without blocking and
its type checked on the open descriptor, so nothing can swap it in between.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegular(OSError):
    """The path is a FIFO, socket, device or folder: netnotes does not read it."""


def read_regular(path: Path | str, limit: int | None = None) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file at ``path`` and its stat, read from one descriptor.
    NotRegular for anything else; OSError (EFBIG) past ``limit`` bytes."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file (a FIFO, socket or device)"
            raise NotRegular(0, f"{kind}; netnotes reads only regular files", str(path))
        if limit is not None and st.st_size > limit:
            import errno

            raise OSError(errno.EFBIG, f"larger than {limit // (1024 * 1024)} MiB", str(path))
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks), st
    finally:
        os.close(fd)
