""".ods reader (OpenDocument, LibreOffice's own format): zip checks, one streaming pass over content.xml for the
sheet facts the values alone do not carry (percent cells, hidden and filtered rows, merges, size), then calamine."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from etl.upload.issues import IssueLog, Rejected
from etl.upload.limits import MAX_COLUMNS
from etl.upload.raw import RawTable, SheetScan, col_letters
from etl.upload.xlsx import calamine_table, check_zip_sizes, choose_sheet, open_zip, verify_members

ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
T = "{" + TABLE + "}"
O = "{" + OFFICE + "}"  # noqa: E741 - the namespace's own prefix
S = "{" + STYLE + "}"


def is_ods(data: bytes) -> bool:
    """Whether a zip is an OpenDocument spreadsheet (its stored 'mimetype' member says so)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "mimetype" in zf.namelist() and zf.read("mimetype").strip() == ODS_MIME
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return False


def repeat(el: ElementTree.Element, attr: str) -> int:
    """table:number-*-repeated of an element (1 when absent)."""
    value = el.get(T + attr, "1")
    return int(value) if value.isdigit() else 1


def scan_content(zf: zipfile.ZipFile, max_rows: int, log: IssueLog) -> tuple[list[tuple[str, str, str]], dict[str, SheetScan]]:
    """Sheets as (name, state, name) and, per sheet, what one streaming pass over content.xml found."""
    hidden_styles: set[str] = set()
    sheets: list[tuple[str, str, str]] = []
    scans: dict[str, SheetScan] = {}
    scan = SheetScan()
    row = 0
    col = 0
    last_filled = 0
    try:
        with zf.open("content.xml") as fh:
            for event, el in ElementTree.iterparse(fh, events=("start", "end")):
                tag = el.tag
                if event == "start" and tag == T + "table":
                    name = el.get(T + "name", "")
                    sheets.append((name, "hidden" if el.get(T + "style-name") in hidden_styles else "visible", name))
                    scan, row, last_filled = SheetScan(), 0, 0
                    scans[name] = scan
                elif event == "end" and tag == S + "style" and el.get(S + "family") == "table":
                    props = el.find(S + "table-properties")
                    if props is not None and props.get(T + "display") == "false":
                        hidden_styles.add(el.get(S + "name", ""))
                elif event == "start" and tag == T + "table-row":
                    col = 0
                elif event == "end" and tag in (T + "table-cell", T + "covered-table-cell"):
                    n = repeat(el, "number-columns-repeated")
                    kind = el.get(O + "value-type")
                    filled = kind is not None or len(el) > 0
                    if filled:
                        for c in range(col + 1, col + 1 + min(n, MAX_COLUMNS + 1)):
                            if kind == "percentage":
                                scan.percent_cells[(row + 1, c)] = "General%"
                            scan.cells += 1
                        scan.max_col = max(scan.max_col, col + n)
                        last_filled = row + 1
                    spanned = int(el.get(T + "number-columns-spanned", "1") or 1), int(el.get(T + "number-rows-spanned", "1") or 1)
                    if spanned != (1, 1):
                        end = f"{col_letters(col + spanned[0])}{row + spanned[1]}"
                        scan.merges.append(f"{col_letters(col + 1)}{row + 1}:{end}")
                    col += n
                    el.clear()
                elif event == "end" and tag == T + "table-row":
                    n = repeat(el, "number-rows-repeated")
                    visibility = el.get(T + "visibility", "visible")
                    if visibility != "visible" and last_filled == row + 1:
                        scan.hidden_rows.update(range(row + 1, row + 1 + min(n, max_rows + 2)))
                        scan.filtered |= visibility == "filter"
                    row += n
                    scan.rows = last_filled
                    el.clear()
                    if last_filled > max_rows + 1:
                        log.add("too_many_rows", rows=f"{last_filled:,}", limit=f"{max_rows:,}")
                        raise Rejected
                    if scan.max_col > MAX_COLUMNS:
                        log.add("too_many_columns", cols=f"{scan.max_col:,} ({col_letters(scan.max_col)})", limit=MAX_COLUMNS)
                        raise Rejected
    except (ElementTree.ParseError, zipfile.BadZipFile, OSError, EOFError, KeyError) as exc:
        log.add("corrupt_workbook", detail=f"content.xml: {str(exc)[:120]}")
        raise Rejected from exc
    return sheets, scans


def read_ods(data: bytes, max_bytes: int, max_rows: int, log: IssueLog) -> RawTable:
    """Check the zip container and the chosen sheet, then read the cells with calamine."""
    zf = open_zip(data, log)
    with zf:
        check_zip_sizes(zf, max_bytes, log)
        verify_members(zf, "", log)
        sheets, scans = scan_content(zf, max_rows, log)
        name, _ = choose_sheet(sheets, log)
    scan = scans[name]
    # Percentage cells of the chosen sheet only; hidden rows count only where they hold data (checked later).
    return calamine_table(data, name, scan, log)
