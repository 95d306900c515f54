"""Each list's own template set, in Redis so that every worker renders with it, with no shared disk.

One hash per list: file name -> source, and under names no file can have (they start with @) the
set's version and how often its emails fell back to the default ones (reset when a set is stored).
"""

from __future__ import annotations

from typing import Any

from digest.models.templates import TemplateSet
from digest.store.client import Client
from digest.store.keys import Keys

VERSION = "@version"
FALLBACKS = "@fallbacks"  # emails of this set that went out as the default one instead
LAST_FALLBACK = "@last_fallback"  # why the latest did
_NOT_FILES = (VERSION, FALLBACKS, LAST_FALLBACK)


class TemplateSetStore:
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys

    def get(self, slug: str) -> TemplateSet | None:
        """The list's own set; None when it uses the default one."""
        raw: dict[str, str] = self._r.hgetall(self._k.list_templates(slug))
        for name in _NOT_FILES:  # the version is recomputed from the sources: what renders is what it names
            raw.pop(name, None)
        return TemplateSet.of(raw) if raw else None

    def version(self, slug: str) -> str:
        """The version of the list's own set, '' for the default one (without reading the sources)."""
        return str(self._r.hget(self._k.list_templates(slug), VERSION) or "")

    def files(self, slug: str) -> list[str]:
        return sorted(name for name in self._r.hkeys(self._k.list_templates(slug)) if name not in _NOT_FILES)

    def put(self, slug: str, template_set: TemplateSet) -> None:
        """Replace the list's set in one step: a render never sees half of the old and half of the new."""
        key = self._k.list_templates(slug)
        pipe = self._r.pipeline(transaction=True)
        pipe.delete(key)
        pipe.hset(key, mapping={**template_set.sources, VERSION: template_set.version})
        pipe.execute()

    def remove(self, slug: str) -> bool:
        """Back to the default set; False when the list had no set of its own."""
        return bool(self._r.delete(self._k.list_templates(slug)))

    def note_fallback(self, slug: str, why: str) -> None:
        """An email of the list's set went out as the default one; counted only while the set exists."""
        key = self._k.list_templates(slug)
        if self._r.hexists(key, VERSION):
            pipe = self._r.pipeline(transaction=True)
            pipe.hincrby(key, FALLBACKS, 1)
            pipe.hset(key, LAST_FALLBACK, why)
            pipe.execute()

    def fallbacks(self, slug: str) -> tuple[int, str]:
        """How many of the set's emails fell back to the default ones since it was stored, and why the
        latest did."""
        count, why = self._r.hmget(self._k.list_templates(slug), FALLBACKS, LAST_FALLBACK)
        return int(count or 0), str(why or "")
