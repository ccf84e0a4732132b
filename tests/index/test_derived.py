"""Results the index keeps until their inputs change (netnotes.index.derived): the
duplicate-contact warnings, reused across runs and recomputed exactly when a contact's name,
aliases, email, phone, company, LinkedIn, tags or their place in the card change."""

from __future__ import annotations

from pathlib import Path

from conftest import write_vault
from netnotes.index.cache import open_synced
from netnotes.index.checks import vault_diagnostics
from netnotes.notes.checks import check_vault
from netnotes.index.session import load_session_uncached
from netnotes.vault.handle import open_vault

ANN = "---\nemail: ann@acme.test\ncompany: Acme\n---\n## Log\n- 2026-11-02 call: hello\n"
ANNA = "---\nemail: ann@acme.test\n---\nAnother card for Ann.\n"


def _duplicates(root: Path) -> tuple[list[tuple[str, int, int, str]], str | None]:
    """The duplicate warnings from the index, and the key their kept copy is stored under."""
    vault = open_vault(str(root))
    index, _ = open_synced(vault)
    try:
        got = [d for d in vault_diagnostics(index.conn, vault.config) if d.code == "duplicate-contact"]
        want = [d for d in check_vault(load_session_uncached(vault).notes, vault.config) if d.code == "duplicate-contact"]
        assert [(d, d.message) for d in got] == [(d, d.message) for d in want]
        row = index.conn.execute("SELECT key FROM derived WHERE name='duplicates'").fetchone()
        return [(d.path, d.line, d.col, d.message) for d in got], row[0] if row else None
    finally:
        index.close()


def test_a_log_entry_keeps_the_warnings_a_moved_email_moves_them(tmp_path):
    root = write_vault(tmp_path / "v", {"People/Ann Lee.md": ANN, "People/Ann Lea.md": ANNA})
    first, key = _duplicates(root)
    assert first and key is not None
    ann = root / "People/Ann Lee.md"
    ann.write_text(ANN + "- 2026-11-19 coffee: the audit\n")  # a touch: nothing the rule reads
    again, same_key = _duplicates(root)
    assert (again, same_key) == (first, key)
    assert {(p, line) for p, line, _c, _m in first} == {("People/Ann Lee.md", 2)}
    ann.write_text(ANN.replace("---\n", "---\ntier: A\n", 1))  # the email one line down
    moved, new_key = _duplicates(root)
    assert new_key != key
    assert {(p, line) for p, line, _c, _m in moved} == {("People/Ann Lee.md", 3)}


def test_a_fixed_email_or_a_renamed_card_is_seen_at_once(tmp_path):
    root = write_vault(tmp_path / "v", {"People/Ann Lee.md": ANN, "People/Ann Lea.md": ANNA})
    assert _duplicates(root)[0]
    (root / "People/Ann Lea.md").write_text("---\nemail: anna@other.test\n---\nAnother card.\n")
    assert _duplicates(root)[0] == []
    (root / "People/Ann Lea.md").write_text(ANNA)
    assert _duplicates(root)[0]
    (root / "People/Ann Lea.md").rename(root / "People/Zed.md")
    found, _ = _duplicates(root)
    assert found and all("Ann Lea" not in p for p, *_ in found)
    (root / "People/Zed.md").unlink()
    assert _duplicates(root)[0] == []
