"""Finding the vault and walking its Markdown files.

netnotes reads everything but dot-folders (``.netnotes``, ``.obsidian``, ``.git``, ``.trash``),
Obsidian's excluded files and the config's ignore globs. A symlinked note is read when it
points inside the vault; a symlinked folder never is (its notes are read at their own path,
and a loop or a way out of the vault is never taken).
"""

from __future__ import annotations

import operator
import os
import re
import stat as statmod
from pathlib import Path
from typing import Iterator, Mapping, NamedTuple

from netnotes.base.errors import VaultNotFound

ENV_VAR = "NETNOTES_VAULT"


def find_vault(explicit: str | os.PathLike | None, env: Mapping[str, str], cwd: Path) -> Path:
    """``--vault``, else ``$NETNOTES_VAULT``, else the nearest folder up holding .netnotes/ or .obsidian/."""
    given = explicit if explicit is not None else env.get(ENV_VAR) or None
    if given is not None:
        p = Path(given).expanduser()
        p = p if p.is_absolute() else cwd / p
        if not p.is_dir():
            source = "--vault" if explicit is not None else f"${ENV_VAR}"
            raise VaultNotFound(f"vault folder not found: {given} (from {source})",
                                "give an existing folder, or create it and run `netnotes init` in it")
        return Path(os.path.abspath(p))
    here = Path(os.path.abspath(cwd))
    for folder in (here, *here.parents):
        if (folder / ".netnotes").is_dir() or (folder / ".obsidian").is_dir():
            return folder
    raise VaultNotFound(
        f"no vault found in {here} or any folder above it",
        f"pass --vault PATH, set {ENV_VAR}, or run `netnotes init` in your notes folder")


class VaultFile(NamedTuple):
    """A Markdown file and its stat (a NamedTuple: every sync makes one per note)."""

    rel: str  # vault-relative, '/'-separated; may hold surrogate escapes for non-UTF-8 names
    fspath: str  # the file's path as the OS takes it
    size: int
    mtime_ns: int
    ctime_ns: int = 0
    ino: int = 0

    @property
    def path(self) -> Path:
        return Path(self.fspath)


def glob_to_regex(pattern: str) -> re.Pattern[str]:
    """A gitignore-like glob: ``**`` crosses folders, ``*`` and ``?`` do not; a pattern
    without ``/`` matches a name at any depth; a match on a folder skips what it holds."""
    p = pattern.strip().lstrip("/")
    anchored = "/" in p.rstrip("/")
    p = p.rstrip("/")
    out = ""
    i = 0
    while i < len(p):
        if p.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif p.startswith("**", i):
            out += ".*"
            i += 2
        elif p[i] == "*":
            out += "[^/]*"
            i += 1
        elif p[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(p[i])
            i += 1
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"{prefix}{out}(?:/.*)?", re.IGNORECASE if os.name == "nt" else 0)


class IgnoreRules:
    """Config globs plus Obsidian's ``userIgnoreFilters`` (path prefixes or /regex/)."""

    def __init__(self, globs: tuple[str, ...] = (), obsidian_filters: tuple[str, ...] = ()) -> None:
        self.globs = [glob_to_regex(g) for g in globs if g.strip()]
        self.regexes: list[re.Pattern[str]] = []
        self.prefixes: list[str] = []
        for f in obsidian_filters:
            if len(f) > 2 and f.startswith("/") and f.endswith("/"):
                try:
                    self.regexes.append(re.compile(f[1:-1]))
                except re.error:
                    pass
            elif f.strip():
                self.prefixes.append(f.strip().lstrip("/"))

    def ignored(self, rel: str) -> bool:
        for prefix in self.prefixes:
            if rel == prefix.rstrip("/") or rel.startswith(prefix if prefix.endswith("/") else prefix):
                return True
        return any(g.fullmatch(rel) for g in self.globs) or any(r.search(rel) for r in self.regexes)


_by_name = operator.attrgetter("name")


def walk(root: Path, rules: IgnoreRules) -> Iterator[VaultFile]:
    """Every Markdown file of the vault, sorted by relative path within each folder."""
    return iter(vault_files(root, rules))


def vault_files(root: Path, rules: IgnoreRules, unreadable: list[str] | None = None) -> list[VaultFile]:
    """``walk``, as a list. Every sync walks the whole vault, so this is kept lean: one ``stat``
    per note, none for a folder or another file (their type comes with the folder listing),
    plain strings, no generator to resume per file. A folder that cannot be listed
    (permission denied) is added to ``unreadable`` (as ``rel/``), never silently left out."""
    root = Path(os.path.abspath(root))
    real_root = os.path.realpath(root)
    seen_dirs: set[tuple[int, int]] = set()
    ignored = rules.ignored if (rules.prefixes or rules.globs or rules.regexes) else None
    new = tuple.__new__  # VaultFile's constructor, minus a Python-level call per file
    out: list[VaultFile] = []
    add = out.append

    def inside(real: str) -> bool:
        return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)

    def visit(folder: str, rel_prefix: str) -> None:
        try:
            st = os.stat(folder)
        except OSError:
            return
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            return
        seen_dirs.add(key)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=_by_name)
        except PermissionError:
            if unreadable is not None:
                unreadable.append(rel_prefix or "./")
            return
        except OSError:
            return
        for entry in entries:
            name = entry.name
            if name[0] == ".":
                continue
            rel = rel_prefix + name
            if ignored is not None and ignored(rel):
                continue
            try:
                if entry.is_symlink():
                    if not inside(os.path.realpath(entry.path)):
                        continue
                    # a linked folder's notes are read at their own path (or lie outside the vault)
                elif entry.is_dir():  # not a link: nothing to follow
                    visit(entry.path, rel + "/")
                    continue
                if not name.lower().endswith(".md"):
                    continue
                st = entry.stat()  # follows a link
            except OSError:
                continue  # dangling link or vanished file
            if statmod.S_ISREG(st.st_mode):
                add(new(VaultFile, (rel, entry.path, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)))

    visit(str(root), "")
    return out


def display_path(rel: str) -> str:
    """A path safe to print: undecodable bytes in a file name shown as U+FFFD."""
    try:
        rel.encode("utf-8")
        return rel
    except UnicodeEncodeError:
        return os.fsencode(rel).decode("utf-8", "replace")
