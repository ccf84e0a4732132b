"""The netnotes command: Click options in, one library call, output out. The only layer that
imports Click or prints. ``cli`` is the Click group, ``main`` the console entry point.

``app`` holds the group, its error boundary and the session loader; ``options`` and
``output`` what commands share; the commands are in ``vault``, ``queries``, ``reports``,
``capture``, ``loop``, ``exchange``, ``sync``, ``serve`` and ``everyday`` (open, config), following docs/cli.md.
"""

from netnotes.cli.app import cli, main
from netnotes.cli import capture, everyday, exchange, loop, queries, reports, serve, sync, team, vault  # noqa: F401  (they add their commands)

__all__ = ["cli", "main"]
