"""Measure netnotes against the python-frontmatter baseline, whole processes side by side.

    python benchmarks/run.py [--sizes 1000,10000] [--repeat 5] [--netnotes PATH]
    python benchmarks/run.py --sizes 1000,10000,100000      # the full run (several minutes)
    make bench                                               # the same, with the project's venv

For each size it generates a fresh vault (benchmarks/generate.py, seeded) and times, as
separate processes, each the median of --repeat runs:

- the baseline: ``frontmatter.load`` on every note (benchmarks/baseline_frontmatter.py);
- ``netnotes index`` cold (``.netnotes/cache`` deleted first) and warm (nothing changed);
- ``netnotes report weekly --today 2026-11-20`` warm;
- the queries on the up-to-date index: ``show NAME`` (the middle card of People/ by file
  name), ``list``, ``followups``, ``who bookkeeping``, ``search web designer`` and
  ``introductions``;
- ``report weekly`` after one card was edited and after 100 cards were edited (an edit
  appends a log line to the card);

then ``netnotes --help`` against ``python -c "import click"``, and, on the 10k vault
(--watch-size), the time from appending a log line to a card until ``netnotes watch`` has
rewritten the review. Peak resident memory of every process comes from ``os.wait4``. It
prints the tables with every target of issue 14 (benchmarks/tables.py: targets) marked met or
NOT met, each ratio from two medians of this run, writes them between the markers of
docs/performance.md (the text around the markers is kept) and the raw numbers to
benchmarks/results/. The harness asserts nothing about the times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import json
import os
import queue
import random
import re
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

from tables import LARGE, TODAY, Result, code_state, machine, render, targets, write_docs  # noqa: E402

REVIEW = "Reviews/2026-W47.md"
WHO_TERM = "bookkeeping"  # an offer of the generator's vocabulary and a key of its [synonyms]
SEARCH_TEXT = ("web", "designer")  # two words, the last also a prefix
STATUS_LINE = re.compile(r"^\[\d\d:\d\d:\d\d\] ")


class Failed(Exception):
    pass


class Runner:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.python = sys.executable
        self.netnotes = str(args.netnotes or Path(sys.executable).with_name("netnotes"))
        env = {k: v for k, v in os.environ.items()
               if k not in ("NETNOTES_VAULT", "PYTHONDONTWRITEBYTECODE")}
        env.update(NO_COLOR="1", PYTHONUNBUFFERED="1")
        self.env = env
        self.results: list[Result] = []
        self.vaults: dict[int, dict] = {}

    # -- one process -------------------------------------------------------------------------

    def run(self, cmd: list[str]) -> tuple[float, int]:
        """Run ``cmd`` to the end: (wall seconds, peak RSS in KB). Raises Failed."""
        with tempfile.TemporaryFile() as err:
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=err, env=self.env, cwd=ROOT)
            self.limit_memory(proc.pid)
            timer = threading.Timer(self.args.timeout, proc.kill)
            timer.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                timer.cancel()
            elapsed = time.perf_counter() - t0
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode != 0:
                err.seek(0)
                tail = err.read().decode("utf-8", "replace").strip().splitlines()[-5:]
                why = ("killed after --timeout" if proc.returncode == -signal.SIGKILL
                       else f"exit {proc.returncode}")
                raise Failed(f"{why}: {shlex.join(cmd)}\n    " + "\n    ".join(tail))
        return elapsed, usage.ru_maxrss

    def limit_memory(self, pid: int) -> None:
        """Cap the child's address space (--memory-limit) so a runaway run fails, not the machine."""
        if self.args.memory_limit and hasattr(resource, "prlimit"):
            cap = self.args.memory_limit * 1024 * 1024
            try:
                resource.prlimit(pid, resource.RLIMIT_AS, (cap, cap))
            except (OSError, ValueError):
                pass

    def measure(self, key: str, label: str, size: int | None, cmd: list[str], repeat: int,
                before=None, warmup: int = 0, settle=None) -> Result:
        """Median of ``repeat`` runs of ``cmd`` after ``warmup`` untimed ones (or ``settle()``);
        ``before(i)`` runs untimed before each run."""
        res = Result(key, label, size)
        self.results.append(res)
        try:
            if settle:
                settle()
            for i in range(warmup):
                if before:
                    before(-1 - i)
                self.run(cmd)
            for i in range(repeat):
                if before:
                    before(i)
                t, rss = self.run(cmd)
                res.times.append(t)
                res.rss_kb.append(rss)
                progress(f"  {label}: run {i + 1}/{repeat} {t:.3f} s, {rss / 1024:.0f} MB")
        except Failed as e:
            res.error = str(e).split("\n")[0]
            progress(f"  {label}: FAILED {e}")
        return res

    # -- the measurements ---------------------------------------------------------------------

    def size_suite(self, size: int) -> None:
        a = self.args
        repeat = a.repeat if size < LARGE else min(a.repeat, a.repeat_large)
        vault = HERE / "vaults" / f"bench-{size}-seed{a.seed}"
        progress(f"{size:,} contacts: generating {vault.relative_to(ROOT)}")
        generate.prepare(vault, force=True)
        t0 = time.perf_counter()
        summary = generate.generate(vault, size, a.seed)
        summary["seconds"] = round(time.perf_counter() - t0, 2)
        summary["notes"] = sum(1 for _ in vault.rglob("*.md") if ".netnotes" not in _.parts)
        self.vaults[size] = summary
        cards = sorted(p for p in (vault / "People").iterdir() if p.suffix == ".md")
        nn = [self.netnotes, "--vault", str(vault)]
        cache = vault / ".netnotes" / "cache"
        edits = iter(range(10 ** 9))

        def drop_cache(_i: int) -> None:
            shutil.rmtree(cache, ignore_errors=True)

        def edit(count: int, run: int) -> None:
            for card in random.Random(f"{size}-{count}-{run}").sample(cards, count):
                append_log(card, next(edits))

        report = [*nn, "report", "weekly", "--today", TODAY]
        review = vault / REVIEW

        def settle_report() -> None:
            """Untimed reports until one leaves the review alone: the first writes it, the
            next indexes that new note; from then on nothing changes between runs."""
            for _ in range(5):
                before = file_state(review)
                self.run(report)
                if file_state(review) == before:
                    return
        self.measure("baseline", "baseline: frontmatter.load every note", size,
                     [self.python, str(HERE / "baseline_frontmatter.py"), str(vault)], repeat, warmup=1)
        self.measure("index_cold", "netnotes index, cold (no cache)", size, [*nn, "index"], repeat,
                     before=drop_cache, warmup=int(size < LARGE))
        self.measure("index_warm", "netnotes index, warm (nothing changed)", size, [*nn, "index"], repeat,
                     warmup=1)
        self.measure("report_warm", "netnotes report weekly, warm", size, report, repeat,
                     settle=settle_report)
        self.query_suite(size, nn, cards, repeat)
        self.measure("report_edit1", "netnotes report weekly, 1 card edited", size, report, repeat,
                     before=lambda i: edit(1, i))
        self.measure("report_edit100", "netnotes report weekly, 100 cards edited", size, report, repeat,
                     before=lambda i: edit(min(100, len(cards)), i))
        if size == a.watch_size:
            self.watch_suite(size, vault, cards, edits)

    def query_suite(self, size: int, nn: list[str], cards: list[Path], repeat: int) -> None:
        """The read-only commands on an up-to-date index, each after one untimed run."""
        name = cards[len(cards) // 2].stem
        today = ["--today", TODAY]
        queries = [("show", f"netnotes show {shlex.quote(name)}", ["show", name, *today]),
                   ("list", "netnotes list", ["list", *today]),
                   ("followups", "netnotes followups", ["followups", *today]),
                   ("who", f"netnotes who {WHO_TERM}", ["who", WHO_TERM, *today]),
                   ("search", f"netnotes search {' '.join(SEARCH_TEXT)}", ["search", *SEARCH_TEXT]),
                   ("introductions", "netnotes introductions", ["introductions", *today])]
        for key, label, argv in queries:
            res = self.measure(key, label, size, [*nn, *argv], repeat, warmup=1)
            res.extra["command"] = shlex.join(["netnotes", "--vault", "VAULT", *argv])

    def startup_suite(self) -> None:
        repeat = max(10, self.args.repeat)
        progress("startup")
        self.measure("python", 'python -c "pass"', None, [self.python, "-c", "pass"], repeat, warmup=1)
        self.measure("click", 'python -c "import click"', None, [self.python, "-c", "import click"],
                     repeat, warmup=1)
        self.measure("help", "netnotes --help", None, [self.netnotes, "--help"], repeat, warmup=1)

    def watch_suite(self, size: int, vault: Path, cards: list[Path], edits) -> None:
        """Start ``netnotes watch``; time append-to-card until the review's bytes change."""
        a = self.args
        res = Result("watch", "netnotes watch: save to rewritten review", size)
        self.results.append(res)
        cmd = [self.netnotes, "--vault", str(vault), "watch", "--today", TODAY]
        if a.debounce is not None:
            cmd += ["--debounce", str(a.debounce)]
        res.extra["command"] = shlex.join(["netnotes", *cmd[1:]]).replace(str(vault), "VAULT")
        progress(f"  watch: starting {shlex.join(cmd)}")
        lines: queue.Queue[tuple[float, str]] = queue.Queue()
        t_start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=self.env, cwd=ROOT, text=True,
                                errors="replace")
        self.limit_memory(proc.pid)
        stderr_tail: list[str] = []

        def pump_stdout() -> None:
            for line in proc.stdout:
                lines.put((time.perf_counter(), line.rstrip("\n")))

        def pump_stderr() -> None:
            for line in proc.stderr:
                stderr_tail.append(line)
                del stderr_tail[:-5]

        threading.Thread(target=pump_stdout, daemon=True).start()
        threading.Thread(target=pump_stderr, daemon=True).start()

        def next_status(after: float, deadline: float) -> tuple[float, str]:
            while True:
                left = deadline - time.perf_counter()
                if left <= 0 or proc.poll() is not None:
                    raise Failed("no status line from netnotes watch" +
                                 (f" (exited {proc.returncode}: "
                                  f"{''.join(stderr_tail).strip().replace(chr(10), ' / ')[-300:]})"
                                  if proc.poll() is not None else f" within {a.timeout:.0f} s"))
                try:
                    when, line = lines.get(timeout=min(left, 0.2))
                except queue.Empty:
                    continue
                if STATUS_LINE.match(line) and when >= after:
                    return when, line

        review = vault / REVIEW
        try:
            when, line = next_status(t_start, time.perf_counter() + a.timeout)
            res.extra["first_status_s"] = round(when - t_start, 3)
            res.extra["first_status"] = line
            progress(f"  watch: ready after {when - t_start:.2f} s: {line}")
            time.sleep(0.5)
            edits_n = a.watch_edits or a.repeat
            picks = random.Random(f"watch-{size}").sample(cards, min(edits_n, len(cards)))
            for i, card in enumerate(picks):
                before = review.read_bytes() if review.exists() else b""
                append_log(card, next(edits))
                t0 = time.perf_counter()
                deadline = t0 + a.timeout
                last_stat = None
                while True:
                    sig = file_state(review)
                    if sig is not None and sig != last_stat:
                        last_stat = sig
                        try:
                            if review.read_bytes() != before:
                                break
                        except FileNotFoundError:
                            pass
                    if proc.poll() is not None:
                        raise Failed(f"netnotes watch exited ({proc.returncode}) before rewriting the "
                                     "review: " + "".join(stderr_tail).strip().replace("\n", " / ")[-300:])
                    if time.perf_counter() > deadline:
                        raise Failed(f"the review was not rewritten within {a.timeout:.0f} s of an edit")
                    time.sleep(0.005)
                latency = time.perf_counter() - t0
                res.times.append(latency)
                _, line = next_status(t0, time.perf_counter() + a.timeout)  # let the cycle finish
                progress(f"  watch: edit {i + 1}/{len(picks)}: review rewritten after {latency:.3f} s; {line}")
                time.sleep(0.5)
        except Failed as e:
            res.error = str(e)
            progress(f"  watch: FAILED {e}")
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
            timer = threading.Timer(30, proc.kill)
            timer.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
                res.rss_kb.append(usage.ru_maxrss)
            except ChildProcessError:
                pass
            finally:
                timer.cancel()


def file_state(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def append_log(card: Path, n: int) -> None:
    """What a user does: add a dated line at the end of the card (its ``## Log`` section)."""
    with open(card, "a", encoding="utf-8") as fh:
        fh.write(f"- {TODAY} call: benchmark edit {n}; talked about next steps.\n")


def progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)



def lock_runs():
    """One run at a time: two runs would share benchmarks/vaults/ and the CPU, and spoil both."""
    (HERE / "vaults").mkdir(exist_ok=True)
    fh = open(HERE / "vaults" / ".run.lock", "a+", encoding="utf-8")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.seek(0)
        holder = fh.read().strip() or "unknown"
        fh.close()
        raise SystemExit(f"error: another benchmarks/run.py is running ({holder}); "
                         "wait for it: two runs share benchmarks/vaults/ and the CPU") from None
    fh.seek(0)
    fh.truncate()
    fh.write(f"pid {os.getpid()}, started {dt.datetime.now():%Y-%m-%d %H:%M:%S}\n")
    fh.flush()
    return fh


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000", help="vault sizes in contacts (default 1000,10000)")
    ap.add_argument("--repeat", type=int, default=5,
                    help="runs per measurement, median reported (default 5)")
    ap.add_argument("--repeat-large", type=int, default=2,
                    help=f"runs per measurement from {LARGE:,} contacts on (default 2)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--netnotes", type=Path, help="the netnotes script (default: beside sys.executable)")
    ap.add_argument("--watch-size", type=int, default=10_000,
                    help="vault size for the watch latency (default 10000; 0 skips it)")
    ap.add_argument("--watch-edits", type=int, metavar="N",
                    help="edits timed in the watch session (default: --repeat)")
    ap.add_argument("--debounce", type=float,
                    help="pass --debounce to netnotes watch (default: its own)")
    ap.add_argument("--timeout", type=float, default=600,
                    help="seconds before one process (or one watch cycle) is given up (default 600)")
    ap.add_argument("--memory-limit", type=int, default=8192, metavar="MB",
                    help="address-space cap of each process, 0 for none (default 8192)")
    ap.add_argument("--docs", type=Path, default=ROOT / "docs" / "performance.md",
                    help="the page whose results section is rewritten (default docs/performance.md)")
    ap.add_argument("--no-docs", action="store_true", help="print only; leave docs/performance.md alone")
    args = ap.parse_args(argv)
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error(f"--sizes must be numbers separated by commas, not {args.sizes!r}")
    if args.repeat < 1 or args.repeat_large < 1 or any(s < 100 for s in sizes):
        ap.error("--repeat must be at least 1 and every size at least 100")
    if args.watch_edits is not None and args.watch_edits < 1:
        ap.error("--watch-edits must be at least 1")
    runner = Runner(args)
    if not Path(runner.netnotes).exists():
        ap.error(f"{runner.netnotes} not found; install netnotes in this virtualenv "
                 "or pass --netnotes PATH")
    lock = lock_runs()  # noqa: F841 (held until the process ends)
    command = shlex.join(["python", "benchmarks/run.py", *(sys.argv[1:] if argv is None else argv)])
    info = machine()
    t0 = time.perf_counter()
    runner.startup_suite()
    for size in sizes:
        runner.size_suite(size)
    end_state = code_state()
    if end_state != info["commit"]:
        info["commit"] = (f"{info['commit']} at the start, {end_state} at the end: the code changed "
                          "during the run, so these numbers mix versions")
        progress(f"warning: netnotes changed during the run ({info['commit']})")
    section = render(runner.results, runner.vaults, info, command, args)
    print(section)
    results_dir = HERE / "results"
    results_dir.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    raw = {"command": command, "machine": info, "vaults": runner.vaults,
           "results": [r.__dict__ | {"median": r.median, "peak_mb": r.peak_mb} for r in runner.results],
           "targets": targets(runner.results, args.debounce)}
    (results_dir / f"{stamp}.json").write_text(json.dumps(raw, indent=2, default=str) + "\n")
    if not args.no_docs:
        write_docs(args.docs, section)
        progress(f"wrote {args.docs}")
    progress(f"wrote benchmarks/results/{stamp}.json; {time.perf_counter() - t0:.0f} s in all")
    return 1 if any(r.error for r in runner.results) else 0


if __name__ == "__main__":
    sys.exit(main())
