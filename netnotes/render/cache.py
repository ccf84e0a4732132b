"""A cache of rendered reports, keyed by everything a report is a function of.

A report is a pure function of the index, the config, the template and its dates; the
index keeps a digest of every file's path and content (``Index.state``). When all of these
are the same as at the last render, the text is read back instead of loading the notes.
The cache lives in ``.netnotes/cache/reports/`` and, like the index, is disposable.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable

from netnotes import __version__
from netnotes.index.derived import code_digest
from netnotes.index.session import Session
from netnotes.vault.templates import template_dirs

KEEP = 32  # rendered reports kept


def _template_digest(vault_root: Path, name: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for folder in template_dirs(vault_root):
        p = folder / name
        try:
            h.update(str(p).encode() + b"\0" + p.read_bytes())
        except OSError:
            h.update(str(p).encode() + b"\0-")
    return h.hexdigest()


def cached(session: Session, parts: tuple[str, ...], template: str, compute: Callable[[], str],
           excluding: tuple[str, ...] = ()) -> str:
    index = session.index
    if index is None or index.path is None:
        return compute()
    key = hashlib.blake2b("\n".join((__version__, code_digest(), index.state(excluding),
                                     _template_digest(session.vault.root, template),
                                     *parts)).encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()
    folder = index.path.parent / "reports"
    path = folder / f"{key}.txt"
    try:
        return path.read_bytes().decode("utf-8", "surrogateescape")  # a file name's own bytes kept
    except (OSError, UnicodeDecodeError):
        pass
    text = compute()
    try:
        folder.mkdir(exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_bytes(text.encode("utf-8", "surrogateescape"))
        os.replace(tmp, path)
        _prune(folder)
    except OSError:
        pass  # a read-only cache only costs speed
    return text


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("*.txt"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in files[KEEP:]:
        try:
            old.unlink()
        except OSError:
            pass
