"""ROUGE-1/2/L F1 of our highlights beside a Lead-3 baseline computed in the same run.

    python tests/benchmarks/bench_highlights_rouge.py [FOLDER ...] [--cnndm FILE] [--budgets 60,80]

Data sets scored:
- the CNN/DM sample (default /work/shared/samples/cnndm-highlights.jsonl): every text has 3–4
  reference sets; each system is scored against every set and the per-article mean and max reported;
- the bundled sample pages that carry a publisher's block: the block is the reference and our
  extractive choice (block cut from the text, as the extractor does) is the system;
- every *.jsonl in each FOLDER: one {"text" or "html", "highlights": [...]} object a line; lines with
  the same "id" (or the same text) are reference sets of one article.

Lead-3 is the first three sentences of the same text, split by the same splitter, unfiltered;
"lead <=N" is the previous behaviour (first informative sentences, contiguous) at our budget, so
the gain of the ranking can be told from the gain of the length.
Not collected by pytest (file name); prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rouge_score import rouge_scorer

from digest.highlights.choose import MAX_SENTENCES, MAX_WORDS, choose_highlights, extractive_highlights
from digest.highlights.extract import extract_page
from digest.highlights.sentences import is_furniture, is_informative, split_sentences, strip_dateline
from digest.models import ExtractedPage

CNNDM = Path("/work/shared/samples/cnndm-highlights.jsonl")
METRICS = ("rouge1", "rouge2", "rougeLsum")


@dataclass
class Article:
    text: str
    page: ExtractedPage | None = None  # set when the input was HTML: the product path is scored
    references: list[list[str]] = field(default_factory=list)


def load_jsonl(path: Path) -> list[Article]:
    grouped: dict[str, Article] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            highlights = [str(h) for h in row["highlights"]]
            source = row.get("text") or row.get("html")
            if not isinstance(source, str) or not highlights:
                raise KeyError("text")
        except (json.JSONDecodeError, KeyError, TypeError):
            sys.exit(f'{path}:{number}: expected {{"text" or "html": str, "highlights": [str, ...]}}')
        key = str(row.get("id") or source)
        if key not in grouped:
            page = extract_page(source) if "text" not in row else None
            grouped[key] = Article(page.text if page else source, page)
        grouped[key].references.append(highlights)
    return list(grouped.values())


def sample_pages() -> list[Article]:
    articles = []
    for entry in sorted((resources.files("digest") / "sample" / "pages").iterdir(), key=str):
        page = extract_page(entry.read_text(encoding="utf-8"))
        if page.explicit_highlights:
            # The block is the reference; the system sees the text without it (extract cut it out).
            articles.append(Article(page.text, None, [page.explicit_highlights]))
    return articles


def lead3(article: Article) -> list[str]:
    return split_sentences(article.text)[:3]


def lead_in_budget(budget: int):  # type: ignore[no-untyped-def]
    """The previous behaviour: first informative sentences, contiguous, within the same budget."""

    def system(article: Article) -> list[str]:
        chosen: list[str] = []
        for sentence in split_sentences(article.text):
            sentence = strip_dateline(sentence)
            if is_furniture(sentence) or not is_informative(sentence):
                continue
            if chosen and len(" ".join([*chosen, sentence]).split()) > budget:
                break
            chosen.append(sentence)
            if len(chosen) == MAX_SENTENCES:
                break
        return chosen

    return system


def ours(budget: int):  # type: ignore[no-untyped-def]
    def system(article: Article) -> list[str]:
        if article.page is not None:
            return choose_highlights(article.page, max_words=budget).sentences
        return extractive_highlights(article.text, max_words=budget)

    return system


def score(articles: list[Article], system, scorer) -> dict[str, float]:  # type: ignore[no-untyped-def]
    means: dict[str, list[float]] = {m: [] for m in METRICS}
    maxes: dict[str, list[float]] = {m: [] for m in METRICS}
    words = []
    for article in articles:
        summary = system(article)
        words.append(len(" ".join(summary).split()))
        per_set = [scorer.score("\n".join(ref), "\n".join(summary)) for ref in article.references]
        for metric in METRICS:
            values = [result[metric].fmeasure * 100 for result in per_set]
            means[metric].append(statistics.fmean(values))
            maxes[metric].append(max(values))
    row = {f"{m}-mean": statistics.fmean(v) for m, v in means.items()}
    row |= {f"{m}-max": statistics.fmean(v) for m, v in maxes.items()}
    return row | {"words": statistics.fmean(words)}


def report(name: str, articles: list[Article], budgets: list[int]) -> None:
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    sets = sum(len(a.references) for a in articles)
    print(f"\n{name}: {len(articles)} articles, {sets} reference sets (F1 x100; L = summary-level LCS)")
    print(f"{'system':<18}{'words':>6}  {'R1':>6}{'R2':>6}{'RL':>6}  |  max: {'R1':>6}{'R2':>6}{'RL':>6}")
    systems = [("lead-3", lead3)]
    for budget in budgets:
        systems += [
            (f"lead <={budget} words", lead_in_budget(budget)),
            (f"ours <={budget} words", ours(budget)),
        ]
    for label, system in systems:
        row = score(articles, system, scorer)
        mean = "".join(f"{row[m + '-mean']:6.1f}" for m in METRICS)
        best = "".join(f"{row[m + '-max']:6.1f}" for m in METRICS)
        print(f"{label:<18}{row['words']:6.1f}  {mean}  |       {best}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="folders of *.jsonl article/highlights pairs")
    parser.add_argument("--cnndm", type=Path, default=CNNDM, help="the CNN/DM sample (skipped if absent)")
    parser.add_argument("--budgets", default=str(MAX_WORDS), help="word budgets to score ours at, e.g. 60,80")
    args = parser.parse_args()
    budgets = [int(b) for b in args.budgets.split(",")]
    if args.cnndm.is_file():
        report(f"CNN/DM sample ({args.cnndm})", load_jsonl(args.cnndm), budgets)
    report("bundled sample pages (publisher's block as reference)", sample_pages(), budgets)
    for folder in args.folders:
        files = sorted(folder.glob("*.jsonl"))
        if not files:
            sys.exit(f"{folder}: no *.jsonl files there; give a folder of article/highlights JSON lines")
        report(str(folder), [a for f in files for a in load_jsonl(f)], budgets)


if __name__ == "__main__":
    main()
