"""Article body: our extraction beside trafilatura alone, on the Zyte article-extraction benchmark.

    python tests/benchmarks/bench_body.py [CHECKOUT] [--rounds 3]
    (or DIGEST_BODY_BENCHMARK=CHECKOUT python tests/benchmarks/bench_body.py)

CHECKOUT is a copy of github.com/zytedata/article-extraction-benchmark (formerly scrapinghub/…):
181 pages under html/*.html.gz, their bodies in ground-truth.json and the benchmark's own scorer,
evaluate.py. It is not part of this repository and nothing of it is copied here: this script writes
each system's output as the benchmark's JSON ({id: {"articleBody": text}}) into a temporary folder
beside a ground-truth.json of the same pages, and runs the checkout's evaluate.py there, so the F1
printed is the benchmark's own (shingle precision/recall/F1, with its bootstrap ± std).

Systems: "ours" is digest.highlights.extract.extract_page(html).text, the product's path (highlight
block cut, trafilatura on the article container alone when the page marks one plainly, else on the
whole tree); "trafilatura" is trafilatura.extract(html) with its defaults, and "trafilatura-precise"
the same with favor_precision=True (the mode our path asks for first). All get the same str (the
pages are UTF-8).

Halves, fixed: a page is in the development half when the first byte of SHA-256(its id) is even,
else held-out. The choices of the body path were made on the development half; the held-out half and
all pages are printed too. Speed: pages per second over all pages on one CPU, the systems taking turns
page by page, best of
--rounds.
Not collected by pytest (file name); prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import lxml.html
import trafilatura

from digest.highlights import blocks, maintext
from digest.highlights import extract as extract_module
from digest.highlights.extract import extract_page

Extractor = Callable[[str], str]
SYSTEMS: dict[str, Extractor] = {
    "ours": lambda html: extract_page(html).text,
    "trafilatura": lambda html: trafilatura.extract(html) or "",
    "trafilatura-precise": lambda html: trafilatura.extract(html, favor_precision=True) or "",
}


def half(page_id: str) -> str:
    return "development" if hashlib.sha256(page_id.encode()).digest()[0] % 2 == 0 else "held-out"


def load(checkout: Path) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    truth_path = checkout / "ground-truth.json"
    if not truth_path.is_file() or not (checkout / "evaluate.py").is_file():
        sys.exit(
            f"{checkout}: not a checkout of article-extraction-benchmark (no ground-truth.json, evaluate.py)"
        )
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pages = {}
    for page_id in truth:
        path = checkout / "html" / f"{page_id}.html.gz"
        pages[page_id] = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
    return truth, pages


def timed(pages: dict[str, str], rounds: int) -> tuple[dict[str, dict[str, str]], dict[str, float]]:
    """Each system's text of each page, and its best pages/s over the rounds.

    CPU time of this process, not wall time: the machine is shared, and a neighbour's load would
    otherwise decide the figure. The systems also take turns page by page (the order alternating),
    so what load still leaks through (caches, frequency) falls on both alike.
    """
    texts: dict[str, dict[str, str]] = {name: {} for name in SYSTEMS}
    best = dict.fromkeys(SYSTEMS, 0.0)
    for _ in range(rounds):
        spent = dict.fromkeys(SYSTEMS, 0.0)
        for number, (page_id, html) in enumerate(pages.items()):
            names = list(SYSTEMS) if number % 2 else list(reversed(SYSTEMS))
            for name in names:
                start = time.process_time()
                texts[name][page_id] = SYSTEMS[name](html)
                spent[name] += time.process_time() - start
        for name, seconds in spent.items():
            best[name] = max(best[name], len(pages) / seconds)
    return texts, best


def evaluate(checkout: Path, truth: dict[str, dict[str, str]], outputs: dict[str, dict[str, str]]) -> str:
    """The benchmark's own evaluate.py run on these pages; its table as printed."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
        (root / "output").mkdir()
        for name, texts in outputs.items():
            body = {page_id: {"articleBody": texts[page_id]} for page_id in truth}
            (root / "output" / f"{name}.json").write_text(json.dumps(body), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, str(checkout.resolve() / "evaluate.py"), "--n-bootstrap", "200"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            sys.exit(f"evaluate.py failed: {done.stderr.strip().splitlines()[-1:]}")
        return done.stdout


def agreement(checkout: Path, pages: dict[str, str]) -> None:
    """On the pages that take the container path: its text scored against the text of the whole-page
    path (the container search switched off), with the benchmark's metric. 1.000 means the shortcut
    changes nothing but the time."""
    quick = {page_id: extract_page(html).text for page_id, html in pages.items()}
    with mock.patch.object(extract_module, "article_container", lambda root, outside=(): None):
        whole = {page_id: extract_page(html).text for page_id, html in pages.items()}
    taken = [page_id for page_id, html in pages.items() if _has_container(html)]
    reference = {page_id: {"articleBody": whole[page_id]} for page_id in taken}
    print(
        f"\ncontainer path taken on {len(taken)} of {len(pages)} pages, scored against the whole-page path:"
    )
    print(evaluate(checkout, reference, {"container-path": quick}).rstrip())


def _has_container(html: str) -> bool:
    root = lxml.html.document_fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    outside = blocks.outside_article(root)
    for element in blocks.find_block(root, outside).elements:  # as extract_page does before looking
        if element.getparent() is not None:
            element.drop_tree()
    return maintext.article_container(root, outside) is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("checkout", nargs="?", type=Path, default=os.environ.get("DIGEST_BODY_BENCHMARK"))
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds; the best is reported")
    args = parser.parse_args()
    if args.checkout is None:
        sys.exit("give the benchmark checkout: bench_body.py PATH, or set DIGEST_BODY_BENCHMARK")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    truth, pages = load(args.checkout)
    outputs, speeds = timed(pages, args.rounds)
    print(f"speed over all {len(pages)} pages, CPU time on one core, best of {args.rounds}: ", end="")
    print(", ".join(f"{name} {speed:.1f} pages/s" for name, speed in speeds.items()))
    agreement(args.checkout, pages)
    for label in ("development", "held-out", "all"):
        subset = {k: v for k, v in truth.items() if label == "all" or half(k) == label}
        print(f"\n{label}: {len(subset)} pages (evaluate.py of the checkout)")
        print(evaluate(args.checkout, subset, outputs).rstrip())


if __name__ == "__main__":
    main()
