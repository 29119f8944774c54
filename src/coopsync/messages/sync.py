"""Messages of pull, plan, push and sync: the engine's warnings and plan notes.

Each entry is `(message, suggestion)`; placeholders are `str.format` fields. When a suggestion
names a field that is empty, the `<code>/alt` entry's suggestion is used instead (or none).
"""

from __future__ import annotations

from coopsync.messages.types import Entry

MESSAGES: dict[str, dict[str, Entry]] = {}
