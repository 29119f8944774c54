"""The shape of one catalogue entry: `(message, suggestion or None)`."""

from __future__ import annotations

Entry = tuple[str, str | None]
