"""Changing cards: span edits, atomic conflict-checked writes, capture, the editor loop, merging cards. Imports the layers below."""
