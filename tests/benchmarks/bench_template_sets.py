"""Benchmark: what a list's own template set costs at render time, and what a hostile one can cost.

A list's set runs in the bounded sandbox (digest/issues/sandbox.py), inside a forked child the kernel
bounds (digest/issues/isolation.py). This renders an issue of ARTICLES sample articles with images with
the default set three ways — plainly, as a list's own set in this process (sandboxed), and as a send
renders it (sandboxed, in the child) — and prints the CPU seconds per render of the first two and the
wall seconds of all three, with their ratios, measured in the same run, alternating, best of ROUNDS.
It then renders hostile sets as a send would and prints the wall seconds each took before it was
stopped and by what (target: bounded by the sandbox's 2 s, the child's limits, or refused at once),
and what `templates check` costs.

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
from digest.issues.isolation import compile_set, render_isolated
from digest.issues.render import DEFAULT_TEMPLATES_DIR, render_issue
from digest.issues.templatecheck import (
    check_sources,
    describe_error,
    sample_articles,
    sample_issue,
    sample_list,
)
from digest.models import RenderedIssue
from digest.models.templates import TemplateSet

_LOOPS = "{% for i in range(99999) %}{% for j in range(99999) %}BODY{% endfor %}{% endfor %}"
HOSTILE = {
    "nested loops, no output": _LOOPS.replace("BODY", ""),
    "an output flood": _LOOPS.replace("BODY", "x"),
    "a huge repeat": "{{ 'x' * 10**9 }}",
    "a huge width": "{{ 'x'|center(10**9) }}",
    "python internals": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "a string doubled in a loop": "{% set ns = namespace(s='x' * 1000) %}"
    "{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "a silent loop over literals": "{% for a in '"
    + "x" * 30_000
    + "' %}{% for b in '"
    + "x" * 30_000
    + "' %}{% endfor %}{% endfor %}",
    "recursion": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
}


def _cpu(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def _wall(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def run(articles: int, rounds: int) -> dict[str, object]:
    sources = templatesets.default_sources(DEFAULT_TEMPLATES_DIR)
    own = TemplateSet.of(sources)
    mailing_list, issue, sample = sample_list(), sample_issue(), sample_articles(articles)
    compile_set(own)

    def plainly() -> object:
        return render_issue(mailing_list, issue, sample)

    def sandboxed() -> RenderedIssue:
        return render_issue(mailing_list, issue, sample, template_set=own)

    cpu: dict[str, list[float]] = {"plain": [], "sandboxed": []}
    wall: dict[str, list[float]] = {"plain": [], "sandboxed": [], "isolated": []}
    for _ in range(rounds):
        cpu["plain"].append(_cpu(plainly))
        cpu["sandboxed"].append(_cpu(sandboxed))
        wall["plain"].append(_wall(plainly))
        wall["sandboxed"].append(_wall(sandboxed))
        wall["isolated"].append(_wall(lambda: render_isolated(sandboxed, describe_error)))
    hostile: dict[str, object] = {}
    for name, source in HOSTILE.items():
        chosen = TemplateSet.of({**sources, templatesets.SUBJECT: source})
        outcome = "rendered"

        def attempt(chosen: TemplateSet = chosen) -> None:
            nonlocal outcome
            try:
                compile_set(chosen)
                render_isolated(
                    lambda: render_issue(mailing_list, issue, sample, template_set=chosen), describe_error
                )
            except Exception as exc:
                outcome = describe_error(exc)

        hostile[name] = {"wall_s": round(_wall(attempt), 3), "stopped_by": outcome}
    best = {kind: min(times) for kind, times in wall.items()}
    return {
        "articles": articles,
        "plain_cpu_s": round(min(cpu["plain"]), 4),
        "sandboxed_cpu_s": round(min(cpu["sandboxed"]), 4),
        "sandbox_cpu_ratio": round(min(cpu["sandboxed"]) / min(cpu["plain"]), 2),
        "wall_s": {kind: round(seconds, 4) for kind, seconds in best.items()},
        "isolated_to_plain_wall_ratio": round(best["isolated"] / best["plain"], 2),
        "check_wall_s": round(_wall(lambda: check_sources(sources)), 4),
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
