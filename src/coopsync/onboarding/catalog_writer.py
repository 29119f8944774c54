"""Adding products to the shop's catalog file without losing what the user wrote there.

ruamel.yaml reads and writes the file round-trip: comments, key order, anchors and quotes stay
as they were; the new products are appended at the end of the list. The file is copied to a
dated backup beside it first, and replaced atomically.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq


class CatalogShapeError(Exception):
    """The file has no product list where one belongs (`code` is a message code)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _flow(value: dict[str, Any]) -> CommentedMap:
    mapping = CommentedMap()
    for key, item in value.items():
        mapping[key] = _flow(item) if isinstance(item, dict) else item
    mapping.fa.set_flow_style()
    return mapping


def _flow_list(values: list[Any]) -> CommentedSeq:
    sequence = CommentedSeq(values)
    sequence.fa.set_flow_style()
    return sequence


def product_node(product: dict[str, Any]) -> CommentedMap:
    """A product as YAML: block style, with variants, images and options one line each."""
    node = CommentedMap()
    for key, value in product.items():
        if key == "variants":
            node[key] = CommentedSeq([_flow(v) for v in value])
        elif isinstance(value, dict) and any(isinstance(v, dict) for v in value.values()):
            block = CommentedMap()  # channels: one line per channel
            for name, item in value.items():
                block[name] = _flow(item) if isinstance(item, dict) else item
            node[key] = block
        elif isinstance(value, dict):
            node[key] = _flow(value)
        elif isinstance(value, list):
            node[key] = _flow_list(value)
        else:
            node[key] = value
    return node


def _product_list(document: Any, key: str | None) -> CommentedSeq:
    """The list new products go into (made when the file has `products:` empty or absent)."""
    if document is None:
        raise CatalogShapeError("import.catalog_shape")
    if isinstance(document, CommentedSeq):
        return document
    if not isinstance(document, CommentedMap):
        raise CatalogShapeError("import.catalog_shape")
    wanted = key or "products"
    current = document.get(wanted)
    if current is None:
        document[wanted] = CommentedSeq()
        return document[wanted]  # type: ignore[no-any-return]
    if not isinstance(current, CommentedSeq):
        raise CatalogShapeError("import.catalog_shape")
    return current


def render_products(products: Sequence[dict[str, Any]]) -> str:
    """The products as they would be written (for a preview)."""
    out = io.StringIO()
    _yaml().dump(CommentedSeq([product_node(p) for p in products]), out)
    return out.getvalue()


def backup_path(path: Path, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.bak-{stamp}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak-{stamp}-{number}")
        number += 1
    return candidate


def extend_catalog(
    path: Path, products: Sequence[dict[str, Any]], now: datetime, *, key: str | None = None
) -> Path | None:
    """Append `products` to the catalog at `path` (a list, or a mapping with `products:`);
    returns the backup made, or None when the file is new."""
    yaml = _yaml()
    exists = path.exists()
    if exists:
        text = path.read_text(encoding="utf-8-sig")
        document = yaml.load(text) if text.strip() else None
        if document is None:
            document = CommentedMap()
    else:
        document = CommentedMap()
    target = _product_list(document, key)
    for product in products:
        target.append(product_node(product))
    backup = None
    if exists:
        backup = backup_path(path, now)
        shutil.copy2(path, backup)
    out = io.StringIO()
    yaml.dump(document, out)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(out.getvalue(), encoding="utf-8")
    os.replace(tmp, path)
    return backup


def set_status(
    path: Path,
    product_id: str,
    skus: Sequence[str],
    variant_sku: str | None,
    status: str,
    now: datetime,
) -> Path:
    """Write `status:` on the product (or on its variant `variant_sku`) in the catalog file at
    `path`; `active` removes the key. Returns the dated backup made beside the file."""
    yaml = _yaml()
    document = yaml.load(path.read_text(encoding="utf-8-sig"))
    products = document if isinstance(document, CommentedSeq) else None
    if isinstance(document, CommentedMap):
        products = document.get("products")
    if not isinstance(products, CommentedSeq):
        raise CatalogShapeError("import.catalog_shape")
    node = next((p for p in products if _is_product(p, product_id, skus)), None)
    if node is None:
        raise CatalogShapeError("retire.not_in_file", sku=variant_sku or product_id)
    if variant_sku is not None:
        variants = node.get("variants") or []
        node = next(
            (v for v in variants if isinstance(v, dict) and v.get("sku") == variant_sku), None
        )
        if node is None:
            raise CatalogShapeError("retire.not_in_file", sku=variant_sku)
    if status == "active":
        node.pop("status", None)
    else:
        node["status"] = status
    backup = backup_path(path, now)
    shutil.copy2(path, backup)
    out = io.StringIO()
    yaml.dump(document, out)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(out.getvalue(), encoding="utf-8")
    os.replace(tmp, path)
    return backup


def _is_product(node: Any, product_id: str, skus: Sequence[str]) -> bool:
    if not isinstance(node, dict):
        return False
    if node.get("id") == product_id or node.get("sku") in skus:
        return True
    variants = node.get("variants")
    return isinstance(variants, list) and any(
        isinstance(v, dict) and v.get("sku") in skus for v in variants
    )
