"""A product checked against a channel's ListingRules (pure), and where the problem is shown."""

from __future__ import annotations

from pathlib import Path

from coopsync.adapters import ListingRules
from coopsync.catalog import Product
from coopsync.catalog_rules import check_listing, rule_problems
from coopsync.loading.yamltree import read_yaml
from coopsync_adapters.shopee.settings import ShopeeChannel
from coopsync_adapters.tiktok.settings import TikTokChannel

TIKTOK_RULES = ListingRules(
    title_min=25, title_max=255, price_min=100, price_max=100_000_000, images_min=1,
    stock_max=99_999, required_fields=("category_id",), variant_tiers_max=2,
)  # fmt: skip
TIKTOK = TikTokChannel(platform="tiktok", sandbox=True)


def product(**fields: object) -> Product:
    data: dict[str, object] = {
        "title": "Kemeja Batik Tulis Parang Lengan Panjang",
        "images": ["https://img.example/k.jpg"],
        "sku": "KMJ-1",
        "price": 250000,
        "stock": 3,
        "channels": {"tiktok": {"category_id": "601226"}},
    }
    data.update(fields)
    return Product.model_validate({k: v for k, v in data.items() if v is not None})


def codes(item: Product, rules: ListingRules = TIKTOK_RULES) -> list[str]:
    return [v.code for v in check_listing(item, "tiktok", TIKTOK, rules)]


def test_a_good_product_passes() -> None:
    assert codes(product()) == []


def test_short_title_is_refused_with_the_range() -> None:
    [violation] = check_listing(product(title="Kemeja Batik"), "tiktok", TIKTOK, TIKTOK_RULES)
    assert violation.code == "rule_title_short"
    assert violation.params["length"] == 12
    assert violation.params["min"] == 25 and violation.params["max"] == 255
    assert violation.sku == "KMJ-1" and violation.channel == "tiktok"


def test_a_channel_title_override_is_what_counts() -> None:
    item = product(title="Kemeja", channels={"tiktok": {"category_id": "1", "title": "x" * 30}})
    assert codes(item) == []


def test_missing_category_images_and_price_out_of_range() -> None:
    item = product(images=[], channels={}, price=50)
    assert sorted(codes(item)) == ["rule_images_few", "rule_price_low", "rule_required_field"]


def test_too_many_option_names_and_stock_above_platform_maximum() -> None:
    item = product(
        sku=None,
        price=None,
        stock=None,
        variants=[
            {"sku": "A", "price": 1000, "stock": 200_000, "options": {"W": "M", "U": "S", "B": "K"}}
        ],
    )
    found = check_listing(item, "tiktok", TIKTOK, TIKTOK_RULES)
    assert {(v.code, v.severity) for v in found} == {
        ("rule_tiers_many", "error"),
        ("rule_stock_high", "warning"),
    }


def test_shopee_price_override_is_checked() -> None:
    shopee = ShopeeChannel(platform="shopee", sandbox=True)
    item = product(channels={"shopee": {"price": 10}})
    [violation] = check_listing(item, "shopee", shopee, ListingRules(price_min=100))
    assert violation.code == "rule_price_low" and violation.params["price"] == 10


def test_violations_are_located_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "produk.yaml"
    path.write_text(
        "products:\n  - title: Kemeja Batik\n    sku: KMJ-1\n    price: 250000\n    stock: 3\n"
    )
    doc = read_yaml(path, {})
    item = product(title="Kemeja Batik")
    [problem] = rule_problems(check_listing(item, "tiktok", TIKTOK, TIKTOK_RULES), doc)
    assert problem.line == 2
    assert problem.render("en").endswith(
        "products[0] (SKU KMJ-1) on channel tiktok: title is 12 characters,"
        " TikTok Shop needs 25–255 — lengthen the title"
        " (or set `channels: {tiktok: {title: ...}}`)"
    )


def test_option_names_and_values_longer_than_the_platform_takes() -> None:
    from coopsync.i18n import t
    from coopsync_adapters.lazada.descriptor import RULES as LAZADA_RULES

    long_value = "Merah Marun Tua Berkilau"  # 24 characters: Lazada takes 20
    item = product(
        sku=None,
        price=None,
        stock=None,
        variants=[
            {"sku": "A", "price": 1000, "stock": 1, "options": {"Warna": long_value}},
            {"sku": "B", "price": 1000, "stock": 1, "options": {"Warna": "Biru"}},
        ],
    )
    found = [v for v in check_listing(item, "tiktok", TIKTOK, LAZADA_RULES) if "option" in v.code]
    assert [(v.code, v.sku, v.path) for v in found] == [
        ("rule_option_value_long", "A", ("variants", 0, "options", "Warna"))
    ]
    long_name = product(
        sku=None,
        price=None,
        stock=None,
        variants=[{"sku": "A", "price": 1000, "stock": 1, "options": {"Pilihan Warna Kain": "M"}}],
    )
    [name] = [
        v for v in check_listing(long_name, "tiktok", TIKTOK, LAZADA_RULES) if "option" in v.code
    ]
    assert name.code == "rule_option_name_long" and name.params["max"] == 15
    for lang in ("en", "id"):
        assert "Pilihan Warna Kain" in t(name.code, lang, **name.params)
    assert [v.code for v in check_listing(item, "tiktok", TIKTOK, TIKTOK_RULES)] == []
