"""Finding the header row and mapping its names to the template's columns."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from etl.upload.cells import blank_mask
from etl.upload.issues import IssueLog, show_value
from etl.upload.limits import ALIASES, HEADER_SEARCH_ROWS, KNOWN, REQUIRED, YEAR_MAX, YEAR_MIN
from etl.upload.raw import col_letters
from etl.upload.reference import Reference, plain
from etl.upload.sniff import INVISIBLE_RE, norm_name  # noqa: F401 - norm_name re-exported

# Column names analysts use, folded (no diacritics, case or punctuation; a trailing '(unit)' dropped).
HEADER_ALIASES = {
    **{k: "indicator_id" for k in ("ma_chi_tieu", "ma_ct", "ma_so_chi_tieu", "ma_chi_so", "indicator", "indicator_code",
                                   "chi_tieu_id", "id_chi_tieu", "ma")},
    **{k: "year" for k in ("nam", "nam_bao_cao", "nam_thuc_hien", "nam_so_lieu", "ky_bao_cao")},
    **{k: "value" for k in ("gia_tri", "gia_tri_thuc_hien", "ket_qua", "ket_qua_thuc_hien", "so_lieu", "thuc_hien",
                            "so_lieu_thuc_hien", "gia_tri_thuc_te", "actual", "value_actual")},
    **{k: "province" for k in ("tinh", "tinh_thanh_pho", "tinh_thanh", "tinh_tp", "ma_tinh", "dia_phuong", "province_name",
                               "tinh_thanh_pho_truc_thuoc_trung_uong", "don_vi_hanh_chinh")},
    **{k: "is_estimate" for k in ("uoc_tinh", "so_uoc_tinh", "la_uoc_tinh", "uoc", "estimated", "so_lieu_uoc_tinh")},
    **{k: "note" for k in ("ghi_chu", "chu_thich", "notes", "comment", "comments", "ghi_chu_giai_trinh")},
}
# Columns that describe a row but are not data (STT, name, unit, source): read past with a warning.
INFO_COLUMNS = {"stt", "tt", "so_thu_tu", "ten_chi_tieu", "chi_tieu", "ten", "name", "indicator_name", "don_vi",
                "don_vi_tinh", "dvt", "unit", "nguon", "nguon_so_lieu", "source", "linh_vuc", "sector", "nhom"}
YEAR_HEADER_RE = re.compile(r"(?:nam_)?((?:19|20)\d\d)(_.*)?")


def fold(text: str) -> str:
    """A column name reduced for matching: lower-case ASCII words joined by '_', a trailing '(…)' dropped."""
    text = re.sub(r"\([^)]*\)\s*$", "", unicodedata.normalize("NFC", INVISIBLE_RE.sub("", str(text))))
    return "_".join(re.sub(r"[^a-z0-9%]+", " ", plain(text)).split())


def header_key(raw: object) -> str:
    """A header cell as a template column name, 'info' (read past), 'year:2020[:est]' (a year column of the wide
    layout), '' (blank) or its normalised text (unknown)."""
    if isinstance(raw, int | float) and not isinstance(raw, bool) and raw == raw and float(raw).is_integer():
        return f"year:{int(raw)}" if YEAR_MIN <= int(raw) <= YEAR_MAX else str(int(raw))
    text = show_value(raw) or ""
    if not text.strip():
        return ""
    key = norm_name(text)
    key = ALIASES.get(key, key)
    if key in KNOWN:
        return key
    folded = fold(text)
    if folded in HEADER_ALIASES:
        return HEADER_ALIASES[folded]
    if folded in INFO_COLUMNS:
        return "info"
    year = YEAR_HEADER_RE.fullmatch(folded)
    if year and YEAR_MIN <= int(year.group(1)) <= YEAR_MAX:
        return f"year:{year.group(1)}" + (":est" if "uoc" in (year.group(2) or "") else "")
    return key


def is_header_row(cells: object) -> bool:
    """Whether a row is the header: two required columns, three template columns, or an indicator column and years."""
    keys = [header_key(v) for v in cells]
    names = set(keys)
    years = sum(k.startswith("year:") for k in keys)
    return len(names & set(REQUIRED)) >= 2 or len(names & set(KNOWN)) >= 3 or ("indicator_id" in names and years >= 1)


def find_header(frame: pd.DataFrame) -> tuple[int, int]:
    """(row index of the header, how many non-empty rows are above it); the first non-empty row when nothing fits."""
    nonempty_above = 0
    first_nonempty = None
    for idx in range(min(HEADER_SEARCH_ROWS, len(frame))):
        row = frame.iloc[idx]
        if is_header_row(row):
            return idx, nonempty_above
        if not blank_mask(row).all():
            nonempty_above += 1
            first_nonempty = idx if first_nonempty is None else first_nonempty
    return (first_nonempty or 0), 0


@dataclass
class Columns:
    """The header's columns: template name -> position, the wide layout's year columns (position -> (year,
    estimate)) and the descriptive columns read past (STT, name, unit)."""

    mapping: dict[str, int]
    years: dict[int, tuple[int, bool]] = field(default_factory=dict)
    info: list[int] = field(default_factory=list)


def map_columns(header: pd.Series, frame: pd.DataFrame, log: IssueLog) -> Columns:
    """The header's columns, logging missing, misspelt, unknown and duplicate columns and the columns read past."""
    found: dict[str, list[int]] = {}
    unknown: list[tuple[int, str]] = []
    years: dict[int, tuple[int, bool]] = {}
    info: list[str] = []
    info_pos: list[int] = []
    for pos, raw in header.items():
        text = show_value(raw) or ""
        key = header_key(raw)
        if key in KNOWN:
            found.setdefault(key, []).append(pos)
        elif key == "info":
            info.append(text)
            info_pos.append(pos)
        elif key.startswith("year:"):
            years[pos] = (int(key.split(":")[1]), key.endswith(":est"))
        elif not key:
            if not blank_mask(frame[pos]).all():
                log.add("unknown_column.blank", letter=col_letters(pos + 1), column=col_letters(pos + 1))
        else:
            unknown.append((pos, text))
    for pos, text in unknown:
        guess = difflib.get_close_matches(norm_name(text), [k for k in KNOWN if k not in found], n=1, cutoff=0.75)
        if guess:
            log.add("misspelt_column", value=text, column=guess[0])
            found.setdefault(guess[0], []).append(pos)
        else:
            log.add("unknown_column", value=text, column=text)
    if years and ("year" in found or "value" in found):
        for pos in years:  # year-named columns next to year/value columns: not the wide layout
            log.add("unknown_column", value=show_value(header[pos]), column=show_value(header[pos]))
        years = {}
    if info:
        log.add("ignored_columns", severity="warning", names=", ".join(f"«{n}»" for n in info[:10]), n=len(info))
    mapping = {}
    for name, positions in found.items():
        if len(positions) > 1:
            log.add("duplicate_column", column=name, n=len(positions), letters=", ".join(col_letters(p + 1) for p in positions))
        mapping[name] = positions[0]
    for name in REQUIRED:
        if name not in mapping and not (years and name in ("year", "value")):
            log.add("missing_column", column=name)
    return Columns(mapping, years, info_pos)


def second_header(row: dict[str, object], ref: Reference) -> bool:
    """True when the first data row is another header: labels (no digits) where the year and the value should be."""
    texts = [v for v in row.values() if isinstance(v, str) and v.strip()]
    if len(texts) < max(2, len(row) - 1):
        return False
    ind, year, value = (str(row.get(c, "")) for c in ("indicator_id", "year", "value"))
    no_digits = not re.search(r"\d", year + value)
    return ind.strip().lower() not in ref.lower_ids and no_digits and bool(re.search(r"[^\W\d_]", year + value))
