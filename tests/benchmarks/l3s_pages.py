"""Write the pages of tests/data/external/l3s-gn1 from a local copy of the repository that holds them.

    python tests/benchmarks/l3s_pages.py GIT_DIR
    python tests/benchmarks/score_blocks.py tests/data/external/l3s-gn1

The L3S-GN1 collection is licensed for research use only, without the right to pass it on, so this
project keeps the labels and not the pages: GIT_DIR is a clone (or the search tool's `fetch` copy) of
geodrome/page-signal, and each page is read from the commit its `source` names.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

SET = Path(__file__).resolve().parents[1] / "data" / "external" / "l3s-gn1"


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().split("\n\n")[0], file=sys.stderr)
        return 2
    git_dir = sys.argv[1]
    pages = SET / "pages"
    pages.mkdir(exist_ok=True)
    entries = json.loads((SET / "expected.json").read_text(encoding="utf-8"))
    for entry in entries:
        path, commit = entry["source"].split(":", 1)[1].rsplit("@", 1)
        shown = subprocess.run(
            ["git", f"--git-dir={git_dir}", "show", f"{commit}:{path}"], capture_output=True, check=False
        )
        if shown.returncode:
            message = shown.stderr.decode(errors="replace").strip()
            print(f"{entry['name']}: not found in {git_dir} ({message}); is it geodrome/page-signal?")
            return 1
        (pages / f"{entry['name']}.gz").write_bytes(gzip.compress(shown.stdout, 9))
    print(f"{len(entries)} pages written to {pages}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
