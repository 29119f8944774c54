"""Validate plain data against a pydantic model and turn every error into a located Problem."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterable
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, Tag, ValidationError
from pydantic_core import ErrorDetails

from coopsync.loading.problems import KeyPath, PathPart, Problem, format_path
from coopsync.loading.yamltree import YamlDoc
from coopsync.platforms import looks_secret

M = TypeVar("M", bound=BaseModel)

_NUMBERISH = re.compile(r"^[-+]?[\d_.,]+([eE][-+]?\d+)?$")


_RP_PREFIX = re.compile(r"^(rp\.?|idr)\s*", re.IGNORECASE)
_RP_SUFFIX = re.compile(r"\s*(rb|ribu|k|jt|juta)$", re.IGNORECASE)
_THOUSANDS = re.compile(r"^\d{1,3}([.,]\d{3})+([.,]\d{1,2})?$")


def rupiah_guess(text: str) -> int | None:
    """What integer rupiah a person most likely meant: `Rp 25.000` -> 25000, `25rb` -> 25000."""
    from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

    value = _RP_PREFIX.sub("", text.strip().strip("'\"")).strip()
    value = value.removesuffix(",-").removesuffix(".-").replace(" ", "")
    multiplier = 1
    suffix = _RP_SUFFIX.search(value)
    if suffix:
        multiplier = 1_000_000 if suffix.group(1).lower() in ("jt", "juta") else 1000
        value = value[: suffix.start()].replace(",", ".")
    elif _THOUSANDS.match(value):
        # Indonesian writing: dots (or commas) group thousands; a 1-2 digit tail is cents.
        groups = re.split(r"[.,]", value)
        cents = groups.pop() if len(groups[-1]) < 3 else "0"
        value = "".join(groups) + "." + cents
    else:
        value = value.replace(",", ".")
    try:
        amount = Decimal(value) * multiplier
        if not amount.is_finite() or amount <= 0 or amount > 10**15:
            return None
        return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    except (InvalidOperation, ValueError):
        return None


# Indonesian words people naturally write for our (English) keys.
SYNONYMS = {
    "nama": "name",
    "toko": "shop",
    "bahasa": "language",
    "zona_waktu": "timezone",
    "mata_uang": "currency",
    "katalog": "catalog",
    "produk": "products",
    "kanal": "channels",
    "judul": "title",
    "deskripsi": "description",
    "merek": "brand",
    "kategori": "category",
    "gambar": "images",
    "foto": "images",
    "varian": "variants",
    "pilihan": "options",
    "harga": "price",
    "stok": "stock",
    "berat": "weight_g",
    "ukuran": "dimensions",
    "maks": "max",
    "maksimal": "max",
    "minimal": "min",
    "persen": "percent",
    "tambah": "add",
    "bulatkan": "round_to",
}


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest of `choices` to a misspelt (or Indonesian) `word`, if any is close enough."""
    pool = [c for c in choices if isinstance(c, str)]
    lowered = {c.lower(): c for c in pool}
    if word.lower() in lowered:
        return lowered[word.lower()]
    synonym = SYNONYMS.get(word.lower())
    if synonym in lowered:
        return lowered[synonym]
    found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[found[0]] if found else None


def _unwrap(tp: Any) -> Any:
    while get_origin(tp) is typing.Annotated:
        tp = get_args(tp)[0]
    return tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _union_member(members: tuple[Any, ...], tag: PathPart) -> Any:
    for member in members:
        if get_origin(member) is typing.Annotated:
            tags = [m.tag for m in member.__metadata__ if isinstance(m, Tag)]
            if tag in tags:
                return _unwrap(member)
        member = _unwrap(member)
        if _is_model(member):
            platform = member.model_fields.get("platform")
            literal = platform is not None and get_origin(platform.annotation) is Literal
            if literal and platform is not None and tag in get_args(platform.annotation):
                return member
        if getattr(member, "__name__", None) == tag:
            return member
    return None


def model_at(root: type[BaseModel], loc: KeyPath) -> type[BaseModel] | None:
    """The model that validates the mapping at pydantic location `loc` (for key suggestions)."""
    tp: Any = root
    steps: list[PathPart] = list(loc)
    while steps:
        tp = _unwrap(tp)
        origin = get_origin(tp)
        if origin in (Union, types.UnionType):
            members = tuple(m for m in get_args(tp) if m is not type(None))
            if len(members) == 1:
                tp = members[0]
                continue
            picked = _union_member(members, steps[0])
            if picked is None:
                return None
            steps.pop(0)
            tp = picked
            continue
        part = steps.pop(0)
        if _is_model(tp):
            field = tp.model_fields.get(str(part))
            if field is None:
                return None
            tp = field.annotation
        elif origin in (list, tuple, set, frozenset) or (
            origin is not None and getattr(origin, "__name__", "") == "Sequence"
        ):
            tp = get_args(tp)[0] if get_args(tp) else Any
        elif origin is dict:
            tp = get_args(tp)[1]
        else:
            return None
    tp = _unwrap(tp)
    if get_origin(tp) in (Union, types.UnionType):
        models = [m for m in get_args(tp) if _is_model(_unwrap(m))]
        tp = _unwrap(models[0]) if len(models) == 1 else None
    return tp if _is_model(tp) else None


def _shown(doc: YamlDoc, path: KeyPath) -> str:
    """The value as written, never a secret."""
    if path and isinstance(path[-1], str) and looks_secret(path[-1]):
        return "***"
    text = doc.source_text(path)
    if text is None:
        return ""
    return text if len(text) <= 60 else text[:57] + "..."


def _plain_message(error: ErrorDetails) -> str:
    message = str(error.get("msg", ""))
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    return message


def error_to_problem(
    error: ErrorDetails, doc: YamlDoc, root: type[BaseModel], prefix: KeyPath = ()
) -> Problem:
    """One pydantic error as the user should read it (`prefix`: where the model's data sits)."""
    loc: KeyPath = (*prefix, *error["loc"])
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        discriminator = str(ctx.get("discriminator", "platform")).strip("'")
        loc = (*loc, "platform" if discriminator.endswith("()") else discriminator)
    path = doc.locate(
        loc, keep_missing=kind in ("missing", "union_tag_not_found", "union_tag_invalid")
    )
    got = _shown(doc, path)
    name = str(path[-1]) if path else ""

    if kind == "extra_forbidden":
        model = model_at(root, tuple(error["loc"])[:-1])
        if name in getattr(model, "shorthand_keys", ()):
            return doc.problem("shorthand_with_variants", path, key=True, key_name=name)
        allowed = sorted(model.model_fields) if model else []
        allowed += sorted(getattr(model, "shorthand_keys", ()))
        close = suggest(name, allowed)
        if close:
            return doc.problem("unknown_key_close", path, key=True, key_name=name, close=close)
        return doc.problem("unknown_key", path, key=True, key_name=name, allowed=", ".join(allowed))
    if kind in ("missing", "union_tag_not_found"):
        return doc.problem("missing_key", path, key_name=name)
    if kind == "union_tag_invalid":
        expected = str(ctx.get("expected_tags", ""))
        tags = [t.strip(" '") for t in expected.split(",")]
        close = suggest(str(ctx.get("tag", got)), tags)
        return doc.problem(
            "unknown_choice",
            path,
            got=ctx.get("tag", got),
            expected=", ".join(sorted(set(tags))),
            close=close or "",
        )
    if kind.startswith("rupiah") or kind in (
        "negative_count",
        "count_high",
        "bad_url",
        "not_whole",
        "sku_text",
        "maker_text",
        "timezone",
    ):
        if kind.startswith("rupiah") and kind != "rupiah_high":
            ctx.setdefault("suggested", rupiah_guess(got) if got else None)
        return doc.problem(kind, path, got=got, **ctx)
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return doc.problem("expected_int", path, got=got)
    if kind in ("float_type", "float_parsing"):
        return doc.problem("expected_number", path, got=got)
    if kind in ("string_type", "string_sub_type"):
        quotable = (
            bool(got) and got != "***" and (_NUMBERISH.match(got) or got.lower() in _YAML_WORDS)
        )
        return doc.problem("expected_text", path, got=got, quote=got if quotable else "")
    if kind in ("bool_type", "bool_parsing"):
        return doc.problem("expected_bool", path, got=got)
    if kind in ("list_type", "tuple_type", "set_type"):
        return doc.problem("expected_list", path, key=True, got=got)
    if kind in ("dict_type", "model_type", "model_attributes_type", "mapping_type"):
        return doc.problem("expected_mapping", path, key=True, got=got)
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        choices = [c.strip(" '") for c in re.split(r",| or ", expected) if c.strip(" '")]
        close = suggest(got, choices) if got else None
        return doc.problem(
            "unknown_choice", path, got=got, expected=", ".join(choices), close=close or ""
        )
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        return doc.problem(f"range_{kind}", path, got=got, bound=bound)
    if kind in ("string_too_short", "too_short"):
        return doc.problem("too_short", path, min=ctx.get("min_length", 1))
    if kind in ("string_too_long", "too_long"):
        return doc.problem("too_long", path, max=ctx.get("max_length", ""))
    return doc.problem("invalid", path, detail=_plain_message(error))


_YAML_WORDS = frozenset({"yes", "no", "on", "off", "true", "false", "null", "~", "y", "n"})


def validate(
    model: type[M], data: Any, doc: YamlDoc, prefix: KeyPath = ()
) -> tuple[M | None, list[Problem]]:
    """`model.model_validate(data)` with every error located in `doc` (data sits at `prefix`)."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = [error_to_problem(e, doc, model, prefix) for e in exc.errors(include_url=False)]
        # A value the YAML layer already complained about (bad tag, unset ${VAR}) is not
        # reported a second time as a wrong type.
        explained = {p.path for p in doc.problems if p.path}
        explained |= {format_path(unset.path) for unset in doc.unset}
        return None, _dedupe([p for p in problems if p.path not in explained])


def _dedupe(problems: list[Problem]) -> list[Problem]:
    """Drop repeats, and `price` missing when the same mapping has a misspelt `prise`."""
    seen: set[tuple[object, ...]] = set()
    misspelt = {
        f"{p.path.rsplit('.', 1)[0]}.{p.params['close']}"
        if "." in p.path
        else str(p.params["close"])
        for p in problems
        if p.code == "unknown_key_close"
    }
    out = []
    for problem in problems:
        if problem.code == "missing_key" and problem.path in misspelt:
            continue
        key = (problem.line, problem.col, problem.path, problem.code)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out
