"""Random sequences of edits to a real vault: after every sync the index cache
(netnotes.index.cache) equals a fresh rebuild.

A hypothesis state machine creates, edits (also keeping the mtime and the size), saves
atomically, deletes, renames and touches cards, then syncs the real SQLite file and compares
every note and every derived row with a rebuild from scratch and with a direct parse.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from conftest import write_vault

from .helpers import assert_index_fresh, rewrite_keeping_mtime, set_mtime

JOSE = "José Álvarez"
PATHS = [
    "People/Ann Lee.md", "People/ann lee.md", f"People/{unicodedata.normalize('NFC', JOSE)}.md",
    f"People/{unicodedata.normalize('NFD', JOSE)}.md", "People/Bob.md", "Clients/Zoë.md",
    "Daily/2026-11-19.md", "Daily/2026-11-20.md", "Meetings/Lunch.md", "Groups/Chamber.md", "Notes.md",
]
NAMES = ["Ann Lee", "ann lee", "Bob", "Bobby", JOSE, "Zoë", "Chamber", "Nobody"]
WORDS = st.sampled_from(["Acme", "bookkeeping", "web design", "coffee", "Ottawa", "café", "tax", "x"])


@st.composite
def card(draw) -> bytes:
    """A card: mostly valid, sometimes broken in the ways real files are."""
    props = []
    if draw(st.booleans()):
        props.append(f"company: {draw(WORDS)}")
    if draw(st.booleans()):
        props.append(f"tier: {draw(st.sampled_from(['A', 'B', 'C', 'Z', '[A]']))}")
    if draw(st.booleans()):
        props.append(f"aliases: [{draw(st.sampled_from(NAMES))}]")
    if draw(st.booleans()):
        props.append(f"offers: [{draw(WORDS)}, {draw(WORDS)}]")
    if draw(st.booleans()):  # the duplicate-contact rule's fields, kept in index.derived
        props.append(f"email: {draw(st.sampled_from(['ann@acme.test', 'bob@acme.test', 'ANN@acme.test']))}")
    if draw(st.booleans()):
        props.append(f"phone: {draw(st.sampled_from(['+1 613 555 0100', '613-555-0100', '+1 613 555 0199']))}")
    if draw(st.booleans()):
        props.append(f'people: ["[[{draw(st.sampled_from(NAMES))}]]"]')
    if draw(st.booleans()):
        props.append(f"date: 2026-11-{draw(st.integers(10, 28))}")
    if draw(st.booleans()):
        props.append(f"type: {draw(st.sampled_from(['person', 'group', 'event', 'note']))}")
    body = [draw(st.text(alphabet="abc XYZ#*\"()-é", max_size=30))]
    for _ in range(draw(st.integers(0, 2))):
        body.append(f"See [[{draw(st.sampled_from(NAMES))}]] about {draw(WORDS)}.")
    if draw(st.booleans()):
        body.append("\n## Log")
        for _ in range(draw(st.integers(1, 3))):
            body.append(f"- 2026-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d} "
                        f"{draw(st.sampled_from(['coffee', 'call', 'intro', 'email']))}: {draw(WORDS)}")
    text = "\n".join(body) + "\n"
    if props or draw(st.booleans()):
        text = "---\n" + "\n".join(props) + "\n---\n" + text
    data = text.encode("utf-8")
    damage = draw(st.sampled_from(["none"] * 6 + ["crlf", "bom", "latin1", "yaml", "unclosed", "empty"]))
    if damage == "crlf":
        data = data.replace(b"\n", b"\r\n")
    elif damage == "bom":
        data = b"\xef\xbb\xbf" + data
    elif damage == "latin1":
        data += b"caf\xe9\n"
    elif damage == "yaml":
        data = b"---\ncompany: [unclosed\n---\nbody\n"
    elif damage == "unclosed":
        data = b"---\ncompany: Acme\nno end\n"
    elif damage == "empty":
        data = b""
    return data


class VaultEdits(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = write_vault(Path(tempfile.mkdtemp(prefix="netnotes-prop-")))
        self.files: set[str] = set()

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def _path(self, rel: str) -> Path:
        return self.root / rel

    def _write(self, rel: str, data: bytes) -> None:
        p = self._path(rel)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        self.files.add(rel)

    @initialize(first=st.lists(st.tuples(st.sampled_from(PATHS), card()), max_size=4))
    def start(self, first) -> None:
        for rel, data in first:
            self._write(rel, data)

    @rule(rel=st.sampled_from(PATHS), data=card())
    def create_or_overwrite(self, rel: str, data: bytes) -> None:
        self._write(rel, data)

    @precondition(lambda self: self.files)
    @rule(pick=st.data(), data=card())
    def edit(self, pick, data: bytes) -> None:
        self._write(pick.draw(st.sampled_from(sorted(self.files))), data)

    @precondition(lambda self: self.files)
    @rule(pick=st.data(), at=st.integers(0, 10_000), new=st.sampled_from(b"QRSTqrst0"))
    def edit_keeping_mtime_and_size(self, pick, at: int, new: int) -> None:
        rel = pick.draw(st.sampled_from(sorted(self.files)))
        p = self._path(rel)
        data = bytearray(p.read_bytes() or b"x")
        i = at % len(data)
        data[i] = new if data[i] != new else ord("Q") + (new == ord("Q"))
        rewrite_keeping_mtime(p, bytes(data))

    @precondition(lambda self: self.files)
    @rule(pick=st.data(), data=card())
    def atomic_save(self, pick, data: bytes) -> None:
        """What editors do: write a temp file, rename it over the card (a new inode)."""
        rel = pick.draw(st.sampled_from(sorted(self.files)))
        p = self._path(rel)
        tmp = p.with_name(".save.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, p)

    @precondition(lambda self: self.files)
    @rule(pick=st.data())
    def delete(self, pick) -> None:
        rel = pick.draw(st.sampled_from(sorted(self.files)))
        self._path(rel).unlink()
        self.files.discard(rel)

    @precondition(lambda self: self.files)
    @rule(pick=st.data(), dest=st.sampled_from(PATHS))
    def rename(self, pick, dest: str) -> None:
        rel = pick.draw(st.sampled_from(sorted(self.files)))
        self._path(dest).parent.mkdir(parents=True, exist_ok=True)
        os.replace(self._path(rel), self._path(dest))
        self.files.discard(rel)
        self.files.add(dest)

    @precondition(lambda self: self.files)
    @rule(pick=st.data(), seconds=st.integers(-3, 3))
    def touch(self, pick, seconds: int) -> None:
        p = self._path(pick.draw(st.sampled_from(sorted(self.files))))
        set_mtime(p, os.stat(p).st_mtime_ns + seconds * 1_000_000_000 + 1)

    @invariant()
    def index_equals_fresh_rebuild(self) -> None:
        result = assert_index_fresh(self.root)
        assert result.total == len(self.files)
        assert result.notices == []


VaultEdits.TestCase.settings = settings(max_examples=25, stateful_step_count=12, deadline=None,
                                        suppress_health_check=[HealthCheck.too_slow])
TestVaultEdits = VaultEdits.TestCase
