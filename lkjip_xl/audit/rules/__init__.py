"""The audit's rules, one small module each (see each module's docstring for what it finds)."""

from __future__ import annotations

from lkjip_xl.audit.core import Rule


def all_rules() -> list[Rule]:
    from lkjip_xl.audit.rules import (
        agregat_tidak_sejenis,
        angka_dalam_rumus,
        angka_menimpa_rumus,
        angka_sebagai_teks,
        blok_tanpa_total,
        capaian_tidak_sesuai,
        dihitung_ganda,
        galat_excel,
        jumlah_baris_tidak_sesuai,
        persen_dibagi_lagi,
        persen_tidak_wajar,
        persentase_dijumlah,
        predikat_tidak_sesuai,
        rentang_berantai,
        rentang_kurang,
        rentang_lebih,
        ringkasan_berbeda,
        ringkasan_campur,
        rujukan_blok_lain,
        rujukan_kosong,
        rujukan_melingkar,
        rumus_di_kolom_isian,
        rumus_hilang,
        rumus_sebagai_teks,
        rumus_tidak_konsisten,
        subtotal_diketik,
        tahun_judul_tidak_sesuai,
        tidak_sesuai_legenda,
    )

    return [
        # formula regions
        rumus_tidak_konsisten.RULE,
        angka_menimpa_rumus.RULE,
        rumus_hilang.RULE,
        rumus_di_kolom_isian.RULE,
        rujukan_kosong.RULE,
        angka_sebagai_teks.RULE,
        rumus_sebagai_teks.RULE,
        # hierarchy and aggregates
        rentang_kurang.RULE,
        rentang_lebih.RULE,
        dihitung_ganda.RULE,
        rentang_berantai.RULE,
        ringkasan_campur.RULE,
        ringkasan_berbeda.RULE,
        rujukan_blok_lain.RULE,
        subtotal_diketik.RULE,
        blok_tanpa_total.RULE,
        # numbers
        angka_dalam_rumus.RULE,
        galat_excel.RULE,
        rujukan_melingkar.RULE,
        persen_tidak_wajar.RULE,
        persentase_dijumlah.RULE,
        agregat_tidak_sejenis.RULE,
        persen_dibagi_lagi.RULE,
        jumlah_baris_tidak_sesuai.RULE,
        # the form's legend
        tidak_sesuai_legenda.RULE,
        # known forms, with the project's rules
        tahun_judul_tidak_sesuai.RULE,
        capaian_tidak_sesuai.RULE,
        predikat_tidak_sesuai.RULE,
    ]
