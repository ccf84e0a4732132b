"""A team vault's reviews (`[reviews] per_person`): each person's pages in their own folder,
so two clones' reviews never conflict, and each one's ticks are their own entries."""

from __future__ import annotations

from conftest import TODAY, card, copy_sample, run_netnotes, tree_hashes
from .helpers import commit, git, needs_git, nn, shared_vault, sync

CONFIG = "[reviews]\nper_person = true\n"


def _files() -> dict[str, str]:
    return {".netnotes/config.toml": CONFIG,
            "People/Mike Sullivan.md": card("2026-10-01 call: first", tier="A", met="2026-09-01"),
            "People/Farah Haddad.md": card("2026-10-02 call: first", tier="A", met="2026-09-01")}


def test_pages_go_to_the_persons_folder(tmp_path):
    vault = copy_sample(tmp_path / "v")
    (vault / ".netnotes" / "config.toml").write_text(
        (vault / ".netnotes" / "config.toml").read_text(encoding="utf-8").replace(
            "[reviews]\n", "[reviews]\nper_person = true\n"), encoding="utf-8")
    proc = run_netnotes(["report", "--today", TODAY.isoformat()], vault=vault, env={"NETNOTES_USER": "Ann Lee"})
    assert proc.returncode == 0, proc.stderr
    assert (vault / "Reviews" / "Ann Lee" / "2026-W47.md").is_file()
    assert proc.stdout.strip().endswith("Reviews/Ann Lee/2026-W47.md")


def test_without_a_name_it_says_how_to_give_one(tmp_path):
    vault = copy_sample(tmp_path / "v")
    (vault / ".netnotes" / "config.toml").write_text(
        (vault / ".netnotes" / "config.toml").read_text(encoding="utf-8").replace(
            "[reviews]\n", "[reviews]\nper_person = true\n"), encoding="utf-8")
    before = tree_hashes(vault)
    proc = run_netnotes(["report", "--today", TODAY.isoformat()], vault=vault,
                        env={"NETNOTES_USER": None, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
                             "GIT_DIR": str(tmp_path / "no-repo")})
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "NETNOTES_USER" in proc.stderr and "user.name" in proc.stderr
    assert tree_hashes(vault) == before  # nothing written


@needs_git
def test_two_clones_review_and_tick_without_conflicts(tmp_path):
    a, b = shared_vault(tmp_path, _files())
    git(a, "config", "user.name", "Ann Lee")
    git(b, "config", "user.name", "Bob Roy")
    for clone in (a, b):
        nn(clone, "report", "--today", TODAY.isoformat())
    page_a, page_b = a / "Reviews" / "Ann Lee" / "2026-W47.md", b / "Reviews" / "Bob Roy" / "2026-W47.md"
    for page in (page_a, page_b):  # both tick Mike's follow-up on their own page
        page.write_text(page.read_text(encoding="utf-8").replace("- [ ] [[Mike Sullivan]]", "- [x] [[Mike Sullivan]]"),
                        encoding="utf-8")
        nn(page.parents[2], "report", "--today", TODAY.isoformat())
    commit(a, "ann's week")
    assert sync(a)
    commit(b, "bob's week")
    assert sync(b)  # no conflict: different pages, and the card's log merges
    mike = (b / "People" / "Mike Sullivan.md").read_text(encoding="utf-8")
    assert "followed up (ticked in [[Reviews/Ann Lee/2026-W47]])" in mike
    assert "followed up (ticked in [[Reviews/Bob Roy/2026-W47]])" in mike
    assert "<<<<<<<" not in mike
    # a re-run records nothing again, in either clone
    for clone in (a, b):
        git(clone, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
        out = nn(clone, "report", "--today", TODAY.isoformat()).stdout
        assert "recorded:" not in out, out
