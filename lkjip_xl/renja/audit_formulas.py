"""What an office's own formulas do wrong, read from the formulas themselves (the Renja import's
audit; :mod:`.audit` compares the values).

- a total over the wrong rows: a SUM (or AVERAGE of percentages) that leaves out rows holding a
  figure, or adds rows that are not its own: another block's, or rows a higher total adds again
  ("R12 menjumlahkan R91 dan R96 yang juga dijumlahkan di R11: triwulan I terhitung dua kali");
- a summary row that averages Rupiah or sums percentages, mixes SUM and AVERAGE, aggregates K of
  unlike units, or differs from the same row of the other programs; a ratio dividing a SUM by an
  AVERAGE (the 666 %), a percentage divided by the target again, a reference into another
  program's block;
- a formula that breaks its column's pattern (another row's cell, an operator, a term left out),
  adds a percentage to Rupiah, refers to itself, or shows an Excel error;
- a percentage summed over the quarters (12 = 8+9+10+11) or over the years (14 = 6 + 12), a
  percentage target above 100, quarterly K that contradict the cumulative % typed beside them.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from typing import Any

from lkjip_xl import a1
from lkjip_xl.findings import Severity
from lkjip_xl.renja.audit_context import AuditContext, decimal_of
from lkjip_xl.display import two_places
from lkjip_xl.formula_text import FormulaInfo, analyse
from lkjip_xl.renja.rows import FormRow
from lkjip_xl.rules import average

LEVEL = re.compile(r"(%|\bpersen|\bprosen|\bindeks|\bindex|\brasio|\bnilai\b|\bskor\b)", re.I)
PERCENT = re.compile(r"(%|\bpersen|\bprosen)", re.I)
NAMES = {"urusan": "urusan", "bidang": "bidang", "program": "program", "kegiatan": "kegiatan",
         "sub_kegiatan": "sub-kegiatan"}


def _rows_text(rows: list[int]) -> str:
    rows = sorted(rows)
    out, i = [], 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1] == rows[j] + 1:
            j += 1
        out.append(str(rows[i]) if i == j else f"{rows[i]}-{rows[j]}")
        i = j + 1
    return ", ".join(out)


def _describe(fr: FormRow | None, row: int) -> str:
    if fr is None:
        return f"baris {row}"
    name = fr.uraian or fr.indikator or fr.label or ""
    what = NAMES.get(fr.level or "", "indikator" if fr.kind == "indikator" else "baris")
    return f"{what} {name[:50]!r} (baris {row})" if name else f"baris {row}"


def _refs_same_col(info: FormulaInfo, col: int) -> set[int]:
    return {r for ref in info.refs if ref.sheet is None and ref.c1 <= col <= ref.c2 for r in ref.rows()}


def run_all(ctx: AuditContext) -> None:
    _errors_and_loops(ctx)
    _totals(ctx)
    _summaries(ctx)
    _patterns(ctx)
    _levels_summed(ctx)
    _percent_vs_k(ctx)


# -- Excel errors, circular references -----------------------------------------------------------------
def _errors_and_loops(ctx: AuditContext) -> None:
    cells = ctx.cells
    errors: dict[tuple[int, str], list[tuple[int, str]]] = {}
    for row in range(ctx.fm.first_data_row, ctx.table.end_row + 1):
        for col in range(1, cells.max_col + 1):
            f = cells.formula(row, col)
            if not f:
                continue
            info = analyse(f)
            if any(ref.sheet is None and ref.covers(row, col) for ref in info.refs):
                ctx.add(Severity.ERROR, "rumus-melingkar", row, col,
                        f"{ctx.ref(row, col)} {f} merujuk selnya sendiri (referensi melingkar); nilainya tidak "
                        "dapat dihitung.", found=f)
                continue
            v = cells.value(row, col)
            if col in ctx.role and isinstance(v, str) and v.strip().startswith("#"):
                errors.setdefault((row, v.strip()), []).append((col, f))
    for (row, error), items in errors.items():
        why = " (pembagian dengan nol: target atau pagu 0)" if "DIV" in error else \
            " (nilai yang dicari tidak ada)" if "N/A" in error else ""
        if len(items) < 3:
            for col, f in items:
                ctx.add(Severity.ERROR, "galat-rumus", row, col,
                        f"{ctx.ref(row, col)} ({ctx.fm.describe(col)}) {f} menghasilkan {error}{why}.", found=error)
        else:
            col, f = items[0]
            where = ", ".join(ctx.ref(row, c) for c, _ in items)
            ctx.add(Severity.ERROR, "galat-rumus", row, col,
                    f"Baris {row}: {len(items)} sel rumus menghasilkan {error}{why}: {where} (misalnya "
                    f"{ctx.ref(row, col)} {f}).", found=error)


# -- totals of parents, headings and the OPD ---------------------------------------------------------------
def _parts(ctx: AuditContext, fr: FormRow) -> set[int]:
    """The rows a total should add up: each child (its own row when it holds a total, else the rows
    that carry its amounts)."""
    out: set[int] = set()
    for c in fr.children:
        if c.row in ctx.copies and fr.row not in ctx.copies:
            continue  # a restated copy of a sibling is no part of its parent's total
        if c.children or c.level in ("urusan", "bidang", "program"):
            out.add(c.row)
        else:
            rows = [r.row for r in [c, *c.extra] if r.row in ctx.res.rp_rows]
            out.update(rows or [c.row])
    return out


def _ancestors(fr: FormRow) -> list[FormRow]:
    out, p = [], fr.parent
    while p is not None:
        out.append(p)
        p = p.parent
    return out


def _totals(ctx: AuditContext) -> None:
    fm, cells, by_row = ctx.fm, ctx.cells, ctx.table.by_row
    pct_cols = [p.pct for p in fm.all_pairs() if p.pct is not None]
    for fr in ctx.table.rows:
        if fr.kind != "unit" or not fr.children:
            continue
        parts = _parts(ctx, fr)
        leaves = set(ctx.rp_rows_in(fr))
        for col, (pair, part) in ctx.role.items():
            f = cells.formula(fr.row, col)
            if not f or part == "k":
                continue
            info = analyse(f)
            agg = info.aggregate()
            if agg is None:
                continue
            refs = _refs_same_col(info, col)
            percent = part == "pct" or pair.number in (13, 15)
            if part == "rp" and pair.number not in (13, 15) and agg == "AVERAGE":
                ctx.add(Severity.ERROR, "rupiah-dirata-rata", fr.row, col,
                        f"{ctx.ref(fr.row, col)} {f} merata-ratakan Rupiah ({fm.describe(col)}); jumlah Rupiah "
                        f"{_describe(fr, fr.row)} adalah JUMLAH rinciannya, bukan rata-ratanya.", found=f)
                continue
            if percent and agg == "SUM" and col in pct_cols:
                ctx.add(Severity.ERROR, "persentase-dijumlah", fr.row, col,
                        f"{ctx.ref(fr.row, col)} {f} menjumlahkan persentase; persentase dirata-rata.", found=f)
                continue
            base = parts if refs & parts else leaves
            if refs == base or (not percent and refs == leaves) or not refs:
                continue
            missing = sorted(base - refs)
            if percent:  # an unfunded row (pagu 0) may be left out of an average on purpose
                missing = [r for r in missing if _funded(ctx, r)]
            else:
                missing = [r for r in missing if (decimal_of(cells.value(r, col)) or 0) != 0]
            extra = sorted(refs - base - {fr.row})
            inside = [r for r in extra if any(r == x.row for x in fr.subtree())
                      or (r in by_row and by_row[r].owner is not None and by_row[r].owner in fr.subtree())]
            outside = [r for r in extra if r not in inside]
            what = fm.describe(col)
            verb = "merata-ratakan" if agg == "AVERAGE" else "menjumlahkan"
            if outside:
                again = [(a, _refs_same_col(analyse(cells.formula(a.row, col) or "="), col) & set(outside))
                         for a in _ancestors(fr)]
                again = [(a, rows) for a, rows in again if rows]
                values = sum((decimal_of(cells.value(r, col)) or Decimal(0)) for r in outside) * ctx.scale(col)
                extra_cells = " dan ".join(", ".join(a1.cell(r, col) for r in outside).rsplit(", ", 1))
                if again and not percent:
                    a, _ = again[0]
                    ctx.add(Severity.ERROR, "dihitung-dua-kali", fr.row, col,
                            f"{ctx.ref(fr.row, col)} {verb} {extra_cells} yang juga dijumlahkan di "
                            f"{a1.cell(a.row, col)}: {what} terhitung dua kali, selisih "
                            f"{'Rp ' if part == 'rp' else ''}{two_places(values)} ({f}).", expected=None, found=f)
                else:
                    owners = sorted({_describe(by_row.get(r), r) for r in outside})
                    ctx.add(Severity.ERROR, "rentang-salah", fr.row, col,
                            f"{ctx.ref(fr.row, col)} {f} {verb} juga {extra_cells}, yang bukan rincian "
                            f"{_describe(fr, fr.row)} ({'; '.join(owners)[:200]}).", found=f)
            if inside:
                ctx.add(Severity.ERROR, "rentang-salah", fr.row, col,
                        f"{ctx.ref(fr.row, col)} {f} {verb} baris {_rows_text(inside)} di samping baris "
                        f"{_rows_text(sorted(refs & base))} yang sudah mencakupnya: "
                        + ("rincian dan induknya dirata-rata bersama." if percent else "terhitung dua kali."),
                        found=f)
            if missing:
                shown = ", ".join(a1.cell(r, col) for r in missing[:8]) + (", ..." if len(missing) > 8 else "")
                ctx.add(Severity.ERROR, "rentang-salah", fr.row, col,
                        f"{ctx.ref(fr.row, col)} {f} tidak mencakup baris {_rows_text(missing)} ({shown}), yang "
                        f"termasuk rincian {_describe(fr, fr.row)}.", found=f)


def _funded(ctx: AuditContext, row: int) -> bool:
    pagu = ctx.fm.pairs.get(7)
    if pagu is None or pagu.rp is None:
        return True
    return (decimal_of(ctx.cells.value(row, pagu.rp)) or 0) != 0


# -- summary rows -------------------------------------------------------------------------------------------
def _summaries(ctx: AuditContext) -> None:
    groups: dict[int | None, list[FormRow]] = {}
    for fr in ctx.table.rows:
        if fr.kind == "summary":
            groups.setdefault(fr.owner.row if fr.owner is not None else None, []).append(fr)
    first_group = next((rows for key, rows in groups.items() if key is not None), None)
    for key, rows in groups.items():
        program = ctx.table.by_row.get(key) if key is not None else None
        for i, fr in enumerate(rows):
            _summary_row(ctx, fr, program)
            if program is not None and first_group is not None and rows is not first_group and i < len(first_group):
                _same_as_first(ctx, fr, first_group[i])


def _block_rows(ctx: AuditContext, program: FormRow) -> set[int]:
    rows = {r.row for u in program.subtree() for r in [u, *u.extra]}
    rows |= {r.row for r in ctx.table.rows if r.kind == "summary" and r.owner is program}
    return rows


def _summary_row(ctx: AuditContext, fr: FormRow, program: FormRow | None) -> None:
    fm, cells = ctx.fm, ctx.cells
    funcs: dict[str, list[str]] = {}
    unlike: list[str] = []
    block = _block_rows(ctx, program) if program is not None else None
    label = fr.label or (f"baris ringkasan {fr.row}")
    for col, (pair, part) in sorted(ctx.role.items()):
        f = cells.formula(fr.row, col)
        if not f:
            continue
        info = analyse(f)
        letter = a1.col_letter(col)
        if block is not None:
            other = sorted({r for ref in info.refs if ref.sheet is None for r in ref.rows()
                            if r not in block and ctx.table.block_of(r) is not None})
            if other:
                owner = ctx.table.block_of(other[0])
                ctx.add(Severity.ERROR, "blok-lain", fr.row, col,
                        f"{ctx.ref(fr.row, col)} {f} merujuk baris {_rows_text(other)}, milik blok "
                        f"{_describe(owner, owner.row)}, bukan program ini ({_describe(program, program.row)}).",
                        found=f)
                continue
        agg = info.aggregate()
        percent = pair.number in (13, 15) or part == "pct"
        vertical = bool(info.refs) and all(ref.c1 == ref.c2 == col for ref in info.refs)
        if agg is not None and vertical and not info.is_ratio():
            funcs.setdefault(agg, []).append(letter)
            if part == "rp" and not percent and agg == "AVERAGE":
                truth = _sum_truth(ctx, program, col)
                ctx.add(Severity.ERROR, "rupiah-dirata-rata", fr.row, col,
                        f"{ctx.ref(fr.row, col)} {f} merata-ratakan Rupiah ({fm.describe(col)}): tertulis "
                        f"{_v(cells.value(fr.row, col))}, padahal jumlahnya {_v(truth)}.", expected=truth,
                        found=cells.value(fr.row, col))
            elif percent and agg == "SUM":
                ctx.add(Severity.ERROR, "persentase-dijumlah", fr.row, col,
                        f"{ctx.ref(fr.row, col)} {f} menjumlahkan persentase ({fm.describe(col)}); persentase "
                        "dirata-rata, tidak dijumlah.", found=f)
            elif part == "k" and not percent and program is not None:
                satuan = {(ctx.table.by_row[r].satuan or "").strip().lower() for r in ctx.leaf_indicator_rows(program)
                          if r in ctx.table.by_row}
                if len(satuan - {""}) > 1:
                    unlike.append(letter)
        elif info.is_ratio():
            _ratio(ctx, fr, col, f, info, program)
    if "SUM" in funcs and "AVERAGE" in funcs:
        ctx.add(Severity.ERROR, "ringkasan-campur", fr.row, min(c for c in ctx.role if cells.formula(fr.row, c)),
                f"Baris {fr.row} ({label}) mencampur AVERAGE (kolom {', '.join(funcs['AVERAGE'])}) dan SUM (kolom "
                f"{', '.join(funcs['SUM'])}): Rupiah harus dijumlah dan persentase dirata-rata.")
    if unlike:
        ctx.add(Severity.WARNING, "satuan-tercampur", fr.row, a1.col_index(unlike[0]),
                f"Baris {fr.row} ({label}) menjumlah atau merata-ratakan K indikator yang satuannya berbeda (kolom "
                f"{', '.join(unlike)}): angkanya tidak bermakna.")


def _sum_truth(ctx: AuditContext, program: FormRow | None, col: int) -> Decimal | None:
    rp = ctx.rp_figures(program)
    if rp is None:
        return None
    v = ctx.truth(-1, col, rp)
    return v if isinstance(v, Decimal) else None


def _ratio(ctx: AuditContext, fr: FormRow, col: int, f: str, info: FormulaInfo, program: FormRow | None) -> None:
    cells = ctx.cells
    num, den = info.refs[0], info.refs[1]
    num_f = analyse(cells.formula(num.r1, num.c1) or "=")
    den_f = analyse(cells.formula(den.r1, den.c1) or "=")
    found = cells.value(fr.row, col)
    if num_f.is_ratio():
        ctx.add(Severity.ERROR, "persentase-dibagi-lagi", fr.row, col,
                f"{ctx.ref(fr.row, col)} {f} membagi {num.text.replace('$', '')}, yang sudah persentase "
                f"({cells.formula(num.r1, num.c1)}), dengan {den.text.replace('$', '')} lagi: hasilnya "
                f"{_v(found)} tidak bermakna.", found=found)
        return
    if program is None:
        return
    expected = _ratio_truth(ctx, program, num.c1, den.c1)
    a, b = num_f.aggregate(), den_f.aggregate()
    if a and b and a != b:
        what = {"SUM": "jumlah", "AVERAGE": "rata-rata"}
        ctx.add(Severity.ERROR, "rasio-salah", fr.row, col,
                f"{ctx.ref(fr.row, col)} {f} membagi {what[a]} ({num.text.replace('$', '')} = {a}) dengan "
                f"{what[b]} ({den.text.replace('$', '')} = {b}): {_v(found)} %, padahal rata-rata capaian "
                f"baris-barisnya {_v(expected)} %.", expected=expected, found=found)


def _ratio_truth(ctx: AuditContext, program: FormRow, num_col: int, den_col: int) -> Decimal | None:
    """The true percentage num/den of a program: the mean of its rows' ratios for K, the ratio of
    the sums for Rp."""
    role = ctx.role.get(num_col)
    if role is None:
        return None
    if role[1] == "rp":
        rows = ctx.rp_rows_in(program)
        n = [ctx.truth(r, num_col) for r in rows]
        d = [ctx.truth(r, den_col) for r in rows]
        tn = sum((x for x in n if isinstance(x, Decimal)), Decimal(0))
        td = sum((x for x in d if isinstance(x, Decimal)), Decimal(0))
        return tn / td * 100 if td else None
    ratios = []
    for r in ctx.leaf_indicator_rows(program):
        n, d = ctx.truth(r, num_col), ctx.truth(r, den_col)
        if isinstance(n, Decimal) and isinstance(d, Decimal) and d:
            ratios.append(n / d * 100)
    return average(ratios)


def _same_as_first(ctx: AuditContext, fr: FormRow, first: FormRow) -> None:
    cells = ctx.cells
    for col in ctx.role:
        f, g = cells.formula(fr.row, col), cells.formula(first.row, col)
        if not f or not g:
            continue
        a, b = analyse(f).aggregate(), analyse(g).aggregate()
        if a and b and a != b:
            ctx.add(Severity.WARNING, "ringkasan-berbeda", fr.row, col,
                    f"{ctx.ref(fr.row, col)} memakai {a} ({f}), sedangkan baris yang sama di blok program pertama "
                    f"({a1.cell(first.row, col)}) memakai {b} ({g}).", found=f)


# -- a formula out of its column's pattern --------------------------------------------------------------------
def _shape(info: FormulaInfo, row: int) -> tuple:
    refs = tuple(sorted((ref.c1, ref.r1 - row, ref.c2, ref.r2 - row) for ref in info.refs))
    ops = tuple(sorted(info.operators))
    return refs, ops


def _patterns(ctx: AuditContext) -> None:
    cells = ctx.cells
    leaf_rows = [fr for fr in ctx.table.rows if (fr.kind == "unit" and fr.is_leaf()) or fr.kind == "indikator"]
    parent_rows = [fr for fr in ctx.table.rows if fr.kind == "unit" and fr.children]
    for group in (leaf_rows, parent_rows):
        for col, (pair, part) in ctx.role.items():
            shapes: dict[int, tuple] = {}
            for fr in group:
                f = cells.formula(fr.row, col)
                if f:
                    info = analyse(f)
                    vertical = info.refs and all(ref.c1 == ref.c2 == col for ref in info.refs)
                    if group is parent_rows and info.aggregate() in ("SUM", "AVERAGE") and vertical:
                        continue
                    shapes[fr.row] = _shape(info, fr.row)
            if len(shapes) < 5:
                continue
            common, n = Counter(shapes.values()).most_common(1)[0]
            if n < 0.6 * len(shapes):
                continue
            for row, shape in shapes.items():
                if shape == common:
                    continue
                f = cells.formula(row, col)
                info = analyse(f)
                if info.typed_numbers() or info.single_ref:
                    continue  # reported where the input is read
                want_refs = {(c1, dr) for c1, dr, _, _ in common[0]}
                have = {(c1, dr) for c1, dr, _, _ in shape[0]}
                if set(common[1]) - {"+", "-"} == set(shape[1]) - {"+", "-"} and want_refs == have:
                    continue  # the same terms in another order or wrapper (IFERROR): cosmetic
                other_row = sorted({r for r in have if r[1] != 0})
                sample = next(r for r, s in shapes.items() if s == common)
                why = []
                if other_row:
                    why.append("merujuk baris lain (" + ", ".join(a1.cell(row + dr, c) for c, dr in other_row) + ")")
                lost = want_refs - have
                if lost:
                    why.append("tidak memuat " + ", ".join(a1.cell(row + dr, c) for c, dr in sorted(lost)))
                added = {(c, dr) for c, dr in have - want_refs if dr == 0}
                if added:
                    why.append("memuat " + ", ".join(a1.cell(row + dr, c) for c, dr in sorted(added)))
                if set(common[1]) != set(shape[1]) and not why:
                    why.append("operatornya berbeda")
                severity = Severity.ERROR if added and any(ctx.role.get(c, (None, ""))[1] != part
                                                           or _pct_col(ctx, c) for c, _ in added) else Severity.WARNING
                ctx.add(severity, "rumus-tidak-sesuai-pola", row, col,
                        f"{ctx.ref(row, col)} {f} berbeda dari pola kolomnya ({cells.formula(sample, col)} di "
                        f"{a1.cell(sample, col)}): {'; '.join(why) or 'bentuknya lain'}.", found=f)


def _pct_col(ctx: AuditContext, col: int) -> bool:
    role = ctx.role.get(col)
    return role is not None and (role[1] == "pct" or role[0].number in (13, 15))


# -- percentages summed, percentage targets above 100 -------------------------------------------------------
def _levels_summed(ctx: AuditContext) -> None:
    cells, fm = ctx.cells, ctx.fm
    year, renstra = fm.pairs.get(12), fm.pairs.get(14)
    # K per triwulan derived from a cumulative % are increments: their sum is the year.
    summed_year = None if any(q.pct is not None for q in fm.triwulan) else year
    for fr in ctx.table.rows:
        if fr.kind not in ("unit", "indikator") or not fr.satuan or not LEVEL.search(fr.satuan):
            continue
        for pair, terms in ((summed_year, {q.k for q in fm.triwulan}), (renstra, {fm.pairs[6].k if 6 in fm.pairs else None,
                                                                            year.k if year else None})):
            if pair is None or pair.k is None:
                continue
            f = cells.formula(fr.row, pair.k)
            if not f:
                continue
            info = analyse(f)
            cols = {ref.c1 for ref in info.refs if ref.r1 == fr.row}
            if info.aggregate() == "SUM" and len(cols & terms) >= 2:
                which = "triwulan" if pair is summed_year else "tahun (kolom 6 + kolom 12)"
                ctx.add(Severity.WARNING, "persentase-dijumlah", fr.row, pair.k,
                        f"{ctx.ref(fr.row, pair.k)} {f} menjumlahkan {which} indikator bersatuan {fr.satuan!r} "
                        f"({_describe(fr, fr.row)}): persentase, indeks atau rasio tidak dijumlah; nilainya nilai "
                        "terakhir.", found=f)
        if PERCENT.search(fr.satuan):
            for n in (5, 7):
                pair = fm.pairs.get(n)
                v = decimal_of(cells.value(fr.row, pair.k)) if pair and pair.k else None
                if v is not None and v > 100:
                    ctx.add(Severity.WARNING, "target-persen", fr.row, pair.k,
                            f"{ctx.ref(fr.row, pair.k)} target {_v(v)} bersatuan {fr.satuan!r} melebihi 100 "
                            f"({_describe(fr, fr.row)}): persentase tahunan dijumlah menjadi target?", found=v)


# -- K per triwulan against the cumulative % typed beside it (variant "% per triwulan") ------------------------
def _percent_vs_k(ctx: AuditContext) -> None:
    cells, fm = ctx.cells, ctx.fm
    quarters = [q for q in fm.triwulan if q.pct is not None and q.k is not None]
    target = fm.pairs.get(7)
    if len(quarters) < 2 or target is None or target.k is None:
        return
    for fr in ctx.table.rows:
        if not ((fr.kind == "unit" and fr.is_leaf()) or fr.kind == "indikator"):
            continue
        t = decimal_of(cells.value(fr.row, target.k))
        if not t:
            continue
        before = Decimal(0)
        wrong = []
        for q in quarters:
            pct, k = decimal_of(cells.value(fr.row, q.pct)), decimal_of(cells.value(fr.row, q.k))
            if pct is None or k is None:
                break
            fraction = pct if pct <= Decimal("1.5") else pct / 100
            expected = (fraction - before) * t  # this quarter's share of the target
            if abs(expected - k) > Decimal("0.005") * max(Decimal(1), abs(t)):
                wrong.append((q, k, expected, fraction, before))
            before = fraction
        if not wrong:
            continue
        names = ("I", "II", "III", "IV")
        q, k, expected, fraction, before = wrong[0]
        if len(wrong) == 1:
            ctx.add(Severity.WARNING, "k-tidak-sesuai-persen", fr.row, q.k,
                    f"{ctx.ref(fr.row, q.k)} K triwulan {names[q.number - 8]} tertulis {_v(k)}, padahal "
                    f"{a1.cell(fr.row, q.pct)} ({_v(fraction * 100)} % kumulatif dari target {_v(t)}, "
                    f"{_v(before * 100)} % s/d triwulan sebelumnya) berarti {_v(expected)} di triwulan ini "
                    f"({_describe(fr, fr.row)}).", expected=expected, found=k)
        else:
            parts = "; ".join(f"{ctx.ref(fr.row, w[0].k)} tertulis {_v(w[1])}, seharusnya {_v(w[2])}" for w in wrong)
            ctx.add(Severity.WARNING, "k-tidak-sesuai-persen", fr.row, q.k,
                    f"K triwulan {_describe(fr, fr.row)} tidak sesuai dengan % kumulatif di sampingnya (dari target "
                    f"{_v(t)}): {parts}.", expected=expected, found=k)


def _v(value: Any) -> str:
    d = decimal_of(value)
    if d is None:
        return "(kosong)" if value is None or value == "" or (isinstance(value, str) and not value.strip()) \
            else repr(value)
    return two_places(d)


__all__ = ["run_all"]
