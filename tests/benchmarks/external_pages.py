"""Write the pages of a labels-only set under tests/data/external from a copy of the repository that
holds them.

    python tests/benchmarks/external_pages.py SET GIT_DIR
    python tests/benchmarks/score_blocks.py tests/data/external/SET

Some collections are licensed for research use only, without the right to pass them on (L3S-GN1,
MSVCode's ir-research-data), or state no licence at all (wwwxmu's Chinese finance pages, xmu-finance),
so this project keeps their labels and not their pages: GIT_DIR is a
clone (or the search tool's `fetch` copy) of the repository each `source` names, and each page is
read from the commit the source gives.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

EXTERNAL = Path(__file__).resolve().parents[1] / "data" / "external"


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    folder, git_dir = EXTERNAL / sys.argv[1], sys.argv[2]
    if not (folder / "expected.json").is_file():
        known = ", ".join(sorted(p.name for p in EXTERNAL.iterdir() if p.is_dir()))
        print(f"{sys.argv[1]}: no such set under {EXTERNAL} (there are: {known})", file=sys.stderr)
        return 2
    pages = folder / "pages"
    pages.mkdir(exist_ok=True)
    entries = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    for entry in entries:
        path, commit = entry["source"].split(":", 1)[1].rsplit("@", 1)
        shown = subprocess.run(
            ["git", f"--git-dir={git_dir}", "show", f"{commit}:{path}"], capture_output=True, check=False
        )
        if shown.returncode:
            message = shown.stderr.decode(errors="replace").strip()
            repository = entry["source"].split(":", 1)[0]
            print(f"{entry['name']}: not found in {git_dir} ({message}); is it a copy of {repository}?")
            return 1
        (pages / f"{entry['name']}.gz").write_bytes(gzip.compress(shown.stdout, 9))
    print(f"{len(entries)} pages written to {pages}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
