"""Tests of netnotes.watch: the watcher on a real vault."""
