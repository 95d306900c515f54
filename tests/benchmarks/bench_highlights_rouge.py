"""ROUGE-1/2/L F1 of our extractive highlights beside Lead-3, with a paired bootstrap 95% interval.

    python tests/benchmarks/bench_highlights_rouge.py [--cnndm FILE] [--rounds 2000] [--half H] [--explore]

Data: the CNN/DM sample (default /work/shared/samples/cnndm-highlights.jsonl; see its README): 100
texts, each with 3-4 reference highlight sets. Each system is scored (rouge-score, Porter stemming,
F1 x100, L = summary-level LCS) against every set of a text, and the text's score is the mean.

Split, fixed and documented: a text belongs to the development half when the first byte of
SHA-256(its id, UTF-8) is even, else to the held-out half (50 / 50 on this file). Methods and their
constants were chosen on the development half only; the held-out half is the figure to quote.

Each half is scored in the two shapes real feeds give: paragraphs as given (one a line), and the
same text joined by spaces (no paragraph break left to help the splitter).

Systems: Lead-3 (the first three sentences of the same splitter, unfiltered: a splitter fix raises
this bar too, so the gap measures the cleaning alone), ours "lead" (the default: the cleaned lead,
digest.highlights.extractive) and ours "ranked" (the option), both at the product's budget. With
--explore, the development half also shows the ranking variants tried (position prior 2/4/8, 3
sentences in 100 words or 4 in 80). Beside each of ours: R1/R2/RL, the mean paired difference with
Lead-3 and its 95% interval from a paired bootstrap over texts (same resamples for every metric;
seeded, so reruns agree); beside each method other than the default, its difference with the default
too: a method replaces the default only when that interval clears zero on the development half.
--half development scores that half alone, so work on the methods never shows the held-out figures.
Not collected by pytest (file name); prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from rouge_score import rouge_scorer

from digest.highlights import ranking
from digest.highlights.extractive import DEFAULT_METHOD, extractive_highlights
from digest.highlights.sentences import split_sentences
from digest.models import ExtractiveMethod

CNNDM = Path("/work/shared/samples/cnndm-highlights.jsonl")
METRICS = ("rouge1", "rouge2", "rougeLsum")
SHAPES: dict[str, Callable[[str], str]] = {
    "paragraphs as given": lambda text: text,
    "joined by spaces": lambda text: " ".join(text.split()),
}
System = Callable[[str], list[str]]


@dataclass
class Article:
    id: str
    text: str
    references: list[list[str]] = field(default_factory=list)


def half(article_id: str) -> str:
    return "development" if hashlib.sha256(article_id.encode()).digest()[0] % 2 == 0 else "held-out"


def load(path: Path) -> list[Article]:
    grouped: dict[str, Article] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            key, text, highlights = str(row["id"]), row["text"], [str(h) for h in row["highlights"]]
        except (json.JSONDecodeError, KeyError, TypeError):
            sys.exit(f'{path}:{number}: expected {{"id", "text": str, "highlights": [str, ...]}}')
        grouped.setdefault(key, Article(key, text)).references.append(highlights)
    return list(grouped.values())


def lead3(text: str) -> list[str]:
    return split_sentences(text)[:3]


def ours(method: ExtractiveMethod) -> System:
    return lambda text: extractive_highlights(text, method=method)


def per_text(
    articles: list[Article], shape: Callable[[str], str], system: System, scorer: rouge_scorer.RougeScorer
) -> list[list[float]]:
    """Per text: mean F1 over its reference sets for each metric, then the summary's word count."""
    rows = []
    for article in articles:
        summary = system(shape(article.text))
        scores = [scorer.score("\n".join(ref), "\n".join(summary)) for ref in article.references]
        row = [statistics.fmean(s[m].fmeasure * 100 for s in scores) for m in METRICS]
        rows.append([*row, float(len(" ".join(summary).split()))])
    return rows


def paired_interval(
    ours_rows: list[list[float]], base_rows: list[list[float]], rounds: int
) -> list[tuple[float, float, float]]:
    """(mean difference, 2.5th, 97.5th percentile) per metric, over texts resampled with replacement."""
    n = len(ours_rows)
    diffs = [[o[k] - b[k] for o, b in zip(ours_rows, base_rows, strict=True)] for k in range(len(METRICS))]
    rng = random.Random(13)
    samples: list[list[float]] = [[] for _ in METRICS]
    for _ in range(rounds):
        picks = [rng.randrange(n) for _ in range(n)]
        for k, values in enumerate(diffs):
            samples[k].append(statistics.fmean(values[i] for i in picks))
    out = []
    for k, values in enumerate(samples):
        values.sort()
        out.append((statistics.fmean(diffs[k]), values[int(0.025 * rounds)], values[int(0.975 * rounds) - 1]))
    return out


def ranked_variant(weight: float, sentences: int, words: int) -> System:
    """Ranking with another position prior and budget: the alternatives tried on the development half."""

    def system(text: str) -> list[str]:
        with mock.patch.object(ranking, "POSITION_WEIGHT", weight):
            return extractive_highlights(
                text, method=ExtractiveMethod.RANKED, max_sentences=sentences, max_words=words
            )

    return system


EXPLORED = [
    (f"ranked w{weight:g} {sentences}/{words}", ranked_variant(weight, sentences, words))
    for weight in (2.0, 4.0, 8.0)
    for sentences, words in ((3, 100), (4, 80))
]


def gaps(rows: list[list[float]], base: list[list[float]], rounds: int) -> str:
    return "  ".join(
        f"{m} {d:+.1f} [{lo:+.1f},{hi:+.1f}]"
        for m, (d, lo, hi) in zip(("R1", "R2", "RL"), paired_interval(rows, base, rounds), strict=True)
    )


def report(name: str, articles: list[Article], rounds: int, extra: Sequence[tuple[str, System]] = ()) -> None:
    """Per shape: Lead-3, then each of ours with its gap to Lead-3; a method other than the default
    also shows its gap to the default, the margin it must clear (outside the interval) to replace it."""
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    for shape_name, shape in SHAPES.items():
        print(f"\n{name} half, {shape_name}: {len(articles)} texts")
        print(f"{'system':<18}{'words':>6}  {'R1':>5} {'R2':>5} {'RL':>5}   difference [95% CI]")
        base = per_text(articles, shape, lead3, scorer)
        print(f"{'Lead-3':<18}{summary_line(base)}")
        default_label = f"ours {DEFAULT_METHOD.value}"
        systems: list[tuple[str, System]] = [(f"ours {m.value}", ours(m)) for m in ExtractiveMethod]
        default = per_text(articles, shape, ours(DEFAULT_METHOD), scorer)
        for label, system in [*systems, *extra]:
            rows = default if label == default_label else per_text(articles, shape, system, scorer)
            print(f"{label:<18}{summary_line(rows)}   vs Lead-3 {gaps(rows, base, rounds)}")
            if label != default_label:
                print(f"{'':<42}   vs {default_label} {gaps(rows, default, rounds)}")


def summary_line(rows: list[list[float]]) -> str:
    means = " ".join(f"{statistics.fmean(r[k] for r in rows):5.1f}" for k in range(len(METRICS)))
    return f"{statistics.fmean(r[-1] for r in rows):6.1f}  {means}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cnndm", type=Path, default=CNNDM, help="JSON lines of {id, text, highlights}")
    parser.add_argument("--rounds", type=int, default=2000, help="bootstrap resamples")
    parser.add_argument(
        "--explore", action="store_true", help="also the ranking variants tried (development half)"
    )
    parser.add_argument(
        "--half",
        choices=("development", "held-out", "both"),
        default="both",
        help="which half to score (develop on the development half without looking at the other)",
    )
    args = parser.parse_args()
    if not args.cnndm.is_file():
        sys.exit(f"{args.cnndm}: not found; pass --cnndm FILE (JSON lines of id, text, highlights)")
    articles = load(args.cnndm)
    for name in ("development", "held-out") if args.half == "both" else (args.half,):
        extra = EXPLORED if args.explore and name == "development" else []
        report(name, [a for a in articles if half(a.id) == name], args.rounds, extra)


if __name__ == "__main__":
    main()
