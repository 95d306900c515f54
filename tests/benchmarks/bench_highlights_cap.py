"""Time and peak memory of highlights for a hostile page: 12 000 distinct <p> sentences (~1 MB).

    python tests/benchmarks/bench_highlights_cap.py [--sentences 12000] [--uncapped 500,1000,2000]

Issue 14 item 1: ranking compared every pair of sentences sharing a word, so such a page ran for
more than 90 s at 9.5 GB. Now only the head of the text is split (MAX_TEXT_CHARS) and only the first
MAX_CANDIDATES sentences are ranked (digest.highlights.extractive).

"after": the product path, extract_page + choose_highlights, on the whole generated page, with
each method. "before": the ranker handed every sentence of the page, as it was before the cap, at a
few sizes (the full 12 000 would take the machine's memory; the growth with size shows the square).
Each run is a fresh interpreter so its peak RSS is its own (ru_maxrss, imports included; the
"baseline" row is the imports alone). The child's address space is capped at --limit-mb, so a run
that would blow up fails instead of swapping a shared machine.
Not collected by pytest (file name); prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time


def page(count: int) -> str:
    """Distinct sentences that share words, as the hostile page did: every pair of them is an edge."""
    paragraphs = "".join(
        f"<p>Report {n} says the council budget for schools grows by {n} euros this year.</p>"
        for n in range(count)
    )
    return f"<html><head><title>Many</title></head><body><article>{paragraphs}</article></body></html>"


def child(mode: str, count: int) -> dict[str, float]:
    from digest.highlights.choose import choose_highlights
    from digest.highlights.extract import extract_page
    from digest.highlights.ranking import Candidate, select
    from digest.highlights.sentences import is_informative, split_sentences
    from digest.models import ExtractiveMethod

    html = page(count)
    start = time.perf_counter()
    if mode == "baseline":
        shown = 0
    elif mode == "before":
        # The pre-cap path: every informative sentence of the page goes to the ranker.
        text = extract_page(html).text
        found = [Candidate(s, i) for i, s in enumerate(split_sentences(text)) if is_informative(s)]
        shown = len(select(found, min_sentences=2, max_sentences=4, max_words=80))
    else:
        shown = len(choose_highlights(extract_page(html), method=ExtractiveMethod(mode)).sentences)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak, "shown": shown, "kb": len(html) / 1024}


def run(mode: str, count: int, limit_mb: int) -> str:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit_mb << 20, limit_mb << 20))

    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(count)],
        capture_output=True,
        text=True,
        preexec_fn=cap,
        check=False,
    )
    if done.returncode:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return f"failed ({tail[:60]})"
    row = json.loads(done.stdout)
    size = f"{row['kb']:7.0f} KB page"
    return f"{size} {row['seconds']:8.2f} s  peak RSS {row['peak_mb']:7.0f} MB  {row['shown']:.0f} shown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=12_000)
    parser.add_argument("--uncapped", default="500,1000,2000", help="sizes to run the pre-cap ranker at")
    parser.add_argument("--limit-mb", type=int, default=3000, help="address-space cap of each run")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]))))
        return
    print(f"{'baseline (imports)':<28}{run('baseline', 0, args.limit_mb)}")
    for method in ("lead", "ranked"):
        for size in (args.sentences // 2, args.sentences):  # twice the page, twice the cost: linear
            print(f"{f'after, {method}, {size}':<28}{run(method, size, args.limit_mb)}")
    for size in (int(s) for s in args.uncapped.split(",") if s):
        print(f"{f'before (uncapped), {size}':<28}{run('before', size, args.limit_mb)}")


if __name__ == "__main__":
    main()
