"""Problems in user data as values (netnotes.base.diagnostics): every rule has a code, a
severity and a summary."""

from __future__ import annotations

from netnotes.base.diagnostics import RULES


def test_every_rule_has_a_code_severity_and_summary():
    for code, rule in RULES.items():
        assert rule.code == code
        assert rule.severity.value in ("error", "warning")
        assert rule.summary.endswith(".") and len(rule.summary) > 20
