"""Make docs/images/dashboard.png, the README's picture of `netnotes serve` (`make screenshot`).

Starts the dashboard on a private copy of sample-vault as of 2026-11-20 (the demo's day), opens
it in Debian's Chromium through Playwright at 1280x900, light theme, saves the PNG and stops the
server with Ctrl-C (SIGINT). Nothing is written into the checkout but the picture.
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"at (http://127\.0\.0\.1:\d+/\?token=[\w-]+) ")
CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images" / "dashboard.png")
    parser.add_argument("--today", default="2026-11-20")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args()
    chromium = next((c for c in CHROMIUM if Path(c).is_file()), shutil.which("chromium"))
    if not chromium:
        print("error: Debian's chromium is needed: apt-get install chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    netnotes = Path(sys.executable).parent / "netnotes"
    with tempfile.TemporaryDirectory(prefix="netnotes-screenshot-") as tmp:
        vault = Path(tmp) / "sample-vault"
        shutil.copytree(ROOT / "sample-vault", vault, symlinks=True, ignore=shutil.ignore_patterns("cache"))
        server = subprocess.Popen([str(netnotes), "--vault", str(vault), "serve", "--port", "0",
                                   "--today", args.today], stdout=subprocess.PIPE, text=True)
        try:
            match = LINE.search(server.stdout.readline())
            if not match:
                print("error: netnotes serve did not print its address", file=sys.stderr)
                return 1
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page(viewport={"width": args.width, "height": args.height},
                                        color_scheme="light")
                page.goto(match.group(1))
                page.wait_for_url(lambda url: "token=" not in url)  # the sign-in page moves on by itself
                page.wait_for_load_state("load")  # not networkidle: the page asks for /version all along
                args.out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(args.out))
                browser.close()
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=20)
    print(f"wrote: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
