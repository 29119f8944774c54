"""`${VAR}` expansion from the environment or a `.env` file beside the config."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# ${NAME} or ${NAME:-default}; `$${` writes a literal `${`.
_VAR = re.compile(r"\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")


@dataclass(frozen=True)
class DotEnvLine:
    """A line of a `.env` file that could not be read."""

    line: int
    text: str


def parse_dotenv(text: str) -> tuple[dict[str, str], list[DotEnvLine]]:
    """`KEY=value` lines (optional `export`, quotes, `#` comments) and lines it cannot read."""
    values: dict[str, str] = {}
    bad: list[DotEnvLine] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _ENV_LINE.match(raw)
        if match is None:
            bad.append(DotEnvLine(number, raw))
            continue
        name, value = match.group(1), match.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        values[name] = value
    return values, bad


def load_dotenv(path: Path) -> tuple[dict[str, str], list[DotEnvLine]]:
    """The variables of a `.env` file, or nothing when there is none."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}, []
    return parse_dotenv(text)


def has_variables(text: str) -> bool:
    """Whether a string mentions any `${VAR}`."""
    return "${" in text


def expand(text: str, env: Mapping[str, str]) -> tuple[str | None, list[str]]:
    """Replace each `${VAR}`; returns (value, names of unset variables) — value None if any."""
    missing: list[str] = []

    def substitute(match: re.Match[str]) -> str:
        if match.group(0) == "$${":
            return "${"
        name, default = match.group(1), match.group(2)
        value = env.get(name)
        if value is None or value == "":
            if default is not None:
                return default
            missing.append(name)
            return ""
        return value

    result = _VAR.sub(substitute, text)
    return (None if missing else result), missing
