"""What an existing vault holds, read before netnotes is set up in it: which notes look like
people and meetings, and which property names they use; and the config that fits it.

``netnotes init`` shows the proposal and writes it, so that a vault adopted as its owner
wrote it (people by a ``categories`` link, a ``type/person`` tag, a folder...) is read
without renaming anything.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from netnotes.base.dates import as_date
from netnotes.base.files import read_regular
from netnotes.notes.fields import FIELDS, split_tags
from netnotes.notes.links import link_key
from netnotes.notes.note import Note, category_targets, note_date, parse_note
from netnotes.notes.propnames import canonical_names, fold, known_names
from netnotes.vault.config import Config, KindRule
from netnotes.vault.discover import IgnoreRules, vault_files
from netnotes.vault.obsidian import dataview_installed, ignore_filters

# words that name people in a folder, a tag segment, a type or a category
PEOPLE_WORDS = {"people", "person", "persons", "contact", "contacts", "crm"}
MAX_NOTES = 20_000  # a larger vault is surveyed on its first notes: the conventions show early


@dataclass(frozen=True)
class Proposal:
    """The config text that fits the vault, what it is based on, and what was found."""

    text: str  # the commented default config when nothing differs from the defaults
    findings: tuple[str, ...]
    settings: tuple[str, ...]  # the proposed lines, as ``[table] key = value``
    contact: KindRule
    people_properties: tuple[str, ...]
    date_properties: tuple[str, ...]
    extra_fields: tuple[str, ...]

    @property
    def worth_showing(self) -> bool:
        """Something beyond "the defaults fit": settings, names read as fields, Dataview."""
        return bool(self.settings) or len(self.findings) > 2


def read_notes(root: Path, config: Config, ignore: tuple[str, ...] = ()) -> list[Note]:
    """The vault's notes as ``config`` reads them (templates and excluded files skipped)."""
    notes = []
    for f in vault_files(root, IgnoreRules(ignore, ignore_filters(root)))[:MAX_NOTES]:
        try:
            data, _st = read_regular(f.fspath)
        except OSError:
            continue
        notes.append(parse_note(f.rel, data, config))
    return notes


def propose(root: Path, base: Config | None = None) -> Proposal:
    """The config that fits the vault at ``root``: people found by the signals its notes
    share, meetings by the properties that link them to people and date them."""
    base = base or Config(dataview=dataview_installed(root))
    notes = read_notes(root, base, base.ignore)
    contact = _contact_rule(notes, base)
    if contact != base.contact:
        reread = [parse_note(n.rel, _bytes(root, n.rel), replace(base, contact=contact)) for n in notes]
        if {n.rel for n in reread if n.kind == "contact"} == {n.rel for n in notes if n.kind == "contact"}:
            contact = base.contact  # the defaults read the same people: nothing to propose
        else:
            notes = reread
    cfg = replace(base, contact=contact)
    people = [n for n in notes if n.kind == "contact"]
    names = {link_key(n.title) for n in people} | {link_key(n.name) for n in people}
    people_props, date_props, meetings = _meeting_properties(notes, names, base)
    cfg = replace(cfg, people_properties=people_props, date_properties=date_props)
    extra = _unknown_properties(people, cfg)
    findings = [f"{len(people)} of {len(notes)} notes look like people ({_describe(contact, cfg)})",
                f"{meetings} dated note{'s' * (meetings != 1)} link to them (in the text, or through "
                f"{', '.join(people_props)}), dated by {', '.join(date_props)} or their file name"]
    mapped = _mapped_names(root, people, cfg)
    if mapped:
        findings.append("property names read as netnotes' fields: " + ", ".join(f"{a} -> {b}" for a, b in mapped))
    if extra:
        findings.append("other properties on people notes, kept as they are: " + ", ".join(extra))
    if cfg.dataview:
        findings.append("the Dataview plugin is installed: its inline fields (key:: value) are read")
    inserts = _settings(base, contact, people_props, date_props, extra)
    text = _config_text(inserts, findings)
    settings = tuple(f"{table} {line}" for table, lines in inserts.items() for line in lines)
    return Proposal(text, tuple(findings), settings, contact, people_props, date_props, extra)


def _settings(base: Config, contact: KindRule, people_props: tuple[str, ...], date_props: tuple[str, ...],
              extra: tuple[str, ...]) -> dict[str, list[str]]:
    """Table header -> the lines that set what differs from the defaults."""
    out: dict[str, list[str]] = {}
    if extra:
        out["[vault]"] = [f"extra_fields = {_toml_list(extra)}"]
    if contact != base.contact:
        out["[kinds.contact]"] = [f"{f} = {_toml_list(getattr(contact, f))}"
                                  for f in ("folders", "types", "tags", "categories")]
    last = [f"{k} = {_toml_list(v)}" for k, v, d in (("people_properties", people_props, base.people_properties),
                                                      ("date_properties", date_props, base.date_properties)) if v != d]
    if last:
        out["[last_touch]"] = last
    return out


def _bytes(root: Path, rel: str) -> bytes:
    try:
        return read_regular(str(root / rel))[0]
    except OSError:
        return b""


def _is_people_word(text: str) -> bool:
    return any(fold(part) in PEOPLE_WORDS for part in re.split(r"[/#]", text) if part)


def _contact_rule(notes: list[Note], base: Config) -> KindRule:
    """The signals that mark people in this vault; the defaults when none is found."""
    folders: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    types: Counter[str] = Counter()
    cats: Counter[str] = Counter()
    for n in notes:
        parts = n.rel.split("/")[:-1]
        for i, part in enumerate(parts):
            if fold(part) in PEOPLE_WORDS:
                folders["/".join(parts[:i + 1])] += 1
                break
        tags.update(t for t in split_tags(n.props.get("tags")) if _is_people_word(t))
        types.update(link_key(t) for t in category_targets(n.props.get(base.type_field)) if _is_people_word(t))
        cats.update(t.strip() for t in category_targets(n.props.get(base.category_field)) if _is_people_word(t))
    if not (folders or tags or types or cats):
        return base.contact
    return KindRule(tuple(sorted(folders)), tuple(sorted(types)), tuple(sorted(tags)), tuple(sorted(cats)))


def _meeting_properties(notes: list[Note], people: set[str], base: Config
                        ) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """The properties that link dated notes to people and those that date them (the
    defaults first), and how many such notes there are."""
    linking: Counter[str] = Counter()
    dating: Counter[str] = Counter()
    meetings = 0
    for n in notes:
        if n.kind in ("contact", "review"):
            continue
        keys = {link.source for link in n.links if link.source != "body" and link_key(link.target) in people}
        if not keys and not any(link_key(link.target) in people for link in n.links):
            continue
        linking.update(keys)
        dates = {k for k, v in n.props.items() if isinstance(k, str) and as_date(v) and fold(k) not in
                 ("created", "updated", "modified", "met", "birthday", "next_followup", "last_contact")}
        dating.update(dates)
        if dates or note_date(n, base):
            meetings += 1
    people_props = tuple(dict.fromkeys([*base.people_properties, *sorted(linking, key=lambda k: (-linking[k], k))]))
    date_props = tuple(dict.fromkeys([*base.date_properties, *sorted(dating, key=lambda k: (-dating[k], k))]))
    return people_props, date_props, meetings


def _unknown_properties(people: list[Note], cfg: Config) -> tuple[str, ...]:
    """Property names of people notes that netnotes does not read: kept, and listed in
    ``extra_fields`` so that ``validate --strict`` does not call them unknown."""
    known = set(known_names(cfg, FIELDS).values())
    found = {k for n in people for k in n.props if isinstance(k, str) and k not in known}
    return tuple(sorted(found, key=str.lower))


def _mapped_names(root: Path, people: list[Note], cfg: Config) -> list[tuple[str, str]]:
    """The names people notes write that netnotes reads under its own (``Company``, ``org``)."""
    out: dict[str, str] = {}
    for n in people:
        out.update((a, b) for a, b in canonical_names(_written_keys(root, n, cfg), cfg, FIELDS, True).items()
                   if a not in out)
    return sorted(out.items(), key=lambda kv: kv[0].lower())


def _written_keys(root: Path, n: Note, cfg: Config) -> list[str]:
    """The property names as the card writes them, before netnotes reads them as its own."""
    from netnotes.base.text import NotUtf8, decode_text
    from netnotes.notes.inline import inline_fields
    from netnotes.notes.note import _split_lines
    from netnotes.notes.yamlload import load_front_matter

    try:
        lines = decode_text(_bytes(root, n.rel)).split("\n")
    except NotUtf8:
        return []
    keys: list[str] = []
    if lines[0].rstrip("\r \t") == "---":
        try:
            fm, _start = _split_lines(lines)
        except ValueError:
            return []
        data = load_front_matter(fm, n.rel, entries=False).data
        keys = [k for k in data if isinstance(k, str)] if isinstance(data, dict) else []
    if cfg.dataview:
        keys += [f.key for f in inline_fields(n.body.split("\n"), n.body_line)]
    return keys


def _describe(rule: KindRule, cfg: Config) -> str:
    ways = [f"in {', '.join(f + '/' for f in rule.folders)}" if rule.folders else "",
            f"{cfg.type_field}: {', '.join(rule.types)}" if rule.types else "",
            f"tagged {', '.join('#' + t for t in rule.tags)}" if rule.tags else "",
            f"{cfg.category_field}: {', '.join('[[' + c + ']]' for c in rule.categories)}" if rule.categories else ""]
    return "; ".join(w for w in ways if w)


def _toml_list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(json.dumps(i, ensure_ascii=False) for i in items) + "]"


def _config_text(inserts: dict[str, list[str]], findings: list[str]) -> str:
    """The commented default config with the proposed values set under their tables."""
    from netnotes.vault.config import default_config_text

    text = default_config_text()
    if not inserts:
        return text
    head = "# Proposed by `netnotes init` from this vault's notes:\n" + \
        "".join(f"#   {line}\n" for line in findings) + "\n"
    out = []
    for line in text.split("\n"):
        out.append(line)
        out.extend(inserts.get(line.strip(), []))
    return head + "\n".join(out)
