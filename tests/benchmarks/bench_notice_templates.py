"""Benchmark: what a list's own confirmation email costs to render, three ways, to choose how the web
process renders it: the default email plainly, the list's own in the sandbox (as the confirmation is
sent, on the web process's mail-room thread), and the list's own in the sandbox inside the bounded
child (as the welcome and the reminder are, on the workers). Prints wall and CPU milliseconds per
email (the child's CPU counted from RUSAGE_CHILDREN) and the ratios to the plain render, measured in
the same run, alternating, best of ROUNDS (the machine is shared: wall figures are noisy, CPU less so).

    python tests/benchmarks/bench_notice_templates.py
    python tests/benchmarks/bench_notice_templates.py --emails 500 --rounds 7

Pure: no Redis, no network.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable

from digest.issues import templatenotices, templatesets
from digest.issues.isolation import compile_set, render_isolated
from digest.issues.render import DEFAULT_TEMPLATES_DIR
from digest.issues.templatecheck import describe_error, sample_list
from digest.models import RenderedIssue
from digest.models.templates import TemplateSet


def _cpu() -> float:
    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def _per_email(render: Callable[[], object], count: int) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), _cpu()
    for _ in range(count):
        render()
    return (time.perf_counter() - wall) * 1000 / count, (_cpu() - cpu) * 1000 / count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--emails", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sources = templatesets.default_sources(DEFAULT_TEMPLATES_DIR)
    sources["confirm-subject.txt.j2"] = "Please confirm: " + sources["confirm-subject.txt.j2"]
    own = TemplateSet.of(sources)
    compile_set(own)
    mailing_list, values = sample_list(), templatenotices.SAMPLE_VALUES["confirm"]

    def plain() -> RenderedIssue:
        return templatenotices.render_notice("confirm", mailing_list, values)

    def sandboxed() -> RenderedIssue:
        return templatenotices.render_notice("confirm", mailing_list, values, template_set=own)

    def isolated() -> RenderedIssue:
        return render_isolated(sandboxed, describe_error)

    ways = {"default": plain, "sandbox": sandboxed, "sandbox+child": isolated}
    best: dict[str, tuple[float, float]] = {}
    for _ in range(args.rounds):
        for name, render in ways.items():
            render()
            wall, cpu = _per_email(render, args.emails)
            old = best.get(name, (wall, cpu))
            best[name] = (min(wall, old[0]), min(cpu, old[1]))
    base_wall, base_cpu = best["default"]
    for name, (wall, cpu) in best.items():
        print(f"{name:14s} wall {wall:6.2f} ms/email ({wall / base_wall:5.1f}x)  "
              f"cpu {cpu:6.2f} ms/email ({cpu / base_cpu:5.1f}x)")  # fmt: skip


if __name__ == "__main__":
    main()
