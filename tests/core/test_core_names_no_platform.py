"""The core names no platform and never imports the built-in adapters: platforms are plugins."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import coopsync

CORE = Path(coopsync.__file__).parent
# The same words as `grep -rniwE 'shopee|lazada|tiktok|tokopedia|woocommerce|woo'`.
PLATFORM_WORD = re.compile(r"\b(shopee|lazada|tiktok|tokopedia|woocommerce|woo)\b", re.IGNORECASE)


def core_files() -> list[Path]:
    return sorted(p for p in CORE.rglob("*") if p.is_file() and p.suffix in (".py", ".md", ".txt"))


def test_there_is_a_core_to_check() -> None:
    assert len(core_files()) > 20


def test_no_platform_is_named_in_the_core() -> None:
    found = [
        f"{path.relative_to(CORE)}:{number}: {line.strip()}"
        for path in core_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PLATFORM_WORD.search(line)
    ]
    assert found == [], "platforms are reached through their descriptors:\n" + "\n".join(found)


def test_the_core_never_imports_the_adapters_package() -> None:
    found = []
    for path in core_files():
        text = path.read_text(encoding="utf-8")
        if "coopsync_adapters" in text:
            found.append(str(path.relative_to(CORE)))
            continue
        if path.suffix != ".py":
            continue
        for node in ast.walk(ast.parse(text)):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [f"{path.relative_to(CORE)}: {n}" for n in names if n.startswith("coopsync_")]
    assert found == []


def test_the_check_would_see_a_platform_name() -> None:
    assert PLATFORM_WORD.search("a listing on Shopee's seller centre")
    assert PLATFORM_WORD.search("platform: woo")
    assert not PLATFORM_WORD.search("a wood carving; woocommerce_like is one word")
