"""Results computed from many notes, kept in the index until what they were computed from
changes.

A result is stored under a name with the digest of its inputs: netnotes' own source (a new
rule never serves what the old one computed), the config the index was built with, and an
aggregate of per-note digests the sync keeps (``notes.match`` for the duplicate-contact rule).
The aggregate is the XOR of the notes' digests, so it is read from one narrow column, in any
order. A lookup that finds the same key returns the stored value; otherwise the caller's
function runs and its result is stored when the index can be written (a read-only or busy
cache only costs time). Like the rest of the index, the table is disposable: a full re-index
empties it.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
from pathlib import Path
from typing import Callable, TypeVar

from netnotes.index.schema import get_meta

T = TypeVar("T")


@functools.cache
def code_digest() -> str:
    """netnotes' own source, so a changed module never serves a result the old one computed:
    each module's path, size and modification time (as Python's own .pyc files are checked),
    which a start-up can afford where reading all of them (40 ms) it cannot."""
    from netnotes import __version__

    h = hashlib.blake2b(__version__.encode(), digest_size=16)
    package = Path(__file__).resolve().parents[1]
    for p in sorted(package.rglob("*.py")):
        st = p.stat()
        h.update(f"{p.relative_to(package).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def column_digest(conn: sqlite3.Connection, column: str) -> str:
    """The XOR of a per-note digest column over the notes that have one (order-free)."""
    acc = 0
    count = 0
    for (value,) in conn.execute(f"SELECT {column} FROM notes WHERE {column} != ''"):
        acc ^= int(value, 16)
        count += 1
    return f"{acc:032x}.{count}"


def kept(conn: sqlite3.Connection, name: str, inputs: str, compute: Callable[[], T],
         dumps: Callable[[T], str], loads: Callable[[str], T]) -> T:
    """The result ``name`` for ``inputs`` (the digest of what it depends on), computed by
    ``compute`` only when the stored one was computed from other inputs."""
    key = hashlib.blake2b("\n".join((code_digest(), get_meta(conn, "fingerprint") or "", inputs)).encode(),
                          digest_size=16).hexdigest()
    row = conn.execute("SELECT key, value FROM derived WHERE name=?", (name,)).fetchone()
    if row is not None and row[0] == key:
        return loads(row[1])
    value = compute()
    if not conn.in_transaction:  # inside a caller's transaction: not ours to commit
        try:
            conn.execute("INSERT OR REPLACE INTO derived VALUES (?,?,?)", (name, key, dumps(value)))
        except sqlite3.OperationalError:
            pass  # read-only, locked or full: the next run computes it again
    return value
