"""Checks across the catalog that a model cannot make alone: unique SKUs and product ids,
consistent variant options, known channel names, image files that exist.

They read the raw data (not the validated models), so that a product with a type error still
has its SKU and channel names checked: every problem is reported in one run.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, cast

from coopsync.catalog import Product
from coopsync.loading.limits import image_problem
from coopsync.loading.problems import KeyPath, Problem, format_path
from coopsync.loading.validation import suggest, validate
from coopsync.loading.yamltree import YamlDoc


def validate_products(raw: Any, doc: YamlDoc) -> tuple[list[tuple[int, Product]], list[Problem]]:
    """Each product on its own, so that one broken product hides no problem of the others."""
    if not isinstance(raw, list):
        return [], [doc.problem("expected_list", ("products",), got="")]
    valid: list[tuple[int, Product]] = []
    problems: list[Problem] = []
    for index, item in enumerate(raw):
        product, errors = validate(Product, item, doc, ("products", index))
        problems.extend(errors)
        if product is not None:
            valid.append((index, product))
    return valid, problems


def _raw_products(doc: YamlDoc) -> list[Any]:
    data = doc.data
    if isinstance(data, dict):
        data = data.get("products")
    return data if isinstance(data, list) else []


def _variants(raw_product: dict[str, Any], index: int) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    """Each variant mapping with its path; a product without `variants:` is its own variant."""
    variants = raw_product.get("variants")
    if "variants" not in raw_product:
        yield ("products", index), raw_product
    elif isinstance(variants, list):
        for vindex, variant in enumerate(variants):
            if isinstance(variant, dict):
                yield ("products", index, "variants", vindex), variant


def check_catalog(doc: YamlDoc, channels: Mapping[str, str], base_dir: Path) -> list[Problem]:
    """Every cross-item problem of the products in `doc`; `channels` maps name -> platform."""
    problems: list[Problem] = []
    # Where each id and SKU is first written: located only for a message (`_where`), since
    # locating needs the file's marks, which a clean catalog never reads.
    first_sku: dict[str, KeyPath] = {}
    first_id: dict[str, KeyPath] = {}
    for index, raw_product in enumerate(_raw_products(doc)):
        if not isinstance(raw_product, dict):
            continue
        product_id = raw_product.get("id")
        if isinstance(product_id, str):
            path = ("products", index, "id")
            if product_id in first_id:
                problems.append(
                    doc.problem(
                        "duplicate_product_id",
                        path,
                        product_id=product_id,
                        first=_where(doc, first_id[product_id]),
                    )
                )
            else:
                first_id[product_id] = path
        variants = list(_variants(raw_product, index))
        for vpath, variant in variants:
            sku = variant.get("sku")
            if not isinstance(sku, str):
                continue
            if sku in first_sku:
                first = _where(doc, first_sku[sku])
                problems.append(doc.problem("duplicate_sku", (*vpath, "sku"), sku=sku, first=first))
            else:
                first_sku[sku] = (*vpath, "sku")
        problems.extend(_options(variants, doc))
        problems.extend(_channel_refs(raw_product, index, variants, doc, channels))
        problems.extend(_images(raw_product, index, variants, doc, base_dir))
    problems.extend(_formerly(doc, first_sku))
    return problems


def _formerly(doc: YamlDoc, first_sku: Mapping[str, KeyPath]) -> list[Problem]:
    """A renamed variant's old SKUs (`formerly:`): none may still be a SKU of the catalog, and
    one old SKU can become only one new SKU."""
    problems: list[Problem] = []
    claimed: dict[str, KeyPath] = {}
    for index, raw_product in enumerate(_raw_products(doc)):
        if not isinstance(raw_product, dict):
            continue
        for vpath, variant in _variants(raw_product, index):
            formerly = variant.get("formerly")
            olds = [formerly] if isinstance(formerly, str) else formerly
            if not isinstance(olds, list):
                continue  # the model reports the type
            sku = variant.get("sku")
            for position, old in enumerate(olds):
                if not isinstance(old, str):
                    continue
                at = (*vpath, "formerly", position)
                if old == sku:
                    problems.append(doc.problem("formerly_self", at, sku=old))
                elif old in first_sku:
                    problems.append(
                        doc.problem(
                            "formerly_in_catalog",
                            at,
                            sku=sku,
                            old=old,
                            first=_where(doc, first_sku[old]),
                        )
                    )
                elif old in claimed:
                    problems.append(
                        doc.problem(
                            "formerly_twice", at, sku=sku, old=old, first=_where(doc, claimed[old])
                        )
                    )
                else:
                    claimed[old] = at
    return problems


def _where(doc: YamlDoc, path: KeyPath) -> str:
    mark = doc.mark(path)
    line = f"line {mark.line}" if mark else doc.display
    return f"{line}, {format_path(path)}"


def _options(variants: list[tuple[KeyPath, dict[str, Any]]], doc: YamlDoc) -> list[Problem]:
    if len(variants) < 2:
        return []
    problems: list[Problem] = []
    seen: dict[tuple[tuple[str, str], ...], KeyPath] = {}
    first_names: list[str] | None = None
    for vpath, variant in variants:
        options = variant.get("options")
        if not options:
            problems.append(doc.problem("options_missing", vpath, count=len(variants)))
            continue
        if not isinstance(options, dict):
            continue  # the model reports the type
        names = sorted(options)
        if first_names is None:
            first_names = names
        elif names != first_names:
            problems.append(
                doc.problem(
                    "options_differ",
                    (*vpath, "options"),
                    names=", ".join(names),
                    first=", ".join(first_names),
                )
            )
        combo = tuple(sorted((str(k), str(v)) for k, v in options.items()))
        if combo in seen:
            problems.append(
                doc.problem(
                    "options_duplicate", (*vpath, "options"), other=format_path(seen[combo])
                )
            )
        else:
            seen[combo] = vpath
    return problems


def _unknown_channel(
    doc: YamlDoc, path: KeyPath, name: str, channels: Mapping[str, str], key: bool
) -> Problem:
    by_platform = {platform: channel for channel, platform in channels.items()}
    close = suggest(name, channels) or by_platform.get(name)
    return doc.problem(
        "unknown_channel",
        path,
        key=key,
        channel=name,
        known=", ".join(f"{n} ({p})" for n, p in channels.items()) or "-",
        close=close or "",
    )


def _channel_refs(
    raw_product: dict[str, Any],
    index: int,
    variants: list[tuple[KeyPath, dict[str, Any]]],
    doc: YamlDoc,
    channels: Mapping[str, str],
) -> list[Problem]:
    problems = []
    base: KeyPath = ("products", index, "channels")
    refs = raw_product.get("channels")
    if isinstance(refs, str):
        refs = [refs]
    if isinstance(refs, list):
        for position, entry in enumerate(refs):
            if isinstance(entry, str) and entry not in channels:
                problems.append(_unknown_channel(doc, (*base, position), entry, channels, False))
            elif isinstance(entry, dict):  # `- toko: {category_id: ...}`
                for name in entry:
                    if name not in channels:
                        path = (*base, position, name)
                        problems.append(_unknown_channel(doc, path, name, channels, True))
    elif isinstance(refs, dict):
        for name in refs:
            if name not in channels:
                problems.append(_unknown_channel(doc, (*base, name), name, channels, True))
    for vpath, variant in variants:
        overrides = variant.get("channels") if vpath[-1] != index else None
        if isinstance(overrides, dict):
            for name in overrides:
                if name not in channels:
                    path = (*vpath, "channels", name)
                    problems.append(_unknown_channel(doc, path, name, channels, True))
    return problems


def _image_lists(
    raw_product: dict[str, Any], index: int, variants: list[tuple[KeyPath, dict[str, Any]]]
) -> Iterator[tuple[KeyPath, Any]]:
    yield ("products", index, "images"), raw_product.get("images")
    for vpath, variant in variants:
        if vpath[-1] != index:
            yield (*vpath, "images"), variant.get("images")
    overrides = raw_product.get("channels")
    if isinstance(overrides, dict):
        for name, override in overrides.items():
            if isinstance(override, dict):
                yield ("products", index, "channels", name, "images"), override.get("images")
    elif isinstance(overrides, list):  # `- toko: {images: [...]}` in the list form
        for position, entry in enumerate(overrides):
            if isinstance(entry, dict):
                for name, override in entry.items():
                    if isinstance(override, dict):
                        path = ("products", index, "channels", position, name, "images")
                        yield path, override.get("images")


def _images(
    raw_product: dict[str, Any],
    index: int,
    variants: list[tuple[KeyPath, dict[str, Any]]],
    doc: YamlDoc,
    base_dir: Path,
) -> list[Problem]:
    problems = []
    for path, images in _image_lists(raw_product, index, variants):
        entries = [images] if isinstance(images, str) else images
        if not isinstance(entries, list):
            continue
        for position, image in enumerate(entries):
            if not isinstance(image, str) or image.startswith(("http://", "https://")):
                continue
            found = image_problem(image, base_dir)
            if found is not None:
                code, params = found
                at = (*path, position) if isinstance(images, list) else path
                problems.append(doc.problem(code, at, **cast(dict[str, Any], params)))
    return problems
