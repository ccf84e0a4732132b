"""The index's search (netnotes.index.searchable) against a plain scan of the parsed notes: the
same notes found, in the same ranks, each hit's field one the words are really in."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write_vault
from netnotes.index.cache import _memory
from netnotes.index.searchable import GENERATED_KEYS, MIN_DIGITS, TIERS
from netnotes.notes.fields import texts
from netnotes.notes.note import Note, parse_note
from netnotes.vault.handle import open_vault

WORDS = ["ann", "anna", "lee", "web", "designer", "Zoë", "zoe", "auto", "Repair", "x-ray", "b2b", "Côté", "cote"]


# ---- the plain scan --------------------------------------------------------------------------
def _tokens(text: str) -> list[str]:
    """Words as FTS5's unicode61 tokenizer with remove_diacritics sees them (for this alphabet)."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.findall(r"[^\W_]+", folded.casefold())


def _columns(note: Note) -> dict[str, list[str]]:
    """Each searched field's tokens, read from the parsed note (list items are one text)."""
    p = note.props
    title = ([note.title] if note.title != note.name else []) + texts(p.get("title")) + texts(p.get("job_title"))
    text = {"name": [note.name], "aliases": note.aliases, "title": title, "company": texts(p.get("company")),
            "role": texts(p.get("role")), "email": texts(p.get("email")), "phone": texts(p.get("phone")),
            "offers": texts(p.get("offers")), "needs": texts(p.get("needs")), "tags": list(note.tags),
            "body": [note.body]}
    return {k: _tokens(" , ".join(v)) for k, v in text.items()}


def _in(phrase: list[str], tokens: list[str], prefix: bool) -> bool:
    n = len(phrase)
    for i in range(len(tokens) - n + 1):
        if tokens[i:i + n - 1] == phrase[:-1] and (tokens[i + n - 1].startswith(phrase[-1]) if prefix
                                                   else tokens[i + n - 1] == phrase[-1]):
            return True
    return False


def _in_digits(phrase: list[str], phones: list[str], prefix: bool) -> bool:
    """A number typed without its spaces: any tail of a phone's digits, MIN_DIGITS or longer."""
    if len(phrase) != 1 or not phrase[0].isdigit():
        return False
    for phone in phones:
        d = re.sub(r"\D", "", phone)
        tails = [d[i:] for i in range(len(d) - MIN_DIGITS + 1)]
        if any(t.startswith(phrase[0]) if prefix else t == phrase[0] for t in tails):
            return True
    return False


def scan(notes: list[Note], query: str, generated: bool = False) -> dict[str, tuple[int, set[str]]]:
    """rel -> (rank, the fields some word is in) of the notes with every word somewhere."""
    words = [w for w in query.split() if any(c.isalnum() for c in w)]
    phrases = [(_tokens(w), i == len(words) - 1) for i, w in enumerate(words)]
    phrases = [(p, last) for p, last in phrases if p]
    out: dict[str, tuple[int, set[str]]] = {}
    if not phrases:
        return out
    for note in notes:
        if not generated and any(note.props.get(k) not in (None, False, "", [], {}) for k in GENERATED_KEYS):
            continue
        cols = _columns(note)
        phones = texts(note.props.get("phone"))

        def has(p: list[str], col: str, prefix: bool) -> bool:
            return _in(p, cols[col], prefix) or (col == "phone" and _in_digits(p, phones, prefix))

        if not all(any(has(p, c, last) for c in cols) for p, last in phrases):
            continue
        fields = {c for c in cols for p, last in phrases if has(p, c, last)}
        groups = [tuple("phone" if c == "digits" else c for c in g) for g in TIERS]
        if any(has(p, c, False) for p, _last in phrases for c in groups[0]):
            rank = 0
        else:
            rank = next(i + 1 for i, g in enumerate(groups) if fields & set(g))
        out[note.rel] = (rank, fields)
    return out


# ---- the vaults --------------------------------------------------------------------------------
def _card(props: dict, body: str) -> str:
    lines = [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in props.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n" if props else body + "\n"


words = st.sampled_from(WORDS)
phrase = st.lists(words, min_size=1, max_size=3).map(" ".join)
card = st.fixed_dictionaries({}, optional={
    "aliases": st.lists(phrase, max_size=2), "company": phrase, "role": phrase, "title": phrase,
    "email": words.map(lambda w: f"{w}@{w}.example"), "phone": st.sampled_from(["+1 613 555 0101", "555-0199"]),
    "offers": st.lists(phrase, max_size=2), "needs": st.lists(phrase, max_size=2),
    "tags": st.lists(st.sampled_from(["client", "b2b", "web"]), max_size=2),
    "generated_lines": st.just("abc123"),
})
vaults = st.lists(st.tuples(phrase, card, phrase), min_size=1, max_size=6,
                  unique_by=lambda t: t[0].casefold())
queries = st.lists(st.one_of(words, words.map(lambda w: w[:2]), st.sampled_from(["6135550101", "5550199", "-"])),
                   min_size=1, max_size=2).map(" ".join)


def _check(files: dict[str, str], query_list: list[str]) -> None:
    root = Path(tempfile.mkdtemp(prefix="nn-search-"))
    try:
        write_vault(root, files)
        vault = open_vault(str(root))
        notes = [parse_note(rel, text.encode(), vault.config) for rel, text in files.items()]
        index = _memory(vault, [])
        try:
            index.sync()
            for query in query_list:
                for generated in (False, True):
                    hits = index.search(query, 1000, generated)
                    want = scan(notes, query, generated)
                    assert {h[0] for h in hits} == set(want), (query, generated)
                    ranks = [want[h[0]][0] for h in hits]
                    assert ranks == sorted(ranks), (query, hits)  # a better field first
                    for rel, _kind, _name, field, _snippet in hits:
                        assert field in want[rel][1], (query, rel, field, want[rel])
        finally:
            index.close()
    finally:
        shutil.rmtree(root)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vaults, st.lists(queries, min_size=1, max_size=4))
def test_index_search_equals_a_scan_of_the_notes(cards, query_list) -> None:
    files = {f"People/{name}.md": _card(props, body) for name, props, body in cards}
    _check(files, query_list)


def test_index_search_equals_a_scan_on_a_fixed_vault() -> None:
    files = {
        "People/Ann Lee.md": _card({"aliases": ["Zoë"], "company": "Lee Web Design", "phone": "+1 613 555 0101"},
                                   "Met at the auto show."),
        "People/Zoe Cote.md": _card({"offers": ["web designer"], "tags": ["b2b"]}, "Knows Ann Lee."),
        "Reviews/2026-W47.md": _card({"type": "review", "generated_lines": "x"}, "- [ ] [[Ann Lee]]: call"),
        "Daily/2026-11-20.md": _card({}, "Lunch with [[Zoe Cote]] about web design."),
    }
    _check(files, ["ann", "zoe", "web", "web des", "6135550101", "côté", "b2b", "auto show", "lee"])


def test_a_review_page_netnotes_writes_is_known_as_generated() -> None:
    from netnotes.render.review_page import RECORD_KEY

    assert RECORD_KEY in GENERATED_KEYS
