"""Property names as Obsidian matches them: in any case, and by the names people use.

Obsidian treats ``Company`` and ``company`` as one property; people write ``org``, ``title``
or ``E-mail`` for what netnotes calls ``company``, ``role`` and ``email``. A name is first
folded (case, blanks and dashes: ``Last Contact`` and ``last-contact`` are ``last_contact``)
and matched against the names netnotes reads; on a contact card, common synonyms
(``SYNONYMS``) and the config's ``[properties]`` table then name netnotes' field. The value is
kept under netnotes' name; a card that writes both names keeps both, as written.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from netnotes.vault.config import Config

# a property name people use on a contact card -> netnotes' field (folded names, see ``fold``)
SYNONYMS: dict[str, str] = {
    "org": "company", "organization": "company", "organisation": "company", "employer": "company",
    "works_at": "company", "business": "company",
    "title": "role", "position": "role", "job_title": "role", "job": "role", "occupation": "role",
    "birth": "birthday", "born": "birthday", "date_of_birth": "birthday", "dob": "birthday",
    "e_mail": "email", "mail": "email", "emails": "email",
    "telephone": "phone", "tel": "phone", "mobile": "phone", "cell": "phone", "phones": "phone",
    "phone_number": "phone",
    "url": "website", "web": "website", "homepage": "website", "site": "website",
    "alias": "aliases", "tag": "tags",
    "last_contacted": "last_contact", "last_touch": "last_contact", "last_met": "last_contact",
    "first_met": "met", "met_on": "met", "met_date": "met",
    "introduced": "introduced_by", "introducer": "introduced_by", "referred_by": "introduced_by",
    "where_met": "met_at", "met_through": "met_at",
    "next_follow_up": "next_followup", "follow_up": "next_followup", "followup": "next_followup",
}
# Obsidian's own plural-less legacy names, on every note
ANY_NOTE = {"alias": "aliases", "tag": "tags", "cssclass": "cssclasses"}

_FOLD = re.compile(r"[\s\-]+")


def fold(name: str) -> str:
    """``Last Contact``, ``last-contact`` and ``LAST_CONTACT`` are one name: ``last_contact``."""
    return _FOLD.sub("_", name.strip().casefold())


def known_names(config: Config, fields: dict[str, str]) -> dict[str, str]:
    """Folded name -> the name netnotes reads it as: its fields and every property the config names."""
    return dict(_tables(config, fields)[0])


def _tables(config: Config, fields: dict[str, str]) -> tuple[dict[str, str], frozenset[str], dict[str, str]]:
    """(known names by folded name, the known names, the config's own names by folded name):
    built once per config, not once per note."""
    return _built(tuple(fields), config.type_field, config.category_field, config.extra_fields,
                  config.people_properties, config.date_properties, config.reminder_properties,
                  tuple(config.properties.items()))


@lru_cache(maxsize=16)
def _built(fields: tuple[str, ...], *names_and_props: Any) -> tuple[dict[str, str], frozenset[str], dict[str, str]]:
    *groups, props = names_and_props
    known: dict[str, str] = {}
    for n in [*fields, groups[0], groups[1], *[x for g in groups[2:] for x in g]]:
        known.setdefault(fold(n), n)
    return known, frozenset(known.values()), {fold(k): v for k, v in props}


def canonical_names(keys: list[str], config: Config, fields: dict[str, str], contact: bool) -> dict[str, str]:
    """Each key that netnotes reads under another name -> that name (keys already right, or
    not known, are left out). A name is never taken twice: the first key written wins."""
    known, exact, mapped = _tables(config, fields)
    if not mapped and all(k in exact for k in keys):
        return {}
    taken = set(keys)
    out: dict[str, str] = {}
    for key in keys:
        if not isinstance(key, str) or (key in exact and fold(key) not in mapped):
            continue
        f = fold(key)
        target = mapped.get(f) or known.get(f) or ANY_NOTE.get(f) or (SYNONYMS.get(f) if contact else None)
        if target and target != key and target not in taken:
            out[key] = target
            taken.add(target)
    return out


def rename(props: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """``props`` with keys renamed, in their order."""
    return {names.get(k, k): v for k, v in props.items()} if names else props


def canonical_props(props: dict, pos: dict, key_pos: dict, plain: dict, config: Config,
                    fields: dict[str, str], contact: bool) -> tuple[dict, dict, dict, dict]:
    """Properties, value positions, name positions and bare-scalar texts under the names
    netnotes reads them by."""
    names = canonical_names([k for k in props if isinstance(k, str)], config, fields, contact)
    if not names:
        return props, pos, key_pos, plain
    return (rename(props, names), rename(pos, names), rename(key_pos, names),
            {(names.get(k, k), i): v for (k, i), v in plain.items()})
