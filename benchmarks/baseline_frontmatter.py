"""The baseline a user would write: load every note of the vault with python-frontmatter.

    python benchmarks/baseline_frontmatter.py VAULT

It reads the same files netnotes reads (every ``.md`` outside dot-folders), parses each one
with ``frontmatter.load`` and does nothing else. It prints how many notes it loaded.
"""

import os
import sys

import frontmatter


def main(root: str) -> int:
    count = 0
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".md"):
                frontmatter.load(os.path.join(folder, name))
                count += 1
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
