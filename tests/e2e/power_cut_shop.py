"""The bag shop the crash tests kill and rerun: bags in two sizes on three sandbox
marketplaces (Lazada holding one unit back)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from e2e_shop import PNG_1PX

SHOP = """\
shop: {name: Koperasi Uji Mati Listrik, timezone: Asia/Jakarta, language: en}
state_dir: .coopsync
channels:
  shopee: {platform: shopee, sandbox: true}
  lazada: {platform: lazada, sandbox: true, stock: {buffer: 1}}
  tiktok: {platform: tiktok, sandbox: true}
products:
"""
PRODUCT = """\
  - title: Tas Anyaman Pandan Buatan Tangan Pengrajin Difabel {sku}
    description: Dianyam oleh pengrajin difabel dari daun pandan pilihan.
    images: [tas.png]
    weight_g: 300
    dimensions: {{length_cm: 30, width_cm: 20, height_cm: 5}}
    variants:
      - {{sku: {sku}-M, price: 45000, stock: {stock}, options: {{Ukuran: M}}}}
      - {{sku: {sku}-L, price: 47000, stock: {stock}, options: {{Ukuran: L}}}}
    channels:
      shopee: {{category_id: "100018"}}
      lazada: {{category_id: "10002019"}}
      tiktok: {{category_id: "601501"}}
"""


def write_shop(root: Path, skus: Sequence[str]) -> Path:
    """`root/coopsync.yaml`: one bag per SKU, in sizes M and L, 3 + its place units each."""
    (root / "tas.png").write_bytes(PNG_1PX)
    path = root / "coopsync.yaml"
    path.write_text(SHOP + "".join(PRODUCT.format(sku=s, stock=3 + i) for i, s in enumerate(skus)))
    return path
