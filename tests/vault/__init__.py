"""Tests of netnotes.vault: finding the vault, its config, init, atomic writes."""
