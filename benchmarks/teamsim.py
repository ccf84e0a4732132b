"""A team sharing one vault through git, simulated with real processes (issue 20; docs/team.md).

N clones of a copy of sample-vault, each set up with `netnotes init --git`, take turns: each
makes a few random netnotes edits (`log`, `followup`, `done`, `intro`, `add`, a tag or an offer
added or removed with netnotes' own property editor), commits, pulls (git merges with the
netnotes driver) and pushes. A merge that stops for a person is resolved as a person would
(keep one side of each conflicting property) and counted, with what conflicted. At the end
every clone pulls once more, and every entry and card any clone wrote is looked for.

    python benchmarks/teamsim.py [--clones 10] [--rounds 5] [--edits 3] [--people N] [--seed 1] [--json]

Prints the figures: merges, merges that needed a person, the properties that conflicted,
entries and cards written and lost. Exit status 1 when anything was lost or a conflict was not
a disagreement on one property.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NETNOTES = Path(sys.executable).parent / "netnotes"
DAYS = [f"2026-11-{d:02d}" for d in range(2, 21)]
WHEN = ["2026-12-01", "2026-12-05", "2026-12-10", "2026-12-15", "2027-01-10"]
TAGS = ["vip", "golf", "referral-partner", "bni", "speaker"]
OFFERS = ["payroll", "audits", "web design", "office space", "coaching"]
_MARKER = re.compile(r"^<<<<<<< .*?\n(.*?)^=======\n(.*?)^>>>>>>> .*?\n", re.M | re.S)


@dataclass
class Figures:
    clones: int
    rounds: int
    edits: int
    seed: int
    people: int = 0
    driver: bool = True
    merges: int = 0  # pulls that merged (not a fast-forward)
    file_merges: int = 0  # cards both sides had changed, merged by the driver
    needed_a_person: int = 0
    conflicted: dict[str, int] = field(default_factory=dict)  # property -> times
    not_one_property: list[str] = field(default_factory=list)  # conflicts that were not
    entries_written: int = 0
    entries_lost: list[str] = field(default_factory=list)
    cards_added: int = 0
    cards_lost: list[str] = field(default_factory=list)

    @property
    def clean_share(self) -> float:
        return 1.0 if not self.merges else 1 - self.needed_a_person / self.merges


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NETNOTES_VAULT", "NETNOTES_DEBUG")}
    env.update(NO_COLOR="1", COLUMNS="80", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="sim", GIT_AUTHOR_EMAIL="sim@example.com", GIT_COMMITTER_NAME="sim",
               GIT_COMMITTER_EMAIL="sim@example.com", PATH=f"{NETNOTES.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    return env


ENV = _env()
DEBUG = Path(os.environ["NETNOTES_TEAMSIM_DEBUG"]) if os.environ.get("NETNOTES_TEAMSIM_DEBUG") else None


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(["git", *args], cwd=cwd, env=ENV, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} in {cwd}: {proc.stdout}{proc.stderr}")
    return proc


def nn(cwd: Path, *args: str, today: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(NETNOTES), "--vault", str(cwd), *args, *(["--today", "2026-11-20"] if today else [])],
                          cwd=cwd, env=ENV, capture_output=True, text=True)
    if "Traceback" in proc.stderr:
        raise RuntimeError(f"netnotes {' '.join(args)} crashed: {proc.stderr}")
    return proc


def setup(cwd: Path) -> None:
    proc = nn(cwd, "init", "--git", today=False)
    if proc.returncode != 0:
        raise RuntimeError(f"netnotes init --git failed in {cwd}: {proc.stdout}{proc.stderr}")


def _contacts(vault: Path) -> list[str]:
    return sorted(p.stem for p in (vault / "People").glob("*.md"))


class Clone:
    def __init__(self, path: Path, number: int, rng: random.Random, figures: Figures, people: list[str]) -> None:
        self.path, self.number, self.rng, self.figures, self.people = path, number, rng, figures, people
        self.entries: list[tuple[str, str]] = []  # (card stem, text of the entry it wrote)
        self.added: list[str] = []
        self.step = 0

    def edit(self) -> None:
        self.step += 1
        people = self.people
        name = self.rng.choice(people)
        mark = f"clone {self.number} step {self.step}"
        op = self.rng.choice(["log", "log", "log", "followup", "done", "intro", "add", "tag", "offer"])
        if op == "log":
            if nn(self.path, "log", name, f"call: {mark}", "--date", self.rng.choice(DAYS)).returncode == 0:
                self.entries.append((name, mark))
        elif op == "followup":
            nn(self.path, "followup", name, self.rng.choice(WHEN))
        elif op == "done":
            if nn(self.path, "done", name, "--note", mark).returncode == 0:
                self.entries.append((name, mark))
        elif op == "intro":
            other = self.rng.choice([p for p in people if p != name])
            if nn(self.path, "intro", name, other, "--note", mark).returncode == 0:
                self.entries += [(name, mark), (other, mark)]
        elif op == "add":
            new = f"Sim{self.number} Person{self.step}"
            if nn(self.path, "add", new, "--tier", "C").returncode == 0:
                self.added.append(new)
        else:
            self._toggle(name, "tags" if op == "tag" else "offers", TAGS if op == "tag" else OFFERS)

    def _toggle(self, name: str, key: str, pool: list[str]) -> None:
        """A value added to or removed from a list property, by netnotes' own property editor."""
        from netnotes.edit.spans import EditRefused, set_property
        from netnotes.notes import yamlload
        from netnotes.edit.spans import split

        path = self.path / "People" / f"{name}.md"
        text = path.read_text(encoding="utf-8")
        data = yamlload.load_front_matter(split(text).fm).data or {}
        values = data.get(key) if isinstance(data.get(key), list) else []
        value = self.rng.choice(pool)
        values = [v for v in values if v != value] if value in values else [*values, value]
        try:
            new = set_property(text, key, values)
        except EditRefused:
            return
        path.write_text(new, encoding="utf-8")

    def commit(self) -> None:
        git(self.path, "add", "-A")
        git(self.path, "commit", "-q", "--allow-empty", "-m", f"clone {self.number} step {self.step}")

    def sync(self) -> None:
        before = git(self.path, "rev-parse", "HEAD").stdout.strip()
        git(self.path, "fetch", "-q", "origin")
        remote = git(self.path, "rev-parse", "origin/main").stdout.strip()
        base = git(self.path, "merge-base", "HEAD", "origin/main").stdout.strip()
        if base not in (remote, before):
            self.figures.merges += 1
            both = set(git(self.path, "diff", "--name-only", base, before).stdout.split("\n")) & \
                set(git(self.path, "diff", "--name-only", base, remote).stdout.split("\n")) - {""}
            self.figures.file_merges += len(both)
        merged = git(self.path, "merge", "-q", "--no-edit", "origin/main", check=False)
        if merged.returncode != 0:
            self.figures.needed_a_person += 1
            self._resolve()
        git(self.path, "push", "-q", "origin", "HEAD:main")

    def _resolve(self) -> None:
        """As a person would: in each conflicting property, keep one of the two sides."""
        status = git(self.path, "diff", "--name-only", "--diff-filter=U").stdout.split("\n")
        for rel in filter(None, status):
            path = self.path / rel
            text = path.read_text(encoding="utf-8")
            if DEBUG:
                case = DEBUG / f"{len(list(DEBUG.iterdir())):03d}"
                case.mkdir(parents=True)
                for stage, name in ((1, "base"), (2, "ours"), (3, "theirs")):
                    shown = git(self.path, "show", f":{stage}:{rel}", check=False).stdout
                    (case / name).write_text(shown, encoding="utf-8")
                (case / "merged").write_text(text, encoding="utf-8")
            for ours, theirs in _MARKER.findall(text):
                keys = {line.split(":", 1)[0] for line in (ours + theirs).splitlines()
                        if line and not line.startswith((" ", "#", "-"))}
                if len(keys) != 1:
                    self.figures.not_one_property.append(f"{rel}: {sorted(keys)}")
                for key in keys:
                    self.figures.conflicted[key] = self.figures.conflicted.get(key, 0) + 1
            text = _MARKER.sub(lambda m: m.group(1 if self.rng.random() < 0.5 else 2), text)
            path.write_text(text, encoding="utf-8")
            git(self.path, "add", rel)
        git(self.path, "commit", "-q", "--no-edit")


def simulate(tmp: Path, clones: int, rounds: int, edits: int, seed: int, people: int = 0,
             driver: bool = True) -> Figures:
    """``people``: edit only the first that many contacts (0: all), to make the clones meet on
    the same cards more often. Without ``driver`` the clones merge as plain git does (the
    figure to compare with)."""
    rng = random.Random(seed)
    figures = Figures(clones, rounds, edits, seed, people, driver)
    origin = tmp / "origin.git"
    git(tmp, "init", "-q", "--bare", "-b", "main", str(origin))
    seed_clone = tmp / "seed"
    git(tmp, "clone", "-q", str(origin), str(seed_clone))
    shutil.copytree(ROOT / "sample-vault", seed_clone, dirs_exist_ok=True, ignore=shutil.ignore_patterns("cache"))
    setup(seed_clone)
    git(seed_clone, "add", "-A")
    git(seed_clone, "commit", "-q", "-m", "the shared vault")
    git(seed_clone, "push", "-q", "origin", "HEAD:main")
    names = _contacts(seed_clone)[:people or None]
    team = []
    for i in range(clones):
        path = tmp / f"clone{i}"
        git(tmp, "clone", "-q", str(origin), str(path))
        git(path, "config", "user.name", f"Member {i}")  # whose entries: init --git signs them
        setup(path)
        if not driver:
            git(path, "config", "--remove-section", "merge.netnotes")
        team.append(Clone(path, i, rng, figures, names))
    for _ in range(rounds):
        for clone in rng.sample(team, len(team)):
            for _ in range(edits):
                clone.edit()
            clone.commit()
            clone.sync()
    final = team[0]
    git(final.path, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    for clone in team:
        figures.entries_written += len(clone.entries)
        figures.cards_added += len(clone.added)
        for name, mark in clone.entries:
            card = final.path / "People" / f"{name}.md"
            if not card.exists() or mark not in card.read_text(encoding="utf-8"):
                figures.entries_lost.append(f"{name}: {mark}")
        for name in clone.added:
            if not (final.path / "People" / f"{name}.md").exists():
                figures.cards_lost.append(name)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clones", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--edits", type=int, default=3, help="edits per clone per turn")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--people", type=int, default=0, help="edit only the first N contacts (0: all)")
    parser.add_argument("--no-driver", action="store_true", help="merge as plain git does, to compare")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="netnotes-teamsim-") as tmp:
        figures = simulate(Path(tmp), args.clones, args.rounds, args.edits, args.seed, args.people, not args.no_driver)
    if args.json:
        print(json.dumps({**asdict(figures), "clean_share": figures.clean_share}, indent=2, sort_keys=True))
    else:
        print(f"{figures.clones} clones, {figures.rounds} rounds of {figures.edits} edits each (seed {figures.seed}, "
              f"{'the netnotes driver' if figures.driver else 'plain git'})")
        print(f"merges: {figures.merges}, cards merged by the driver: {figures.file_merges}")
        print(f"needed a person: {figures.needed_a_person} ({1 - figures.clean_share:.1%}); "
              f"properties: {figures.conflicted or 'none'}")
        print(f"entries written: {figures.entries_written}, lost: {len(figures.entries_lost)}; "
              f"cards added: {figures.cards_added}, lost: {len(figures.cards_lost)}")
        for line in figures.not_one_property + figures.entries_lost + figures.cards_lost:
            print(f"  {line}")
    bad = figures.entries_lost or figures.cards_lost or figures.not_one_property
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
