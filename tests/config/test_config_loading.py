"""Loading configs and catalogs: values, paths, environment, encodings, messages."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from coopsync.catalog import (
    attributes_for,
    base_price_for,
    category_for,
    images_for,
    price_override,
    title_for,
)
from coopsync.config import load_config, peek_language
from coopsync.loading.problems import ConfigInvalid
from coopsync.loading.validation import rupiah_guess
from coopsync.secrets import redact

SHOP = """shop:
  name: Koperasi Uji
channels:
  shopee:
    platform: shopee
    sandbox: true
"""


def write(folder: Path, text: str, name: str = "coopsync.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ConfigInvalid) as caught:
        load_config(path)
    return caught.value.render("en")


def test_example_config_loads_without_environment(example_config: Path) -> None:
    loaded = load_config(example_config)

    assert len(loaded.catalog) == 11
    assert loaded.catalog.variant_count() == 23
    assert list(loaded.channels) == ["shopee", "tiktok", "lazada", "whatsapp"]
    assert loaded.state_dir == example_config.parent / ".coopsync"
    assert loaded.state_dir.is_absolute()
    assert loaded.config.shop.language == "id"


def test_catalog_lookups_and_channel_overrides(example_config: Path) -> None:
    catalog = load_config(example_config).catalog

    product, variant = catalog.by_sku("TAS-PDN-KWG")
    assert variant.price == 95000
    assert price_override(product, variant, "shopee") == 99000
    assert base_price_for(product, variant, "tiktok") == 95000
    assert category_for(product, "lazada") == "10000820"
    assert [p.product_id for p in catalog.products_for_channel("whatsapp")][-1] == (
        "paket-batik-kecil"
    )
    assert "paket-batik-kecil" not in [p.product_id for p in catalog.products_for_channel("shopee")]
    daster, _ = catalog.by_sku("DST-SJ-MRH-M")
    assert title_for(daster, "tiktok").endswith("Koperasi Difabel")
    assert title_for(daster, "shopee") == daster.title
    assert images_for(daster, "shopee") == daster.images
    assert attributes_for(daster, "shopee")["Bahan"] == "Rayon"
    assert len(list(catalog.variants())) == catalog.variant_count()
    assert catalog.get("NO-SUCH-SKU") is None


def test_product_without_variants_is_one_variant(tmp_path: Path) -> None:
    path = write(tmp_path, SHOP + "products:\n  - {title: Kain, sku: K-1, price: 5000, stock: 2}\n")
    product = load_config(path).catalog[0]
    assert [(v.sku, v.price, v.stock) for v in product.variants] == [("K-1", 5000, 2)]
    assert product.product_id == "K-1"


def test_catalog_file_beside_the_config(tmp_path: Path) -> None:
    write(tmp_path, "- {title: Kain, sku: K-1, price: 5000, stock: 2}\n", "produk.yaml")
    loaded = load_config(write(tmp_path, SHOP + "catalog: produk.yaml\n"))
    assert loaded.catalog_path == tmp_path / "produk.yaml"
    assert loaded.catalog.skus() == ["K-1"]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        SHOP
        + """products:
  - title: Kain
    sku: K-1
    price: Rp 5.000
    stock: -1
  - title: Kain 2
    sku: K-1
    price: 5000
    stok: 2
""",
    )
    lines = problems_of(path)
    assert len(lines) == 4, lines
    assert any(":10:12 products[0].price" in line and "write 5000" in line for line in lines)
    assert any(":11:12 products[0].stock" in line for line in lines)
    assert any(":13:10 products[1].sku" in line and "used twice" in line for line in lines)
    assert any("did you mean `stock`" in line for line in lines)


def test_dotenv_beside_the_config_fills_variables_and_secrets_are_redacted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("SHOP_PK", "SHOP_RT", "SHOP_NAME"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / ".env").write_text("SHOP_PK=pk-s3cret-value\nexport SHOP_RT='rt-s3cret-value'\n")
    monkeypatch.setenv("SHOP_NAME", "Koperasi dari Env")
    path = write(
        tmp_path,
        """shop:
  name: ${SHOP_NAME}
channels:
  shopee:
    platform: shopee
    partner_id: "1001"
    shop_id: "2002"
    partner_key: ${SHOP_PK}
    refresh_token: ${SHOP_RT}
    base_url: ${SHOP_URL:-https://partner.test-stable.shopeemobile.com}
products:
  - {title: Kain, sku: K-1, price: 5000, stock: 2}
""",
    )
    loaded = load_config(path)
    channel = loaded.channels["shopee"]
    assert loaded.config.shop.name == "Koperasi dari Env"
    assert channel.base_url == "https://partner.test-stable.shopeemobile.com"
    assert "pk-s3cret-value" not in repr(channel)
    assert redact("signed with pk-s3cret-value and rt-s3cret-value") == "signed with *** and ***"


def test_environment_wins_over_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("SHOP_NAME=dari dotenv\n")
    monkeypatch.setenv("SHOP_NAME", "dari environment")
    path = write(tmp_path, SHOP.replace("Koperasi Uji", "${SHOP_NAME}") + "products: []\n")
    assert load_config(path).config.shop.name == "dari environment"


def test_unset_variable_in_a_sandbox_channel_is_fine(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        SHOP + "    partner_key: ${COOPSYNC_TEST_NEVER_SET}\nproducts: []\n",
    )
    assert load_config(path).channels["shopee"].sandbox


def test_unset_variable_in_a_live_channel_names_variable_and_channel(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """shop: {name: Koperasi Uji}
channels:
  toko-tiktok:
    platform: tokopedia
    app_key: ${COOPSYNC_TEST_NEVER_SET}
products: []
""",
    )
    lines = problems_of(path)
    assert any(
        ":5:14 channels.toko-tiktok.app_key" in line
        and "COOPSYNC_TEST_NEVER_SET" in line
        and "`toko-tiktok`" in line
        for line in lines
    ), lines
    assert any("needs `app_secret`" in line and "TOKO_TIKTOK_APP_SECRET" in line for line in lines)


@pytest.mark.parametrize(
    "raw",
    [codecs.BOM_UTF8 + b"shop: {name: Kop}\n", "shop: {name: Kop}\n".encode("utf-16")],
    ids=["utf-8-bom", "utf-16"],
)
def test_byte_order_marks_are_read(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "coopsync.yaml"
    path.write_bytes(raw)
    with pytest.raises(ConfigInvalid) as caught:
        load_config(path)
    errors = [p for p in caught.value.problems if p.severity == "error"]
    assert [p.code for p in errors] == ["no_products"]


def test_zero_byte_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "coopsync.yaml"
    path.write_bytes(b"")
    assert "the file is empty" in problems_of(path)[0]


def test_messages_in_indonesian(tmp_path: Path) -> None:
    path = write(
        tmp_path, SHOP + "products:\n  - {title: Kain, sku: K-1, price: 5000, stock: -1}\n"
    )
    with pytest.raises(ConfigInvalid) as caught:
        load_config(path)
    assert "tidak boleh negatif" in caught.value.render("id")[0]


def test_aliases_and_merge_keys_are_followed(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        SHOP
        + """x-kain: &kain {title: Kain Batik, price: 5000, stock: 1}
products:
  - {<<: *kain, sku: K-1}
  - {<<: *kain, sku: K-2, price: 6000}
""",
    )
    catalog = load_config(path).catalog
    assert [(v.sku, v.price) for _, v in catalog.variants()] == [("K-1", 5000), ("K-2", 6000)]


def test_product_level_sku_beside_variants_says_where_it_belongs(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        SHOP
        + """products:
  - title: Kain
    sku: K-1
    variants:
      - {sku: K-2, price: 6000, stock: 1}
""",
    )
    [line] = problems_of(path)
    assert ":9:5 products[0].sku: `sku` on a product that has `variants:`" in line


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 7)]
    path = write(tmp_path, "\n".join(levels) + "\n")
    assert "too large" in problems_of(path)[0]


def test_peek_language_reads_only_the_shop_language(tmp_path: Path) -> None:
    assert peek_language(write(tmp_path, "shop: {language: en}\n")) == "en"
    assert peek_language(tmp_path / "missing.yaml") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rp 25.000", 25000),
        ("25.000", 25000),
        ("25,000", 25000),
        ("Rp25.000,-", 25000),
        ("25.000,00", 25000),
        ("25000.5", 25001),
        ("25rb", 25000),
        ("1,5jt", 1500000),
        ("Rp 1.250.000", 1250000),
        ("dua puluh ribu", None),
    ],
)
def test_rupiah_suggestion(text: str, expected: int | None) -> None:
    assert rupiah_guess(text) == expected
