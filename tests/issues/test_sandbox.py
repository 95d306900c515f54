"""The environment a list's own templates run in: Jinja's immutable sandbox, the default set's filters,
and a budget of time and output per render, so an operator's template can neither reach Python's
internals nor hold a worker."""

from __future__ import annotations

import jinja2
import pytest
from jinja2.exceptions import SecurityError

from digest.issues import sandbox, templatesets
from digest.issues.render import DEFAULT_TEMPLATES_DIR, environment
from digest.issues.sandbox import BoundedSandbox, TemplateBudgetError
from digest.models.templates import TemplateSet


@pytest.fixture
def env() -> jinja2.Environment:
    return environment(DEFAULT_TEMPLATES_DIR, TemplateSet.of({"digest-subject.txt.j2": "{{ list_name }}"}))


def _render(env: jinja2.Environment, source: str, **context: object) -> str:
    return env.from_string(source).render(**context)


def test_a_list_set_runs_sandboxed_with_the_default_sets_filters(env: jinja2.Environment) -> None:
    assert isinstance(env, BoundedSandbox)
    assert not isinstance(environment(DEFAULT_TEMPLATES_DIR), BoundedSandbox)
    assert _render(env, "{{ 'a b c'|wrap(width=3) }}") == "a b\nc"
    assert _render(env, "{{ '<b>' }}") == "<b>"  # escaping is by file name: only .html.j2 files


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ lipsum.__globals__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ articles.append(1) }}",
        "{{ 'x' * 10**7 }}",
        "{{ 'x'|center(999999999) }}",
        "{{ 'x'.ljust(999999999) }}",
        "{{ '%0999999999d' % 1 }}",
        "{{ '%099999999d'|format(1) }}",
        "{{ '{:>999999999}'.format(1) }}",
        "{{ 'x'['format'] }}",
        "{{ 2 ** 1000 ** 1000 }}",
    ],
)
def test_what_would_reach_internals_or_build_a_huge_value_is_refused(
    env: jinja2.Environment, source: str
) -> None:
    with pytest.raises(SecurityError):
        _render(env, source, articles=[])


def test_a_render_stops_at_its_time_budget(env: jinja2.Environment, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.2)
    with pytest.raises(TemplateBudgetError, match=r"longer than 0\.2 s"):
        _render(env, "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}")


def test_a_render_stops_at_its_output_budget(env: jinja2.Environment) -> None:
    with pytest.raises(TemplateBudgetError, match="over 2,000,000 characters"):
        _render(env, "{% for i in range(99999) %}{{ 'x' * 1000 }}{% endfor %}")


def test_a_set_loads_its_own_files_and_the_default_partials_it_leaves_out_and_nothing_else() -> None:
    own = TemplateSet.of({"_brand.html.j2": "{% macro masthead(a, b) %}MINE{% endmacro %}"})
    env = environment(DEFAULT_TEMPLATES_DIR, own)
    assert env.get_template("email/_brand.html.j2").module.masthead(1, 2) == "MINE"  # type: ignore[attr-defined]
    assert "<style>" in env.loader.get_source(env, "email/_base.html.j2")[0]  # type: ignore[union-attr]
    for elsewhere in ("web/archive.html.j2", "email/welcome-body.html.j2", "../pyproject.toml"):
        with pytest.raises(jinja2.TemplateNotFound):
            env.get_template(elsewhere)


def test_one_environment_is_compiled_per_distinct_set() -> None:
    sources = templatesets.default_sources(DEFAULT_TEMPLATES_DIR)
    first = environment(DEFAULT_TEMPLATES_DIR, TemplateSet.of(sources))
    assert environment(DEFAULT_TEMPLATES_DIR, TemplateSet.of(dict(sources))) is first
    changed = {**sources, "digest-subject.txt.j2": "Other"}
    assert environment(DEFAULT_TEMPLATES_DIR, TemplateSet.of(changed)) is not first
