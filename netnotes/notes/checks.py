"""Vault-wide validation rules: what no single file can tell on its own.

Each rule is a plain function ``(notes, resolver, config) -> diagnostics``; ``VAULT_RULES`` lists
them in the order they run.
"""

from __future__ import annotations

from typing import Callable

from netnotes.notes.note import Note
from netnotes.vault.config import Config
from netnotes.base.diagnostics import Diagnostic
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
            d = broken_link(n.rel, link.target, link.source, link.line, link.col,
                            [(x.rel, x.kind) for x in m.notes])
            if d is not None:
                out.append(d)
    return out


def broken_link(rel: str, target: str, source: str, line: int, col: int,
                matched: list[tuple[str | None, str]]) -> Diagnostic | None:
    """The problem with one link of a ``LINK_PROPS`` property, if any, given the (path, kind)
    of each note its target matches (the index asks this of its rows too)."""
    kinds = LINK_PROPS[source]
    if len(matched) == 1 and matched[0][1] not in kinds and "note" not in kinds:
        return Diagnostic.make(
            rel, line, col, "broken-link",
            f"`{source}` links to [[{target}]], which is a {matched[0][1]}, not a "
            f"{' or '.join(kinds)}; link the right note")
    if not matched:
        kinds = " or ".join(k for k in LINK_PROPS[source][:2] if k != "me")
        return Diagnostic.make(
            rel, line, col, "broken-link",
            f"`{source}` links to [[{target}]], which has no note; create the {kinds} "
            f"note or fix the name")
    if len(matched) > 1:
        paths = ", ".join(p for p, _kind in matched)
        return Diagnostic.make(
            rel, line, col, "ambiguous-link",
            f"[[{target}]] matches {len(matched)} notes ({paths}); link with the folder, "
            f"like [[{matched[0][0][:-3]}]]")
    return None


def duplicate_contacts(notes: list[Note], resolver: Resolver | None, config: Config | None) -> list[Diagnostic]:
    """Two cards for one person, by the one rule ``netnotes duplicates`` uses too; reported
    on the card that sorts later by path, at the property that matched (the index's light
    cards hold only the matching properties and where they are written)."""
    from netnotes.notes.matching import Matcher

    out = []
    for same in Matcher(n for n in notes if n.kind == "contact").duplicates():
        b, first = same.b, same.a.rel
        line, col, _ = b.prop_pos.get(same.field, (1, 1, 1))
        if same.field == "email":
            message = f"{same.value} is also the email of {first}; two cards for one person? " \
                      "Merge them, or remove the email from one"
        elif same.field == "phone":
            message = f"{same.value} is also the phone number of {first}; two cards for one person? " \
                      "Merge them, or remove the number from one"
        elif same.value:
            message = f"`{same.value}` is also the name of {first}; two cards for one person? " \
                      "Merge them, or set distinct `name`s"
        else:
            message = f"`{b.name}` and `{same.a.name}` ({first}) are close names at the same company; " \
                      "two cards for one person? Merge them, or set distinct `name`s"
        if same.field == "name":
            col = 1
        out.append(Diagnostic.make(b.rel, line, col, "duplicate-contact", message))
    return out


VAULT_RULES: list[Callable[[list[Note], Resolver, Config], list[Diagnostic]]] = [broken_links, duplicate_contacts]


def check_vault(notes: list[Note], config: Config, resolver: Resolver | None = None) -> list[Diagnostic]:
    """Every diagnostic of the vault: each file's own, then the cross-file rules."""
    resolver = resolver or Resolver(notes)
    diags = [d for n in notes for d in n.diagnostics]
    for rule in VAULT_RULES:
        diags.extend(rule(notes, resolver, config))
    diags.extend(config.warnings)
    return sorted(diags)
