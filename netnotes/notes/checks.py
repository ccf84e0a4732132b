"""Vault-wide validation rules: what no single file can tell on its own.

Each rule is a plain function ``(notes, resolver, config) -> diagnostics``; ``RULES`` lists
them in the order they run.
"""

from __future__ import annotations

import unicodedata
from typing import Callable

from netnotes.notes.note import Note
from netnotes.vault.config import Config
from netnotes.base.diagnostics import Diagnostic
from netnotes.notes.fields import as_list
from netnotes.notes.resolve import Resolver

# properties whose links must lead to a note, and the kinds they may lead to
LINK_PROPS = {"met_at": ("group", "event", "contact", "note"), "introduced_by": ("contact", "me"),
              "groups": ("group",), "group": ("group",), "people": ("contact", "me"),
              "attendees": ("contact", "me"), "with": ("contact", "me")}


def broken_links(notes: list[Note], resolver: Resolver, config: Config) -> list[Diagnostic]:
    out = []
    for n in notes:
        for link in n.links:
            if link.source not in LINK_PROPS:
                continue
            m = resolver.resolve(link.target)
            kinds = LINK_PROPS[link.source]
            if len(m.notes) == 1 and m.notes[0].kind not in kinds and "note" not in kinds:
                out.append(Diagnostic.make(
                    n.rel, link.line, link.col, "broken-link",
                    f"`{link.source}` links to [[{link.target}]], which is a {m.notes[0].kind}, not a "
                    f"{' or '.join(kinds)}; link the right note"))
                continue
            if not m.notes:
                kinds = " or ".join(k for k in LINK_PROPS[link.source][:2] if k != "me")
                out.append(Diagnostic.make(
                    n.rel, link.line, link.col, "broken-link",
                    f"`{link.source}` links to [[{link.target}]], which has no note; create the {kinds} "
                    f"note or fix the name"))
            elif len(m.notes) > 1:
                paths = ", ".join(x.rel for x in m.notes)
                out.append(Diagnostic.make(
                    n.rel, link.line, link.col, "ambiguous-link",
                    f"[[{link.target}]] matches {len(m.notes)} notes ({paths}); link with the folder, "
                    f"like [[{m.notes[0].rel[:-3]}]]"))
    return out


def _name_key(name: str) -> str:
    s = unicodedata.normalize("NFKD", name.casefold())
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.replace(".", " ").replace("-", " ").split())


def duplicate_contacts(notes: list[Note], resolver: Resolver, config: Config) -> list[Diagnostic]:
    out = []
    by_email: dict[str, Note] = {}
    by_name: dict[str, Note] = {}
    for n in sorted((n for n in notes if n.kind == "contact"), key=lambda n: n.rel):
        for e in as_list(n.props.get("email")):
            if not isinstance(e, str) or "@" not in e:
                continue
            key = e.strip().lower()
            first = by_email.setdefault(key, n)
            if first is not n:
                line, col, _ = n.prop_pos.get("email", (1, 1, 1))
                out.append(Diagnostic.make(n.rel, line, col, "duplicate-contact",
                                           f"{e} is also the email of {first.rel}; two cards for one person? "
                                           "Merge them, or remove the email from one"))
        key = _name_key(n.name)
        first = by_name.setdefault(key, n)
        if first is not n:
            line = n.prop_pos.get("name", (1,))[0]
            out.append(Diagnostic.make(n.rel, line, 1, "duplicate-contact",
                                       f"`{n.name}` is also the name of {first.rel}; two cards for one person? "
                                       "Merge them, or set distinct `name`s"))
    return out


RULES: list[Callable[[list[Note], Resolver, Config], list[Diagnostic]]] = [broken_links, duplicate_contacts]


def check_vault(notes: list[Note], config: Config, resolver: Resolver | None = None) -> list[Diagnostic]:
    """Every diagnostic of the vault: each file's own, then the cross-file rules."""
    resolver = resolver or Resolver(notes)
    diags = [d for n in notes for d in n.diagnostics]
    for rule in RULES:
        diags.extend(rule(notes, resolver, config))
    diags.extend(config.warnings)
    return sorted(diags)
