"""A list's own templates render in a forked child the kernel bounds: what builds a huge value between
two of the sandbox's checks, or loops where it never looks, is stopped there, and this process gets a
problem line instead of running out of memory or time."""

from __future__ import annotations

import pytest

from digest.issues import isolation, templatesets
from digest.issues.render import DEFAULT_TEMPLATES_DIR
from digest.issues.templatecheck import check_sources

DOUBLING = (
    "{% set ns = namespace(s='x' * 1000) %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
)
STRING = "'" + "x" * 30_000 + "'"
SILENT_LOOPS = f"{{% for a in {STRING} %}}{{% for b in {STRING} %}}{{% endfor %}}{{% endfor %}}"


def _with_subject(source: str) -> dict[str, str]:
    return {**templatesets.default_sources(DEFAULT_TEMPLATES_DIR), templatesets.SUBJECT: source}


def test_a_value_doubled_past_the_memory_limit_stops_the_child_not_this_process() -> None:
    assert check_sources(_with_subject(DOUBLING + "{{ list_name }}")) == [
        "digest-subject.txt.j2:1: the render ran out of memory (a child may use 512 MB)"
    ]


def test_loops_the_sandbox_never_looks_into_stop_at_the_childs_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolation, "CHILD_SECONDS", 1.0)
    assert check_sources(_with_subject(SILENT_LOOPS + "{{ list_name }}")) == [
        "template: the templates took longer than 1 s to render"
    ]


def test_an_error_in_the_child_comes_back_with_its_file_and_line() -> None:
    assert check_sources(_with_subject("{{ list_name }}\n{{ list_name.nope }}")) == [
        "digest-subject.txt.j2:2: 'str object' has no attribute 'nope'"
    ]


def test_an_answer_too_big_to_take_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolation, "_MAX_ANSWER_BYTES", 10_000)  # the sample issue is well over it
    assert check_sources(templatesets.default_sources(DEFAULT_TEMPLATES_DIR)) == [
        "template: the rendered issue is over 10,000 bytes"
    ]
