"""Logging for the CLI: text or JSON lines on stderr, every record passed through redaction."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import Literal

LogFormat = Literal["text", "json"]
_MARK = "_coopsync_handler"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and any `extra` fields."""

    _standard = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message"}

    def format(self, record: logging.LogRecord) -> str:
        import json  # only JSON logs need it (start-up of every command: issue 22)

        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in self._standard and not key.startswith("_"):
                entry[key] = value if isinstance(value, int | float | bool | None) else str(value)
        if record.exc_text:
            entry["traceback"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def _redacting_filter() -> logging.Filter | None:
    try:
        from coopsync.secrets import RedactingFilter
    except ImportError:  # the secrets module is optional for the CLI skeleton
        return None
    return RedactingFilter()


def level_for(*, quiet: bool, verbose: bool, debug: bool) -> int:
    """--debug > --verbose > default (warnings) > --quiet (errors only)."""
    if debug:
        return logging.DEBUG
    if verbose:
        return logging.INFO
    if quiet:
        return logging.ERROR
    return logging.WARNING


def setup_logging(level: int, log_format: LogFormat = "text") -> logging.Handler:
    """Send coopsync's logs to stderr at `level`; replaces a handler set up earlier."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    setattr(handler, _MARK, True)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    redacting = _redacting_filter()
    if redacting is not None:
        handler.addFilter(redacting)
    root.addHandler(handler)
    root.setLevel(level)
    # Libraries talk a lot at INFO; their requests are only interesting when debugging.
    for noisy in ("httpx", "httpcore", "hpack"):
        logging.getLogger(noisy).setLevel(
            logging.DEBUG if level <= logging.DEBUG else logging.WARNING
        )
    return handler
