"""The rules a list's own template set is checked by, on their own: the default set passes them, and
every variable the check accepts is one the renderer really gives."""

from __future__ import annotations

from digest.issues import templatesets
from digest.issues.render import DEFAULT_TEMPLATES_DIR, render_issue
from digest.issues.templatecheck import (
    BODY_VARIABLES,
    SUBJECT_VARIABLES,
    check_sources,
    sample_articles,
    sample_issue,
    sample_list,
)
from digest.models.templates import TemplateSet


def test_the_default_set_passes_its_own_check() -> None:
    assert check_sources(templatesets.default_sources(DEFAULT_TEMPLATES_DIR)) == []


def test_every_variable_the_check_accepts_is_given_by_the_renderer() -> None:
    """Undefined names raise (StrictUndefined), so a name the check accepts but render_issue does not
    pass fails here: the list in digest/issues/templatecheck.py stays in step with the renderer."""
    printed = {
        templatesets.HTML_BODY: "".join(f"{{{{ {name} is defined }}}}" for name in sorted(BODY_VARIABLES)),
        templatesets.TEXT_BODY: "".join(f"{{{{ {name} }}}}" for name in sorted(BODY_VARIABLES)),
        templatesets.SUBJECT: "".join(f"{{{{ {name} }}}}" for name in sorted(SUBJECT_VARIABLES)),
    }
    rendered = render_issue(
        sample_list(), sample_issue(), sample_articles(2), template_set=TemplateSet.of(printed)
    )
    assert "False" not in rendered.html and rendered.text and rendered.subject
