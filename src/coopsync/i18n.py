"""Looking up user-facing text in Indonesian (`id`) or English (`en`).

The text itself lives in `coopsync.messages`, one module per area. Each entry is `(message,
suggestion)`; placeholders are `str.format` fields. When a suggestion names a field that is empty,
the `<code>/alt` entry's suggestion is used instead (or none).
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping

from coopsync.messages import ALL as MESSAGES
from coopsync.messages import Entry

LANGUAGES = ("id", "en")

_formatter = string.Formatter()


def _fields(template: str) -> list[str]:
    return [name for _, name, _, _ in _formatter.parse(template) if name]


def _fill(template: str, params: Mapping[str, object]) -> str:
    values = {name: params.get(name, "") for name in _fields(template)}
    values = {k: ("" if v is None else v) for k, v in values.items()}
    try:
        return template.format(**values)
    except (IndexError, KeyError, ValueError):
        return template


def _entry(code: str, lang: str) -> Entry | None:
    table = MESSAGES.get(code)
    if table is None:
        return None
    return table.get(lang) or table.get("en")


def problem_text(code: str, lang: str, params: Mapping[str, object]) -> tuple[str, str | None]:
    """The message and suggestion for a problem code, in `lang` (falls back to English)."""
    entry = _entry(code, lang)
    if entry is None:
        return str(params.get("detail", code)), None
    message, suggestion = entry
    if code == "syntax":
        hint = _entry(str(params.get("hint", "syntax_hint")), lang)
        suggestion = hint[1] if hint else None
    if suggestion and any(params.get(name) in (None, "") for name in _fields(suggestion)):
        alt = _entry(code + "/alt", lang)
        suggestion = alt[1] if alt else None
    return _fill(message, params), (_fill(suggestion, params) if suggestion else None)


def t(code: str, lang: str, **params: object) -> str:
    """A CLI message in `lang`: the message, and ` — suggestion` when the entry has one."""
    message, suggestion = problem_text(code, lang, params)
    return f"{message} — {suggestion}" if suggestion else message


def resolve_language(explicit: str | None = None, configured: str | None = None) -> str:
    """--lang, else the config's `shop.language`, else the locale."""
    return explicit or configured or default_language()


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """`id` when the locale is Indonesian (LANG/LC_ALL/LC_MESSAGES start with `id`), else `en`."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name, "")
        if value:
            return "id" if value.lower().startswith(("id", "in_")) else "en"
    return "en"
