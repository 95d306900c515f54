"""How well the publisher's own highlight block is found on real pages: exact / different / missed / false.

    python tests/benchmarks/score_blocks.py [FOLDER ...] [--verbose]

Each FOLDER holds `expected.json` and `pages/` as described in /work/shared/samples/real-pages/README.md
(default: that development set, then tests/data/real-pages-heldout). A page is read as the collector
reads it (bytes decoded by the page's charset, extract_page, then choose_highlights without a feed):
- a `block` page is *exact* when an explicit choice gives the expected items (compared ignoring case,
  whitespace, quote style and a trailing period), *different* when an explicit choice gives others,
  *missed* when the choice is not explicit;
- a `trap` or `none` page is *false* when it is given any explicit choice; the count is split by
  whether the page's block or a declared summary (JSON-LD / meta description) was taken.
Prints figures per folder; `score(folder)` is what tests/highlights/test_real_pages.py holds to a floor.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from digest.highlights.charset import decode_page
from digest.highlights.choose import DECLARED_MARKERS, choose_highlights
from digest.highlights.extract import extract_page

DEV = Path("/work/shared/samples/real-pages")
HELDOUT = Path(__file__).resolve().parents[1] / "data" / "real-pages-heldout"
QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


@dataclass
class Score:
    exact: list[str] = field(default_factory=list)
    different: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    false_block: list[str] = field(default_factory=list)
    false_declared: list[str] = field(default_factory=list)
    blocks: int = 0
    others: int = 0
    details: list[str] = field(default_factory=list)


def comparable(item: str) -> str:
    text = " ".join(item.replace("\xa0", " ").translate(QUOTES).split()).casefold()
    return re.sub(r"[.\s]+$", "", text)


def read_page(path: Path) -> str:
    data = path.read_bytes()
    return decode_page(gzip.decompress(data) if path.suffix == ".gz" else data)


def score(folder: Path) -> Score:
    result = Score()
    for entry in json.loads((folder / "expected.json").read_text(encoding="utf-8")):
        name, kind = entry["name"], entry["kind"]
        page = extract_page(read_page(_page_path(folder, name)))
        chosen = choose_highlights(page)
        explicit = chosen.method == "explicit"
        got = [comparable(s) for s in chosen.sentences] if explicit else []
        if kind == "block":
            result.blocks += 1
            want = [comparable(s) for s in entry["highlights"]]
            bucket = result.exact if got == want else result.different if explicit else result.missed
            bucket.append(name)
            if got != want:
                result.details.append(f"{name}: want {want}\n    got ({chosen.marker}) {got}")
        else:
            result.others += 1
            if explicit:
                declared = chosen.marker in DECLARED_MARKERS
                (result.false_declared if declared else result.false_block).append(name)
                result.details.append(f"{name} ({kind}): false {chosen.marker!r} {got}")
    return result


def _page_path(folder: Path, name: str) -> Path:
    path = folder / "pages" / name
    return path if path.exists() else path.with_name(name + ".gz")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[DEV, HELDOUT])
    parser.add_argument("--verbose", action="store_true", help="print every page that is not right")
    args = parser.parse_args()
    for folder in args.folders:
        if not (folder / "expected.json").is_file():
            print(f"{folder}: no expected.json, skipped", file=sys.stderr)
            continue
        result = score(folder)
        print(
            f"{folder}: blocks {len(result.exact)}/{result.blocks} exact, {len(result.different)} different, "
            f"{len(result.missed)} missed; false {len(result.false_block) + len(result.false_declared)}"
            f"/{result.others} (block {len(result.false_block)}, "
            f"declared summary {len(result.false_declared)})"
        )
        if args.verbose:
            for line in result.details:
                print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
