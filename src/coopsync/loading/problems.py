"""A located problem in a config or catalog file, and the error that carries them all."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from coopsync.errors import ConfigError

Severity = Literal["error", "warning"]
PathPart = str | int
KeyPath = tuple[PathPart, ...]


def format_path(path: Sequence[PathPart]) -> str:
    """`('products', 3, 'variants', 1, 'price')` -> `products[3].variants[1].price`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def display_file(path: Path) -> str:
    """A file name as the user typed it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the configuration, where it is and what to do about it.

    `code` names a message in `coopsync.i18n`; `params` fill it in. `detail` is a message that
    has no translation (e.g. from a library) and is shown as is.
    """

    code: str
    file: str = ""
    line: int | None = None
    col: int | None = None
    path: str = ""
    params: Mapping[str, object] = field(default_factory=dict)
    severity: Severity = "error"
    scope: Mapping[str, object] | None = None  # e.g. {sku, channel}: shown after the path

    @property
    def location(self) -> str:
        """`file:line:col` (as much of it as is known)."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return where

    def render(self, lang: str = "en") -> str:
        """`file:line:col key.path: what was expected — suggestion` in the given language."""
        from coopsync.i18n import problem_text

        message, suggestion = problem_text(self.code, lang, self.params)
        scope = problem_text("scope", lang, self.scope)[0] if self.scope else ""
        head = " ".join(part for part in (self.location, self.path, scope) if part)
        text = f"{head}: {message}" if head else message
        return f"{text} — {suggestion}" if suggestion else text

    def __str__(self) -> str:
        return self.render("en")


class ConfigInvalid(ConfigError):
    """The configuration or catalog has problems; every one of them is in `problems`."""

    def __init__(
        self, problems: Sequence[Problem], *, file: str = "", partial: object = None
    ) -> None:
        errors = [p for p in problems if p.severity == "error"]
        count = len(errors)
        noun = "problem" if count == 1 else "problems"
        where = f" in {file}" if file else ""
        super().__init__(
            f"{count} {noun}{where}",
            hint="fix them and run `coopsync validate` again",
        )
        self.problems = list(problems)
        self.file = file
        # What did validate despite the problems (a `coopsync.config.PartialShop`), so that
        # `validate` can still check the listing rules: every problem in one pass.
        self.partial = partial

    def render(self, lang: str = "en") -> list[str]:
        """Every problem as one line, errors first."""
        ordered = sorted(
            self.problems, key=lambda p: (p.severity != "error", p.file, p.line or 0, p.col or 0)
        )
        return [p.render(lang) for p in ordered]

    def __str__(self) -> str:
        return "\n".join([self.message, *self.render("en")])
