"""Read a YAML file into plain Python values while remembering where every node came from.

PyYAML's composer gives nodes with marks; we construct the values ourselves so that we can
record `file:line:col` for every key and value, refuse duplicate keys, expand `${VAR}` and keep
the source text of each scalar (suggestions quote what the user wrote, never a secret's value).
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coopsync.loading.problems import KeyPath, PathPart, Problem, display_file, format_path

MAX_NODES = 200_000
MAX_ALIAS_NODES = 50_000  # an alias bomb ("billion laughs") stops here, not in swap
MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column in a file."""

    line: int
    col: int


@dataclass(frozen=True)
class UnsetVariable:
    """A `${VAR}` that neither the environment nor `.env` defines."""

    path: KeyPath
    names: tuple[str, ...]


@dataclass
class YamlDoc:
    """The values of one YAML file and where each of them is."""

    path: Path
    data: Any = None
    key_marks: dict[KeyPath, Mark] = field(default_factory=dict)
    value_marks: dict[KeyPath, Mark] = field(default_factory=dict)
    source: dict[KeyPath, str] = field(default_factory=dict)  # scalar text as written
    unset: list[UnsetVariable] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    digest: str = ""  # sha256 of the bytes read, to tell whether the file changed since
    # Marks and source text are recorded only when a problem needs them: a clean 10,000-SKU
    # catalog would otherwise hold tens of MB of them. `_text` and `_env` rebuild them.
    _text: str | None = field(default=None, repr=False, compare=False)
    _env: Mapping[str, str] | None = field(default=None, repr=False, compare=False)

    def _need_marks(self) -> None:
        if self._text is None:
            return
        text, self._text = self._text, None
        marked = YamlDoc(path=self.path)
        parse_text(text, marked, self._env or {}, lazy=False)
        self.key_marks, self.value_marks = marked.key_marks, marked.value_marks
        self.source = marked.source

    @property
    def display(self) -> str:
        return display_file(self.path)

    def locate(self, loc: KeyPath, *, keep_missing: bool = False) -> KeyPath:
        """The written path of a model location: steps that are not in the data are skipped.

        pydantic adds union tags (a platform, `int`) and paths of normalised shapes (a product's
        `sku:` validated as `variants[0].sku`); the user needs the key as written. The last
        step is kept when absent if `keep_missing` (a missing key).
        """
        node: Any = self.data
        out: list[PathPart] = []
        for index, part in enumerate(loc):
            last = index == len(loc) - 1
            found, child = _child(node, part)
            if found:
                node = child
                out.append(part)
            elif isinstance(node, list) and isinstance(part, str):
                # `channels: [whatsapp, {toko: {...}}]`: the model's `channels.toko` is
                # written as the list entry that is a mapping with that key.
                position = _entry_with_key(node, part)
                if position is not None:
                    node = node[position][part]
                    out.extend((position, part))
            elif keep_missing and last and isinstance(node, dict) and isinstance(part, str):
                out.append(part)
        return tuple(out)

    def mark(self, path: KeyPath, *, key: bool = False) -> Mark | None:
        """Where `path` is written: its key (`key=True`) or value; else its nearest parent."""
        self._need_marks()
        if key and path in self.key_marks:
            return self.key_marks[path]
        for length in range(len(path), -1, -1):
            prefix = path[:length]
            if length == len(path):
                found = self.value_marks.get(prefix) or self.key_marks.get(prefix)
            else:
                found = self.key_marks.get(prefix) or self.value_marks.get(prefix)
            if found is not None:
                return found
        return None

    def source_text(self, path: KeyPath) -> str | None:
        self._need_marks()
        return self.source.get(path)

    def problem(
        self,
        code: str,
        path: KeyPath = (),
        *,
        key: bool = False,
        severity: str = "error",
        at: Mark | None = None,
        **params: object,
    ) -> Problem:
        """A problem located at `path` in this file."""
        where = at or self.mark(path, key=key)
        return Problem(
            code=code,
            file=self.display,
            line=where.line if where else None,
            col=where.col if where else None,
            path=format_path(path),
            params=params,
            severity="warning" if severity == "warning" else "error",
        )


def _child(node: Any, part: PathPart) -> tuple[bool, Any]:
    if isinstance(node, dict) and isinstance(part, str) and part in node:
        return True, node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return True, node[part]
    return False, None


def _entry_with_key(entries: list[Any], key: str) -> int | None:
    for position, entry in enumerate(entries):
        if isinstance(entry, dict) and key in entry:
            return position
    return None


def decode(raw: bytes, doc: YamlDoc) -> str | None:
    """Text of the file (UTF-8, with or without BOM, or UTF-16 with BOM), else a problem."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            doc.problems.append(doc.problem("encoding_utf16"))
            return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        doc.problems.append(
            doc.problem("encoding", at=Mark(line, col), byte=f"0x{raw[exc.start]:02X}")
        )
        return None


def _tab_problems(text: str, doc: YamlDoc) -> list[Problem]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            found.append(doc.problem("tab", at=Mark(number, indent.index("\t") + 1)))
    return found


def _syntax_problem(exc: yaml.YAMLError, text: str, doc: YamlDoc) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if "end of stream" in str(getattr(exc, "problem", "")) and getattr(exc, "context_mark", None):
        mark = exc.context_mark  # type: ignore[attr-defined]  # where the open quote is
    where = Mark(mark.line + 1, mark.column + 1) if mark is not None else None
    if isinstance(exc, yaml.reader.ReaderError):
        where = _offset_mark(text, exc.position)
        return doc.problem("control_char", at=where, char=f"#x{exc.character:04x}")
    detail = " ".join(
        str(part) for part in (getattr(exc, "context", None), getattr(exc, "problem", None)) if part
    )
    hint = "syntax_hint"
    if "\\t" in detail or "'\\t'" in detail:
        hint = "tab"
    elif "mapping values are not allowed" in detail:
        hint = "syntax_colon"
    elif "could not find expected ':'" in detail or "expected <block end>" in detail:
        hint = "syntax_indent"
    elif "found undefined tag" in detail or "could not determine a constructor" in detail:
        hint = "syntax_tag"
    elif "expected a single document" in detail:
        hint = "syntax_documents"
    elif "found unexpected end of stream" in detail or "found unexpected ':'" in detail:
        hint = "syntax_quote"
    return doc.problem(
        "syntax", at=where or Mark(1, 1), detail=detail or str(exc).splitlines()[0], hint=hint
    )


# libyaml's parser when PyYAML has it (ten times faster on a big catalog; the same nodes and
# marks), else PyYAML's own.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str) -> yaml.Node | None:
    loader = _LOADER(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _offset_mark(text: str, offset: int) -> Mark:
    before = text[:offset]
    return Mark(before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


def parse_text(text: str, doc: YamlDoc, env: Mapping[str, str], *, lazy: bool = True) -> None:
    """Fill `doc` from YAML text; problems land in `doc.problems`. `lazy`: record where each
    value is written only when something asks (a problem), by parsing the text again."""
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        doc.problems.append(doc.problem("empty_file", at=Mark(1, 1)))
        return
    try:
        node = _compose(text)
    except yaml.YAMLError as exc:
        tabs = _tab_problems(text, doc)
        doc.problems.extend(tabs or [_syntax_problem(exc, text, doc)])
        return
    except RecursionError:
        doc.problems.append(doc.problem("too_deep", at=Mark(1, 1)))
        return
    if node is None:
        doc.problems.append(doc.problem("empty_file", at=Mark(1, 1)))
        return
    from coopsync.loading.yamlbuild import Builder, NeedMarks, TooBig

    try:
        if lazy:
            try:
                doc.data = Builder(doc, env, record=False, root=node).build(node, ())
                doc._text, doc._env = text, env
                return
            except NeedMarks:
                doc.unset.clear()
                node = _compose(text)  # the first build let go of the nodes it had built
                assert node is not None  # the same text composed to a node a moment ago
        doc.data = Builder(doc, env, root=node).build(node, ())
    except TooBig:
        doc.problems.append(doc.problem("too_big", at=Mark(1, 1)))
        doc.data = None
    except RecursionError:
        doc.problems.append(doc.problem("too_deep", at=Mark(1, 1)))
        doc.data = None


def read_yaml(path: Path, env: Mapping[str, str], *, what: str = "config") -> YamlDoc:
    """Read and parse one YAML file; every problem found is in the returned `doc.problems`."""
    doc = YamlDoc(path=path)
    try:
        if path.is_dir():
            doc.problems.append(doc.problem("is_directory", what=what))
            return doc
        size = path.stat().st_size
        if size > MAX_BYTES:
            doc.problems.append(doc.problem("too_big", at=Mark(1, 1)))
            return doc
        raw = path.read_bytes()
    except FileNotFoundError:
        doc.problems.append(doc.problem("file_missing", what=what))
        return doc
    except OSError as exc:
        doc.problems.append(doc.problem("file_unreadable", what=what, reason=exc.strerror or ""))
        return doc
    doc.digest = hashlib.sha256(raw).hexdigest()
    text = decode(raw, doc)
    if text is None:
        return doc
    parse_text(text, doc, env)
    return doc
