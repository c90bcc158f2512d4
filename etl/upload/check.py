"""check_upload: read any format and validate it against a published version; writes nothing."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd

from etl.upload.cells import (
    blank_mask,
    cell_specials,
    check_ranges,
    clean_text,
    kinds,
    parse_estimate,
    parse_indicator,
    parse_note,
    parse_value,
    parse_year,
)
from etl.upload.delimited import read_csv
from etl.upload.header import find_header, map_columns, second_header
from etl.upload.issues import IssueLog, Rejected
from etl.upload.limits import MAX_DETAILED_PER_CODE, OPTIONAL, max_upload_bytes, max_upload_rows
from etl.upload.ole2 import read_ole2
from etl.upload.raw import RawTable
from etl.upload.reference import Reference, load_reference, parse_province
from etl.upload.result import CheckResult, empty_rows
from etl.upload.sniff import sanitise_file_name, sniff
from etl.upload.xlsx import read_xlsx


def check_duplicates(rows: pd.DataFrame, ok: pd.Series, ref: Reference, log: IssueLog, bad: pd.Series) -> None:
    """Every occurrence of a repeated (indicator_id, year, province) inside the file."""
    keyed = rows.loc[ok, ["indicator_id", "year", "province"]].copy()
    keyed["province"] = keyed["province"].fillna("")
    dup = keyed.duplicated(keep=False)
    if not dup.any():
        return
    groups = keyed[dup].groupby(["indicator_id", "year", "province"], sort=False).groups
    log.counts[("duplicate_key", "error")] += int(dup.sum())
    for (ind, year, prov), index in groups.items():
        for row in index:
            if log.room("duplicate_key"):
                others = [str(int(r)) for r in index if r != row]
                name = ref.provinces.get(prov, prov)
                log.kept.append(
                    log.make(
                        "duplicate_key",
                        row=int(row),
                        column="indicator_id",
                        value=ind,
                        indicator=ind,
                        year=int(year),
                        where_vi=f"tỉnh/thành phố «{name}»" if prov else "cả nước",
                        where_en=f"province '{name}'" if prov else "national",
                        others=", ".join(others[:10]) + (", …" if len(others) > 10 else ""),
                    )
                )
                log.kept_per_code["duplicate_key"] += 1
        bad[index] = True


def validate_table(table: RawTable, ref: Reference, log: IssueLog) -> tuple[pd.DataFrame, int]:
    """All structural and cell checks of a read table; returns the clean rows and the number of data rows."""
    frame = table.frame
    frame.columns = range(frame.shape[1])
    for merge in table.scan.merges[:MAX_DETAILED_PER_CODE]:
        log.add("merged_cells", value=merge)
    if len(table.scan.merges) > MAX_DETAILED_PER_CODE:
        log.counts[("merged_cells", "error")] += len(table.scan.merges) - MAX_DETAILED_PER_CODE
    if frame.empty or all(blank_mask(frame[c]).all() for c in frame.columns):
        log.add("empty_file.no_cells")
        raise Rejected
    header_idx, above = find_header(frame)
    if above:
        log.add("multiple_header_rows", row=header_idx + 1, header_row=header_idx + 1, n=above)
    mapping = map_columns(frame.iloc[header_idx], frame, log)
    data = frame.iloc[header_idx + 1 :]
    data.index = data.index + 1  # Excel row numbers: header is row header_idx + 1
    cols: dict[str, pd.Series] = {}
    kinds_of: dict[str, pd.Series] = {}
    for name, pos in mapping.items():
        cols[name], kinds_of[name] = clean_text(data[pos], kinds(data[pos]), name, log, keep_lines=(name == "note"))
    filled = pd.Series(False, index=data.index)
    for name in mapping:
        filled |= kinds_of[name] != "empty"
    for pos in (p for p in data.columns if p not in mapping.values()):
        filled |= ~blank_mask(data[pos])
    for pos in mapping.values():
        # Formula cells without a saved value read as empty; they still make the row count as data.
        filled[[r for (r, c) in table.scan.formulas if c == pos + 1 and r in filled.index]] = True
        filled[[r for (r, c) in table.scan.errors if c == pos + 1 and r in filled.index]] = True
    rows_index = filled[filled].index
    if len(rows_index) and mapping and second_header({n: cols[n][rows_index[0]] for n in mapping}, ref):
        first = rows_index[0]
        shown = " | ".join(str(cols[n][first]) for n in mapping if str(cols[n][first]).strip())
        log.add("multiple_header_rows.below", row=int(first), value=shown)
        rows_index = rows_index[1:]
    if not len(rows_index):
        log.add("empty_file.no_rows")
        raise Rejected
    cols = {n: c[rows_index] for n, c in cols.items()}
    kinds_of = {n: c[rows_index] for n, c in kinds_of.items()}
    bad = pd.Series(False, index=rows_index)
    out = pd.DataFrame(index=rows_index)
    checks = {
        "indicator_id": ("required_empty", "mã chỉ tiêu", "indicator id"),
        "year": ("required_empty", "năm (ví dụ 2021)", "year (e.g. 2021)"),
        "value": ("value_empty", "", ""),
    }
    for name, (key, what_vi, what_en) in checks.items():
        if name in cols:
            special = cell_specials(kinds_of[name], table.scan, mapping[name], name, log, bad)
            empty = (kinds_of[name] == "empty") & ~special
            log.add_rows(key, empty[empty], name, what_vi=what_vi, what_en=what_en)
            bad |= empty
    for name in OPTIONAL:
        if name in cols:
            cell_specials(kinds_of[name], table.scan, mapping[name], name, log, bad)
    if "indicator_id" in cols:
        out["indicator_id"] = parse_indicator(cols["indicator_id"], kinds_of["indicator_id"], ref, log, bad)
    if "year" in cols:
        out["year"] = parse_year(cols["year"], kinds_of["year"], log, bad)
    if "value" in cols:
        out["actual_value"] = parse_value(cols["value"], kinds_of["value"], log, bad)
        if "indicator_id" in out:
            check_ranges(out["actual_value"], out["indicator_id"], ref, log, bad)
    years = out["year"] if "year" in out else None
    out["province"] = parse_province(cols["province"], kinds_of["province"], years, ref, log, bad) if "province" in cols else None
    out["is_estimate"] = (
        parse_estimate(cols["is_estimate"], kinds_of["is_estimate"], log, bad) if "is_estimate" in cols else False
    )
    out["note"] = parse_note(cols["note"], kinds_of["note"], log, bad) if "note" in cols else None
    if "indicator_id" in out and "year" in out:
        keys_ok = out["indicator_id"].notna() & out["year"].notna()
        if "province" in cols:
            keys_ok &= (kinds_of["province"] == "empty") | out["province"].notna()
        check_duplicates(out, keys_ok.astype(bool), ref, log, bad)
    if not all(c in out for c in ("indicator_id", "year", "actual_value")):
        return empty_rows(), len(rows_index)
    clean = out[~bad]
    return pd.DataFrame(
        {
            "indicator_id": clean["indicator_id"].astype(object),
            "year": clean["year"].astype("int64"),
            "province": clean["province"].astype(object).where(clean["province"].notna(), None),
            "actual_value": clean["actual_value"].astype("float64"),
            "is_estimate": clean["is_estimate"].astype(bool),
            "note": clean["note"].astype(object).where(clean["note"].notna(), None),
            "row_no": clean.index.astype("int64"),
        }
    ).reset_index(drop=True), len(rows_index)


def check_upload(
    data: bytes, file_name: str, version_dir: Path, *, max_bytes: int | None = None, max_rows: int | None = None
) -> CheckResult:
    """Read and validate an upload against a published version; writes nothing."""
    max_bytes = max_bytes or max_upload_bytes()
    max_rows = max_rows or max_upload_rows()
    clean_name, name_problems = sanitise_file_name(file_name)
    result = CheckResult(file_name=clean_name, file_sha256=hashlib.sha256(data).hexdigest())
    log = IssueLog(clean_name)
    if name_problems:
        log.add(
            "bad_file_name",
            value=file_name,
            what_vi=", ".join(p[0] for p in name_problems),
            what_en=", ".join(p[1] for p in name_problems),
            suggest=clean_name,
        )
    try:
        if len(data) > max_bytes:
            log.add("file_too_large", size_mb=round(len(data) / 2**20, 1), limit_mb=round(max_bytes / 2**20, 1))
            raise Rejected
        if not data.strip():
            log.add("empty_file")
            raise Rejected
        kind, kind_vi, kind_en = sniff(data)
        ext = Path(clean_name).suffix.lower()
        if kind == "zip":
            result.file_kind = "xlsx"
            if ext not in (".xlsx", ".xlsm"):
                log.add(
                    "extension_mismatch",
                    ext=ext or "(không có)",
                    kind_vi="sổ tính Excel (.xlsx)",
                    kind_en="an Excel workbook (.xlsx)",
                    want=".xlsx",
                )
            table = read_xlsx(data, max_bytes, max_rows, log)
        elif kind == "ole2":
            read_ole2(data, log)
        elif kind == "utf16":
            log.add("encoding_unsupported", detail_vi=kind_vi, detail_en=kind_en)
            raise Rejected
        elif kind == "binary":
            log.add("not_excel_or_csv", detected_vi=kind_vi, detected_en=kind_en)
            raise Rejected
        else:
            result.file_kind = "csv"
            if ext not in (".csv", ".txt"):
                log.add("extension_mismatch", ext=ext or "(không có)", kind_vi="văn bản CSV", kind_en="CSV text", want=".csv")
            table = read_csv(data, max_rows, log)
        result.sheet_read = table.sheet
        result.rows, result.rows_read = validate_table(table, load_reference(Path(os.path.realpath(version_dir))), log)
    except Rejected:
        result.rows = empty_rows()
    result.issues = log.kept
    result.counts = {key: n for key, n in log.counts.items() if n}
    return result
