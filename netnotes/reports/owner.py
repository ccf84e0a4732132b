"""The vault's owner: what you offer, whom you want to meet, your ideal customer.

Written once, either as a note with ``type: me`` (any folder) or as the config's ``[me]``
table; a note wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from netnotes.base.errors import NetnotesError
from netnotes.notes.note import Note
from netnotes.notes.fields import texts
from netnotes.index.session import Session


@dataclass(frozen=True)
class Owner:
    name: str
    offers: tuple[str, ...]
    needs: tuple[str, ...]
    ideal_customer: str
    note: Note | None


def _strs(value: object) -> tuple[str, ...]:
    return tuple(x.strip() for x in texts(value) if x.strip())


def owner(session: Session) -> Owner | None:
    if session._in_index():  # read the owner's note alone, not the vault
        from netnotes.index.acquaintances import notes_of_kind

        mine = notes_of_kind(session.index.conn, "me")
    else:
        mine = [n for n in session.notes if n.kind == "me"]
    notes = sorted(mine, key=lambda n: n.rel)
    if notes:
        n = notes[0]
        ideal = n.props.get("ideal_customer")
        return Owner(n.name, _strs(n.props.get("offers")), _strs(n.props.get("needs")),
                     ideal if isinstance(ideal, str) else "", n)
    me = session.vault.config.me
    if me:
        return Owner(me.get("name") or "me", tuple(me.get("offers", ())), tuple(me.get("needs", ())),
                     me.get("ideal_customer", ""), None)
    return None


def known_owner(session: Session) -> Owner:
    """The owner, for what cannot be computed without them (``netnotes asks``)."""
    me = owner(session)
    if me is None:
        raise NetnotesError("netnotes does not know who you are yet",
                            "add a note with `type: me` and your offers and needs (docs/card-format.md)")
    return me
