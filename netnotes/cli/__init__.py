"""The netnotes command: Click options in, one library call, output out. The only layer that
imports Click or prints. ``cli`` is the Click group, ``main`` the console entry point."""

from netnotes.cli.main import cli, main

__all__ = ["cli", "main"]
