"""Tests of netnotes.notes: one file in, one Note out, and the vault-wide checks."""
