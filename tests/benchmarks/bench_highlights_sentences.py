"""CPU time of the cleaned lead on hostile text, as a ratio to ordinary news text of the same size.

    python tests/benchmarks/bench_highlights_sentences.py [--chars 60000] [--rounds 3]

The splitter and the lead-in patterns (bylines, time stamps, datelines: digest.highlights.sentences)
are regular expressions run on text a page controls. Each shape below is built to make a careless
pattern backtrack or a careless loop go quadratic: a run of digits or time zones with no story after
it, thousands of hand-wrapped lowercase lines, a byline of endless names. Each is cut to --chars
characters (the extractive step reads only its first MAX_TEXT_CHARS anyway) and timed in CPU
seconds, best of --rounds; the ordinary text is CNN/DM story text repeated to the same size. A
ratio near 1 says the cost is linear like the ordinary text's; a pattern that backtracks shows
hundreds or never finishes.
Not collected by pytest (file name); prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from digest.highlights.extractive import extractive_highlights

CNNDM = Path("/work/shared/samples/cnndm-highlights.jsonl")
SHAPES = {
    "digits": "1" * 100,
    "clock and zone runs": "12:01 EST, 3 May 2013 . | . ",
    "stamp without a story": "Updated 1642 GMT (0042 HKT) April 5, 2015 ",
    "parenthesised times": "(12 AM 0042 HKT ",
    "byline of names": "By Ab Cd, Ef Gh ",
    "hand-wrapped lines": "a line wrapped by hand\n",
    "joined paragraphs": "an unfinished caption The story goes on ",
    "dateline words": "NEW DELHI LONDON ",
}


def cpu(text: str, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        extractive_highlights(text)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chars", type=int, default=60_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cnndm", type=Path, default=CNNDM)
    args = parser.parse_args()
    if not args.cnndm.is_file():
        raise SystemExit(f"{args.cnndm}: not found; pass --cnndm FILE (JSON lines of id, text, highlights)")
    stories = [
        json.loads(line)["text"] for line in args.cnndm.read_text(encoding="utf-8").splitlines() if line
    ]
    ordinary = "\n".join(stories)
    ordinary = (ordinary * (args.chars // len(ordinary) + 1))[: args.chars]
    base = cpu(ordinary, args.rounds)
    print(f"{'text':<24}{'chars':>8}{'CPU ms':>9}{'ratio':>8}")
    print(f"{'ordinary news text':<24}{len(ordinary):8d}{base * 1000:9.1f}{1.0:8.2f}")
    for name, unit in SHAPES.items():
        text = (unit * (args.chars // len(unit) + 1))[: args.chars] + " x"
        spent = cpu(text, args.rounds)
        print(f"{name:<24}{len(text):8d}{spent * 1000:9.1f}{spent / base:8.2f}")


if __name__ == "__main__":
    main()
