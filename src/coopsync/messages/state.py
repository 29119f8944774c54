"""Messages about the state folder: a folder that cannot be written, a damaged state file,
backups and restores."""

from __future__ import annotations

from coopsync.messages.types import Entry

MESSAGES: dict[str, dict[str, Entry]] = {
    "state.unusable": {
        "en": (
            "the state folder {folder} cannot be written: {reason}",
            "make it writable, free some disk space, or move what is in its way;"
            " `state_dir` in the config chooses another folder",
        ),
        "id": (
            "folder state {folder} tidak bisa ditulis: {reason}",
            "buat agar bisa ditulis, kosongkan ruang disk, atau pindahkan yang menghalangi;"
            " `state_dir` di konfigurasi memilih folder lain",
        ),
    },
    "state.damaged": {
        "en": (
            "the state file {file} is damaged: {reason}",
            "restore a backup (`coopsync restore BACKUP`), or move the file away to start"
            " afresh knowingly (history and the record of imported orders are then lost)",
        ),
        "id": (
            "file state {file} rusak: {reason}",
            "pulihkan cadangan (`coopsync restore CADANGAN`), atau pindahkan file itu untuk"
            " mulai dari awal dengan sadar (riwayat dan catatan pesanan yang sudah diimpor hilang)",
        ),
    },
    "backup.done": {
        "en": (
            "backup written: {file} ({files} files); it holds the shop's tokens, keep it private",
            None,
        ),
        "id": (
            "cadangan ditulis: {file} ({files} berkas); berisi token toko, simpan secara pribadi",
            None,
        ),
    },
    "backup.restored": {
        "en": ("{file} restored into {folder}", "run `coopsync status` to see the last runs"),
        "id": (
            "{file} dipulihkan ke {folder}",
            "jalankan `coopsync status` untuk melihat proses terakhir",
        ),
    },
    "backup.moved_aside": {
        "en": ("the previous state was moved to {folder} (delete it when all is well)", None),
        "id": ("state sebelumnya dipindahkan ke {folder} (hapus bila semua beres)", None),
    },
    "backup.nothing": {
        "en": ("there is no state in {folder} yet", "run `coopsync sync` first"),
        "id": ("belum ada state di {folder}", "jalankan `coopsync sync` dulu"),
    },
    "backup.unreadable": {
        "en": ("{file} is not a coopsync backup: {reason}", "use a file made by `coopsync backup`"),
        "id": ("{file} bukan cadangan coopsync: {reason}", "pakai berkas buatan `coopsync backup`"),
    },
    "backup.damaged": {
        "en": ("the state inside {file} is damaged: {reason}", "use an older backup"),
        "id": ("state di dalam {file} rusak: {reason}", "pakai cadangan yang lebih lama"),
    },
    "state_copy.done": {
        "en": (
            "state copied from {source} to {target}: {orders} orders, {runs} runs,"
            " {tokens} channels' tokens",
            "point the shop at the copy: {next}",
        ),
        "id": (
            "state disalin dari {source} ke {target}: {orders} pesanan, {runs} proses,"
            " token {tokens} kanal",
            "arahkan toko ke salinannya: {next}",
        ),
    },
    "state_copy.one_way": {
        "en": ("give exactly one of --to or --from", "e.g. coopsync state copy --to sqlite"),
        "id": ("isi salah satu: --to atau --from", "mis. coopsync state copy --to sqlite"),
    },
    "state_copy.same": {
        "en": ("the source and the target are the same state", None),
        "id": ("sumber dan tujuan adalah state yang sama", None),
    },
    "state.unreachable": {
        "en": (
            "cannot open the state database {url}: {reason}",
            "check that PostgreSQL is running and the URL (`state:` in the config or"
            " COOPSYNC_STATE_URL) names the right host, database, user and password",
        ),
        "id": (
            "basis data state {url} tidak bisa dibuka: {reason}",
            "periksa PostgreSQL berjalan dan URL-nya (`state:` di konfigurasi atau"
            " COOPSYNC_STATE_URL) menyebut host, basis data, pengguna dan kata sandi yang benar",
        ),
    },
    "state.token_key_missing": {
        "en": (
            "shop '{shop}' keeps its state in PostgreSQL, where channel tokens are stored"
            " encrypted, and COOPSYNC_TOKEN_KEY is not set",
            "put COOPSYNC_TOKEN_KEY=<a long random text> in the shop's .env and keep it",
        ),
        "id": (
            "toko '{shop}' menyimpan state di PostgreSQL, tempat token kanal disimpan"
            " terenkripsi, dan COOPSYNC_TOKEN_KEY belum diisi",
            "isi COOPSYNC_TOKEN_KEY=<teks acak yang panjang> di .env toko dan simpan baik-baik",
        ),
    },
    "state.token_unreadable": {
        "en": (
            "the saved tokens of channel '{channel}' of shop '{shop}' do not open with this"
            " COOPSYNC_TOKEN_KEY",
            "use the key they were saved with, or connect the channel again (`coopsync connect`)",
        ),
        "id": (
            "token tersimpan kanal '{channel}' toko '{shop}' tidak bisa dibuka dengan"
            " COOPSYNC_TOKEN_KEY ini",
            "pakai kunci saat token disimpan, atau sambungkan kanal lagi (`coopsync connect`)",
        ),
    },
    "state.lost": {
        "en": (
            "the state database went away during the run: {reason}",
            "check that PostgreSQL is running and reachable, then run again: everything recorded"
            " before is kept and the rerun carries on",
        ),
        "id": (
            "basis data state terputus saat proses berjalan: {reason}",
            "periksa PostgreSQL berjalan dan bisa dijangkau, lalu jalankan lagi: semua yang sudah"
            " tercatat tetap ada dan proses berikutnya melanjutkan",
        ),
    },
}
