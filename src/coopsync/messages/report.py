"""Messages and labels of the mentor's report.

Each entry is `(message, suggestion)`; placeholders are `str.format` fields. When a suggestion
names a field that is empty, the `<code>/alt` entry's suggestion is used instead (or none).
A health flag's suggestion is what to do about it; `{name_s}` is "s" when the number `name` is
not 1 (English plurals; Indonesian does not inflect).
"""

from __future__ import annotations

from coopsync.messages.types import Entry


def _label(id_text: str, en_text: str) -> dict[str, Entry]:
    return {"id": (id_text, None), "en": (en_text, None)}


_LABELS: dict[str, tuple[str, str]] = {
    # titles and sections
    "report.title": ("Laporan penjualan", "Sales report"),
    "report.title.many": ("Laporan {count} toko", "Report of {count} shops"),
    "report.period": ("Periode", "Period"),
    "report.previous": ("periode sebelumnya", "previous period"),
    "report.year_ago": ("setahun lalu", "a year earlier"),
    "report.generated": ("Dibuat", "Generated"),
    "report.section.totals": ("Ringkasan", "Totals"),
    "report.section.channels": ("Per kanal", "Per channel"),
    "report.section.top_products_units": (
        "5 produk terlaris (unit)",
        "Top 5 products by units",
    ),
    "report.section.top_products_net": (
        "5 produk teratas (omzet bersih)",
        "Top 5 products by net sales",
    ),
    "report.section.top_variants_units": ("5 varian terlaris (unit)", "Top 5 variants by units"),
    "report.section.top_variants_net": (
        "5 varian teratas (omzet bersih)",
        "Top 5 variants by net sales",
    ),
    "report.section.daily": ("Penjualan harian", "Daily sales"),
    "report.section.weekly": ("Penjualan mingguan", "Weekly sales"),
    "report.section.monthly": ("Penjualan bulanan", "Monthly sales"),
    "report.section.members": ("Per anggota (pembuat)", "Per member (maker)"),
    "report.section.consignment": (
        "Stok titipan di kanal manual (belum terjual, termasuk stok tersedia)",
        "Stock placed at manual channels (not sold yet, part of available)",
    ),
    "report.section.stock": ("Stok menipis dan habis", "Low and out of stock"),
    "report.section.health": ("Perlu perhatian", "Needs attention"),
    "report.section.alerts": ("Penting per toko", "Alerts per shop"),
    "report.section.sync": ("Sinkron terakhir per kanal", "Last sync per channel"),
    "report.section.shops": ("Per toko", "Per shop"),
    # columns and figures
    "report.col.figure": ("ukuran", "figure"),
    "report.col.value": ("nilai", "value"),
    "report.col.change": ("vs sebelumnya", "vs previous"),
    "report.col.change_year": ("vs setahun lalu", "vs a year ago"),
    "report.col.channel": ("kanal", "channel"),
    "report.col.platform": ("platform", "platform"),
    "report.col.orders": ("pesanan", "orders"),
    "report.col.units": ("unit", "units"),
    "report.col.omzet": ("omzet bersih", "net sales"),
    "report.col.share": ("porsi", "share"),
    "report.col.rank": ("#", "#"),
    "report.col.product": ("produk", "product"),
    "report.col.variant": ("varian", "variant"),
    "report.col.sku": ("SKU", "SKU"),
    "report.col.day": ("tanggal", "date"),
    "report.col.member": ("anggota", "member"),
    "report.col.products": ("produk", "products"),
    "report.col.available": ("tersedia", "available"),
    "report.col.sold": ("terjual", "sold"),
    "report.col.days_left": ("cukup (hari)", "days left"),
    "report.col.state": ("keadaan", "state"),
    "report.col.severity": ("tingkat", "level"),
    "report.col.what": ("apa", "what"),
    "report.col.todo": ("yang perlu dilakukan", "what to do"),
    "report.col.last_run": ("jalan terakhir", "last run"),
    "report.col.result": ("hasil", "result"),
    "report.col.failures": ("gagal", "failures"),
    "report.col.last_error": ("galat terakhir", "last error"),
    "report.col.last_success": ("sukses terakhir", "last success"),
    "report.col.shop": ("toko", "shop"),
    "report.col.problem": ("masalah", "problem"),
    "report.col.growth": ("tumbuh", "growth"),
    "report.col.live": ("aktif", "live"),
    "report.col.net": ("bersih", "net"),
    "report.col.flags": ("perhatian", "flags"),
    "report.fig.omzet": ("Omzet", "Omzet"),
    "report.fig.cancelled": ("Dibatalkan", "Cancelled"),
    "report.fig.returned": ("Diretur / hilang", "Returned / lost"),
    "report.fig.unpaid": ("Belum dibayar", "Not paid yet"),
    "report.fig.refunded": ("Dana dikembalikan", "Refunded"),
    "report.fig.net": ("Penjualan bersih", "Net sales"),
    "report.fig.orders": ("Pesanan", "Orders"),
    "report.fig.units": ("Unit terjual", "Units sold"),
    "report.fig.aov": ("Rata-rata per pesanan", "Average order value"),
    "report.total": ("Jumlah", "Total"),
    "report.combined": ("Gabungan", "Combined"),
    "report.no_maker": ("(tanpa pembuat)", "(no maker named)"),
    "report.manual": ("manual", "manual"),
    "report.state.out": ("habis", "out"),
    "report.state.low": ("menipis", "low"),
    "report.severity.alert": ("PENTING", "ALERT"),
    "report.severity.warn": ("cek", "check"),
    "report.result.ok": ("ok", "ok"),
    "report.result.failures": ("ada gagal", "failures"),
    "report.result.stopped": ("berhenti", "stopped"),
    "report.result.needs_human": ("perlu login", "needs login"),
    "report.result.never": ("belum pernah", "never"),
    "report.unreadable": ("tidak terbaca", "unreadable"),
    "report.none.sales": ("Belum ada penjualan di periode ini.", "No sales in this period."),
    "report.none.members": (
        "Belum ada produk dengan `maker:` di katalog.",
        "No product names a `maker:` in the catalog.",
    ),
    "report.none.stock": (
        "Tidak ada varian yang menipis (≤ {threshold}) atau habis.",
        "No variant is low (≤ {threshold}) or out of stock.",
    ),
    "report.none.flags": ("Semua baik.", "All good."),
    "report.more": ("… dan {count} lagi", "… and {count} more"),
    "report.cut": (
        "(dipotong; laporan lengkap: coopsync report --format md)",
        "(cut short; full report: coopsync report --format md)",
    ),
    "report.shape.7d": ("7 hari terakhir", "last 7 days"),
    "report.shape.30d": ("30 hari terakhir", "last 30 days"),
    "report.shape.month": ("bulan ini", "this month"),
    "report.shape.last-month": ("bulan lalu", "last month"),
    "report.shape.year": ("tahun ini", "this year"),
    "report.shape.custom": ("pilihan sendiri", "chosen dates"),
    "report.watching": (
        "Diperbarui tiap {seconds} detik — Ctrl+C untuk berhenti",
        "Refreshed every {seconds} s — Ctrl+C to stop",
    ),
    "report.written": ("{count} berkas ditulis ke {path}", "{count} files written to {path}"),
    "report.output_needed": (
        "--format {format} menulis berkas: beri --output",
        "--format {format} writes files: give --output",
    ),
    "report.watch_table": (
        "--watch menampilkan tabel di layar: tanpa --format lain dan tanpa --output",
        "--watch shows the table on screen: leave out --format and --output",
    ),
    "report.no_configs": (
        "tidak ada berkas konfigurasi (*.yaml) di {path}",
        "no config file (*.yaml) in {path}",
    ),
}

_FLAGS: dict[str, tuple[Entry, Entry]] = {
    "report.flag.oversold": (
        (
            "{count} SKU terjual melebihi stok ({units} unit): {skus}",
            "hitung rak (`coopsync stock count SKU N`), lalu hubungi pembeli atau batalkan",
        ),
        (
            "{count} SKU{count_s} sold more than was available ({units} unit{units_s}): {skus}",
            "count the shelf (`coopsync stock count SKU N`), then contact the buyers or cancel",
        ),
    ),
    "report.flag.cancel_rate": (
        (
            "{rate}% pesanan dibatalkan ({count} dari {orders})",
            "cek stok yang tampil dan waktu kirim; pembatalan menurunkan skor toko",
        ),
        (
            "{rate}% of orders cancelled ({count} of {orders})",
            "check the stock shown and shipping times; cancellations lower the shop's score",
        ),
    ),
    "report.flag.return_rate": (
        (
            "{rate}% pesanan diretur ({count} dari {orders})",
            "baca alasan retur; periksa foto, ukuran dan kemasan",
        ),
        (
            "{rate}% of orders returned ({count} of {orders})",
            "read the return reasons; check photos, sizes and packing",
        ),
    ),
    "report.flag.drift": (
        (
            "stok atau harga di kanal berubah di luar coopsync ({count} SKU): {skus}",
            "tanya siapa yang mengubah di seller centre; catat hitungan dengan "
            "`coopsync stock count`",
        ),
        (
            "stock or price changed on the channel outside coopsync ({count} SKU{count_s}): {skus}",
            "ask who changed it in the seller centre; record a count with `coopsync stock count`",
        ),
    ),
    "report.flag.unmatched": (
        (
            "{count} listing di kanal menjual SKU yang tidak ada di katalog: {skus}",
            "tambahkan ke katalog, atau biarkan: coopsync tidak menyentuhnya",
        ),
        (
            "{count} listing{count_s} on the channel sell SKUs the catalog does not have: {skus}",
            "add them to the catalog, or leave them: coopsync does not touch them",
        ),
    ),
    "report.flag.missing": (
        (
            "{count} SKU katalog belum ada di kanal: {skus}",
            "jalankan `coopsync sync`; bila tetap gagal, lihat `coopsync status`",
        ),
        (
            "{count} catalog SKU{count_s} not on the channel: {skus}",
            "run `coopsync sync`; if they still fail, see `coopsync status`",
        ),
    ),
    "report.flag.no_sale": (
        (
            "tidak ada penjualan {days} hari terakhir",
            "cek listing tampil dan stoknya tidak nol; pertimbangkan promosi",
        ),
        (
            "no sale in the last {days} days",
            "check the listings are visible with stock; consider a promotion",
        ),
    ),
    "report.flag.no_sale_manual": (
        (
            "tidak ada penjualan tercatat {days} hari terakhir",
            "catat penjualan WhatsApp/bazar di berkas `sales_file` kanal ini",
        ),
        (
            "no sale recorded in the last {days} days",
            "record WhatsApp/bazaar sales in this channel's `sales_file`",
        ),
    ),
    "report.flag.no_sync": (
        (
            "tidak ada sinkron berhasil {days} hari",
            "jalankan `coopsync sync` dan periksa cron; lihat `coopsync status`",
        ),
        (
            "no successful sync for {days} days",
            "run `coopsync sync` and check cron; see `coopsync status`",
        ),
    ),
    "report.flag.never_synced": (
        ("belum pernah sinkron berhasil", "jalankan `coopsync sync`"),
        ("never synced successfully", "run `coopsync sync`"),
    ),
    "report.flag.token_expiring": (
        (
            "izin akses berakhir dalam {days} hari",
            "sebelum berakhir, jalankan `coopsync connect {channel}` bersama pemilik toko",
        ),
        (
            "access authorisation expires in {days} day{days_s}",
            "before it ends, run `coopsync connect {channel}` with the shop owner",
        ),
    ),
    "report.flag.token_expired": (
        (
            "izin akses sudah berakhir",
            "jalankan `coopsync connect {channel}` bersama pemilik toko",
        ),
        (
            "access authorisation has expired",
            "run `coopsync connect {channel}` with the shop owner",
        ),
    ),
    "report.flag.failures": (
        (
            "sinkron terakhir: {count} gagal — {error}",
            "lihat `coopsync status`, perbaiki katalog atau aturan kanal, lalu sync lagi",
        ),
        (
            "last sync: {count} failed — {error}",
            "see `coopsync status`, fix the catalog or the channel's rules, then sync again",
        ),
    ),
    "report.flag.stopped": (
        (
            "sinkron terakhir berhenti: {error}",
            "periksa pengaturan kanal (base_url, kunci) dan koneksi, lalu sync lagi",
        ),
        (
            "the last sync stopped: {error}",
            "check the channel's settings (base_url, keys) and the connection, then sync again",
        ),
    ),
    "report.flag.needs_human": (
        (
            "kanal minta login ulang: {error}",
            "jalankan `coopsync connect {channel}` bersama pemilik toko",
        ),
        (
            "the channel wants a login again: {error}",
            "run `coopsync connect {channel}` with the shop owner",
        ),
    ),
    "report.flag.unreadable": (
        ("toko tidak bisa dibaca: {error}", "perbaiki konfigurasi (`coopsync validate`)"),
        ("the shop could not be read: {error}", "fix its configuration (`coopsync validate`)"),
    ),
}

MESSAGES: dict[str, dict[str, Entry]] = {
    **{code: _label(id_text, en_text) for code, (id_text, en_text) in _LABELS.items()},
    **{code: {"id": id_entry, "en": en_entry} for code, (id_entry, en_entry) in _FLAGS.items()},
}
