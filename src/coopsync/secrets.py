"""Keep secrets out of logs, errors, state dumps and reports.

Every secret value loaded from configuration or received as a token is registered here;
`redact` replaces each occurrence (and the usual secret-bearing URL parameters) with `***`.
"""

from __future__ import annotations

import logging
import re
import threading

_lock = threading.Lock()
_secrets: set[str] = set()
_pattern: re.Pattern[str] | None = None

# Query/form/header names whose values are secret whatever their value.
SECRET_PARAMS = (
    "sign",
    "access_token",
    "refresh_token",
    "partner_key",
    "app_secret",
    "consumer_secret",
    "consumer_key",
    "oauth_signature",
    "x-tts-access-token",
    "authorization",
)
_param_re = re.compile(
    r"(?i)\b("
    + "|".join(re.escape(p) for p in SECRET_PARAMS)
    + r")(\"?\s*[=:]\s*\"?)([^&\s\"',}]+)"
)
MIN_SECRET_LENGTH = 4


def register_secret(value: str | None) -> None:
    """Remember a secret value so that `redact` hides it wherever it appears."""
    global _pattern
    if not value or len(value) < MIN_SECRET_LENGTH:
        return
    with _lock:
        if value in _secrets:
            return
        _secrets.add(value)
        ordered = sorted(_secrets, key=len, reverse=True)
        _pattern = re.compile("|".join(re.escape(s) for s in ordered))


def redact(text: str) -> str:
    """Return `text` with every registered secret and secret-bearing parameter masked."""
    pattern = _pattern
    if pattern is not None:
        text = pattern.sub("***", text)
    return _param_re.sub(lambda m: f"{m.group(1)}{m.group(2)}***", text)


class RedactingFilter(logging.Filter):
    """A logging filter that redacts the formatted message and any exception text."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = redact(message)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            record.exc_text = redact("".join(logging.Formatter().formatException(record.exc_info)))
            record.exc_info = None
            del exc
        return True


_SECRET_NAME = re.compile(r"(secret|token|password|passwd|(^|_)key$)", re.IGNORECASE)


def looks_like_secret(key: str) -> bool:
    """A settings key named like a secret (`api_key`, `app_secret`, `refresh_token`)."""
    return bool(_SECRET_NAME.search(key))
