"""Articles per second for extraction + ranking on ~800-word HTML news pages, on one core.

    python tests/benchmarks/bench_highlights_speed.py [--cnndm FILE] [--pages N] [--rounds R]

Pages are built from the CNN/DM sample texts (paragraphs joined until ~800 words) inside a
realistic page: site header and menu, an article with byline and figure, a related-stories
sidebar, a share bar, a comment section and a footer. Timed per stage so the report shows where
the time goes: lxml parsing alone, extract_page (parsing included), choose_highlights, and the
whole path again with the container shortcut disabled, i.e. what a page that needs trafilatura costs.
The process pins itself to one CPU; the best of R rounds is reported (the machine may be shared).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import lxml.html

from digest.highlights import extract as extract_module
from digest.highlights.choose import choose_highlights
from digest.highlights.extract import extract_page

CNNDM = Path("/work/shared/samples/cnndm-highlights.jsonl")
TARGET_WORDS = 800

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | The Daily Example</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Sam Writer">
<meta property="article:published_time" content="2025-11-03T14:20:00+00:00">
<link rel="stylesheet" href="/style.css"><script>window.dataLayer = [];</script></head>
<body class="single-post"><header class="site-header"><a class="logo" href="/">The Daily Example</a>
<nav><ul>{menu}</ul></nav></header>
<div class="layout"><main><article class="story"><header><h1>{title}</h1>
<p class="byline">By <span class="author">Sam Writer</span></p>
<time datetime="2025-11-03T14:20:00+00:00">3 November 2025</time></header>
<figure><img src="/a.jpg" alt=""><figcaption>Photo: the scene on Sunday.</figcaption></figure>
<div class="story-body">{body}</div>
<div class="share-bar"><span>Share this story</span><a href="#">Facebook</a> <a href="#">X</a></div>
</article>
<section id="comments" class="comments"><h3>3 comments</h3>{comments}</section></main>
<aside class="sidebar"><h3>Related stories</h3><ul>{related}</ul>
<div class="newsletter"><p>Subscribe to get the latest posts sent to your email.</p>
<form><input type="email"></form></div></aside>
</div><footer><p>© The Daily Example</p><ul>{menu}</ul></footer></body></html>"""


def build_pages(path: Path, count: int) -> list[str]:
    texts = list(dict.fromkeys(json.loads(line)["text"] for line in path.read_text().splitlines()))
    paragraphs = [p for text in texts for p in text.split("\n") if p.strip()]
    pages: list[str] = []
    chosen: list[str] = []
    words = 0
    for paragraph in paragraphs:
        chosen.append(paragraph)
        words += len(paragraph.split())
        if words >= TARGET_WORDS:
            pages.append(_page(chosen))
            chosen, words = [], 0
            if len(pages) == count:
                break
    return pages


def _page(paragraphs: list[str]) -> str:
    menu = "".join(
        f'<li><a href="/{s}">{s.title()}</a></li>' for s in ("world", "politics", "sport", "science")
    )
    related = "".join(
        f'<li><a href="/story-{n}">Another story number {n} on the site</a></li>' for n in range(6)
    )
    comments = "".join(
        f'<div class="comment"><p class="who">Reader {n}</p><p>I think this is a comment of some length, '
        f"number {n}, with an opinion in it.</p></div>"
        for n in range(3)
    )
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    title = html.escape(" ".join(paragraphs[0].split()[:10]))
    return PAGE.format(title=title, menu=menu, body=body, related=related, comments=comments)


def best_rate(pages: list[str], work: Callable[[str], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for page in pages:
            work(page)
        best = min(best, time.perf_counter() - start)
    return len(pages) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cnndm", type=Path, default=CNNDM)
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    pages = build_pages(args.cnndm, args.pages)
    words = sum(len(extract_page(p).text.split()) for p in pages) / len(pages)
    extracted = [extract_page(p) for p in pages]
    by_method: dict[str, int] = {}
    for page in extracted:
        method = choose_highlights(page).method
        by_method[method] = by_method.get(method, 0) + 1
    size = sum(map(len, pages)) / len(pages) / 1024
    print(f"{len(pages)} pages, {size:.1f} KiB and {words:.0f} words of text each")
    print(f"methods chosen: {by_method}; one core, best of {args.rounds} rounds")
    parse = best_rate(pages, lambda p: lxml.html.document_fromstring(p), args.rounds)
    extract = best_rate(pages, extract_page, args.rounds)
    rank_only = best_rate(
        list(range(len(pages))), lambda i: choose_highlights(extracted[int(i)]), args.rounds
    )  # type: ignore[arg-type]
    total = best_rate(pages, lambda p: choose_highlights(extract_page(p)), args.rounds)
    with mock.patch.object(extract_module, "article_container", lambda root, outside=(): None):
        general = best_rate(pages, lambda p: choose_highlights(extract_page(p)), args.rounds)
    for label, rate in [
        ("lxml parse only", parse),
        ("extract_page (parse included)", extract),
        ("choose_highlights only", rank_only),
        ("extraction + ranking", total),
        ("same, trafilatura path forced", general),
    ]:
        print(f"{label:<32}{rate:9.0f} articles/s {1000 / rate:7.2f} ms/article")
    print(f"target 200 articles/s: {'met' if total >= 200 else 'NOT met'} ({total / 200:.2f}x)")


if __name__ == "__main__":
    main()
