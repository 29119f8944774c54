"""Small shops written to a folder for the onboarding tests: a config, a 1-pixel image."""

from __future__ import annotations

import base64
from pathlib import Path

PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

SHOP = """\
shop: {{name: Koperasi Uji Coba, timezone: Asia/Jakarta, language: {lang}}}
channels:
  shopee: {{platform: shopee, sandbox: true}}
  whatsapp: {{platform: manual, sandbox: true}}
  bazaar: {{platform: manual, sandbox: true}}
products:
  - title: Kemeja Batik Tulis Parang Lengan Panjang
    images: [foto.png]
    weight_g: 300
    channels:
      shopee: {{category_id: "100017", attributes: {{Bahan: Katun}}}}
    variants:
      - {{sku: KMJ-PRG-M, price: 285000, stock: 6, options: {{Ukuran: M}}}}
      - {{sku: KMJ-PRG-L, price: 295000, stock: 5, options: {{Ukuran: L}}}}
  - title: Tas Anyaman Pandan Motif Kawung
    images: [foto.png]
    weight_g: 400
    sku: TAS-PDN-KWG
    price: 95000
    stock: 12
    channels:
      shopee: {{category_id: "100018"}}
"""


def write_shop(root: Path, lang: str = "en") -> Path:
    """A sandbox shop with a marketplace and two manual channels; returns the config path."""
    (root / "foto.png").write_bytes(PNG_1PX)
    path = root / "coopsync.yaml"
    path.write_text(SHOP.format(lang=lang), encoding="utf-8")
    return path
