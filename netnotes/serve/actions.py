"""What a click in ``netnotes serve`` does to the vault: the CLI's own edits, from a form.

Each action calls the function its command calls (``done``, ``log``, ``followup NAME WHEN``,
``intro A B``, ``intro A B --outcome``), so a write from the page is atomic, conflict-checked
and undone by ``netnotes undo`` exactly as one from the shell. A form names a contact by its
card's vault-relative path, and only a path the index holds as a contact card is edited: a
path is never looked up loosely as a name, never opened as it is. Bad input is an ``Outcome``
with ``ok=False`` and nothing written, never an exception; repeated calls are not merged
(the server's one-time form ids keep a double click from writing twice).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from netnotes.base.errors import NetnotesError
from netnotes.edit.capture import DONE_KINDS
from netnotes.index.session import Session
from netnotes.notes.log import OUTCOMES
from netnotes.notes.note import Note


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str  # one line for the person, e.g. "Logged a call with Ann Lee"
    changed: tuple[str, ...] = ()  # vault-relative paths written


# action -> the form fields it reads; REQUIRED says which of them may not be left empty
ACTIONS: dict[str, tuple[str, ...]] = {
    "done": ("contact", "note", "kind"),
    "touch": ("contact", "kind", "note", "date"),
    "snooze": ("contact", "until"),
    "intro": ("a", "b", "note"),
    "outcome": ("a", "b", "outcome", "note"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "done": ("contact",),
    "touch": ("contact", "kind"),
    "snooze": ("contact", "until"),
    "intro": ("a", "b"),
    "outcome": ("a", "b", "outcome"),
}
CONTACT_FIELDS = ("contact", "a", "b")  # the fields that name a card by its path
# the kinds a touch from the page may have: those `done` logs (intro, referral and sale have rules of their own)
TOUCH_KINDS = DONE_KINDS
# the choices of the fields that have them, for the page's <select>s ("kind" defaults to "note" in `done`)
CHOICES: dict[str, tuple[str, ...]] = {"kind": TOUCH_KINDS, "outcome": OUTCOMES}


def _a(kind: str) -> str:
    """"a call", "an email": the kind as the page's message says it."""
    return ("an " if kind[:1] in "aeiou" else "a ") + kind

# The vault's write lock and the undo history's open change are per process, not per thread:
# two requests writing at once from the server's threads would join each other's change.
_one_at_a_time = threading.Lock()


class _Refused(Exception):
    """Input the action cannot take (the message says why); nothing was written."""


def perform(vault: Path, action: str, form: Mapping[str, str], *, today: dt.date) -> Outcome:
    """Do ``action`` with the fields of ``form`` in the vault at ``vault``, as of ``today``."""
    if not isinstance(action, str) or action not in ACTIONS:
        return Outcome(False, _flat(f"Unknown action `{action}`; the actions are {', '.join(ACTIONS)}"))
    try:
        fields = _fields(action, form)
    except _Refused as e:
        return Outcome(False, _flat(str(e)))
    with _one_at_a_time:
        try:
            session = open_session(vault)
        except NetnotesError as e:
            return Outcome(False, _one_line(e.message))
        try:
            return _act(session, action, fields, today)
        except _Refused as e:
            return Outcome(False, _flat(str(e)))
        except NetnotesError as e:
            return Outcome(False, _vault_relative(_said(e), session, fields))
        except OSError as e:
            return Outcome(False, f"cannot write to the vault: {e.strerror or e}; nothing was written")
        finally:
            session.index.close()


def _fields(action: str, form: Mapping[str, str]) -> dict[str, str]:
    """The action's fields as text ("" when absent), the required ones present."""
    out = {}
    for name in ACTIONS[action]:
        value = form.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise _Refused(f"The field `{name}` must be text")
        try:  # a card's path may hold the bytes of a file name that is not UTF-8 (as os.fsdecode
            # keeps them); any other field must be text
            value.encode("utf-8", "surrogateescape" if name in CONTACT_FIELDS else "strict")
        except UnicodeEncodeError:
            raise _Refused(f"The field `{name}` holds characters that are not text") from None
        if not value.strip() and name in REQUIRED[action]:
            raise _Refused(f"The field `{name}` is missing")
        out[name] = value if name in CONTACT_FIELDS else value.strip()  # a path is taken as it is
    return out


def open_session(vault: Path) -> Session:
    """The vault and its index, synced with the files as every command's session is."""
    from netnotes.index.session import load_session
    from netnotes.vault.handle import open_vault

    return load_session(open_vault(str(vault)), with_body=False)


def _act(session: Session, action: str, fields: dict[str, str], today: dt.date) -> Outcome:
    cards = {k: _contact(session, fields[k]) for k in CONTACT_FIELDS if k in fields}
    return _DOERS[action](session, cards, fields, today)


def _contact(session: Session, rel: str) -> Note:
    """The contact card at ``rel`` in the index; refused for any other path."""
    if _plain_path(rel):
        found = session.index.notes_at([rel], with_body=False)
        if found and found[0].kind == "contact":
            return found[0]
    raise _Refused(f"No contact card at {rel}")


def _plain_path(rel: str) -> bool:
    """A relative, '/'-separated path with no empty, ``.`` or ``..`` part (what the index keys on)."""
    if not rel or "\x00" in rel or "\\" in rel or rel.startswith("/") or os.path.isabs(rel):
        return False
    try:
        os.fsencode(rel)
    except UnicodeError:
        return False
    return all(part not in ("", ".", "..") for part in rel.split("/"))


def _day(text: str, field: str, session: Session, today: dt.date, prefer: str) -> dt.date:
    """A date typed as the CLI's date options read it (``base.dates.parse_day``, the config's
    date_order for a numeric date such as 01.02.2027)."""
    from netnotes.base.dates import DateTextError, is_numeric_date, parse_day

    order = session.vault.config.date_order if is_numeric_date(text) else ""
    try:
        return parse_day(text, today, order, prefer)
    except DateTextError as e:
        raise _Refused(f"{field}: {_said(e)}") from None


def _done(session: Session, cards: dict[str, Note], fields: dict[str, str], today: dt.date) -> Outcome:
    """``netnotes done NAME --kind KIND --note NOTE``: the follow-up done today."""
    from netnotes.edit.capture import record_done

    card, kind = cards["contact"], fields["kind"] or "note"
    result = record_done(session, card, today, today, fields["note"], kind)
    return Outcome(True, f"Follow-up done: logged {_a(kind)} with {card.name}",
                   _changed(session, [result]))


def _touch(session: Session, cards: dict[str, Note], fields: dict[str, str], today: dt.date) -> Outcome:
    """``netnotes log NAME "KIND: NOTE" --date DATE``."""
    from netnotes.edit.capture import add_log

    card, kind = cards["contact"], fields["kind"]
    if kind not in TOUCH_KINDS:
        raise _Refused(f"`{kind}` is not a kind of touch; use one of {', '.join(TOUCH_KINDS)}")
    day = _day(fields["date"], "date", session, today, "past") if fields["date"] else today
    note = " ".join(fields["note"].split())
    result = add_log(session, card, f"{kind}: {note}" if note else kind, day)
    return Outcome(True, f"Logged {_a(kind)} with {card.name} on {day.isoformat()}",
                   _changed(session, [result]))


def _snooze(session: Session, cards: dict[str, Note], fields: dict[str, str], today: dt.date) -> Outcome:
    """``netnotes followup NAME WHEN``."""
    from netnotes.edit.capture import set_followup

    card = cards["contact"]
    day = _day(fields["until"], "until", session, today, "future")
    result = set_followup(session, card, day.isoformat(), today)
    if not result.changed:
        return Outcome(True, f"The next follow-up with {card.name} is {day.isoformat()} already")
    return Outcome(True, f"Next follow-up with {card.name}: {day.isoformat()}", _changed(session, [result]))


def _intro(session: Session, cards: dict[str, Note], fields: dict[str, str], today: dt.date) -> Outcome:
    """``netnotes intro A B --note NOTE``."""
    from netnotes.edit.capture import record_intro

    a, b = cards["a"], cards["b"]
    results = record_intro(session, a, b, today, fields["note"])
    return Outcome(True, f"Recorded the introduction of {a.name} and {b.name}", _changed(session, results))


def _outcome(session: Session, cards: dict[str, Note], fields: dict[str, str], today: dt.date) -> Outcome:
    """``netnotes intro A B --outcome OUTCOME --note NOTE``."""
    from netnotes.edit.outcomes import record_outcome

    a, b, outcome = cards["a"], cards["b"], fields["outcome"]
    results = record_outcome(session, a, b, outcome, today, fields["note"])
    return Outcome(True, f"Recorded what came of introducing {a.name} and {b.name}: {outcome}",
                   _changed(session, results))


_DOERS: dict[str, Callable[[Session, dict[str, Note], dict[str, str], dt.date], Outcome]] = {
    "done": _done, "touch": _touch, "snooze": _snooze, "intro": _intro, "outcome": _outcome,
}


def _changed(session: Session, results: list) -> tuple[str, ...]:
    root = session.vault.root
    return tuple(Path(os.path.relpath(r.path, root)).as_posix() for r in results if r.changed)


def _vault_relative(message: str, session: Session, fields: dict[str, str]) -> str:
    """The edit functions name a card as the shell would see it (relative to the current
    folder); the page names it from the vault."""
    from netnotes.edit.write import shown_path

    for field in CONTACT_FIELDS:
        rel = fields.get(field)
        if rel and _plain_path(rel):
            message = message.replace(shown_path(session.vault.root / rel), rel)
    return message


def _said(e: NetnotesError) -> str:
    """An error's message with its hint, where the hint says what to write rather than which
    command to run (the page is not a shell)."""
    hint = e.hint or ""
    shell = "netnotes " in hint or " --" in hint
    return _one_line(e.message) + (f"; {_one_line(hint)}" if hint and not shell else "")


def _one_line(text: str) -> str:
    """The first line of an error (an ambiguous name lists candidates below it), on one line."""
    return _flat(text.split("\n", 1)[0])


def _flat(text: str) -> str:
    """A message on one line that any page can hold, whatever the form's values held (line
    breaks, tabs, a lone surrogate)."""
    return " ".join(text.encode("utf-8", "replace").decode("utf-8").split())
