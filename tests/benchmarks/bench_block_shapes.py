"""Time of the highlight-block step on hostile page shapes, against a plain article of the same size.

    python tests/benchmarks/bench_block_shapes.py [--kib 200] [--rounds 3]

Each shape is a page an attacker (or a broken template) can serve to make one part of the detector do
more work per byte than a real page does: a nest of summary-named boxes (the drawn-list search walks a
chain of them, at most items.LIST_DEPTH levels), endless "Summary" labels and class-named boxes
(candidates.MAX_CANDIDATES of each kind), thousands of headings where every <h1> is site chrome (the
headline search weighs at most blocks.MAX_HEADINGS), and a run of one-line lists under the headline
(which take no place from the summary, so the walk below the headline is bounded only by
candidates.FOLLOWING_LIMIT elements), and Chinese run-in labels ("[摘要：…]", "导读") on every paragraph.
Every page is padded to the same size with the same story, so the
"x plain" column is the cost per byte against an ordinary article's.

The path timed is the collector's: extract_page then choose_highlights, in CPU time, one core; each
shape runs right after the plain page, and the ratio printed is the median of those pairs.
Not collected by pytest (file name); prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from digest.highlights.choose import choose_highlights
from digest.highlights.extract import extract_page

SENTENCE = (
    "The council approved the harbour line extension on Tuesday, and construction of the line to the "
    "new district starts in spring after a long debate about its cost. "
)


def _page(body: str, kib: int, above: str = "<h1>Harbour line approved</h1>") -> str:
    """`above` and `body` where a headline and what follows it go, then story paragraphs up to `kib` KiB."""
    head = "<html><head><title>Harbour line approved | The Daily</title></head><body><main><article>"
    page = f"{head}{above}{body}"
    paragraph = f"<p>{SENTENCE * 3}</p>"
    count = max(1, (kib * 1024 - len(page)) // len(paragraph))
    return page + paragraph * count + "</article></main></body></html>"


def plain(kib: int) -> str:
    return _page("", kib)


def nested_named_boxes(kib: int) -> str:
    depth = 150
    return _page('<div class="summary">' * depth + f"<p>{SENTENCE}</p>" + "</div>" * depth, kib)


def many_summary_labels(kib: int) -> str:
    box = f"<div><h3>Summary</h3><ul><li>{SENTENCE}</li><li>{SENTENCE}</li></ul></div>"
    return _page(box * (kib * 1024 // 2 // len(box)), kib)


def many_named_boxes(kib: int) -> str:
    box = f'<div class="summary-box"><p>{SENTENCE}</p><p>{SENTENCE}</p></div>'
    return _page(box * (kib * 1024 // 2 // len(box)), kib)


def headings_and_chrome_h1s(kib: int) -> str:
    chrome = '<nav><h1>The Daily</h1><a href="/">Home</a></nav>' * 300
    headings = "".join(f"<h2>Harbour news {n}: the line</h2>" for n in range(2000))
    return _page("", kib, above=chrome + headings)


def one_line_lists(kib: int) -> str:
    return _page("<ul><li>By Jane Doe, 13.11.2019</li></ul>" * 3000, kib)


def chinese_labelled_leads(kib: int) -> str:
    # Run-in labels are tried on every paragraph, and unspaced text is counted and compared by character.
    lead = "市议会周二批准了港口线延伸工程，工程将于春季开工，预计三年完工，每天可运送四万名乘客。"
    return _page(f"<p>[摘要：{lead}]</p><p>导读</p><p>{lead * 2}</p>" * (kib * 1024 // 2 // 600), kib)


SHAPES: dict[str, Callable[[int], str]] = {
    "plain article": plain,
    "150 nested summary boxes": nested_named_boxes,
    "'Summary' labels on half the page": many_summary_labels,
    "summary-named boxes on half the page": many_named_boxes,
    "300 chrome h1s + 2000 headings": headings_and_chrome_h1s,
    "3000 one-line lists under h1": one_line_lists,
    "Chinese labelled leads on half the page": chinese_labelled_leads,
}


def seconds(html: str) -> float:
    start = time.process_time()
    choose_highlights(extract_page(html))
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kib", type=int, default=200, help="size of every page (KiB)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(
        f"every page {args.kib} KiB; extract_page + choose_highlights, CPU time, {args.rounds} rounds, each "
        "shape timed right after the plain page (a shared machine's speed drifts): median ratio, best time"
    )
    base = plain(args.kib)
    for name, make in SHAPES.items():
        html = make(args.kib)
        pairs = [(seconds(base), seconds(html)) for _ in range(args.rounds)]
        ratio = statistics.median(shape / max(plain_time, 1e-9) for plain_time, shape in pairs)
        best = min(shape for _, shape in pairs)
        print(f"{name:<40}{len(html) / 1024:7.0f} KiB{best * 1000:9.1f} ms{ratio:7.2f}x plain")


if __name__ == "__main__":
    main()
