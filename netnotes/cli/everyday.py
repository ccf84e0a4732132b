"""Everyday verbs: ``open`` (a card in your editor or in Obsidian) and ``config`` (the
effective config, and where each value came from)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from netnotes.cli.app import cli, load
from netnotes.cli.options import complete_contact, complete_group, json_option, open_vault, vault_option
from netnotes.cli.output import echo_json, say

KINDS = ("contact", "group", "event")  # `open` opens any card a name finds


def complete_card(ctx: click.Context, param, incomplete: str) -> list:
    """Contact, group and event names."""
    return complete_contact(ctx, param, incomplete) + complete_group(ctx, param, incomplete)


@cli.command("open")
@click.argument("name", shell_complete=complete_card)
@click.option("--obsidian/--editor", "in_obsidian", default=None,
              help="Open it in Obsidian (by its obsidian:// URI) or in your editor; "
                   "default: `with` in [open] of the config, else the editor.")
@click.option("--print", "print_only", is_flag=True,
              help="Print the card's path (with --obsidian, its URI) instead of opening it.")
@vault_option
@click.pass_context
def open_card(ctx: click.Context, name: str, in_obsidian: bool | None, print_only: bool) -> None:
    """Open a contact's, group's or event's card in your editor, or in Obsidian.

    The editor is `editor` in [open] of the config, else $VISUAL, else $EDITOR, run on the
    card itself; netnotes waits for it, then says if the card no longer parses. With
    --obsidian (or `with = "obsidian"` in [open]) the card opens in Obsidian. NAME is
    looked up as every command looks names up. `netnotes edit` edits a checked copy instead.

    \b
    Examples:
      netnotes open alain
      netnotes open "BNI Capital Referrals" --obsidian
      netnotes open --print alain
    """
    from netnotes.vault import launch
    from netnotes.vault.config_sources import editor_setting

    session = load(ctx)
    config, path = session.vault.config, session.vault.root / session.lookup(name, KINDS).rel
    obsidian = config.open_with == "obsidian" if in_obsidian is None else in_obsidian
    target = _obsidian_uri(session.vault.root, path, warn=not print_only) if obsidian else str(path)
    if print_only:
        click.echo(target)
    elif obsidian:
        launch.open_uri(target)
    else:
        editor = editor_setting(config, os.environ)
        launch.run_editor(launch.editor_argv(editor.value, editor.origin, path), editor.origin)
        _check_card(path, config)


def _obsidian_uri(root: Path, path: Path, warn: bool) -> str:
    """The card's URI; a notice when no folder up holds .obsidian/ (Obsidian would not find it)."""
    from netnotes.vault.obsidian_uri import obsidian_uri, obsidian_vault

    folder = obsidian_vault(root)
    if warn and not (folder / ".obsidian").is_dir():
        say(f"notice: {folder} has no .obsidian/ folder: Obsidian knows it only once you open it as a vault")
    return obsidian_uri(folder, path)


def _check_card(path: Path, config) -> None:
    """After the editor: say so when the card no longer parses (the file stays as saved)."""
    from netnotes.base.diagnostics import format_text
    from netnotes.edit.editor import BREAKING
    from netnotes.edit.write import shown_path
    from netnotes.notes.note import parse_note

    try:
        data = path.read_bytes()
    except OSError as e:
        say(f"notice: cannot read {shown_path(path)} after editing: {e.strerror}")
        return
    broken = [d for d in parse_note(path.name, data, config).diagnostics if d.code in BREAKING]
    for d in broken:
        say(format_text(d))
    if broken:
        say(f"notice: {shown_path(path)} no longer parses; fix it, or run `netnotes validate`")


@cli.command("config")
@click.argument("key", required=False)
@json_option
@vault_option
@click.pass_context
def config_command(ctx: click.Context, key: str | None, fmt: str) -> None:
    """Show the effective config: every value, defaults included, and where it came from.

    Each line is `key = value  # source`, the source being `default`, a line of
    .netnotes/config.toml, Obsidian's settings or an environment variable. KEY prints one
    value alone (a table, such as `followups`, prints its lines). Unknown keys in the file
    are warned about on stderr.

    \b
    Examples:
      netnotes config
      netnotes config followups.after_event
      netnotes config --json
    """
    from netnotes.base.diagnostics import format_text
    from netnotes.vault.config_sources import FILE, config_settings, find_settings, settings_text

    vault = open_vault(ctx)
    settings = config_settings(vault.config, os.environ)
    if key:
        settings = find_settings(settings, key)
    if fmt == "json":
        echo_json({"vault": str(vault.root), "file": FILE if vault.config.path else None,
                   "settings": [s.to_json() for s in settings]})
    elif key and len(settings) == 1 and settings[0].key.replace('"', "") == key.replace('"', ""):
        click.echo(settings[0].to_text())
    else:
        click.echo(settings_text(settings))
    for d in vault.config.warnings:
        say(format_text(d))
