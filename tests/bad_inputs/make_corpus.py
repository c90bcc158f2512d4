"""(Re)create the bad-upload corpus and its manifest deterministically: `python tests/bad_inputs/make_corpus.py`.

Every file is a deliberately broken upload; manifest.csv gives its expected issue code(s). Binary files are built
byte-for-byte reproducibly (fixed zip timestamps and member order, seeded random bytes), so re-running the script
changes nothing in git. upload_name (percent-encoded) is the name the file is uploaded under when it differs from
the file name (names with control characters or backslashes are not stored as such in the repository). env sets
limits for that file only.
"""

from __future__ import annotations

import csv
import io
import random
import re
import struct
import unicodedata
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
FIXED_TIME = (2020, 1, 1, 0, 0, 0)
GOOD_ID = "telecom_idi_rank"  # a rank indicator (1..250)
PCT_ID = "postal_communes_staffed_post_pct"  # a percentage (0..100)
COUNT_ID = "postal_enterprises_count"  # a count (>= 0)
HEADER = "indicator_id,year,value,province,is_estimate,note\n"

ENTRIES: list[tuple[str, ...]] = []  # file, upload_name, expected codes, env, description, outcome
# outcome: refused (errors, nothing written), confirm (no error, but rows flagged as implausible need a confirmation:
# the expected codes are plausibility flags), warned (published with the expected warning codes), accepted (no issue).


def add(name: str, data: bytes, codes: str, description: str, upload_name: str = "", env: str = "",
        outcome: str = "refused") -> None:
    """Write one corpus file and record it in the manifest."""
    (HERE / name).write_bytes(data)
    ENTRIES.append((name, upload_name, codes, env, description, outcome))


def text_csv(body: str, header: str = HEADER) -> bytes:
    """A UTF-8 CSV."""
    return (header + body).encode("utf-8")


def stable_zip(members: list[tuple[str, bytes]]) -> bytes:
    """A zip with fixed timestamps and member order (deterministic bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def normalise_zip(data: bytes) -> bytes:
    """Re-pack an openpyxl workbook with fixed timestamps so the bytes do not depend on the clock."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = [(n, zf.read(n)) for n in sorted(zf.namelist())]
    # openpyxl stamps the save time into docProps/core.xml.
    fixed = [
        (n, re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2020-01-01T00:00:00Z", d) if n == "docProps/core.xml" else d)
        for n, d in members
    ]
    return stable_zip(fixed)


def workbook(rows: list[list[object]], title: str = "actuals") -> Workbook:
    """A workbook whose first sheet holds rows."""
    book = Workbook()
    book.properties.created = book.properties.modified = datetime(2020, 1, 1)
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    return book


def xlsx(book: Workbook) -> bytes:
    """Deterministic .xlsx bytes of a workbook."""
    buffer = io.BytesIO()
    book.save(buffer)
    return normalise_zip(buffer.getvalue())


HEAD = ["indicator_id", "year", "value", "province", "is_estimate", "note"]
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    b'<sheet name="actuals" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    b'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_OPEN = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_CLOSE = b"</sheetData></worksheet>"


def header_row() -> bytes:
    """Row 1 of a hand-written sheet: the six template column names as inline strings."""
    cells = b"".join(
        b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + i).encode(), name.encode()) for i, name in enumerate(HEAD)
    )
    return b'<row r="1">' + cells + b"</row>"


def data_row(r: int) -> bytes:
    """A valid data row r of a hand-written sheet."""
    return (
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c><c r="B%d"><v>2021</v></c><c r="C%d"><v>80</v></c></row>'
        % (r, r, GOOD_ID.encode(), r, r)
    )


def raw_xlsx(sheet_xml: bytes) -> bytes:
    """A minimal hand-written .xlsx around one sheet XML (for shapes openpyxl will not write)."""
    return stable_zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/worksheets/sheet1.xml", sheet_xml),
        ]
    )


def zip_bomb(megabytes: int = 100) -> bytes:
    """A tiny .xlsx whose sheet XML inflates to `megabytes` MB of whitespace (deflate ratio ~1000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as fh:
            fh.write(SHEET_OPEN + header_row())
            block = b" " * (1 << 20)
            for _ in range(megabytes):
                fh.write(block)
            fh.write(SHEET_CLOSE)
    return buffer.getvalue()


def compound_file(streams: list[tuple[str, bytes]]) -> bytes:
    """A minimal, valid OLE2 compound file (v3, 512-byte sectors) holding streams of >= 4096 bytes each."""
    end, free, fat_sect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    data_sectors = []
    fat = [fat_sect, end]  # sector 0: FAT, sector 1: directory
    starts = []
    for _, payload in streams:
        assert len(payload) >= 4096 and len(payload) % 512 == 0
        first = 2 + len(data_sectors)
        n = len(payload) // 512
        starts.append(first)
        data_sectors += [payload[i * 512 : (i + 1) * 512] for i in range(n)]
        fat += [first + i + 1 for i in range(n - 1)] + [end]
    assert len(fat) <= 128
    fat += [free] * (128 - len(fat))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )
    assert len(header) == 512

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00" if name else b""
        return (
            raw.ljust(64, b"\x00")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", left, right, child)
            + b"\x00" * 16
            + b"\x00" * 4
            + b"\x00" * 16
            + struct.pack("<IQ", start, size)
        )

    # Children of the root form a tree ordered by (name length, upper-case name): a right-leaning chain is valid.
    order = sorted(range(len(streams)), key=lambda i: (len(streams[i][0]), streams[i][0].upper()))
    entries = [entry("Root Entry", 5, nostream, nostream, order[0] + 1, end, 0)]
    for i, (name, payload) in enumerate(streams):
        pos = order.index(i)
        right = order[pos + 1] + 1 if pos + 1 < len(order) else nostream
        entries.append(entry(name, 2, nostream, right, nostream, starts[i], len(payload)))
    while len(entries) % 4:
        entries.append(entry("", 0, nostream, nostream, nostream, 0, 0))
    directory = b"".join(entries)
    assert len(directory) == 512
    return header + struct.pack("<128I", *fat) + directory + b"".join(data_sectors)


def cp1258(text: str) -> bytes:
    """Vietnamese text the way Windows-1258 stores it: a precomposed base letter plus a combining tone mark."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = next(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            out += unicodedata.normalize("NFC", parts.replace(tone, "")).encode("cp1258") + tone.encode("cp1258")
    return out


def main() -> None:
    """Write every corpus file and manifest.csv."""
    for old in HERE.iterdir():
        if old.name not in ("make_corpus.py", "__pycache__") and old.is_file():
            old.unlink()
    rng = random.Random(20261122)

    # --- Empty and structural -------------------------------------------------------------------------------
    add("empty.csv", b"", "empty_file", "0 bytes")
    add("whitespace_only.csv", b"  \r\n\r\n \t \n", "empty_file", "only blank lines and spaces")
    add("header_only.csv", text_csv(""), "empty_file", "column names, no data rows")
    add("empty_sheet.xlsx", xlsx(workbook([])), "empty_file", "workbook whose actuals sheet has no cells")
    add("missing_value_column.csv", text_csv(f"{GOOD_ID},2021\n", "indicator_id,year\n"), "missing_column", "no value column")
    add(
        "misspelt_column.csv",
        text_csv(f"{GOOD_ID},2021,80\n", "indicatr_id,year,valeu\n"),
        "misspelt_column",
        "indicatr_id / valeu instead of indicator_id / value",
    )
    add(
        "unknown_column.csv",
        text_csv(f"{GOOD_ID},2021,80,Nguyễn Văn A\n", "indicator_id,year,value,nguoi_nhap\n"),
        "unknown_column",
        "an extra column outside the template (names and units are read past; this one is neither)",
    )
    add(
        "duplicate_column.csv",
        text_csv(f"{GOOD_ID},2021,80,2022\n", "indicator_id,year,value,year\n"),
        "duplicate_column",
        "the year column twice",
    )
    add(
        "blank_header_with_data.csv",
        text_csv(f"{GOOD_ID},2021,80,oops\n", "indicator_id,year,value,\n"),
        "unknown_column",
        "values under a column without a name",
    )
    book = workbook(
        [
            ["BÁO CÁO SỐ LIỆU THỰC HIỆN NĂM 2021"],
            HEAD,
            ["Mã chỉ tiêu", "Năm", "Giá trị", "Tỉnh", "Ước tính", "Ghi chú"],
            [GOOD_ID, 2021, 80],
        ]
    )
    add(
        "multiple_header_rows.xlsx",
        xlsx(book),
        "multiple_header_rows",
        "a title row above and a Vietnamese label row below the header",
    )
    book = workbook([HEAD, [GOOD_ID, 2021, 80, None, None, "a"], [GOOD_ID, 2022, 79]])
    book.active.merge_cells("F2:F3")
    add("merged_cells.xlsx", xlsx(book), "merged_cells", "note cells merged over two rows")
    book = workbook([HEAD, [GOOD_ID, 2021, 80]], title="Sheet1")
    book.create_sheet("Sheet2").append(HEAD)
    add("sheet_ambiguous.xlsx", xlsx(book), "sheet_ambiguous", "two sheets, none called actuals")
    book = workbook([["read me"]], title="ghi_chu")
    hidden = book.create_sheet("actuals")
    hidden.append(HEAD)
    hidden.append([GOOD_ID, 2021, 80])
    hidden.sheet_state = "hidden"
    add("sheet_hidden.xlsx", xlsx(book), "sheet_hidden", "the actuals sheet is hidden")

    # --- Cell rules ------------------------------------------------------------------------------------------
    add(
        "unknown_indicator.csv",
        text_csv("telecom_idi_rnak,2021,80,,,\nbroadband_per_100,2021,18,,,\n"),
        "unknown_indicator",
        "misspelt and invented indicator ids",
    )
    add(
        "sql_injection_indicator.csv",
        text_csv('"x\'); DROP TABLE actuals;--",2021,80,,,\n'),
        "unknown_indicator",
        "SQL injection text as the indicator id: rejected as an unknown id, never executed",
    )
    add("required_empty.csv", text_csv(",2021,80,,,\ntelecom_idi_rank,,80,,,\n"), "required_empty", "empty indicator id and year")
    add(
        "year_not_integer.csv",
        text_csv(f"{GOOD_ID},năm 2021,80,,,\n{GOOD_ID},2021.5,80,,,\n"),
        "year_not_integer",
        "year as text and as a fraction",
    )
    add("year_out_of_range.csv", text_csv(f"{GOOD_ID},1999,80,,,\n{GOOD_ID},2036,80,,,\n"), "year_out_of_range", "1999 and 2036")
    add(
        "value_decimal_comma.csv",
        text_csv(f'{PCT_ID},2021,"12,5",,,\n'),
        "value_decimal_comma",
        '"12,5" (decimal comma) in a comma CSV',
    )
    add(
        "value_decimal_comma_semicolon.csv",
        f"indicator_id;year;value\n{PCT_ID};2021;12,5\n".encode("utf-8-sig"),
        "value_decimal_comma",
        "Vietnamese-locale semicolon CSV with 12,5",
    )
    add(
        "value_not_number.csv",
        text_csv(f"{PCT_ID},2021,n/a,,,\n{PCT_ID},2022,<1,,,\n{PCT_ID},2023,12%,,,\n{PCT_ID},2024,khoảng 5,,,\n"),
        "value_not_number",
        "n/a, <1, 12% and 'khoảng 5'",
    )
    add(
        "value_thousands.csv",
        text_csv(f'{COUNT_ID},2021,1.234.567,,,\n{COUNT_ID},2022,"1,234,567",,,\n'),
        "value_not_number",
        "thousands separators",
    )
    add(
        "value_scientific.csv",
        text_csv(f"{COUNT_ID},2021,1.5E+06,,,\n"),
        "value_not_number",
        "scientific notation from a narrow Excel column",
    )
    add("value_empty.csv", text_csv(f"{PCT_ID},2021,,,,\n"), "value_empty", "no value")
    add(
        "value_nan_inf.csv",
        text_csv(f"{PCT_ID},2021,NaN,,,\n{PCT_ID},2022,inf,,,\n{PCT_ID},2023,-Infinity,,,\n"),
        "nan_or_inf",
        "NaN and infinities",
    )
    add(
        "value_long_digits.csv",
        text_csv(f"{COUNT_ID},2021,123456789012345678901234567890,,,\n"),
        "value_too_many_digits",
        "a 30-digit number",
    )
    add(
        "value_out_of_range.csv",
        text_csv(f"{PCT_ID},2021,150,,,\n{COUNT_ID},2021,-5,,,\n{GOOD_ID},2021,0,,,\n{GOOD_ID},2022,300,,,\n"),
        "value_out_of_range",
        "a 150% share, a negative count, ranks 0 and 300",
    )
    add("rank_not_whole.csv", text_csv(f"{GOOD_ID},2021,79.5,,,\n"), "rank_not_whole", "rank 79.5")
    add(
        "duplicate_key.csv",
        text_csv(f"{GOOD_ID},2021,80,,,\n{GOOD_ID},2021,81,,,\n{GOOD_ID},2021,80,01,,\n{GOOD_ID},2021,82,Hà Nội,,\n"),
        "duplicate_key",
        "the same indicator, year and province twice (national and Hà Nội = 01)",
    )
    add(
        "unknown_province.csv",
        text_csv(f"{COUNT_ID},2021,5,Tỉnh Sài Thành,,\n{COUNT_ID},2022,5,99,,\n{COUNT_ID},2023,5,Ha Noii,,\n"),
        "unknown_province",
        "invented, wrong-code and misspelt provinces",
    )
    add("is_estimate_invalid.csv", text_csv(f"{GOOD_ID},2021,80,,maybe,\n"), "is_estimate_invalid", "is_estimate = maybe")
    add("note_too_long.csv", text_csv(f"{GOOD_ID},2021,80,,,{'x' * 2500}\n"), "note_too_long", "a 2,500-character note")
    notes = [
        "**bold** _markdown_ [link](javascript:alert(1))",
        "<b>HTML</b><img src=x onerror=alert(1)>",
        "<script>alert('xss')</script>",
        '=HYPERLINK("http://evil","click")',
    ]
    body = "".join(f'{GOOD_ID},{2021 + i},80,,,"{n.replace(chr(34), chr(34) * 2)}"\n' for i, n in enumerate(notes))
    add(
        "notes_markup_with_error.csv",
        text_csv(body + f"{GOOD_ID},2030,n/a,,,<i>x</i>\n"),
        "value_not_number",
        "markdown/HTML/<script>/formula notes are plain data; the file fails on its 'n/a' value only",
    )
    book = workbook([HEAD, [PCT_ID, 2021, datetime(2021, 3, 1)], [PCT_ID, 2022, 12.5]])
    add("value_is_date.xlsx", xlsx(book), "value_is_date", "an Excel date in the value column")
    book = workbook([HEAD, [PCT_ID, 2021, True], [PCT_ID, 2022, False]])
    add("value_is_boolean.xlsx", xlsx(book), "value_is_boolean", "TRUE/FALSE in the value column")
    book = workbook([HEAD, [PCT_ID, datetime(2021, 1, 1), 50]])
    add("year_is_date.xlsx", xlsx(book), "year_not_integer", "an Excel date in the year column")
    book = workbook([HEAD, [PCT_ID, 2021, "=A1/0"], [PCT_ID, 2022, "=SUM(C5:C9)"]])
    add("formula_without_value.xlsx", xlsx(book), "formula_without_value", "formulas saved without a calculated value")
    sheet = (
        SHEET_OPEN
        + header_row()
        + (
            b'<row r="2"><c r="A2" t="inlineStr"><is><t>%s</t></is></c><c r="B2"><v>2021</v></c>'
            b'<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
            b'<row r="3"><c r="A3" t="inlineStr"><is><t>%s</t></is></c><c r="B3"><v>2022</v></c>'
            b'<c r="C3" t="e"><v>#N/A</v></c></row>' % (PCT_ID.encode(), PCT_ID.encode())
        )
        + SHEET_CLOSE
    )
    add("excel_error_values.xlsx", raw_xlsx(sheet), "excel_error_value", "#DIV/0! and #N/A in the value column")

    # --- Encodings and CSV syntax ----------------------------------------------------------------------------
    content = HEADER + f"{COUNT_ID},2021,5,Hà Nội,,Số liệu ước tính\n"
    add("utf16.csv", content.encode("utf-16"), "encoding_unsupported", "UTF-16 with BOM (Excel 'Unicode Text')")
    add("utf16_no_bom.csv", content.encode("utf-16-le"), "encoding_unsupported", "UTF-16 without BOM")
    add("windows1258.csv", cp1258(content), "encoding_unsupported", "Windows-1258 (Vietnamese ANSI) bytes")
    add(
        "windows1252.csv",
        (HEADER + f"{COUNT_ID},2021,5,,,Café résumé\n").encode("cp1252"),
        "encoding_unsupported",
        "Windows-1252 bytes",
    )
    add("csv_bad_quotes.csv", text_csv(f'{GOOD_ID},2021,"80"x,,,\n'), "csv_malformed", "text after a closing quote")

    # --- Not what it claims to be ----------------------------------------------------------------------------
    add("csv_named_xlsx.xlsx", text_csv(f"{GOOD_ID},2021,80,,,\n"), "extension_mismatch", "a CSV renamed to .xlsx")
    png = b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(200))
    add("png_named_xlsx.xlsx", png, "not_excel_or_csv", "a PNG image renamed to .xlsx")
    add(
        "pdf_named_csv.csv",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        "not_excel_or_csv",
        "a PDF renamed to .csv",
    )
    add(
        "html_named_xls.xls",
        b"<html><body><table><tr><td>indicator_id</td></tr></table></body></html>",
        "not_excel_or_csv",
        "an HTML table saved with an .xls name (common web-system export)",
    )
    add(
        "docx_named_xlsx.xlsx",
        stable_zip([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]),
        "not_excel_or_csv",
        "a Word document renamed to .xlsx",
    )
    add("random_binary.csv", bytes(rng.getrandbits(8) for _ in range(512)) + b"\x00" * 16, "not_excel_or_csv", "random bytes")
    add(
        "encrypted.xlsx",
        compound_file(
            [
                ("EncryptionInfo", bytes(rng.getrandbits(8) for _ in range(4096))),
                ("EncryptedPackage", bytes(rng.getrandbits(8) for _ in range(8192))),
            ]
        ),
        "encrypted_workbook",
        "a password-protected workbook (OLE2 container with EncryptedPackage)",
    )
    biff = b"\x09\x08\x10\x00\x00\x06\x05\x00" + bytes(4088)
    add("legacy.xls", compound_file([("Workbook", biff)]), "legacy_xls", "an Excel 97-2003 .xls")
    good = xlsx(workbook([HEAD, [GOOD_ID, 2021, 80]]))
    add("truncated.xlsx", good[: len(good) // 2], "corrupt_workbook", "the first half of a workbook (download cut off)")
    damaged = bytearray(raw_xlsx(SHEET_OPEN + header_row() + data_row(2) + SHEET_CLOSE))
    pos = damaged.find(b"xl/worksheets/sheet1.xml") + len(b"xl/worksheets/sheet1.xml") + 10
    damaged[pos] ^= 0xFF
    add("crc_mismatch.xlsx", bytes(damaged), "corrupt_workbook", "one flipped byte in the sheet data (bad CRC / deflate stream)")

    # --- Size and shape limits (rejected before parsing, in bounded memory) ----------------------------------
    add("zip_bomb.xlsx", zip_bomb(100), "zip_bomb", "100 KB file whose sheet XML inflates to 100 MB")
    sheet = (
        SHEET_OPEN
        + header_row()
        + data_row(2)
        + (b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>end</t></is></c></row>')
        + SHEET_CLOSE
    )
    add("rows_1048576.xlsx", raw_xlsx(sheet), "too_many_rows", "a cell in the last Excel row (1,048,576 rows)")
    rows = b"<row/>" * (1_048_576 - 2)
    add(
        "rows_1048576_dense.xlsx",
        raw_xlsx(SHEET_OPEN + header_row() + data_row(2) + rows + SHEET_CLOSE),
        "too_many_rows",
        "1,048,576 row elements (empty rows without r attributes, as some generators write them)",
    )
    cells = b"".join(b'<c r="%s1"><v>1</v></c>' % col.encode() for col in all_columns())
    add(
        "cols_16384.xlsx",
        raw_xlsx(SHEET_OPEN + b'<row r="1">' + cells + b"</row>" + data_row(2) + SHEET_CLOSE),
        "too_many_columns",
        "16,384 columns (A to XFD)",
    )
    add(
        "file_too_large.csv",
        text_csv("".join(f"{GOOD_ID},{2000 + i % 30},80,,,\n" for i in range(60))),
        "file_too_large",
        "2.7 KB against a 1 KB cap",
        env="DASHBOARD_MAX_UPLOAD_MB=0.001",
    )
    add(
        "too_many_rows.csv",
        text_csv("".join(f"{GOOD_ID},{2000 + i % 30},80,,,\n" for i in range(50))),
        "too_many_rows",
        "50 rows against a 10-row cap",
        env="DASHBOARD_MAX_UPLOAD_ROWS=10",
    )
    body = "".join(f"{PCT_ID},{2000 + i % 36},bad{i},,,\n" for i in range(10_000))
    add(
        "ten_thousand_errors.csv",
        text_csv(body),
        "value_not_number",
        "10,000 rows, each with a bad value: grouped, capped report",
    )

    # --- File names ------------------------------------------------------------------------------------------
    valid = text_csv(f"{GOOD_ID},2021,80,,,\n")
    add(
        "bad_name_backslash_dotdot.csv",
        valid,
        "bad_file_name",
        "a Windows path with .. as the file name",
        upload_name="..%5C..%5Cwindows%5Csystem32%5Cevil.csv",
    )
    add(
        "bad_name_control_chars.csv",
        valid,
        "bad_file_name",
        "a bell and an ANSI escape in the file name",
        upload_name="report%07%1B%5B31m.csv",
    )
    add("bad_name_leading_dots.csv", valid, "bad_file_name", "a name starting with ..", upload_name="..hidden.csv")

    real_files()

    with open(HERE / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["file", "upload_name", "expected_codes", "env", "description", "outcome"])
        writer.writerows(ENTRIES)
    total = sum(p.stat().st_size for p in HERE.iterdir() if p.is_file())
    print(f"{len(ENTRIES)} files, {total / 1024:.0f} KB")


ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
)


def ods_cell(value: object, percent: bool = False) -> str:
    """One cell as LibreOffice Calc writes it (typed value plus its displayed text, percent cells styled)."""
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, str):
        return (f'<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>{value}</text:p>'
                "</table:table-cell>")
    if percent:
        shown = f"{value * 100:.1f}".replace(".", ",") + "%"
        return (f'<table:table-cell table:style-name="ce1" office:value-type="percentage" office:value="{value}" '
                f'calcext:value-type="percentage"><text:p>{shown}</text:p></table:table-cell>')
    return (f'<table:table-cell office:value-type="float" office:value="{value}" calcext:value-type="float">'
            f"<text:p>{value}</text:p></table:table-cell>")


def ods(rows: list[list[object]], percent: set[tuple[int, int]] = frozenset(), hidden: set[int] = frozenset(),
        filtered: bool = False, sheet: str = "actuals") -> bytes:
    """An .ods as LibreOffice Calc saves it: stored mimetype first, typed cells, a '0.0%' percentage style, hidden
    or filtered rows (table:visibility) and the formatted empty rows below the data (number-rows-repeated)."""
    body = []
    for r, row in enumerate(rows, start=1):
        visibility = (' table:visibility="filter"' if filtered else ' table:visibility="collapsed"') if r in hidden else ""
        cells = "".join(ods_cell(v, (r, c) in percent) for c, v in enumerate(row, start=1))
        body.append(f'<table:table-row table:style-name="ro1"{visibility}>{cells}'
                    f'<table:table-cell table:number-columns-repeated="{1024 - len(row)}"/></table:table-row>')
    body.append('<table:table-row table:style-name="ro1" table:number-rows-repeated="1048570">'
                '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS} office:version="1.3">'
        '<office:automatic-styles>'
        '<style:style style:name="ta1" style:family="table" style:master-page-name="Default">'
        '<style:table-properties table:display="true" style:writing-mode="lr-tb"/></style:style>'
        '<number:percentage-style style:name="N11"><number:number number:decimal-places="1" '
        'number:min-decimal-places="1" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>'
        '<style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N11"/>'
        '<style:style style:name="ro1" style:family="table-row"><style:table-row-properties style:row-height="0.452cm" '
        'fo:break-before="auto" style:use-optimal-row-height="true" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:'
        'xsl-fo-compatible:1.0"/></style:style>'
        '</office:automatic-styles><office:body><office:spreadsheet>'
        f'<table:table table:name="{sheet}" table:style-name="ta1"><table:table-column table:number-columns-repeated="1024"/>'
        + "".join(body)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
        'manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        info = zipfile.ZipInfo("mimetype", date_time=FIXED_TIME)
        zf.writestr(info, "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        for name, data in (("content.xml", content), ("META-INF/manifest.xml", manifest)):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            zf.writestr(info, data.encode(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()


def letterhead_rows() -> list[list[object]]:
    """The first rows of a ministry report: agency, motto, title, date, a blank row."""
    return [["BỘ THÔNG TIN VÀ TRUYỀN THÔNG", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            ["VỤ KẾ HOẠCH - TÀI CHÍNH", None, "Độc lập - Tự do - Hạnh phúc"], [None],
            ["BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2021"], ["(Kèm theo Công văn số 123/BTTTT-KHTC)"], [None]]


INTERNET_ID = "telecom_internet_users_pct"  # % ; documents give 2019 = 68.7
WORKFORCE_ID = "ict_industry_it_workforce"  # people ; documents give 2019 = 973692


def real_files() -> None:
    """Files the way Excel makes them (number formats, hidden and filtered rows) and the mistakes analysts make."""
    book = workbook([["indicator_id", "year", "value"], [WORKFORCE_ID, 2020, 0.5]])
    book.active["C2"].number_format = "0%"
    add("percent_format_on_count.xlsx", xlsx(book), "percent_format", "a '0%' cell for an indicator counted in people")
    add("value_vn_thousands_dot.csv", text_csv(f"{WORKFORCE_ID},2020,998.500,,,\n{WORKFORCE_ID},2021,973.692,,,\n"),
        "value_ambiguous_thousands", "998.500 and 973.692 (Vietnamese thousands dots, as the dashboard prints them)")
    add("year_in_future.csv", text_csv(f"{GOOD_ID},2035,80,,,\n"), "year_in_future", "an actual for 2035")
    book = workbook([["indicator_id", "year", "value"], [INTERNET_ID, 2020, 0.687], [INTERNET_ID, 2021, 0.7032]])
    book.active["C2"].number_format = "0.0%"
    book.active["C3"].number_format = "0.00%"
    add("percent_formatted.xlsx", xlsx(book), "percent_format_converted", "68,7% typed in Excel (0.687 in a 0.0% cell)",
        outcome="warned")
    book = workbook([["indicator_id", "year", "value"], [GOOD_ID, 2018, 80], [GOOD_ID, 2020, 79], [INTERNET_ID, 2020, 70]])
    book.active.row_dimensions[3].hidden = True
    add("hidden_rows.xlsx", xlsx(book), "hidden_rows", "row 3 hidden by hand", outcome="warned")
    book = workbook([["indicator_id", "year", "value"], [GOOD_ID, 2018, 80], [INTERNET_ID, 2020, 70], [GOOD_ID, 2020, 79]])
    book.active.auto_filter.ref = "A1:C4"
    book.active.auto_filter.add_filter_column(0, [GOOD_ID])
    book.active.row_dimensions[3].hidden = True
    add("filtered_rows.xlsx", xlsx(book), "hidden_rows", "row 3 hidden by an AutoFilter", outcome="warned")
    # Files analysts really send, read as they are (issue 12, points 7-11).
    book = workbook([["Mã chỉ tiêu", "Năm", "Giá trị", "Tỉnh/thành phố", "Ước tính", "Ghi chú"],
                     [GOOD_ID, 2021, 80, None, "Có", "theo báo cáo ITU"], [INTERNET_ID, 2021, 70.3, "Hà Nội", None, None]])
    add("vietnamese_headers.xlsx", xlsx(book), "none", "Vietnamese column names (Mã chỉ tiêu, Năm, Giá trị, …)",
        outcome="accepted")
    book = workbook([*letterhead_rows(), ["STT", "Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "2019", "2020", "2021"],
                     [1, INTERNET_ID, "Tỷ lệ người sử dụng Internet", "%", None, 0.701, 0.732],
                     [2, GOOD_ID, "Xếp hạng IDI", "hạng", None, None, 80]])
    for ref in ("F8", "G8"):
        book.active[ref].number_format = "0.0%"
    add("wide_layout.xlsx", xlsx(book), "wide_layout multiple_header_rows ignored_columns percent_format_converted",
        "the report layout: letterhead, STT/name/unit columns, years as columns, 0.0% cells", outcome="warned")
    add("csv_sep_line.csv", ("sep=;\nMã chỉ tiêu;Năm;Giá trị\n\n" + f"{GOOD_ID};2021;80\n;;\n{GOOD_ID};2020;81\n").encode(),
        "none", "Excel's 'sep=;' first line, blank and ';;' lines", outcome="accepted")
    add("libreoffice.ods", ods([["indicator_id", "year", "value"], [INTERNET_ID, 2020, 0.687], [GOOD_ID, 2021, 80],
                                [GOOD_ID, 2020, 81]], percent={(2, 3)}, hidden={4}),
        "percent_format_converted hidden_rows", "LibreOffice .ods: a 68,7% cell and a hidden row", outcome="warned")
    book = workbook([["indicator_id", "year", "value", "note"], [GOOD_ID, 2020, 80], [GOOD_ID, 2021, 79]])
    with zipfile.ZipFile(io.BytesIO(xlsx(book))) as zf:
        members = [(n, zf.read(n)) for n in sorted(zf.namelist())]
    sheet_name = "xl/worksheets/sheet1.xml"
    sheet = dict(members)[sheet_name].decode()
    for row in (2, 3):  # IF(...,"",...) filled down: Excel saves the empty text result as t="str" with an empty <v>
        cell = f'<c r="D{row}" t="str"><f>IF(C{row}&gt;100,"kiểm tra","")</f><v></v></c>'
        sheet = re.sub(rf'(<row r="{row}"[^>]*>.*?)(</row>)', lambda m, c=cell: m.group(1) + c + m.group(2), sheet, count=1)
    filled = "".join(f'<row r="{r}"><c r="D{r}" t="str"><f t="shared" si="0"/><v></v></c></row>' for r in range(4, 40))
    sheet = sheet.replace("</sheetData>", filled + "</sheetData>")
    add("if_formulas_filled_down.xlsx", stable_zip([(n, sheet.encode() if n == sheet_name else d) for n, d in members]),
        "none", 'IF(...,"",...) filled down to row 39: empty text results are blank cells', outcome="accepted")
    add("implausible_fraction.csv", text_csv(f"{INTERNET_ID},2020,0.732,,,\n"), "fraction",
        "a share as a fraction of 1 where the series is ~69", outcome="confirm")
    add("implausible_thousands.csv", text_csv(f"{WORKFORCE_ID},2020,1050,,,\n"), "jump",
        "people counted in thousands where the series is ~1 000 000", outcome="confirm")


def all_columns() -> list[str]:
    """Excel column letters A..XFD."""
    out = []
    for n in range(1, 16385):
        letters = ""
        while n:
            n, rem = divmod(n - 1, 26)
            letters = chr(65 + rem) + letters
        out.append(letters)
    return out


if __name__ == "__main__":
    main()
