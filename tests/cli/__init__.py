"""Tests of the command layer, one file per group of docs/cli.md: vault, queries, reports, capture, exchange."""
