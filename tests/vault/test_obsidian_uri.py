"""The ``obsidian://open`` URI of a card (netnotes.vault.obsidian_uri): every vault and file
name, encoded whole, reads back as the same bytes; the vault is the folder with .obsidian/."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

from hypothesis import given, strategies as st

from netnotes.vault.obsidian_uri import obsidian_uri, obsidian_vault

NAMES = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1,
                max_size=30).filter(lambda s: s not in (".", ".."))


@given(vault=NAMES, folder=NAMES, name=NAMES)
def test_every_name_round_trips_through_the_uri(vault, folder, name):
    root = Path("/notes") / vault
    uri = obsidian_uri(root, root / folder / f"{name}.md")
    parts = urlsplit(uri)
    assert (parts.scheme, parts.netloc, parts.path) == ("obsidian", "open", "")
    query = dict(pair.split("=") for pair in parts.query.split("&"))  # nothing unencoded in the values
    assert list(query) == ["vault", "file"]
    assert unquote_to_bytes(query["vault"]) == os.fsencode(vault)
    assert unquote_to_bytes(query["file"]) == os.fsencode(f"{folder}/{name}.md")


def test_spaces_slashes_and_accents_are_percent_encoded():
    root = Path("/home/dana/My Notes")
    assert obsidian_uri(root, root / "People" / "Zoë & Co #1.md") == \
        "obsidian://open?vault=My%20Notes&file=People%2FZo%C3%AB%20%26%20Co%20%231.md"


def test_a_file_name_that_is_not_utf8_keeps_its_bytes():
    root = Path("/notes/v")
    name = os.fsdecode(b"caf\xe9.md")
    assert obsidian_uri(root, root / name) == "obsidian://open?vault=v&file=caf%E9.md"


def test_the_vault_is_the_nearest_folder_holding_dot_obsidian(tmp_path):
    crm = tmp_path / "Notes" / "CRM"
    crm.mkdir(parents=True)
    assert obsidian_vault(crm) == crm  # not opened in Obsidian yet: the folder itself
    (tmp_path / "Notes" / ".obsidian").mkdir()
    assert obsidian_vault(crm) == tmp_path / "Notes"
    (crm / ".obsidian").mkdir()
    assert obsidian_vault(crm) == crm
