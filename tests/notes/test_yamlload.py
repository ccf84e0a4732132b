"""Front matter YAML (netnotes.notes.yamlload): loaded safely, with positions, with YAML 1.1
surprises flagged. No tag builds an object, hostile input is refused quickly, and every problem
is reported at its file line, never a crash."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc

import pytest

from conftest import codes, parse, run_cli, where
from netnotes.notes import yamlload


# ---- YAML errors are reported on the file's line -----------------------------------------
@pytest.mark.parametrize("text, line", [
    ("---\nname: Ann\n\tcompany: Acme\n---\n", 3),             # a tab
    ("---\nname: Ann\ncompany: Acme\nrole: x: y\n---\n", 4),    # colon in a plain value
    ("---\nname: Ann\ncompany: Acme\n  city: Ottawa\n---\n", 4),  # bad indentation
    ("\ufeff---\nname: Ann\n\n\nemail: [a@b.c\ntier: A\n---\n", 5),  # unclosed [ (BOM first): where it opens
    ("---\nname: \"Ann Lee\ncompany: Acme\n---\n", 2),                  # unclosed quote
    ("---\nname: Ann\ngroups: {a: 1\n\ntier: A\n---\n", 3),              # unclosed {
    ("---\nname: Ann\ncompany Acme\ntier: A\n---\n", 3),                   # a key without its colon
])
def test_yaml_syntax_error_line_is_the_file_line(text, line):
    note = parse(text)
    assert codes(note) == ["yaml-syntax"], note.diagnostics
    d = note.diagnostics[0]
    assert d.line == line
    assert d.message.startswith("YAML syntax error")
    assert d.excerpt == text.split("\n")[line - 1].lstrip("\ufeff")


def test_yaml_syntax_error_keeps_the_body_links():
    note = parse("---\nname: [Ann\n---\nMet [[Bob]].\n")
    assert "yaml-syntax" in codes(note)
    assert [link.target for link in note.links] == ["Bob"]


# ---- YAML 1.1 surprises ------------------------------------------------------------------
@pytest.mark.parametrize("raw", ["0612345678", "6135550101"])
def test_unquoted_phone_is_kept_as_written_with_a_warning(raw):
    note = parse(f"---\nname: Ann Lee\nphone: {raw}\n---\n")
    assert note.props["phone"] == raw  # exactly the text, leading zero kept
    assert codes(note) == ["unquoted-number"]
    d = note.diagnostics[0]
    assert (d.line, d.col) == (3, 8)
    assert d.severity.value == "warning"
    assert f'"{raw}"' in d.message  # says how to quote it


def test_quoted_phone_is_fine():
    note = parse('---\nname: Ann Lee\nphone: "0612345678"\n---\n')
    assert note.diagnostics == ()


def test_bare_no_as_a_name_is_ambiguous():
    note = parse("---\nname: no\n---\n")
    assert codes(note) == ["yaml-ambiguous"]
    d = note.diagnostics[0]
    assert (d.line, d.col) == (2, 7)
    assert "false" in d.message and '"no"' in d.message
    assert note.props["name"] == "no"  # the word the user typed, not False


def test_bare_time_is_ambiguous():
    note = parse("---\nname: Ann\ntime: 1:30\n---\n", rel="Events/Breakfast.md")
    assert where(note, "yaml-ambiguous") == [(3, 7)]
    msg = [d.message for d in note.diagnostics if d.code == "yaml-ambiguous"][0]
    assert "90" in msg and '"1:30"' in msg


def test_impossible_date_is_one_error_at_the_value():
    note = parse("---\nname: Ann Lee\nmet: 2026-02-30\n---\n")
    assert [(d.line, d.col, d.code) for d in note.diagnostics] == [(3, 6, "invalid-date")]
    assert "2026-02-30" in note.diagnostics[0].message
    assert note.props["met"] == "2026-02-30"  # kept as written


def test_quoted_impossible_date_is_also_one_error():
    note = parse('---\nname: Ann Lee\nmet: "2026-02-30"\n---\n')
    assert [(d.line, d.col, d.code) for d in note.diagnostics] == [(3, 6, "invalid-date")]


def test_a_bad_date_does_not_lose_the_other_properties():
    note = parse("---\nname: Ann Lee\nmet: 2026-02-30\ncompany: Acme\n---\n")
    assert note.props["company"] == "Acme"
    assert note.name == "Ann Lee"


def test_bare_wikilink_warns_and_still_links():
    note = parse("---\nname: Ann Lee\nmet_at: [[BNI]]\n---\n")
    assert [(d.line, d.col, d.code) for d in note.diagnostics] == [(3, 9, "unquoted-wikilink")]
    assert note.props["met_at"] == "[[BNI]]"
    assert [(link.target, link.source) for link in note.links] == [("BNI", "met_at")]


def test_bare_wikilink_in_a_list_property_warns_and_still_links():
    note = parse("---\nname: Ann Lee\ngroups: [[BNI]]\n---\n")
    assert codes(note) == ["unquoted-wikilink"]
    assert [(link.target, link.source) for link in note.links] == [("BNI", "groups")]


def test_bare_wikilink_items_in_a_block_list():
    note = parse('---\nname: Ann Lee\ngroups:\n  - [[BNI]]\n  - "[[Rotary]]"\n---\n')
    assert [(d.line, d.code) for d in note.diagnostics] == [(4, "unquoted-wikilink")]
    assert [link.target for link in note.links] == ["BNI", "Rotary"]


def test_duplicate_key_warns_on_the_second():
    note = parse("---\nname: Ann\ncompany: A\nname: Ann Lee\n---\n")
    assert [(d.line, d.col, d.code) for d in note.diagnostics] == [(4, 1, "duplicate-key")]
    assert note.props["name"] == "Ann Lee"


# ---- no tag builds an object, hostile input is refused -----------------------------------
@pytest.mark.parametrize("value", [
    "!!python/object/apply:os.system [\"touch {marker}\"]",
    "!!python/object/new:os.system [\"touch {marker}\"]",
    "!!python/object:os.system {{cmd: touch}}",
    "!!python/name:os.system",
    "!!python/object/apply:subprocess.check_call [[touch, {marker}]]",
    "!custom {{a: 1}}",
])
def test_python_tags_are_refused_and_construct_nothing(tmp_path, value):
    marker = tmp_path / "PWNED"
    note = parse(f"---\nname: Ann Lee\nnotes_x: {value.format(marker=marker)}\ncompany: Acme\n---\n")
    unsafe = [d for d in note.diagnostics if d.code == "yaml-unsafe"]
    assert [(d.line, d.col) for d in unsafe] == [(3, 10)]
    assert "not allowed" in unsafe[0].message
    assert unsafe[0].severity.value == "error"
    assert not marker.exists()

    def plain(v):
        return v is None or isinstance(v, (str, int, float, bool)) or (
            isinstance(v, list) and all(plain(x) for x in v)) or (
            isinstance(v, dict) and all(plain(x) for x in v.values()))

    assert plain(note.props["notes_x"])  # only plain data came out
    assert note.props["company"] == "Acme"  # the rest of the card is still read


def test_a_tag_on_the_whole_front_matter_is_refused():
    note = parse("---\n!!python/object:collections.OrderedDict\nname: Ann Lee\n---\n")
    assert "yaml-unsafe" in codes(note)
    assert type(note.props) is dict


def test_unsafe_tag_through_validate_fails_the_run(make_vault):
    vault = make_vault({"People/Evil.md": "---\nname: Evil\nx: !!python/object/apply:os.getcwd []\n---\n"})
    result = run_cli(["validate"], vault)
    assert result.exit_code == 1
    assert "People/Evil.md:3:4: error[yaml-unsafe] the YAML tag `!!python/object/apply:os.getcwd`" in result.stdout


def _billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnop"
    for i in range(1, levels):
        prev, cur = names[i - 1], names[i]
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + "\n---\n"


def test_alias_bomb_is_refused_fast_in_bounded_memory():
    text = _billion_laughs()
    tracemalloc.start()
    note = parse(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert codes(note) == ["yaml-unsafe"]
    assert "aliases" in note.diagnostics[0].message
    assert note.diagnostics[0].line >= 2
    assert peak < 64 * 1024 * 1024


def test_a_few_aliases_are_fine():
    note = parse("---\nname: Ann Lee\noffers: &o [design, print]\nneeds: *o\n---\n")
    assert note.diagnostics == ()
    assert note.props["needs"] == ["design", "print"]


_DEEP = r"""
import sys, time
import yaml
from netnotes.notes import yamlload
from netnotes.notes.note import parse_note
from netnotes.vault.config import Config
n = int(sys.argv[1])
if sys.argv[2] == "pure":
    yamlload.Loader = yaml.SafeLoader  # as on a machine whose PyYAML has no libyaml
for body in ["x: " + "[" * n + "]" * n, "x: " + "[" * n, "x: " + "{a: " * n + "}" * n, "- " * n + "x",
             "x: " + "[" * (n // 3)]:
    start = time.perf_counter()
    note = parse_note("People/Deep.md", ("---\n" + body + "\n---\nbody\n").encode(), Config())
    took = time.perf_counter() - start
    print(",".join(d.code for d in note.diagnostics), note.diagnostics[0].line, round(took, 3))
"""


@pytest.mark.parametrize("loader", ["libyaml", "pure"])
@pytest.mark.parametrize("depth", [1000, 5000, 10000])
def test_absurd_nesting_is_refused_without_crashing(depth, loader):
    # libyaml once segfaulted on input like this, and PyYAML 6.0.4's libyaml stops it with
    # its own syntax error: run it in a child process, and expect netnotes' own diagnostic
    # whichever YAML backend and release is installed.
    proc = subprocess.run([sys.executable, "-c", _DEEP, str(depth), loader],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = [line.split() for line in proc.stdout.splitlines()]
    assert len(rows) == 5
    for found, line, _took in rows:
        assert found in ("yaml-unsafe", "yaml-syntax", "file-too-large"), rows
        assert int(line) in (2, 3)  # the nesting line, or the closing --- of an unclosed list
    assert rows[0][0] == "yaml-unsafe"  # balanced nesting: "nests deeper than"
    assert rows[2][0] == "yaml-unsafe"  # nested mappings likewise
    assert rows[3][0] == "yaml-unsafe"  # and nested block lists


def test_nesting_message_says_what_to_do():
    note = parse("---\nx: " + "[" * 100 + "]" * 100 + "\n---\n")
    assert codes(note) == ["yaml-unsafe"]
    assert "deeper than" in note.diagnostics[0].message


def test_huge_front_matter_is_refused_fast():
    big = "".join(f"k{i}: {'v' * 100}\n" for i in range(1400))  # ~150 KiB
    assert len(big) > 128 * 1024
    note = parse("---\n" + big + "---\nbody [[Bob]]\n")
    assert codes(note) == ["file-too-large"]
    assert "KiB" in note.diagnostics[0].message
    assert [link.target for link in note.links] == ["Bob"]  # the body is still read


def test_huge_file_is_refused():
    note = parse(b"---\nname: x\n---\n" + b"a" * (9 * 1024 * 1024))
    assert codes(note) == ["file-too-large"]
    assert "MiB" in note.diagnostics[0].message


def test_load_reports_yaml_relative_positions():
    loaded = yamlload.load("name: Ann\nmet: 2026-02-30\n")
    assert [(i.line, i.col, i.code) for i in loaded.issues] == [(1, 5, "invalid-date")]
    assert loaded.data == {"name": "Ann", "met": "2026-02-30"}


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n", "~\n"])
def test_empty_front_matter_is_no_properties(text):
    note = parse(f"---\n{text}---\nbody\n")
    assert note.props == {}
    assert note.diagnostics == ()
