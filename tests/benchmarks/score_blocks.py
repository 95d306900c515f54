"""How well the publisher's own highlight block is found on real pages: exact / different / missed / false.

    python tests/benchmarks/score_blocks.py [FOLDER ...] [--half tune|report] [--verbose] [--markup NAME]
    python tests/benchmarks/score_blocks.py --tune-data [--markup NAME]

Each FOLDER holds `expected.json` and `pages/` as described in /work/shared/samples/real-pages/README.md
(default: that development set, then tests/data/real-pages-heldout and -2 to -14;
the labels-only sets under tests/data/external are given by name once external_pages.py has
written their pages;
`--half tune|report` scores one half of a set that is split; `--tune-data` scores every page a rule may
be drawn from: every set, the report halves of sets 8 to 14 left out; `--markup NAME` rewrites every
page first, as tests/support/markup.py describes: `wrap` sets each list and heading in a bare <div>, a
template's wrappers that should change no choice, the others take away one signal a template may not
give: summary class names (`unnamed`, `runtogether`), <ul> (`nolist`), heading tags (`boldheadings`,
`divheadings`), sectioning tags (`nosections`), a label our lists hold (`relabelled`); `--wrap` is
`--markup wrap`). A page is read as the collector reads it (bytes decoded by the page's charset,
extract_page, then choose_highlights without a feed):
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

from tests.support.markup import CHANGES
from tests.support.realpages import CLEAN_REPORT, EVERY_SET, Score, clean_report, score, unwritten


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=list(EVERY_SET))
    parser.add_argument("--half", choices=["tune", "report"], help="only one half of a set that has halves")
    parser.add_argument(
        "--verbose", action="store_true", help="print every page that is not right (never of a held-out half)"
    )
    parser.add_argument(
        "--tune-data",
        action="store_true",
        help="every page rules may come from (not the report halves of 8-12)",
    )
    parser.add_argument(
        "--markup", choices=sorted(CHANGES), help="rewrite every page first (see tests/support/markup.py)"
    )
    parser.add_argument(
        "--wrap", action="store_true", help="the same as --markup wrap (should change nothing)"
    )
    args = parser.parse_args()
    change = CHANGES["wrap"] if args.wrap else CHANGES.get(args.markup or "")
    if args.tune_data:
        halves = [(folder, "tune" if folder in CLEAN_REPORT else "") for folder in EVERY_SET]
    else:
        halves = [(folder, args.half or "") for folder in args.folders]
    results = []
    for folder, half in halves:
        if not (folder / "expected.json").is_file():
            print(f"{folder}: no expected.json, skipped", file=sys.stderr)
            continue
        if why := unwritten(folder):
            print(why)
            continue
        results.append(score(folder, half, change))
        print(f"{folder}: {_figures(results[-1])}")
        if args.verbose and clean_report(folder, half):
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
