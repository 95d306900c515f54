"""Each list's own template set, in Redis so that every worker renders with it, with no shared disk.

One hash per list: file name -> source, and the set's version under a name no file can have.
"""

from __future__ import annotations

from typing import Any

from digest.models.templates import TemplateSet
from digest.store.client import Client
from digest.store.keys import Keys

VERSION = "@version"


class TemplateSetStore:
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys

    def get(self, slug: str) -> TemplateSet | None:
        """The list's own set; None when it uses the default one."""
        raw: dict[str, str] = self._r.hgetall(self._k.list_templates(slug))
        raw.pop(VERSION, None)  # recomputed from the sources: what renders is what the version names
        return TemplateSet.of(raw) if raw else None

    def version(self, slug: str) -> str:
        """The version of the list's own set, '' for the default one (without reading the sources)."""
        return str(self._r.hget(self._k.list_templates(slug), VERSION) or "")

    def files(self, slug: str) -> list[str]:
        return sorted(name for name in self._r.hkeys(self._k.list_templates(slug)) if name != VERSION)

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
