"""Tests of netnotes.index: the SQLite cache and the session that reads it."""
