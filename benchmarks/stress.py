"""Stress the writers by hand (not in CI's time budget): killed and interrupted writers, six
concurrent writers, and an in-place writer racing `netnotes log`, N trials each, on copies of
sample-vault; and CI's crash test (tests/vault/test_atomic.py), N seeds, several at once.
Prints the figures (trials, failures, bytes lost, failed seeds) for docs/reliability.md.

    python benchmarks/stress.py [--trials 200] [--only crash] [--jobs 4] [--netnotes PATH]

A failure is any trial after which a card holds something netnotes did not promise: a
half-written card, an entry reported written but missing, one card of a two-card change
without the other once the next writer has run, or a byte of the other program's save lost.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
A, B = "People/Ben Carter.md", "People/Kevin O'Brien.md"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NETNOTES_VAULT", "NETNOTES_DEBUG")}
    env.update(NO_COLOR="1", COLUMNS="80")
    return env


def _vault(tmp: Path) -> Path:
    vault = tmp / "v"
    shutil.rmtree(vault, ignore_errors=True)
    shutil.copytree(ROOT / "sample-vault", vault, ignore=shutil.ignore_patterns("cache"))
    old = time.time() - 3600
    for p in vault.rglob("*.md"):
        os.utime(p, (old, old))
    return vault


def _lost(before: bytes, after: bytes) -> int:
    """Bytes of ``before``'s lines that ``after`` no longer holds (an entry added is not a loss)."""
    have = after.split(b"\n")
    return sum(len(line) + 1 for line in before.split(b"\n") if line not in have)


def killed_or_interrupted(nn: str, tmp: Path, sig: int, rng: random.Random) -> tuple[bool, int]:
    """`intro A B` (two cards, one change) stopped by ``sig`` at a random moment; then the next
    writer runs. Both cards must have the entry, or neither, and nothing else may change."""
    vault = _vault(tmp)
    a0, b0 = (vault / A).read_bytes(), (vault / B).read_bytes()
    proc = subprocess.Popen([nn, "--vault", str(vault), "intro", "Ben Carter", "Kevin O'Brien", "--note", "stress"],
                            env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0.05, 0.9))
    proc.send_signal(sig)
    proc.wait(60)
    subprocess.run([nn, "--vault", str(vault), "log", "Marie Tremblay", "note: next writer"], env=_env(),
                   capture_output=True, timeout=120)  # rolls back a killed change first
    a1, b1 = (vault / A).read_bytes(), (vault / B).read_bytes()
    in_a, in_b = b"stress" in a1, b"stress" in b1
    lost = _lost(a0, a1) + _lost(b0, b1)
    temps = list(vault.rglob("*.netnotes-tmp"))
    return in_a == in_b and lost == 0 and not temps, lost


def concurrent(nn: str, tmp: Path, _rng: random.Random) -> tuple[bool, int]:
    """Six `netnotes log` on one card at once: every entry that exited 0 is there."""
    vault = _vault(tmp)
    a0 = (vault / A).read_bytes()
    procs = [subprocess.Popen([nn, "--vault", str(vault), "log", "Ben Carter", f"note: writer {i} of six"],
                              env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in range(6)]
    codes = [p.wait(120) for p in procs]
    text = (vault / A).read_bytes()
    missing = [i for i, c in enumerate(codes) if c == 0 and f"note: writer {i} of six".encode() not in text]
    lost = _lost(a0, text)
    return not missing and lost == 0, lost + sum(30 for _ in missing)


_SLOW_SAVE = """
import sys, time, random
path, pause = sys.argv[1], float(sys.argv[2])
f = open(path, "r+b"); data = f.read(); f.seek(0); f.truncate(); f.flush()
half = len(data) // 2
time.sleep(pause); f.write(data[:half]); f.flush()
time.sleep(pause); f.write(data[half:]); f.close()
"""


def in_place(nn: str, tmp: Path, rng: random.Random) -> tuple[bool, int]:
    """Another program saves the card in place (truncate, then two writes 5-50 ms apart) while
    `netnotes log` runs: the other program's bytes are all there, and the entry is there when
    log said so (exit 0) and absent when it refused (exit 75)."""
    vault = _vault(tmp)
    a0 = (vault / A).read_bytes()
    saver = subprocess.Popen([sys.executable, "-c", _SLOW_SAVE, str(vault / A), str(rng.uniform(0.005, 0.05))])
    time.sleep(rng.uniform(0, 0.03))
    done = subprocess.run([nn, "--vault", str(vault), "log", "Ben Carter", "note: raced"], env=_env(),
                          capture_output=True, timeout=120)
    saver.wait(60)
    text = (vault / A).read_bytes()
    lost = _lost(a0, text)
    entry = b"note: raced" in text
    ok = lost == 0 and (entry if done.returncode == 0 else not entry) and done.returncode in (0, 75, 3)
    return ok, lost


def crash_tests(seeds: list[int], jobs: int) -> list[tuple[int, str]]:
    """CI's crash test (``crash_run``: a writer of three cards SIGKILLed 20 times) once per
    seed, ``jobs`` at a time (each waits on its children most of the time); (seed, why) for
    each that failed. Its own 40 s limit is lifted: other runs share the machine."""
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "vault")]
    from test_atomic import crash_run

    def one(seed: int) -> tuple[int, str] | None:
        with tempfile.TemporaryDirectory(prefix="netnotes-crash-") as tmp:
            try:
                crash_run(Path(tmp), seed, seconds=600)
            except AssertionError as e:
                return seed, (str(e) or "assertion").splitlines()[0]
        return None

    with ThreadPoolExecutor(jobs) as pool:
        return [r for r in pool.map(one, seeds) if r is not None]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--netnotes", default=str(Path(sys.executable).parent / "netnotes"))
    ap.add_argument("--only", choices=["killed", "interrupted", "concurrent", "in-place", "crash"], action="append",
                    help="run only these trials (repeatable); all by default")
    ap.add_argument("--jobs", type=int, default=4, help="crash tests run at once")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    kinds = {
        "killed": ("killed writer (SIGKILL during `intro A B`, then the next writer)",
                   lambda tmp: killed_or_interrupted(args.netnotes, tmp, signal.SIGKILL, rng)),
        "interrupted": ("interrupted writer (SIGINT during `intro A B`)",
                        lambda tmp: killed_or_interrupted(args.netnotes, tmp, signal.SIGINT, rng)),
        "concurrent": ("six concurrent `log` on one card", lambda tmp: concurrent(args.netnotes, tmp, rng)),
        "in-place": ("in-place save racing `log`", lambda tmp: in_place(args.netnotes, tmp, rng)),
    }
    rows = []
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="netnotes-stress-") as folder:
        for key, (name, trial) in kinds.items():
            if args.only and key not in args.only:
                continue
            failures = lost = 0
            for i in range(args.trials):
                ok, n = trial(Path(folder))
                failures += not ok
                lost += n
            rows.append({"trial": name, "trials": args.trials, "failures": failures, "bytes_lost": lost})
            print(f"{name}: {args.trials} trials, {failures} failures, {lost} bytes lost", file=sys.stderr)
    if not args.only or "crash" in args.only:
        name = "crash test (tests/vault/test_atomic.py, 20 SIGKILLs among 200 edits of three cards)"
        seeding = random.Random(args.seed)  # its own: the same seeds whichever trials run before
        seeds = [seeding.randrange(1 << 30) for _ in range(args.trials)]
        failed = crash_tests(seeds, args.jobs)
        rows.append({"trial": name, "trials": args.trials, "failures": len(failed), "bytes_lost": None,
                     "failed": [{"seed": seed, "why": why} for seed, why in failed]})
        print(f"{name}: {args.trials} trials, {len(failed)} failures: {failed}", file=sys.stderr)
    print("| Trial | Trials | Failures | Bytes lost |\n| --- | ---: | ---: | ---: |")
    for r in rows:
        lost = "-" if r["bytes_lost"] is None else r["bytes_lost"]
        print(f"| {r['trial']} | {r['trials']} | {r['failures']} | {lost} |")
    for r in rows:
        for f in r.get("failed", []):
            print(f"failed: {r['trial']}: {f['why']}")
    out = HERE / "results" / f"stress-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"seed": args.seed, "seconds": round(time.time() - started), "rows": rows}, indent=2))
    print(f"\n({round(time.time() - started)} s; raw figures in {out.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
