"""End-to-end tests: the installed program in a real process, and workflows over several commands."""
