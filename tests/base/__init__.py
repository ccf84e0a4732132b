"""Tests of netnotes.base: dates, diagnostics, errors and ISO weeks."""
