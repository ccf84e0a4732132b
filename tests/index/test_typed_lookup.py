"""Differential test of the looser steps of a typed name (issue 16): folded, first name,
surname, prefix, initials, nickname. Looked up in the index's tables (folded keys stored at
sync time, stand-ins for the rest), the answer, or the error and its every word, must equal
the lookup over every parsed note; and the whole vault is never read for it."""

from __future__ import annotations

import pytest

from netnotes.index.session import load_session, load_session_uncached
from netnotes.notes.typed_names import fold, nicknames
from netnotes.vault.handle import open_vault

from .test_neighbours import _answer, _vault


def _typed(name: str) -> set[str]:
    """What a person might type for ``name``."""
    words = fold(name).split()
    if not words:
        return {name.swapcase()}
    out = {fold(name), fold(name).upper(), words[0], words[-1], words[0][:3], "".join(w[0] for w in words),
           " ".join(w[:2] for w in words), name.swapcase()}
    out |= {" ".join([alt, *words[1:]]) for alt in nicknames(words[0])[:2]}
    return out


@pytest.mark.parametrize("kind", ["sample", "hostile", "generated"])
def test_loose_steps_answer_as_over_the_whole_vault(kind, tmp_path):
    root = _vault(kind, tmp_path)
    vault = open_vault(str(root))
    full = load_session_uncached(vault)
    session = load_session(vault, with_body=False)
    try:
        typed = {"x", "zz", "al g", "Jose Alvarex", "Helene Cotte"}
        step = max(1, len(full.notes) // 25)  # about 25 notes' worth of typed names, spread out
        for n in full.notes[::step]:
            for label in (n.name, n.title, *n.aliases):
                typed |= _typed(label)
        found = 0
        for kinds in (("contact",), ("contact", "group", "event"), ()):
            for name in sorted(typed):
                want = _answer(lambda x: full.resolver.lookup(x, kinds), name)
                assert _answer(lambda x: session.lookup(x, kinds), name) == want, (name, kinds)
                found += isinstance(want, str)
        assert found > len(typed)  # most of them do find someone
        assert "notes" not in session.__dict__  # the whole vault was never read
    finally:
        session.index.close()
