""".xlsx container checks before any cell is parsed: zip sizes and CRCs, workbook structure and sheet choice,
percent styles, and a bounded streaming scan of the sheet XML.

Standard library only (no pandas): the command line runs these checks while the rest is still being imported
(etl.upload.prefetch). Calamine never sees a sheet these checks did not pass: its ranges are dense, so one cell at
XFD1048576 would make it allocate the whole rectangle; the scan's row, column and cell caps come first.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from xml.etree import ElementTree

from etl.upload.issues import IssueLog, Rejected
from etl.upload.limits import (
    BOMB_MIN_BYTES,
    BOMB_RATIO,
    MAX_COLUMNS,
    MAX_ZIP_MEMBERS,
    SCAN_CHUNK,
    XML_OVERLAP,
)
from etl.upload.raw import SheetScan, col_index, col_letters
from etl.upload.sniff import norm_name


def read_small_member(zf: zipfile.ZipFile, name: str, log: IssueLog, limit: int = 10 * 1024 * 1024) -> bytes:
    """A small XML part (workbook, rels), refusing DTDs (entity expansion) and oversized parts."""
    info = zf.getinfo(name)
    if info.file_size > limit:
        log.add("zip_bomb.total", member=name, size_mb=round(info.file_size / 2**20, 1), limit_mb=round(limit / 2**20, 1))
        raise Rejected
    text = zf.read(name)
    if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
        log.add("corrupt_workbook", detail=f"{name}: DTD/ENTITY")
        raise Rejected
    return text


def local(tag: str) -> str:
    """Tag name without its XML namespace."""
    return tag.rsplit("}", 1)[-1]


def workbook_sheets(zf: zipfile.ZipFile, log: IssueLog) -> list[tuple[str, str, str]]:
    """(name, state, zip member) of every worksheet, in workbook order."""
    try:
        book = ElementTree.fromstring(read_small_member(zf, "xl/workbook.xml", log))
        rels_name = "xl/_rels/workbook.xml.rels"
        rels = ElementTree.fromstring(read_small_member(zf, rels_name, log)) if rels_name in zf.namelist() else None
    except ElementTree.ParseError as exc:
        log.add("corrupt_workbook", detail=f"workbook.xml: {exc}")
        raise Rejected from exc
    targets = {}
    for rel in rels if rels is not None else []:
        if rel.get("Type", "").endswith("/worksheet"):
            target = rel.get("Target", "")
            targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    sheets = []
    for el in book.iter():
        if local(el.tag) == "sheet":
            rid = next((v for k, v in el.attrib.items() if local(k) == "id"), None)
            if rid in targets:
                sheets.append((el.get("name", ""), el.get("state", "visible"), targets[rid]))
    return sheets


def choose_sheet(sheets: list[tuple[str, str, str]], log: IssueLog) -> tuple[str, str]:
    """The sheet to read: 'actuals', else the only visible sheet; hidden or ambiguous choices are errors."""
    named = [s for s in sheets if norm_name(s[0]) == "actuals"]
    visible = [s for s in sheets if s[1] == "visible"]
    hidden = [s for s in sheets if s[1] != "visible"]
    if len(named) == 1:
        chosen = named[0]
        if chosen[1] != "visible":
            log.sheet = chosen[0]
            log.add("sheet_hidden", sheet=chosen[0])
            raise Rejected
    elif len(visible) == 1 and not named:
        chosen = visible[0]
    elif not visible:
        log.add("sheet_ambiguous.none")
        raise Rejected
    else:
        names = ", ".join(f"«{s[0]}»" for s in sheets[:10]) + (", …" if len(sheets) > 10 else "")
        log.add("sheet_ambiguous", n=len(sheets), names=names)
        raise Rejected
    log.sheet = chosen[0]
    others_hidden = [s[0] for s in hidden if s is not chosen]
    if others_hidden:
        log.add(
            "sheet_hidden.ignored",
            severity="warning",
            sheet=chosen[0],
            n=len(others_hidden),
            names=", ".join(f"«{n}»" for n in others_hidden[:10]),
        )
    return chosen[0], chosen[2]


def open_zip(data: bytes, log: IssueLog) -> zipfile.ZipFile:
    """The workbook's zip container; a file that is not one is refused as a corrupt workbook."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        log.add("corrupt_workbook", detail=str(exc)[:120])
        raise Rejected from exc


def check_zip_sizes(zf: zipfile.ZipFile, max_bytes: int, log: IssueLog) -> None:
    """Refuse zip bombs from the central directory alone: member sizes, ratios, totals and encryption flags."""
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        log.add("corrupt_workbook", detail=f"{len(infos)} zip members")
        raise Rejected
    if any(i.flag_bits & 0x1 for i in infos):
        log.add("encrypted_workbook")
        raise Rejected
    total_cap = max(20 * max_bytes, 64 * 2**20)
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > BOMB_MIN_BYTES and ratio > BOMB_RATIO:
            log.add("zip_bomb", member=info.filename[:80], size_mb=round(info.file_size / 2**20, 1), ratio=int(ratio))
            raise Rejected
    if total > total_cap:
        log.add("zip_bomb.total", size_mb=round(total / 2**20, 1), limit_mb=round(total_cap / 2**20, 1))
        raise Rejected


def verify_members(zf: zipfile.ZipFile, skip: str, log: IssueLog) -> None:
    """Decompress every other member in chunks so a lying size or bad CRC is caught before calamine reads it."""
    for info in zf.infolist():
        if info.filename == skip or info.is_dir():
            continue
        try:
            with zf.open(info) as fh:
                while fh.read(SCAN_CHUNK):
                    pass
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, zlib.error) as exc:
            log.add("corrupt_workbook", detail=f"{info.filename[:80]}: {exc}")
            raise Rejected from exc


BUILTIN_PERCENT_FORMATS = {9: "0%", 10: "0.00%"}


def scales_by_100(code: str) -> bool:
    """Whether an Excel number format shows a value ×100 (a % outside quotes and escapes; only the first section
    matters for positive numbers, but any section with % scales)."""
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code)
    return "%" in bare


def percent_styles(zf: zipfile.ZipFile, log: IssueLog) -> dict[int, str]:
    """Cell style index -> format code, for the styles whose number format is a percentage."""
    if "xl/styles.xml" not in zf.namelist():
        return {}
    try:
        styles = ElementTree.fromstring(read_small_member(zf, "xl/styles.xml", log))
    except ElementTree.ParseError as exc:
        log.add("corrupt_workbook", detail=f"styles.xml: {exc}")
        raise Rejected from exc
    formats = dict(BUILTIN_PERCENT_FORMATS)
    for el in styles.iter():
        if local(el.tag) == "numFmt" and el.get("numFmtId", "").isdigit():
            formats[int(el.get("numFmtId"))] = el.get("formatCode", "")
    found: dict[int, str] = {}
    for el in styles:
        if local(el.tag) == "cellXfs":
            for index, xf in enumerate(x for x in el if local(x.tag) == "xf"):
                code = formats.get(int(xf.get("numFmtId", "0") or 0), "")
                if scales_by_100(code):
                    found[index] = code
    return found


def scan_sheet(
    zf: zipfile.ZipFile, member: str, max_rows: int, log: IssueLog, percent: dict[int, str] | None = None
) -> SheetScan:
    """Stream the sheet XML once (1 MB chunks): rows, widest column, cells, merges, formulas, errors, hidden rows
    and percent-formatted cells; stop at a cap."""
    scan = SheetScan()
    percent = percent or {}
    percent_re = (
        re.compile(rb"<(?:\w+:)?c\s([^>]*?\bs=\"(?:" + b"|".join(str(i).encode() for i in percent) + rb")\"[^>]*)>")
        if percent
        else None
    )
    max_cells = max(max_rows, 1000) * 10
    prefix = b""
    tail = b""
    first = True
    try:
        fh = zf.open(member)
    except KeyError as exc:
        log.add("corrupt_workbook", detail=f"missing {member}")
        raise Rejected from exc
    with fh:
        while True:
            try:
                chunk = fh.read(SCAN_CHUNK)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, zlib.error) as exc:
                log.add("corrupt_workbook", detail=f"{member}: {exc}")
                raise Rejected from exc
            if not chunk:
                break
            if first:
                first = False
                found = re.search(rb"<(\w+:)?worksheet[\s>]", chunk[:4096])
                prefix = (found.group(1) or b"") if found else b""
                # '<row' and '<c' also match the rare <rowBreaks>, <col>, <cfRule>: a slight over-count, safe for caps.
                row_token, cell_token = b"<" + prefix + b"row", b"<" + prefix + b"c"
                if b"<!DOCTYPE" in chunk[:4096] or b"<!ENTITY" in chunk[:4096]:
                    log.add("corrupt_workbook", detail="DTD/ENTITY in sheet")
                    raise Rejected
                pats = sheet_patterns(prefix)
            buf = tail + chunk
            # Each token is counted on the chunk plus (token length - 1) bytes before it: never twice, never missed.
            for attr, token in (("rows", row_token), ("cells", cell_token)):
                found = chunk.count(token)
                if tail:  # a token straddling the chunk boundary, counted once
                    k = len(token) - 1
                    found += (tail[-k:] + chunk[:k]).count(token)
                setattr(scan, attr, getattr(scan, attr) + found)
            last = buf.rfind(b"<" + prefix + b"row ")
            while last >= 0:
                m = pats["row_r"].match(buf, last)
                if m:
                    scan.rows = max(scan.rows, int(m.group(1)))
                    break
                last = buf.rfind(b"<" + prefix + b"row ", 0, last)
            if pats["wide_quick"].search(buf) and pats["wide"].search(buf):
                scan.max_col = max([scan.max_col, *(col_index(c.decode()) for c in pats["wide"].findall(buf))])
            if b"mergeCell" in buf:
                scan.merges.extend(m.decode() for m in pats["merge"].findall(buf) if m.decode() not in scan.merges)
            if b"<" + prefix + b"f" in buf and len(scan.formulas) < 100_000:
                for attrs, text, cached in pats["formula"].findall(buf):
                    ref = cell_ref(attrs)
                    # IF(...,"",...) filled down: Excel saves the empty text result as t="str" with an empty <v>.
                    if ref and not (cached and re.search(rb'\bt="str"', attrs or b"")):
                        scan.formulas[ref] = text.decode("utf-8", "replace") or "(công thức dùng chung / shared formula)"
            if not scan.first_row:
                found_value = pats["first_value"].search(buf)
                if found_value:
                    scan.first_row = int(found_value.group(1))
            if b"hidden=" in buf:
                for attrs in pats["hidden_row"].findall(buf):
                    row = re.search(rb'\br="(\d+)"', attrs)
                    if row:
                        scan.hidden_rows.add(int(row.group(1)))
            if b"filterColumn" in buf:
                scan.filtered = True
            if percent_re is not None and len(scan.percent_cells) < 2_000_000:
                for attrs in percent_re.findall(buf):
                    ref = cell_ref(attrs)
                    style = re.search(rb'\bs="(\d+)"', attrs)
                    if ref and style:
                        scan.percent_cells[ref] = percent[int(style.group(1))]
            if b't="e"' in buf and len(scan.errors) < 100_000:
                for attrs, text in pats["error"].findall(buf):
                    ref = cell_ref(attrs)
                    if ref:
                        scan.errors[ref] = text.decode("utf-8", "replace")
            if scan.rows > max_rows + 1:
                log.add("too_many_rows", rows=f"{scan.rows:,}", limit=f"{max_rows:,}")
                raise Rejected
            if scan.max_col > MAX_COLUMNS:
                log.add("too_many_columns", cols=f"{scan.max_col:,} ({col_letters(scan.max_col)})", limit=MAX_COLUMNS)
                raise Rejected
            if scan.cells > max_cells:
                log.add("too_many_columns.cells", cells=f"{max_cells:,}")
                raise Rejected
            tail = buf[-XML_OVERLAP:]
    return scan


def sheet_patterns(prefix: bytes) -> dict[str, re.Pattern[bytes]]:
    """Byte regexes for the sheet XML, for an optional element prefix (e.g. 'x:' from the Open XML SDK)."""
    p = re.escape(prefix)
    return {
        "row_r": re.compile(rb"<" + p + rb"row\s[^>]*?\br=\"(\d+)\""),
        # A cell reference in column AA or beyond (only cells have an attribute named exactly r with letters).
        "wide": re.compile(rb"\br=\"([A-Z]{2,3})\d"),
        "wide_quick": re.compile(rb"r=\"[A-Z]{2}"),  # a literal prefix: Python's re skips ahead fast
        "merge": re.compile(rb"<" + p + rb"mergeCell\s[^>]*?ref=\"([A-Z]+\d+(?::[A-Z]+\d+)?)\""),
        # A formula cell whose cached value is absent or empty.
        "formula": re.compile(
            rb"<" + p + rb"c(\s[^>]*?)?(?<!/)>\s*<" + p + rb"f(?:\s[^>]*?)?(?:/>|>([^<]{0,500})[^<]*</" + p + rb"f>)\s*"
            rb"(<" + p + rb"v\s*/>|<" + p + rb"v>\s*</" + p + rb"v>)?\s*</" + p + rb"c>"
        ),
        # The first cell holding a value (calamine's range, hence fastexcel's rows, start at its row).
        "first_value": re.compile(rb"<" + p + rb"c\s[^>]*?\br=\"[A-Z]{1,3}(\d+)\"[^>/]*>\s*(?:<" + p + rb"f[^>]*?(?:/>|>[^<]*</"
                                  + p + rb"f>)\s*)?<" + p + rb"(?:v>[^<]|is>)"),
        "hidden_row": re.compile(rb"<" + p + rb"row\s([^>]*?\bhidden=\"(?:1|true)\"[^>]*)>"),
        "error": re.compile(
            rb"<"
            + p
            + rb"c(\s[^>]*?\bt=\"e\"[^>]*?)>\s*(?:<"
            + p
            + rb"f[^>]*?(?:/>|>[^<]*</"
            + p
            + rb"f>))?\s*<"
            + p
            + rb"v>([^<]{0,40})</"
            + p
            + rb"v>"
        ),
    }


def cell_ref(attrs: bytes) -> tuple[int, int] | None:
    """(row, column) of a cell from its attributes' r="B12"."""
    m = re.search(rb'\br="([A-Z]{1,3})(\d+)"', attrs or b"")
    return (int(m.group(2)), col_index(m.group(1).decode())) if m else None


def check_container(data: bytes, max_bytes: int, max_rows: int, log: IssueLog) -> tuple[str, SheetScan]:
    """Check the zip container, choose the sheet and scan it (caps, formulas, hidden rows...); nothing is parsed into
    cells yet. Returns the sheet name and what the scan found."""
    zf = open_zip(data, log)
    with zf:
        names = set(zf.namelist())
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            if "xl/workbook.bin" in names:
                kind = ("sổ tính nhị phân Excel (.xlsb)", "an Excel binary workbook (.xlsb)")
            elif "mimetype" in names and "content.xml" in names:
                kind = ("bảng tính OpenDocument (.ods)", "an OpenDocument spreadsheet (.ods)")
            elif "word/document.xml" in names:
                kind = ("văn bản Word (.docx)", "a Word document (.docx)")
            elif not names:
                kind = ("tệp ZIP rỗng", "an empty ZIP archive")
            else:
                kind = ("tệp nén ZIP", "a ZIP archive")
            log.add("not_excel_or_csv", detected_vi=kind[0], detected_en=kind[1])
            raise Rejected
        check_zip_sizes(zf, max_bytes, log)
        name, member = choose_sheet(workbook_sheets(zf, log), log)
        if member not in names:
            log.add("corrupt_workbook", detail=f"missing {member}")
            raise Rejected
        scan = scan_sheet(zf, member, max_rows, log, percent_styles(zf, log))
        verify_members(zf, member, log)
    return name, scan
