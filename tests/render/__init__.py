"""Tests of netnotes.render: templates, escaping, and the review page in the vault."""
