"""One exception family for every failure a user should read, never a traceback.

Core code raises these; the CLI turns them into a message and an exit code.
"""

from __future__ import annotations


class NetnotesError(Exception):
    """A failure the user can act on. ``exit_code`` follows docs/cli.md."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class VaultNotFound(NetnotesError):
    """No vault given and none found by walking up from the current directory."""


class ConfigError(NetnotesError):
    """The vault's config has errors; ``diagnostics`` lists every one of them."""

    def __init__(self, message: str, diagnostics: list | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


class NameNotFound(NetnotesError):
    """A name given on the command line matches no note."""

    exit_code = 3


class AmbiguousName(NetnotesError):
    """A name given on the command line matches several notes."""

    exit_code = 3


class Busy(NetnotesError):
    """Another writer holds the card or the vault (a netnotes command, or a program still
    saving the card); nothing was written, and running the command again is safe."""

    exit_code = 75  # EX_TEMPFAIL
