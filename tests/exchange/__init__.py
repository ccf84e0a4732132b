"""Tests of netnotes.exchange: imports and exports in other tools' formats."""
