"""Two fixed shops and their report sets, shared by the format tests."""

from __future__ import annotations

from datetime import timedelta

from report_factories import NOW, Orders, catalog, product, report_of, run, state, wib

from coopsync.adapters import OrderStatus
from coopsync.report.inputs import ChannelFacts
from coopsync.report.model import ReportSet, ShopEntry, ShopReport

BATIK = catalog(
    product(
        "KMJ-PRG-M",
        285_000,
        stock=6,
        maker="Bu Sri Lestari",
        title="Kemeja Batik Tulis Parang Lengan Panjang Pria Katun Primisima",
    ),
    product(
        "TAS-PDN-KWG",
        95_000,
        stock=12,
        maker="Mbak Wulan",
        title="Tas Anyaman Pandan Motif Kawung Handmade Tuna Netra",
    ),
    product(
        "TPG-PNJ-25",
        150_000,
        stock=6,
        maker="Pak Darto",
        title="Topeng Kayu Panji Ukir Tangan Hiasan Dinding 25 cm",
    ),
    product("GTG-WYG-5", 45_000, stock=30, title="Gantungan Kunci Wayang Kulit Mini"),
    product("SYL-TRT-01", 225_000, stock=4, maker="Bu Ani", title="Syal Batik Sutra Motif Truntum"),
)


def batik_report(language: str = "id") -> ShopReport:
    orders = Orders()
    for day in range(1, 8):
        orders.add("shopee", wib(day, 9), ("KMJ-PRG-M", 1 + day % 2, 285_000))
        orders.add("tiktok", wib(day, 20), ("GTG-WYG-5", day, 45_000))
    orders.add("whatsapp", wib(5, 16), ("TAS-PDN-KWG", 2, 95_000), ("TPG-PNJ-25", 1, 150_000))
    orders.add("shopee", wib(6, 11), ("TPG-PNJ-25", 1, 150_000), status=OrderStatus.CANCELLED)
    orders.add("tiktok", wib(3, 13), ("TAS-PDN-KWG", 1, 95_000), status=OrderStatus.RETURNED)
    for day in range(24, 31):
        orders.add("shopee", wib(day, 10, month=11), ("KMJ-PRG-M", 1, 285_000))
    channels = (
        ChannelFacts("shopee", "shopee"),
        ChannelFacts("tiktok", "tiktok"),
        ChannelFacts("whatsapp", "manual", manual=True),
    )
    last = run(
        {
            "shopee": {},
            "tiktok": {
                "failures": [
                    {"action": "price", "sku": "GTG-WYG-5", "message": "price below the minimum"}
                ]
            },
            "whatsapp": {},
        },
        notices=[{"channel": "shopee", "kind": "price_drift", "sku": "KMJ-PRG-M"}],
    )
    shop = state(
        BATIK,
        orders.lines,
        channels=channels,
        stock={"KMJ-PRG-M": -1, "TAS-PDN-KWG": 9, "TPG-PNJ-25": 2, "GTG-WYG-5": 0, "SYL-TRT-01": 4},
        runs=[last],
        token_expiry={"tiktok": NOW + timedelta(days=5)},
        language=language,
        shop="Koperasi Difabel Karya Mandiri",
    )
    return report_of(shop)


def quiet_report(language: str = "id") -> ShopReport:
    orders = Orders()
    orders.add("whatsapp", wib(4, 15), ("KUE-1", 10, 12_000))
    orders.add("whatsapp", wib(27, 15, month=11), ("KUE-1", 5, 12_000))
    shop = state(
        catalog(product("KUE-1", 12_000, stock=40, title="Kue Bawang 250 g")),
        orders.lines,
        channels=(ChannelFacts("whatsapp", "manual", manual=True),),
        language=language,
        shop="UMKM Kue Bu Tini",
    )
    return report_of(shop)


def one_shop(language: str = "id") -> ReportSet:
    return ReportSet((ShopEntry("batik.yaml", batik_report(language)),), NOW, language)


def many_shops(language: str = "id") -> ReportSet:
    return ReportSet(
        (
            ShopEntry("batik.yaml", batik_report(language)),
            ShopEntry("kue.yaml", quiet_report(language)),
            ShopEntry("rusak.yaml", None, "rusak.yaml:3:1 shop.name: required"),
        ),
        NOW,
        language,
    )
