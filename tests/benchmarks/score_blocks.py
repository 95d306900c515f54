"""How well the publisher's own highlight block is found on real pages: exact / different / missed / false.

    python tests/benchmarks/score_blocks.py [FOLDER ...] [--verbose]

Each FOLDER holds `expected.json` and `pages/` as described in /work/shared/samples/real-pages/README.md
(default: that development set, then tests/data/real-pages-heldout and -2 to -11;
`--half tune|report` scores one half of a set that is split; `--wrap` reads every page with each list
and heading in a bare <div>, a template's wrappers that should change no choice). A page is read as the
collector reads it (bytes decoded by the page's charset, extract_page, then choose_highlights without a feed):
- a `block` page is *exact* when an explicit choice gives the expected items (compared ignoring case,
  whitespace, quote style and a trailing period), *different* when an explicit choice gives others,
  *missed* when the choice is not explicit;
- a `trap` or `none` page is *false* when it is given any explicit choice; the count is split by
  whether the page's block or a declared summary (JSON-LD / meta description) was taken.
Prints figures per folder, and their total when there are several; `score(folder)` is what
tests/highlights/test_real_pages.py holds to a floor.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.support.realpages import EVERY_SET, Score, clean_report, score, wrapped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=list(EVERY_SET))
    parser.add_argument("--half", choices=["tune", "report"], help="only one half of a set that has halves")
    parser.add_argument(
        "--verbose", action="store_true", help="print every page that is not right (never of a held-out half)"
    )
    parser.add_argument(
        "--wrap",
        action="store_true",
        help="read each page with every list and heading set in a bare <div> (should change nothing)",
    )
    args = parser.parse_args()
    results = []
    for folder in args.folders:
        if not (folder / "expected.json").is_file():
            print(f"{folder}: no expected.json, skipped", file=sys.stderr)
            continue
        results.append(score(folder, args.half or "", wrapped if args.wrap else None))
        print(f"{folder}: {_figures(results[-1])}")
        if args.verbose and clean_report(folder, args.half or ""):
            print("  (pages withheld: its report half is held out; --half tune shows the tune half)")
        elif args.verbose:
            for line in results[-1].details:
                print("  " + line)
    if len(results) > 1:
        total = Score(blocks=sum(r.blocks for r in results), others=sum(r.others for r in results))
        for name in ("exact", "different", "missed", "false_block", "false_declared"):
            setattr(total, name, [page for r in results for page in getattr(r, name)])
        print(f"all {len(results)}: {_figures(total)}")
    return 0


def _figures(result: Score) -> str:
    false = len(result.false_block) + len(result.false_declared)
    return (
        f"blocks {len(result.exact)}/{result.blocks} exact ({_share(len(result.exact), result.blocks)}), "
        f"{len(result.different)} different, {len(result.missed)} missed; "
        f"false {false}/{result.others} ({_share(false, result.others)}; block {len(result.false_block)}, "
        f"declared summary {len(result.false_declared)})"
    )


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


if __name__ == "__main__":
    sys.exit(main())
