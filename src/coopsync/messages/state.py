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
}
