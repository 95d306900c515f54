"""The Jinja environment a list's own templates run in: they are operators' input, so they must reach
neither Python's internals nor unbounded time or memory, and a template that tries fails its render
(which falls back to the default set) instead of holding a worker.

Jinja's sandbox refuses private and internal attributes (`''.__class__`), unsafe callables and calls
that modify the lists and dicts it is handed (the Immutable variant). On top of it, each render has a
budget: a deadline checked at every piece of output, attribute access, call and `range` step, and a
cap on the characters produced (a nested macro's output counts again where it is printed, so this
bounds work, not only the result). What would build a huge string at once is refused before it
does: an integer argument past that cap (`'x'|center(10**9)`), a large repeat or format width, and
`str.format` (whose widths hide inside the string). What this cannot see (a loop over a literal
string with nothing in its body, a value doubled with `~`) is bounded by the child process a list's
set renders in (digest/issues/isolation.py).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import update_wrapper
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.filters import do_format as _FORMAT
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

RENDER_SECONDS = 2.0  # per template render; the default set renders 20 articles in milliseconds
MAX_OUTPUT_CHARS = 2_000_000  # produced per render (20× the HTML size guard)
MAX_POWER = 64  # the largest exponent `**` takes
_WIDTH = re.compile(r"%[-#0 +]*(\d+|\*)?(?:\.(\d+|\*))?")


class TemplateBudgetError(jinja2.TemplateRuntimeError):
    """A render ran past its time or output budget."""


@dataclass
class _Budget:
    deadline: float
    chars_left: int

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateBudgetError(f"the template took longer than {RENDER_SECONDS:g} s to render")

    def spend(self, chars: int) -> None:
        self.chars_left -= chars
        if self.chars_left < 0:
            raise TemplateBudgetError(f"the template produced over {MAX_OUTPUT_CHARS:,} characters")
        self.tick()


_budget: ContextVar[_Budget | None] = ContextVar("template_budget", default=None)


def _tick() -> None:
    budget = _budget.get()
    if budget is not None:
        budget.tick()


def _bounded_concat(chunks: Iterable[str]) -> str:
    """Every rendered piece passes here (Jinja's compiled code joins output with environment.concat)."""
    budget = _budget.get()
    if budget is None:
        return "".join(chunks)
    parts = []
    for chunk in chunks:
        budget.spend(len(chunk))
        parts.append(chunk)
    return "".join(parts)


class _BoundedRange:
    """Jinja's safe range (at most 100 000 items), looking at the clock at every step."""

    def __init__(self, *args: int) -> None:
        self._range = safe_range(*args)

    def __len__(self) -> int:
        return len(self._range)

    def __iter__(self) -> Iterator[int]:
        for item in self._range:
            _tick()
            yield item


def _refuse_huge(args: Iterable[Any]) -> None:
    if any(isinstance(arg, int) and abs(arg) > MAX_OUTPUT_CHARS for arg in args):
        raise SecurityError(f"a number over {MAX_OUTPUT_CHARS:,} is refused as an argument in a template")


def _refuse_wide(template: str) -> None:
    for width in _WIDTH.finditer(template):
        if any(part == "*" or (part and int(part) > 1000) for part in width.groups()):
            raise SecurityError("a format width over 1000 is refused in a template")


def _refuse_str_format(obj: Any, attribute: Any) -> None:
    # The sandbox wraps these itself before it asks is_safe_attribute.
    if isinstance(obj, str) and attribute in ("format", "format_map"):
        raise SecurityError("str.format is refused in a template: use the format filter")


def _format(value: Any, *args: Any, **kwargs: Any) -> str:
    _refuse_wide(str(value))
    return str(_FORMAT(value, *args, **kwargs))


def _capped(function: Any) -> Any:
    """A filter that refuses huge integer arguments; update_wrapper keeps Jinja's pass_* marks."""

    def capped(*args: Any, **kwargs: Any) -> Any:
        _tick()
        _refuse_huge([*args, *kwargs.values()])
        return function(*args, **kwargs)

    return update_wrapper(capped, function)


class _CappedFilters(dict[str, Any]):
    def __setitem__(self, name: str, function: Any) -> None:
        super().__setitem__(name, _capped(function))


class BoundedTemplate(jinja2.Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        token = _budget.set(_Budget(time.monotonic() + RENDER_SECONDS, MAX_OUTPUT_CHARS))
        try:
            return super().render(*args, **kwargs)
        finally:
            _budget.reset(token)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    template_class = BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = _BoundedRange
        self.concat = _bounded_concat  # type: ignore[method-assign]
        # Filters bypass `call`: each is wrapped, those given now and any added later.
        self.filters = _CappedFilters({name: _capped(function) for name, function in self.filters.items()})
        self.filters["format"] = _format

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        _tick()
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_POWER:
            raise SecurityError(f"an exponent over {MAX_POWER} is refused in a template")
        if operator == "*":
            sized, times = (left, right) if isinstance(right, int) else (right, left)
            repeated = isinstance(sized, str | list | tuple) and isinstance(times, int)
            if repeated and len(sized) * times > MAX_OUTPUT_CHARS:
                raise SecurityError("a repeated string or list that large is refused in a template")
        if operator == "%" and isinstance(left, str):
            _refuse_wide(left)
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        _refuse_str_format(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _tick()
        _refuse_str_format(obj, argument)
        return super().getitem(obj, argument)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _tick()
        _refuse_huge([*args, *kwargs.values()])
        return super().call(__context, __obj, *args, **kwargs)
