"""The one object commands pass around: which vault, its config, what to skip."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from netnotes.vault.config import Config, load_config
from netnotes.vault.obsidian import daily_note_format, ignore_filters
from netnotes.vault.discover import IgnoreRules, find_vault


@dataclass(frozen=True)
class Vault:
    root: Path
    config: Config
    ignore: IgnoreRules


def open_vault(explicit: str | None = None, env: Mapping[str, str] | None = None,
               cwd: Path | None = None) -> Vault:
    """Find the vault and read its config; raises VaultNotFound or ConfigError."""
    root = find_vault(explicit, os.environ if env is None else env, cwd or Path.cwd())
    config = load_config(root, daily_note_format(root))
    return Vault(root, config, IgnoreRules(config.ignore, ignore_filters(root)))
