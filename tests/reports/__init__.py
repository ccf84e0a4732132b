"""Tests of netnotes.reports: the rules behind each report (docs/reports.md)."""
