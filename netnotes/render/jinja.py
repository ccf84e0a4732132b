"""Jinja2 environments for what netnotes writes: Markdown for the vault, HTML for a browser.

Templates are looked up in the vault's ``.netnotes/templates/`` first, then in netnotes' own.
Both environments use StrictUndefined, so a typo in a template is an error, never an empty
string. HTML autoescapes; Markdown escapes what would break a table row or a link.
"""

from __future__ import annotations

import hashlib
import re
import traceback
import unicodedata
from pathlib import Path
from typing import Any, Callable

from netnotes.base.errors import NetnotesError
from netnotes.render import links
from netnotes.vault.templates import template_dirs

_MD_SPECIAL = re.compile(r"([\\`<>\[\]]|#(?=\S)|!(?=\[))")
_LINK_UNSAFE = re.compile(r"[\[\]|#^\n\r]")
_ALIAS_SPECIAL = re.compile(r"([\\`<>])")
_SCHEME = re.compile(r"(?i)\b(javascript|data|vbscript|file):")


def md_text(value: Any) -> str:
    """Text from a card, safe on one Markdown line of the review: no newline, no HTML, no
    accidental #tag, code, comment (``%%``), embed (``![[...]]``), image or Markdown link,
    and no ``javascript:``-like link. The user's own [[wikilinks]] stay links, heading links
    (``[[X#Log]]``) included; their shown text is escaped like the rest."""
    from netnotes.notes.links import LINK_RE

    s = " ".join(str(value).split())
    out, at = [], 0
    for m in LINK_RE.finditer(s):
        out.append(_escape(s[at:m.start()]))
        if m.group("embed"):
            out.append("\\!")  # a link, never an embed of a private note
        target, alias = m.group("target"), m.group("alias")
        if _SCHEME.search(target):
            out.append(_escape(m.group(0)[len(m.group("embed")):]))
        else:
            link = target + (f"#{m.group('heading')}" if m.group("heading") is not None else "")
            shown = f"|{_escape_alias(alias)}" if alias is not None else ""
            out.append(f"[[{link}{shown}]]")
        at = m.end()
    out.append(_escape(s[at:]))
    return "".join(out)


def _escape(text: str) -> str:
    """Outside a wikilink: Markdown's specials backslash-escaped, ``%`` as an entity (Obsidian
    reads ``%%`` as the start of a comment that hides the rest of the page)."""
    if not text:
        return ""
    return _SCHEME.sub(r"\1\\:", _MD_SPECIAL.sub(r"\\\1", text)).replace("%", "&#37;")


def _escape_alias(text: str) -> str:
    return _SCHEME.sub(r"\1\\:", _ALIAS_SPECIAL.sub(r"\\\1", text)).replace("%", "&#37;")


def md_plain(value: Any) -> str:
    """Text that must never become a link (a person's name): every bracket escaped, so that a
    name holding ``[[`` or ``]]`` cannot open or close a wikilink."""
    return _escape(" ".join(str(value).split()))


def md_cell(value: Any) -> str:
    """Text safe in a Markdown table cell: as ``md``, and a ``|`` never ends the cell."""
    return md_text(value).replace("|", "\\|")


def cell_link(note: Any) -> str:
    """A wikilink inside a table cell, where its ``|`` must be escaped (as Obsidian does)."""
    return wikilink(note).replace("|", "\\|")


def wikilink(note: Any) -> str:
    """``[[Title]]`` (``[[Title|Name]]`` when the name differs); plain text when the title
    cannot be linked."""
    title = note.title
    if _LINK_UNSAFE.search(title) or not title.strip():
        return md_plain(note.name)
    if note.name != title and not _LINK_UNSAFE.search(note.name):
        return f"[[{title}|{_escape_alias(' '.join(note.name.split()))}]]"
    return f"[[{title}]]"


def block_id(prefix: str, *paths: str) -> str:
    """A stable Obsidian block id (``nn-fu-alain-gervais-3f2a1c``) for a generated task: the
    notes' file names for reading, a hash of their paths for uniqueness."""
    stems = "-".join(p.rsplit("/", 1)[-1].removesuffix(".md") for p in paths)
    ascii_ = unicodedata.normalize("NFKD", stems).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:48].strip("-")
    digest = hashlib.blake2b("|".join(paths).encode("utf-8", "surrogateescape"), digest_size=3).hexdigest()
    return f"nn-{prefix}-{slug}-{digest}" if slug else f"nn-{prefix}-{digest}"


def unlink(value: Any) -> str:
    """``[[Target|shown]]`` as ``shown`` and ``[[Target]]`` as ``Target``: for the HTML page."""
    from netnotes.notes.links import LINK_RE

    return LINK_RE.sub(lambda m: m.group("alias") or m.group("target") or m.group("heading") or "", str(value))


def days(n: int) -> str:
    """``1 day``, ``12 days``: how every page and report counts days (never "1 days")."""
    return f"{n} day" if n == 1 else f"{n} days"


def environment(vault_root: Path | None, html: bool, card_link: Callable[[str], str | None] | None = None):
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(vault_root)]),
        undefined=jinja2.StrictUndefined, autoescape=html, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True)
    from netnotes.notes.yamlwrite import emit
    from netnotes.render.money import amount

    env.filters.update(yaml=emit, unlink=unlink, md=md_text, plain=md_plain, cell=md_cell, link=wikilink, cell_link=cell_link,
                       block_id=block_id, money=amount, days=days)
    if html:
        _html_page(env, vault_root, card_link)
    return env


def _html_page(env, vault_root: Path | None, card_link: Callable[[str], str | None] | None) -> None:
    """What the HTML review needs besides its data: the card of a path as a link (obsidian://
    or file://, ``render.links``, unless the page is shown where cards have pages of their own:
    ``card_link``), a person's email, phone and website, and the charts."""
    from netnotes.render.review_html import html_view, reach

    def card_href(rel: str) -> str | None:
        return links.card_href(vault_root, rel) if vault_root is not None else None

    link = card_link or card_href
    env.filters.update(card_href=link, reach=reach)
    env.globals["html_view"] = lambda r: html_view(r, link)


def render(vault_root: Path | None, template_name: str, html: bool,
           card_link: Callable[[str], str | None] | None = None, **context: Any) -> str:
    """Render a template; a broken template is a NetnotesError naming its file and line."""
    import jinja2

    env = environment(vault_root, html, card_link)
    try:
        template = env.get_template(template_name)
        return template.render(**context)
    except jinja2.TemplateSyntaxError as e:
        where = e.filename or template_name
        raise NetnotesError(f"{where}:{e.lineno}: template error: {e.message}",
                            "fix the template, or delete it to use netnotes' own") from None
    except jinja2.TemplateNotFound as e:
        raise NetnotesError(f"template not found: {e.name}") from None
    except Exception as e:  # an undefined name, or an expression that fails (1/0, "a" + 1)
        frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename.endswith((".j2", ".html", ".md"))]
        if not frames and not isinstance(e, jinja2.TemplateError):
            raise  # not the template's fault
        where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else template_name
        raise NetnotesError(f"{where}: template error: {e}",
                            "fix the template, or delete it to use netnotes' own") from None
