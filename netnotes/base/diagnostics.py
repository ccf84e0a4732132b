"""Problems in user data as values: collected, sorted, then shown together.

A diagnostic names the file, the line and the column (1-based), a rule code and a
message that says what to do. Rules live in ``RULES`` so that docs and tests can
enumerate them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    summary: str
    strict_only: bool = False


def _r(code: str, severity: str, summary: str, strict_only: bool = False) -> Rule:
    return Rule(code, Severity(severity), summary, strict_only)


RULES: dict[str, Rule] = {r.code: r for r in [
    _r("encoding", "error", "The file is not valid UTF-8 text."),
    _r("unreadable", "error", "A card or a folder netnotes has no permission to read."),
    _r("file-too-large", "error", "The file or its front matter is larger than netnotes reads."),
    _r("yaml-syntax", "error", "The front matter is not valid YAML."),
    _r("yaml-unsafe", "error", "The front matter uses a YAML tag, alias expansion or nesting that netnotes refuses to load."),
    _r("front-matter-type", "error", "The front matter is a list or a single value instead of a set of properties."),
    _r("unclosed-front-matter", "error", "The file opens front matter with `---` but never closes it."),
    _r("conflict-marker", "error", "A git conflict marker (`<<<<<<<`, `=======`, `>>>>>>>`): a merge left unfinished."),
    _r("duplicate-key", "warning", "A property is written twice; only the last one counts."),
    _r("field-type", "error", "A property has the wrong type (for example a list where a date is expected)."),
    _r("invalid-date", "error", "A date that does not exist or is not written YYYY-MM-DD."),
    _r("invalid-value", "error", "A property has a value outside its allowed set (stage, pipeline, cadence...)."),
    _r("unknown-tier", "error", "The contact's tier is not one of the tiers in the config."),
    _r("unquoted-number", "warning", "A text property (phone, name...) written as a bare number; quote it."),
    _r("yaml-ambiguous", "warning", "A bare value that YAML 1.1 reads differently from what it looks like (`no`, `1:30`, `012`)."),
    _r("unquoted-wikilink", "warning", "A bare `[[Link]]` in a property: YAML reads it as a nested list; quote it."),
    _r("broken-link", "warning", "A property links to a contact, group or event that has no note."),
    _r("ambiguous-link", "warning", "A link matches more than one note."),
    _r("duplicate-contact", "warning", "Two contact cards look like one person (same email or same name)."),
    _r("log-syntax", "warning", "A line in the `## Log` section does not follow the log grammar."),
    _r("log-kind", "warning", "A log entry uses a kind netnotes does not know."),
    _r("unknown-field", "warning", "A property netnotes does not know (reported with --strict only).", strict_only=True),
    _r("config", "error", "The config file has an error."),
    _r("config-unknown-key", "warning", "The config file has a key netnotes does not know."),
]}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where, which rule, what to do. Line and column are 1-based (0 = unknown)."""

    path: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = field(default=Severity.ERROR, compare=False)
    excerpt: str = field(default="", compare=False)
    span: int = field(default=1, compare=False)

    @classmethod
    def make(cls, path: str, line: int, col: int, code: str, message: str,
             excerpt: str = "", span: int = 1) -> "Diagnostic":
        rule = RULES[code]
        return cls(path, line, col, code, message, rule.severity, excerpt, max(1, span))

    def as_error(self) -> "Diagnostic":
        return replace(self, severity=Severity.ERROR)

    def to_json(self) -> dict:
        d = asdict(self)
        d["severity"] = self.severity.value
        del d["span"]
        return d


def applicable(diags: list[Diagnostic], strict: bool) -> list[Diagnostic]:
    """Drop strict-only rules unless strict; in strict mode warnings become errors."""
    out = []
    for d in diags:
        if RULES[d.code].strict_only and not strict:
            continue
        out.append(d.as_error() if strict else d)
    return sorted(out)


def format_text(d: Diagnostic, color: bool = False) -> str:
    """``path:line:col: severity[code] message`` then the line with a marker under the problem."""
    sev = d.severity.value
    if color:  # bold red or yellow, as click.style writes it; core code never imports Click
        sev = f"\x1b[{31 if d.severity is Severity.ERROR else 33}m\x1b[1m{sev}\x1b[0m"
    where = d.path if d.line == 0 else f"{d.path}:{d.line}:{max(d.col, 1)}"
    out = f"{where}: {sev}[{d.code}] {d.message}"
    if d.excerpt and d.line:
        gutter = f"{d.line} | "
        text = d.excerpt.expandtabs(1)
        col = max(d.col, 1)
        marker = " " * (len(gutter) - 2) + "| " + " " * (col - 1) + "^" * max(1, min(d.span, len(text) - col + 1))
        out += f"\n  {gutter}{text}\n  {marker}"
    return out


def format_json(diags: list[Diagnostic]) -> str:
    return json.dumps([d.to_json() for d in diags], indent=2, ensure_ascii=False)


def summary(diags: list[Diagnostic], files: int) -> str:
    errors = sum(1 for d in diags if d.severity is Severity.ERROR)
    warnings = len(diags) - errors
    return f"{files} notes checked: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
