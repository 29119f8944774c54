"""Turning PyYAML's composed nodes into plain values, with where each is written (yamltree).

The builder lets go of each node once its value is built (unless an alias reaches it again),
so a big catalog's node graph shrinks while its values grow instead of both being held whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from coopsync.loading.envvars import expand, has_variables
from coopsync.loading.problems import KeyPath
from coopsync.loading.yamltree import MAX_ALIAS_NODES, MAX_NODES, Mark, UnsetVariable, YamlDoc

_MERGE_TAG = "tag:yaml.org,2002:merge"
_STANDARD_TAGS = frozenset(
    {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "tag:yaml.org,2002:omap"}
)


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def shared_containers(root: yaml.Node) -> set[int]:
    """The ids of the sequences and mappings that more than one place reaches (an anchor and
    its aliases): those are built more than once, so their nodes are kept."""
    seen: set[int] = set()
    shared: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if isinstance(node, yaml.ScalarNode):
            continue
        if id(node) in seen:
            shared.add(id(node))
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                todo += (key_node, value_node)
    return shared


class Builder:
    """Turns a composed node graph into Python values, recording positions as it goes.

    It takes the graph apart as it goes: a built child is dropped from its parent, except under
    a node that aliases reach again (`shared`). Build a graph once."""

    def __init__(
        self, doc: YamlDoc, env: Mapping[str, str], *, record: bool = True, root: yaml.Node
    ) -> None:
        self.doc = doc
        self.env = env
        self.record = record  # marks and source text; without them a problem starts over
        self.constructor = yaml.SafeLoader("")
        self.count = 0
        self.alias_count = 0
        self.shared = shared_containers(root)
        self.built: set[int] = set()  # shared nodes built once already
        self.kept = 0  # > 0 inside a shared node: its nodes stay for the next alias
        self.again = 0  # > 0 inside a shared node built before: every node is an alias's
        self.stack: set[int] = set()

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.count += 1
        if self.again:
            self.alias_count += 1
        if self.count > MAX_NODES or self.alias_count > MAX_ALIAS_NODES:
            raise TooBig
        if self.record:
            self.doc.value_marks.setdefault(path, _mark(node))
        if id(node) in self.stack:
            self.problem("recursive_alias", path)
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if node.tag not in _STANDARD_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.problem("bad_tag", path, tag=tag)
            return None
        self.stack.add(id(node))
        shared, again = self.enter(node)
        try:
            if isinstance(node, yaml.SequenceNode):
                return self.sequence(node, path)
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, path)
        finally:
            self.stack.discard(id(node))
            self.kept -= shared
            self.again -= again
        return None

    def enter(self, node: yaml.Node) -> tuple[bool, bool]:
        """(shared, built before) for a sequence or mapping about to be built."""
        shared = id(node) in self.shared
        again = shared and id(node) in self.built
        if shared:
            self.built.add(id(node))
            self.alias_count += again
        self.kept += shared
        self.again += again
        return shared, again

    def sequence(self, node: yaml.SequenceNode, path: KeyPath) -> list[Any]:
        items: list[Any] = node.value
        out = []
        for index, item in enumerate(items):
            out.append(self.build(item, (*path, index)))
            if not self.kept:
                items[index] = None  # built: the node can go
        return out

    def problem(self, code: str, path: KeyPath, **params: Any) -> None:
        if not self.record:
            raise NeedMarks
        self.doc.problems.append(self.doc.problem(code, path, **params))

    def scalar(self, node: yaml.ScalarNode, path: KeyPath) -> Any:
        if self.record:
            self.doc.source[path] = node.value
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            self.problem("bad_scalar", path, detail=getattr(exc, "problem", str(exc)))
            return None
        if isinstance(value, str) and has_variables(value):
            expanded, missing = expand(value, self.env)
            if missing:
                self.doc.unset.append(UnsetVariable(path, tuple(missing)))
            return expanded
        return value

    def mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, Mark] = {}
        merges: list[yaml.Node] = []
        pairs: list[Any] = node.value
        for index, (key_node, value_node) in enumerate(pairs):
            if not self.kept:
                pairs[index] = None  # the loop holds the pair until it is built
            if key_node.tag == _MERGE_TAG:
                merges.append(value_node)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem("complex_key", path, at=_mark(key_node))
                continue
            key = str(key_node.value)
            if key in result or key in seen:
                here = _mark(key_node)
                first = seen.get(key) or here
                self.problem(
                    "duplicate_key", (*path, key), at=here, key_name=key, first_line=first.line
                )
                continue
            child = (*path, key)
            if self.record:
                here = _mark(key_node)
                seen[key] = here
                self.doc.key_marks[child] = here
            result[key] = self.build(value_node, child)
        for merge in merges:
            sources = merge.value if isinstance(merge, yaml.SequenceNode) else [merge]
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    self.problem("bad_merge", path, at=_mark(source))
                    continue
                shared, again = self.enter(source)
                try:
                    merged = self.mapping(source, path)
                finally:
                    self.kept -= shared
                    self.again -= again
                for key, value in merged.items():
                    result.setdefault(key, value)
        return result


class TooBig(Exception):
    pass


class NeedMarks(Exception):
    """A problem found while building without marks: build again with them."""
