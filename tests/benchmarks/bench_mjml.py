"""Benchmark: the default digest written in MJML (mjml-python, a Python wrapper of MRML, the Rust port of
MJML) beside our hand-written tables (templates/email/), on the same issue: 20 articles with images, a
branded list (logo, colour, intro, footer, address), greeting on.

Prints, for each: HTML bytes, tables (in the document, and inside Outlook-only conditional comments),
deepest nesting of tables, @media rules, Outlook conditional comments, whether dark mode is there and
how its text reads in Chromium (elements under WCAG 4.5:1), the page width Chromium lays out at 600 and
375 px (no sideways scroll when it is at most the window), and CPU seconds per rendering (median of
--runs, both measured in the same process, interleaved; the ratio is the figure to quote: this machine
is shared, so absolute times are noisy, about ±15 % between runs).

    python tests/benchmarks/bench_mjml.py                      # figures only
    python tests/benchmarks/bench_mjml.py --shots DIR          # also screenshots of both, light and dark

mjml-python is not a dependency of the project (docs/mjml.md says why): `pip install mjml-python` first.
Without it, or without Debian's chromium and chromium-driver, the script says so in one line and skips
that part.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
import lxml.html

from digest.issues.colours import brand_style, contrast_ratio
from digest.issues.render import NAME_HTML, UNSUBSCRIBE_URL_HTML, readable_date, render_issue
from digest.issues.thumbnails import thumbnail
from digest.models import Article, ArticleImage, Branding, Issue, IssueStatus, MailingList

ARCHIVE = "https://digest.example.com/archive/morning"
MJML_SOURCE = Path(__file__).with_name("digest.mjml.j2")


def issue_data() -> tuple[MailingList, Issue, list[Article]]:
    branding = Branding(
        logo="https://cdn.example.com/morning-brief-logo.png",
        colour="#0a7",
        address="1 Quay Street, Bristol BS1 4DJ, United Kingdom",
        intro="Good morning. Twenty stories from the feeds you follow, with their highlights.",
        footer="Morning Brief is written in Bristol.",
    )
    mailing_list = MailingList(
        "morning", "Morning Brief", "Morning Brief <news@example.com>", datetime(2025, 1, 6, tzinfo=UTC),
        description="The week's reading, in short.", branding=branding,
    )  # fmt: skip
    when = datetime(2025, 11, 3, 7, tzinfo=UTC)
    sentence = "A highlight of a realistic length, about as long as a sentence on a news page gets. "
    articles = [
        Article(
            id=f"a{n}",
            feed_id="f1",
            url=f"https://news.example.com/2025/11/02/a-fairly-long-article-slug-{n}",
            title=f"A fairly long article title about the harbour, number {n}",
            source="Harbour News",
            first_seen_at=when,
            highlights=[sentence * 2] * 3,
            highlight_method="explicit",
            published_at=when,
            author="Ada Lovelace",
            image=ArticleImage(
                f"https://images.example-cdn.com/uploads/2025/11/lead-image-{n}-1600x900.jpg?w=1600&q=80",
                alt=f"The lead image of article number {n}",
                width=1600,
                height=900,
            ),
        )
        for n in range(1, 21)
    ]
    issue = Issue("morning-12", "morning", "Morning Brief", 12, "", when, when, [a.id for a in articles],
                  IssueStatus.QUEUED)  # fmt: skip
    return mailing_list, issue, articles


def mjml_source(
    template: jinja2.Template, mailing_list: MailingList, issue: Issue, articles: list[Article]
) -> str:
    """The same issue, written the way MJML is written: the layout in mj- components, our words in mj-text."""

    @dataclass
    class View:
        title: str
        url: str
        meta: str
        highlights: list[str]
        image: Any

    views = [
        View(
            a.title,
            a.url,
            " · ".join((a.source, a.author, readable_date(a.sort_time))),
            a.highlights,
            thumbnail(a.image, a.title),
        )
        for a in articles
    ]
    return template.render(
        list_name=mailing_list.name, description=mailing_list.description, number=issue.number,
        issue_date=readable_date(issue.created_at), brand=brand_style(mailing_list.branding),
        articles=views, view_url=f"{ARCHIVE}/{issue.number}", archive_url=ARCHIVE,
        name=NAME_HTML, unsubscribe_url=UNSUBSCRIBE_URL_HTML, from_addr="news@example.com",
        preheader=articles[0].highlights[0][:100],
    )  # fmt: skip


def structure(html: str) -> dict[str, Any]:
    tree = lxml.html.document_fromstring(html)
    depth = max((len(t.xpath("ancestor-or-self::table")) for t in tree.iter("table")), default=0)
    conditional = re.findall(r"<!--\[if [^\]]*mso[^\]]*\]>(.*?)<!\[endif\]-->", html, re.S)
    return {
        "HTML bytes": len(html.encode()),
        "tables (document)": len(list(tree.iter("table"))),
        "tables (Outlook-only)": sum(chunk.count("<table") for chunk in conditional),
        "deepest table nesting": depth,
        "@media rules": html.count("@media"),
        "mso conditional comments": len(re.findall(r"<!--\[if [^\]]*mso", html)),
        "dark-mode rules": html.count("prefers-color-scheme"),
        "remote fonts": len(re.findall(r"fonts\.googleapis|@import url", html)),
    }


def cpu_per_render(render: Callable[[], str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        render()
        times.append(time.process_time() - start)
    return statistics.median(times)


# Every element with text of its own: its colour and the first opaque background behind it.
OWN_TEXT_JS = """
const out = [];
for (const el of document.body.querySelectorAll('*')) {
  if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
  const style = getComputedStyle(el);
  if (style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0') continue;
  let bg = el, colour = getComputedStyle(bg).backgroundColor;
  while (bg && (colour === 'rgba(0, 0, 0, 0)' || colour === 'transparent')) {
    bg = bg.parentElement; colour = bg ? getComputedStyle(bg).backgroundColor : 'rgb(255, 255, 255)';
  }
  out.push([style.color, colour]);
}
return out;
"""


def in_browser(pages: dict[str, Path], shots: Path | None) -> dict[str, dict[str, Any]]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests.support, run from anywhere
    from tests.support.screens import CHROMIUM, DRIVER, chromium, rgb

    if not (CHROMIUM and DRIVER):
        print("bench_mjml: no chromium/chromium-driver here: the browser figures are skipped")
        return {}
    results: dict[str, dict[str, Any]] = {name: {} for name in pages}
    with tempfile.TemporaryDirectory() as profile:
        driver = chromium(Path(profile))
        try:
            for name, path in pages.items():
                for width in (600, 375):
                    for scheme in ("light", "dark"):
                        metrics = {
                            "width": width,
                            "height": 900,
                            "deviceScaleFactor": 1,
                            "mobile": width < 600,
                        }
                        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
                        media = [{"name": "prefers-color-scheme", "value": scheme}]
                        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": media})
                        driver.get(path.as_uri())
                        laid_out = driver.execute_script("return document.documentElement.scrollWidth")
                        results[name][f"laid out at {width} px ({scheme})"] = laid_out
                        texts = driver.execute_script(OWN_TEXT_JS)
                        low = sum(contrast_ratio(rgb(fg), rgb(bg)) < 4.5 for fg, bg in texts)
                        results[name][f"text under 4.5:1 at {width} px ({scheme})"] = f"{low} of {len(texts)}"
                        if shots is not None:
                            height = driver.execute_script("return document.documentElement.scrollHeight")
                            metrics["height"] = min(height, 2400)
                            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
                            driver.save_screenshot(str(shots / f"{name}-{width}-{scheme}.png"))
        finally:
            driver.quit()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="renderings timed for each (median)")
    parser.add_argument("--shots", type=Path, default=None, help="folder for screenshots of both")
    args = parser.parse_args()
    try:
        import mjml
    except ImportError:
        print("bench_mjml: mjml-python is not installed (pip install mjml-python): skipped")
        return
    mailing_list, issue, articles = issue_data()
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True)
    template = env.from_string(MJML_SOURCE.read_text(encoding="utf-8"))

    def ours() -> str:
        return render_issue(mailing_list, issue, articles, archive_url=ARCHIVE).html

    def theirs() -> str:
        return str(mjml.mjml2html(mjml_source(template, mailing_list, issue, articles)))

    htmls = {"ours": ours(), "mjml": theirs()}
    assert "more article" not in htmls["ours"], "ours dropped articles: the comparison would be unfair"
    rows = {name: structure(html) for name, html in htmls.items()}
    for _ in range(3):  # warm both (Jinja compiles on first use)
        ours(), theirs()
    cpu = {"ours": [], "mjml": []}  # interleaved, so both see the same load on a shared machine
    for _ in range(args.runs):
        cpu["ours"].append(cpu_per_render(ours, 1))
        cpu["mjml"].append(cpu_per_render(theirs, 1))
    for name in rows:
        rows[name]["CPU ms per rendering (median)"] = round(statistics.median(cpu[name]) * 1000, 2)
    with tempfile.TemporaryDirectory() as scratch:
        pages = {}
        for name, html in htmls.items():
            pages[name] = Path(scratch) / f"{name}.html"
            pages[name].write_text(html, encoding="utf-8")
        if args.shots:
            args.shots.mkdir(parents=True, exist_ok=True)
        for name, figures in in_browser(pages, args.shots).items():
            rows[name].update(figures)
    width = max(len(key) for key in rows["ours"])
    print(f"{'':{width}}  {'ours':>14}  {'mjml':>14}")
    for key in rows["ours"]:
        print(f"{key:{width}}  {rows['ours'][key]!s:>14}  {rows['mjml'].get(key, '-')!s:>14}")
    ratio = rows["mjml"]["CPU ms per rendering (median)"] / rows["ours"]["CPU ms per rendering (median)"]
    size = rows["mjml"]["HTML bytes"] / rows["ours"]["HTML bytes"]
    print(f"mjml/ours: {size:.2f}x the bytes, {ratio:.2f}x the CPU per rendering ({args.runs} runs each)")


if __name__ == "__main__":
    main()
