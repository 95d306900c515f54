"""Benchmark: what a list's own template set costs at render time, and what a hostile one can cost.

A list's set runs in the bounded sandbox (digest/issues/sandbox.py): every attribute, call and piece of
output passes a budget check. This renders an issue of ARTICLES sample articles with images with the
default set twice — plainly, and as a list's own set (the same sources, sandboxed) — and prints the
CPU seconds per render of each and their ratio, measured in the same run, alternating, best of ROUNDS.
It then renders hostile sets and prints the CPU seconds each took before it was stopped (target: each
bounded by RENDER_SECONDS, 2 s, or refused at once), and what `templates check` costs.

    python tests/benchmarks/bench_template_sets.py
    python tests/benchmarks/bench_template_sets.py --articles 50 --rounds 20

Pure: no Redis, no network.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

from digest.issues import templatesets
from digest.issues.render import DEFAULT_TEMPLATES_DIR, render_issue
from digest.issues.templatecheck import check_sources, sample_articles, sample_issue, sample_list
from digest.models.templates import TemplateSet

_LOOPS = "{% for i in range(99999) %}{% for j in range(99999) %}BODY{% endfor %}{% endfor %}"
HOSTILE = {
    "nested loops, no output": _LOOPS.replace("BODY", ""),
    "an output flood": _LOOPS.replace("BODY", "x"),
    "a huge repeat": "{{ 'x' * 10**9 }}",
    "a huge width": "{{ 'x'|center(10**9) }}",
    "python internals": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "recursion": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
}


def _cpu(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def run(articles: int, rounds: int) -> dict[str, object]:
    sources = templatesets.default_sources(DEFAULT_TEMPLATES_DIR)
    own = TemplateSet.of(sources)
    mailing_list, issue, sample = sample_list(), sample_issue(), sample_articles(articles)
    plain, sandboxed = [], []
    for _ in range(rounds):
        plain.append(_cpu(lambda: render_issue(mailing_list, issue, sample)))
        sandboxed.append(_cpu(lambda: render_issue(mailing_list, issue, sample, template_set=own)))
    hostile: dict[str, object] = {}
    for name, source in HOSTILE.items():
        chosen = TemplateSet.of({**sources, templatesets.SUBJECT: source})
        outcome = "rendered"

        def attempt(chosen: TemplateSet = chosen) -> None:
            nonlocal outcome
            try:
                render_issue(mailing_list, issue, sample, template_set=chosen)
            except Exception as exc:
                outcome = type(exc).__name__

        seconds = _cpu(attempt)
        hostile[name] = {"cpu_s": round(seconds, 3), "stopped_by": outcome}
    return {
        "articles": articles,
        "plain_cpu_s": round(min(plain), 4),
        "sandboxed_cpu_s": round(min(sandboxed), 4),
        "sandbox_ratio": round(min(sandboxed) / min(plain), 2),
        "check_cpu_s": round(_cpu(lambda: check_sources(sources)), 4),
        "hostile": hostile,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    print(json.dumps(run(args.articles, args.rounds), indent=2))


if __name__ == "__main__":
    main()
