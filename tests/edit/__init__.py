"""Tests of netnotes.edit: span edits, conflict-checked writes, the editor loop, merging cards."""
