"""From spreadsheet rows to catalog products: headers found, values read, variants grouped.

Pure: rows in, product dicts (the catalog's YAML shape) and located problems out. The header
may sit below a title or blank rows; columns are named in Indonesian or English; a row with
the same name as the one above, or with no name but a variant, is another variant of that
product (a name cell merged down over its variants reads that way). A bad row is reported with
its row number and the good rows still come in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from coopsync.rupiah import NotRupiah, parse_rupiah, parse_units

HEADER_SEARCH_ROWS = 30

# Column -> header words (compared lower case, without punctuation or units in brackets).
COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("nama", "nama produk", "nama barang", "produk", "barang", "name", "product",
              "product name", "title", "judul", "item"),
    "price": ("harga", "harga jual", "harga satuan", "price", "unit price", "harga rp"),
    "stock": ("stok", "stock", "persediaan", "jumlah stok", "qty", "quantity", "jumlah"),
    "sku": ("sku", "kode", "kode barang", "kode produk", "code", "product code"),
    "weight": ("berat", "berat gram", "berat gr", "berat g", "weight", "weight g",
               "weight gram", "berat kg", "weight kg"),
    "category": ("kategori", "category", "jenis"),
    "variant": ("varian", "variasi", "variant", "variation", "tipe", "type"),
    "Ukuran": ("ukuran", "size"),
    "Warna": ("warna", "color", "colour"),
    "Motif": ("motif", "pattern"),
    "images": ("foto", "gambar", "image", "images", "photo", "photos", "foto produk",
               "url foto", "picture"),
    "description": ("deskripsi", "keterangan", "description", "desc", "uraian"),
    "brand": ("merek", "merk", "brand"),
    "length": ("panjang", "panjang cm", "length", "length cm", "p"),
    "width": ("lebar", "lebar cm", "width", "width cm", "l"),
    "height": ("tinggi", "tinggi cm", "height", "height cm", "t"),
}  # fmt: skip
CATEGORY_WORDS = ("kategori", "category", "category id", "id kategori", "kategori id")
OPTION_COLUMNS = ("variant", "Ukuran", "Warna", "Motif")
VARIANT_OPTION_NAME = "Varian"


@dataclass(frozen=True)
class RowProblem:
    """A row that could not be imported (row 0: the sheet as a whole)."""

    row: int
    code: str  # a message code (messages/onboarding.py)
    params: dict[str, object] = field(default_factory=dict)


@dataclass
class ImportedCatalog:
    """Products in the catalog's YAML shape, and the problems of the rows left out."""

    products: list[dict[str, Any]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    header_row: int | None = None


def _header_key(cell: object) -> str:
    text = re.sub(r"\(.*?\)", " ", str(cell or "")).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def _alias_map() -> dict[str, str]:
    return {alias: column for column, aliases in COLUMNS.items() for alias in aliases}


def _channel_aliases(channels: Iterable[str]) -> dict[str, str]:
    """`kategori <channel>` or `<channel> category` -> `category@<channel>`, for each channel."""
    out: dict[str, str] = {}
    for channel in channels:
        name = _header_key(channel)
        for word in CATEGORY_WORDS:
            out[f"{word} {name}"] = out[f"{name} {word}"] = f"category@{channel}"
    return out


def find_header(
    rows: Sequence[tuple[int, Sequence[object]]], channels: Iterable[str] = ()
) -> tuple[int, dict[str, int]] | None:
    """(index in `rows`, column -> cell index) of the first row naming a name and a price."""
    aliases = {**_alias_map(), **_channel_aliases(channels)}
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for position, cell in enumerate(cells):
            key = _header_key(cell)
            weight_kg = key.endswith(" kg") or key == "kg"
            column = aliases.get(key)
            if column == "weight" and weight_kg:
                column = "weight_kg"
            if column and column not in columns and not (column == "stock" and "stock" in columns):
                columns[column] = position
        if "title" in columns and "price" in columns:
            return index, columns
    return None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def abbreviation(word: str, size: int = 3) -> str:
    """`Kemeja` -> `KMJ`, `Parang` -> `PRG`, `M` -> `M`: first letter, then consonants."""
    letters = re.sub(r"[^A-Z0-9]", "", word.upper())
    if len(letters) <= size:
        return letters
    picked = letters[0] + "".join(c for c in letters[1:] if c not in "AEIOU")
    return picked[:size] if len(picked) >= size else letters[:size]


_FILLER = {"dan", "dengan", "untuk", "the", "of", "and", "with", "for", "yang", "di", "ke"}


def _product_code(title: str, taken: set[str]) -> str:
    words = [w for w in re.split(r"[^0-9A-Za-z]+", title) if w and w.lower() not in _FILLER]
    words = words or ["PRODUK"]
    for count in (2, 3, 4):
        code = "-".join(abbreviation(w) for w in words[:count])
        if not any(s == code or s.startswith(code + "-") for s in taken):
            return code
    base = "-".join(abbreviation(w) for w in words[:2])
    number = 2
    while any(s == f"{base}{number}" or s.startswith(f"{base}{number}-") for s in taken):
        number += 1
    return f"{base}{number}"


def generated_sku(code: str, options: dict[str, str], taken: set[str]) -> str:
    """A readable SKU for a row without one, from its product's code: `KMJ-PRG-M`, never one
    in `taken`."""
    suffix = "-".join(abbreviation(v, 3) for v in options.values() if v)
    sku = f"{code}-{suffix}" if suffix else code
    number = 2
    candidate = sku
    while candidate in taken:
        candidate = f"{sku}-{number}"
        number += 1
    return candidate


def _weight(value: object, in_kg: bool) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool):
        grams = value * 1000 if in_kg else value
    else:
        match = re.fullmatch(
            r"\s*(\d+(?:[.,]\d+)?)\s*(g|gr|gram|kg|kilo|kilogram)?\s*", str(value).lower()
        )
        if not match:
            raise ValueError
        number = float(match.group(1).replace(",", "."))
        unit = match.group(2) or ("kg" if in_kg else "g")
        grams = number * 1000 if unit.startswith("k") else number
    if grams < 0:
        raise ValueError
    return round(grams)


def _images(value: object) -> list[str]:
    return [part for part in re.split(r"[\n,;]+|\s{2,}", _text(value)) if part.strip()]


@dataclass
class _Row:
    number: int
    title: str
    options: dict[str, str]
    sku: str
    price: int
    stock: int
    weight_g: int | None
    category: str
    images: list[str]
    description: str
    brand: str = ""
    dimensions: dict[str, int] | None = None
    categories: dict[str, str] = field(default_factory=dict)


def _read_row(
    number: int, cells: Sequence[object], columns: dict[str, int], title: str
) -> _Row | RowProblem:
    def cell(column: str) -> object:
        index = columns.get(column)
        return cells[index] if index is not None and index < len(cells) else None

    options: dict[str, str] = {}
    for column in OPTION_COLUMNS:
        value = _text(cell(column))
        if value:
            options[VARIANT_OPTION_NAME if column == "variant" else column] = value
    price_cell = cell("price")
    if _text(price_cell) == "":
        return RowProblem(number, "import.no_price", {"title": title})
    try:
        price = parse_rupiah(price_cell)
    except NotRupiah:
        return RowProblem(number, "import.bad_price", {"value": _text(price_cell)})
    if price < 1:
        return RowProblem(number, "import.bad_price", {"value": _text(price_cell)})
    stock_cell = cell("stock")
    if _text(stock_cell) == "":
        return RowProblem(number, "import.no_stock", {"title": title})
    try:
        stock = parse_units(stock_cell)
    except ValueError:
        return RowProblem(number, "import.bad_stock", {"value": _text(stock_cell)})
    if stock < 0:
        return RowProblem(number, "import.bad_stock", {"value": _text(stock_cell)})
    weight: int | None = None
    for column, in_kg in (("weight", False), ("weight_kg", True)):
        if _text(cell(column)):
            try:
                weight = _weight(cell(column), in_kg)
            except (ValueError, TypeError):
                return RowProblem(number, "import.bad_weight", {"value": _text(cell(column))})
    dimensions: dict[str, int] | None = None
    sizes = {key: cell(key) for key in ("length", "width", "height")}
    if any(_text(v) for v in sizes.values()):
        try:
            dimensions = {f"{key}_cm": parse_units(value) for key, value in sizes.items()}
        except ValueError:
            shown = " x ".join(_text(v) or "?" for v in sizes.values())
            return RowProblem(number, "import.bad_dimensions", {"value": shown})
    categories = {
        column.split("@", 1)[1]: _text(cell(column))
        for column in columns
        if column.startswith("category@") and _text(cell(column))
    }
    return _Row(
        brand=_text(cell("brand")),
        dimensions=dimensions,
        categories=categories,
        number=number,
        title=title,
        options=options,
        sku=_text(cell("sku")),
        price=price,
        stock=stock,
        weight_g=weight,
        category=_text(cell("category")),
        images=_images(cell("images")),
        description=_text(cell("description")),
    )


def _group(rows: list[_Row], problems: list[RowProblem]) -> list[list[_Row]]:
    groups: list[list[_Row]] = []
    by_title: dict[str, list[_Row]] = {}
    for row in rows:
        key = row.title.casefold()
        group = by_title.get(key)
        if group is None:
            group = by_title[key] = []
            groups.append(group)
        elif not row.options or any(not r.options for r in group):
            problems.append(
                RowProblem(
                    row.number,
                    "import.same_product",
                    {"title": row.title, "first": group[0].number},
                )
            )
            continue
        elif any(r.options == row.options for r in group):
            problems.append(
                RowProblem(
                    row.number,
                    "import.same_variant",
                    {"title": row.title, "first": group[0].number},
                )
            )
            continue
        group.append(row)
    return groups


def _product(group: list[_Row], skus: dict[int, str]) -> dict[str, Any]:
    first = group[0]
    product: dict[str, Any] = {"title": first.title}
    description = next((r.description for r in group if r.description), "")
    if description:
        product["description"] = description
    if first.category:
        product["category"] = first.category
    images = [image for r in group for image in r.images]
    if images:
        product["images"] = list(dict.fromkeys(images))
    if first.brand:
        product["brand"] = first.brand
    if first.weight_g is not None:
        product["weight_g"] = first.weight_g
    if first.dimensions is not None:
        product["dimensions"] = first.dimensions
    if first.categories:
        product["channels"] = {
            channel: {"category_id": category} for channel, category in first.categories.items()
        }
    if len(group) == 1 and not first.options:
        product.update(sku=skus[first.number], price=first.price, stock=first.stock)
        return product
    names = list(dict.fromkeys(name for r in group for name in r.options))
    variants = []
    for row in group:
        variant: dict[str, Any] = {"sku": skus[row.number], "price": row.price, "stock": row.stock}
        variant["options"] = {name: row.options.get(name, "-") for name in names}
        if row.weight_g is not None and row.weight_g != first.weight_g:
            variant["weight_g"] = row.weight_g
        variants.append(variant)
    product["variants"] = variants
    return product


def catalog_from_rows(
    rows: Iterable[tuple[int, Sequence[object]]],
    existing_skus: Iterable[str] = (),
    channels: Iterable[str] = (),
) -> ImportedCatalog:
    """Products from spreadsheet rows (row number, cells); `existing_skus` are taken already;
    a `kategori <channel>` column gives that channel's category id."""
    result = ImportedCatalog()
    rows = [(n, list(cells)) for n, cells in rows if any(_text(c) for c in cells)]
    found = find_header(rows, channels)
    if found is None:
        result.problems.append(RowProblem(0, "import.no_header"))
        return result
    index, columns = found
    result.header_row = rows[index][0]
    read: list[_Row] = []
    last_title = ""
    for number, cells in rows[index + 1 :]:
        title_index = columns["title"]
        title = _text(cells[title_index]) if title_index < len(cells) else ""
        row = _read_row(number, cells, columns, title or last_title)
        if isinstance(row, RowProblem):
            result.problems.append(row)
            continue
        if not title and (not row.options or not last_title):
            result.problems.append(RowProblem(number, "import.no_title"))
            continue
        last_title = row.title
        read.append(row)
    groups = _group(read, result.problems)
    taken = set(existing_skus)
    existing = set(taken)
    skus: dict[int, str] = {}
    kept: list[list[_Row]] = []
    for group in groups:  # the SKUs written in the sheet first, so generated ones avoid them
        for row in group:
            if not row.sku:
                continue
            if row.sku in existing:
                result.warnings.append(
                    RowProblem(row.number, "import.sku_exists", {"sku": row.sku})
                )
            elif row.sku in taken:
                result.problems.append(
                    RowProblem(row.number, "import.duplicate_sku", {"sku": row.sku})
                )
            else:
                taken.add(row.sku)
                skus[row.number] = row.sku
    for group in groups:
        good = []
        code = _product_code(group[0].title, taken) if any(not r.sku for r in group) else ""
        for row in group:
            if row.sku and row.number not in skus:
                continue
            if not row.sku:
                skus[row.number] = generated_sku(code, row.options, taken)
                taken.add(skus[row.number])
            good.append(row)
        if good:
            kept.append(good)
    result.products = [_product(group, skus) for group in kept]
    return result
