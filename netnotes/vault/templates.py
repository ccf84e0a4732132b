"""Where templates come from: the vault's overrides first, then the ones netnotes ships.

In a built wheel the top-level ``templates/`` folder is installed as ``netnotes/templates``;
in a source checkout it sits beside the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]  # the netnotes package


def builtin_templates_dir() -> Path:
    inside = _PACKAGE / "templates"
    if inside.is_dir():
        return inside
    beside = _PACKAGE.parent / "templates"
    if beside.is_dir():
        return beside
    raise FileNotFoundError(f"netnotes is installed without its templates (looked in {inside} and {beside})")


def template_dirs(vault: Path | None = None) -> list[Path]:
    """Most specific first: ``VAULT/.netnotes/templates`` then the built-in folder."""
    dirs = []
    if vault is not None and (vault / ".netnotes" / "templates").is_dir():
        dirs.append(vault / ".netnotes" / "templates")
    dirs.append(builtin_templates_dir())
    return dirs


def template_text(name: str, vault: Path | None = None) -> str:
    for d in template_dirs(vault):
        p = d / name
        if p.is_file():
            return p.read_text(encoding="utf-8")
    raise FileNotFoundError(name)
