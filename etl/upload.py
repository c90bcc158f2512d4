"""Analysts' upload of actuals: read, validate, preview, publish, revert and history (pure; no Streamlit).

Every problem of a file is reported at once as ValidationIssue rows with Excel row numbers (header = row 1) and
messages in Vietnamese and English. Nothing is written unless the file has no error. Decisions worth knowing:

- The content decides how a file is read (magic bytes), never the extension; an extension that disagrees with the
  content is an error (`extension_mismatch`) so a disguised or mislabelled file is never published unnoticed.
- File names: only the base name is kept. A name with path separators, `..` or control characters is an error
  (`bad_file_name`): browsers and the CLI only ever send base names, so such a name means a tampered client or a
  broken tool, and renaming is a trivial fix.
- Columns outside the template are errors (`unknown_column`), so a wide-format or wrong file is not half-read.
- Size and row caps are enforced before parsing: bytes by length; .xlsx members by their declared sizes and
  compression ratios, then the sheet XML is streamed (bounded memory) and counting stops at the cap; CSV by lines.
"""

from __future__ import annotations

import csv
import difflib
import filecmp
import hashlib
import io
import math
import os
import re
import secrets
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from etl.actuals import sql_text
from etl.build import BATCH_SCHEMA, UPLOAD_SCHEMA, publish_derived, read_batches, upload_files
from etl.provinces import Registry, Resolution, mixed_years, name_key
from etl.warehouse import data_dir, publish_lock, require_current

# ---------------------------------------------------------------------------------------------------------------
# Limits
# ---------------------------------------------------------------------------------------------------------------
DEFAULT_MAX_MB = 20.0
DEFAULT_MAX_ROWS = 1_000_000
MAX_COLUMNS = 50
YEAR_MIN, YEAR_MAX = 2000, 2035
MAX_NOTE_CHARS = 2000
MAX_SIGNIFICANT_DIGITS = 15
MAX_DETAILED_ISSUES = 1000
MAX_DETAILED_PER_CODE = 200
HEADER_SEARCH_ROWS = 10
# Zip members: a legitimate sheet XML compresses ~10:1; deflate tops out near 1000:1 on repeated bytes.
BOMB_RATIO = 200
BOMB_MIN_BYTES = 8 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
SCAN_CHUNK = 1 << 20
XML_OVERLAP = 8192

REQUIRED = ("indicator_id", "year", "value")
OPTIONAL = ("province", "is_estimate", "note")
KNOWN = REQUIRED + OPTIONAL
ALIASES = {"actual_value": "value", "province_code": "province", "estimate": "is_estimate"}
BATCH_ID_RE = re.compile(r"^b\d{8}T\d{6}Z-[0-9a-f]{6}$")


def max_upload_bytes() -> int:
    """The byte cap: $DASHBOARD_MAX_UPLOAD_MB (default 20), read at call time."""
    return int(float(os.environ.get("DASHBOARD_MAX_UPLOAD_MB") or DEFAULT_MAX_MB) * 1024 * 1024)


def max_upload_rows() -> int:
    """The data-row cap: $DASHBOARD_MAX_UPLOAD_ROWS (default 1,000,000), read at call time."""
    return int(os.environ.get("DASHBOARD_MAX_UPLOAD_ROWS") or DEFAULT_MAX_ROWS)


# ---------------------------------------------------------------------------------------------------------------
# Messages: code (or code.variant) -> (message_vi, message_en, fix_vi, fix_en). Values are passed as format
# arguments, never spliced into the template, so braces in a cell cannot break formatting.
# ---------------------------------------------------------------------------------------------------------------
COLS_VI = "indicator_id, year, value (bắt buộc); province, is_estimate, note (không bắt buộc)"
COLS_EN = "indicator_id, year, value (required); province, is_estimate, note (optional)"
MESSAGES: dict[str, tuple[str, str, str, str]] = {
    "empty_file": (
        "Tệp rỗng (0 byte).",
        "The file is empty (0 bytes).",
        "Nhập số liệu vào trang «actuals» của mẫu (mỗi dòng một chỉ tiêu, một năm) rồi tải lên lại.",
        "Enter the figures in the template's 'actuals' sheet (one row per indicator and year) and upload again.",
    ),
    "empty_file.no_rows": (
        "Có tên cột nhưng không có dòng số liệu nào.",
        "There are column names but no data rows.",
        "Nhập số liệu từ dòng 2 trở đi (mỗi dòng một chỉ tiêu, một năm) rồi tải lên lại.",
        "Enter the figures from row 2 on (one row per indicator and year) and upload again.",
    ),
    "empty_file.no_cells": (
        "Trang tính không có ô nào có dữ liệu.",
        "The sheet has no cells with data.",
        "Nhập tên cột ở dòng 1 (" + COLS_VI + ") và số liệu từ dòng 2.",
        "Put the column names in row 1 (" + COLS_EN + ") and the figures from row 2.",
    ),
    "file_too_large": (
        "Tệp có dung lượng {size_mb} MB, vượt giới hạn {limit_mb} MB.",
        "The file is {size_mb} MB, above the {limit_mb} MB limit.",
        "Chia số liệu thành nhiều tệp nhỏ hơn, hoặc xóa các trang tính, hình ảnh không cần thiết rồi tải lên lại.",
        "Split the data into smaller files, or remove unneeded sheets and images, and upload again.",
    ),
    "too_many_rows": (
        "Trang tính có tới dòng {rows} (tính cả các dòng trống đã định dạng), vượt giới hạn {limit} dòng số liệu.",
        "The sheet reaches row {rows} (counting formatted empty rows), above the limit of {limit} data rows.",
        "Xóa các dòng trống phía dưới số liệu (chọn các dòng, bấm chuột phải → Delete) hoặc chia thành nhiều tệp.",
        "Delete the empty rows below the data (select them, right-click → Delete) or split the file.",
    ),
    "too_many_rows.csv": (
        "Tệp CSV có {rows} dòng, vượt giới hạn {limit} dòng số liệu.",
        "The CSV has {rows} lines, above the limit of {limit} data rows.",
        "Chia số liệu thành nhiều tệp nhỏ hơn rồi tải lên lần lượt.",
        "Split the data into smaller files and upload them one by one.",
    ),
    "too_many_columns": (
        "Trang tính dùng tới cột thứ {cols}, vượt giới hạn {limit} cột.",
        "The sheet uses {cols} columns, above the limit of {limit}.",
        "Chỉ giữ các cột " + COLS_VI + "; xóa các cột thừa bên phải.",
        "Keep only the columns " + COLS_EN + "; delete the extra columns to the right.",
    ),
    "too_many_columns.cells": (
        "Trang tính có hơn {cells} ô, vượt giới hạn.",
        "The sheet has more than {cells} cells, above the limit.",
        "Chỉ giữ các cột " + COLS_VI + "; xóa các cột thừa.",
        "Keep only the columns " + COLS_EN + "; delete the others.",
    ),
    "zip_bomb": (
        "Tệp .xlsx nén bất thường: phần «{member}» giải nén ra {size_mb} MB (tỷ lệ nén {ratio}:1); "
        "hệ thống từ chối để bảo vệ máy chủ.",
        "The .xlsx is abnormally compressed: part '{member}' expands to {size_mb} MB (ratio {ratio}:1); "
        "it is refused to protect the server.",
        "Mở tệp trong Excel, sao chép số liệu sang một bản mẫu mới, lưu rồi tải lên lại.",
        "Open it in Excel, copy the data into a fresh template, save and upload again.",
    ),
    "zip_bomb.total": (
        "Tệp .xlsx giải nén ra {size_mb} MB, vượt giới hạn {limit_mb} MB.",
        "The .xlsx expands to {size_mb} MB, above the {limit_mb} MB limit.",
        "Chia số liệu thành nhiều tệp nhỏ hơn, xóa các trang tính và hình ảnh không cần thiết.",
        "Split the data into smaller files; remove unneeded sheets and images.",
    ),
    "not_excel_or_csv": (
        "Nội dung tệp không phải Excel (.xlsx) hay CSV: nhận dạng được {detected_vi}.",
        "The file's content is not Excel (.xlsx) or CSV: it looks like {detected_en}.",
        "Tải lên tệp .xlsx (Excel 2007 trở lên) hoặc .csv UTF-8; nên dùng mẫu tải về từ trang này.",
        "Upload an .xlsx (Excel 2007 or later) or a UTF-8 .csv; best start from the template on this page.",
    ),
    "legacy_xls": (
        "Tệp ở định dạng Excel 97-2003 (.xls) cũ, không được hỗ trợ.",
        "The file is in the old Excel 97-2003 (.xls) format, which is not supported.",
        "Mở trong Excel, chọn File → Save As → «Excel Workbook (*.xlsx)» rồi tải lên lại.",
        "Open it in Excel, choose File → Save As → 'Excel Workbook (*.xlsx)', and upload again.",
    ),
    "encrypted_workbook": (
        "Tệp Excel được đặt mật khẩu (mã hóa) nên không đọc được.",
        "The workbook is password-protected (encrypted) and cannot be read.",
        "Mở tệp trong Excel, vào File → Info → Protect Workbook → Encrypt with Password, xóa mật khẩu, lưu rồi tải lên lại.",
        "Open it in Excel, File → Info → Protect Workbook → Encrypt with Password, clear the password, save and upload again.",
    ),
    "corrupt_workbook": (
        "Tệp Excel bị hỏng hoặc không đầy đủ ({detail}).",
        "The workbook is damaged or incomplete ({detail}).",
        "Mở tệp trong Excel (Excel sẽ đề nghị sửa), lưu lại dạng .xlsx rồi tải lên; hoặc xuất lại từ hệ thống nguồn.",
        "Open it in Excel (it offers to repair it), save as .xlsx and upload again; or export it again from the source.",
    ),
    "encoding_unsupported": (
        "Tệp CSV không được mã hóa UTF-8 ({detail_vi}); tiếng Việt sẽ bị lỗi phông.",
        "The CSV is not UTF-8 encoded ({detail_en}); Vietnamese text would be garbled.",
        "Trong Excel chọn File → Save As → «CSV UTF-8 (Comma delimited) (*.csv)», hoặc tải lên tệp .xlsx.",
        "In Excel choose File → Save As → 'CSV UTF-8 (Comma delimited) (*.csv)', or upload the .xlsx instead.",
    ),
    "csv_malformed": (
        "Tệp CSV sai cấu trúc gần dòng {line}: {detail}.",
        "The CSV is malformed near line {line}: {detail}.",
        'Kiểm tra dấu ngoặc kép (") và dấu phân cách ở dòng đó, hoặc lưu lại từ Excel dạng «CSV UTF-8».',
        "Check the quotes (\") and separators on that line, or save it again from Excel as 'CSV UTF-8'.",
    ),
    "extension_mismatch": (
        "Tên tệp có đuôi «{ext}» nhưng nội dung là {kind_vi}.",
        "The file name ends in '{ext}' but the content is {kind_en}.",
        "Đổi đuôi tệp thành «{want}» (hoặc lưu lại đúng định dạng) rồi tải lên lại.",
        "Rename the file to end in '{want}' (or save it in the right format) and upload again.",
    ),
    "bad_file_name": (
        "Tên tệp chứa {what_vi}.",
        "The file name contains {what_en}.",
        "Đổi tên tệp thành một tên đơn giản, ví dụ «{suggest}», rồi tải lên lại.",
        "Rename the file to a plain name such as '{suggest}' and upload again.",
    ),
    "sheet_ambiguous": (
        "Sổ tính có {n} trang tính ({names}) và không trang nào tên «actuals», nên không biết số liệu ở trang nào.",
        "The workbook has {n} sheets ({names}) and none is named 'actuals', so it is unclear which one holds the data.",
        "Đổi tên trang chứa số liệu thành «actuals» (hoặc xóa các trang khác) rồi tải lên lại.",
        "Rename the sheet with the data to 'actuals' (or delete the other sheets) and upload again.",
    ),
    "sheet_ambiguous.none": (
        "Sổ tính không có trang tính nào hiển thị để đọc.",
        "The workbook has no visible worksheet to read.",
        "Bỏ ẩn trang chứa số liệu (chuột phải vào tên trang → Unhide) và đặt tên «actuals».",
        "Unhide the sheet with the data (right-click a sheet tab → Unhide) and name it 'actuals'.",
    ),
    "sheet_hidden": (
        "Trang «{sheet}» chứa số liệu nhưng đang bị ẩn.",
        "The sheet '{sheet}' holding the data is hidden.",
        "Bỏ ẩn trang (chuột phải vào tên trang → Unhide), kiểm tra lại số liệu rồi tải lên.",
        "Unhide it (right-click a sheet tab → Unhide), check the figures and upload again.",
    ),
    "sheet_hidden.ignored": (
        "Đã đọc trang «{sheet}»; bỏ qua {n} trang ẩn: {names}.",
        "Read the sheet '{sheet}'; ignored {n} hidden sheet(s): {names}.",
        "Không cần làm gì nếu số liệu nằm ở trang «{sheet}»; nếu không, bỏ ẩn trang đúng và đặt tên «actuals».",
        "Nothing to do if the data is on '{sheet}'; otherwise unhide the right sheet and name it 'actuals'.",
    ),
    "multiple_header_rows": (
        "Tên cột nằm ở dòng {header_row}; phía trên còn {n} dòng khác (tên báo cáo, tiêu đề phụ…).",
        "The column names are in row {header_row}, with {n} other row(s) above them (titles, sub-headers).",
        "Xóa các dòng phía trên để tên cột nằm ở dòng 1.",
        "Delete the rows above so the column names are in row 1.",
    ),
    "multiple_header_rows.below": (
        "Dòng này trông như dòng tiêu đề thứ hai («{value}»), không phải số liệu.",
        "This row looks like a second header row ('{value}'), not data.",
        "Xóa dòng này; mẫu chỉ có một dòng tiêu đề.",
        "Delete this row; the template has a single header row.",
    ),
    "merged_cells": (
        "Các ô {value} đang được gộp (merge).",
        "Cells {value} are merged.",
        "Bỏ gộp ô (Home → Merge & Center → Unmerge Cells) và ghi giá trị vào từng ô.",
        "Unmerge them (Home → Merge & Center → Unmerge Cells) and fill in every cell.",
    ),
    "missing_column": (
        "Thiếu cột bắt buộc «{column}».",
        "The required column '{column}' is missing.",
        "Thêm cột «{column}» vào dòng tên cột (dòng 1). Các cột: " + COLS_VI + ".",
        "Add a '{column}' column to the header row (row 1). Columns: " + COLS_EN + ".",
    ),
    "misspelt_column": (
        "Tên cột «{value}» không đúng; có lẽ là «{column}».",
        "The column name '{value}' is not recognised; it is probably '{column}'.",
        "Đổi tên cột thành «{column}».",
        "Rename the column to '{column}'.",
    ),
    "unknown_column": (
        "Cột «{value}» không thuộc mẫu.",
        "The column '{value}' is not part of the template.",
        "Xóa cột này. Các cột được chấp nhận: " + COLS_VI + ".",
        "Delete this column. Accepted columns: " + COLS_EN + ".",
    ),
    "unknown_column.blank": (
        "Cột {letter} có số liệu nhưng không có tên cột.",
        "Column {letter} has values but no column name.",
        "Xóa cột này hoặc đặt tên cột đúng mẫu: " + COLS_VI + ".",
        "Delete the column or give it a template name: " + COLS_EN + ".",
    ),
    "duplicate_column": (
        "Cột «{column}» xuất hiện {n} lần (các cột {letters}).",
        "The column '{column}' appears {n} times (columns {letters}).",
        "Giữ một cột «{column}», xóa các cột trùng.",
        "Keep one '{column}' column and delete the duplicates.",
    ),
    "required_empty": (
        "Ô «{column}» để trống.",
        "The '{column}' cell is empty.",
        "Ghi {what_vi} vào ô này, hoặc xóa cả dòng nếu không dùng.",
        "Fill in the {what_en}, or delete the whole row if it is not needed.",
    ),
    "unknown_indicator": (
        "Mã chỉ tiêu «{value}» không có trong danh mục.",
        "The indicator id '{value}' is not in the catalog.",
        "Chọn mã trong danh sách thả xuống của mẫu hoặc ở trang «indicators»{suggest_vi}.",
        "Pick an id from the template's drop-down or its 'indicators' sheet{suggest_en}.",
    ),
    "case_normalised": (
        "{n} mã chỉ tiêu viết hoa/thường khác danh mục (ví dụ dòng {rows}); đã hiểu theo danh mục, ví dụ «{canon}».",
        "{n} indicator id(s) differ from the catalog only in letter case (e.g. rows {rows}); "
        "read as the catalog id, e.g. '{canon}'.",
        "Không cần làm gì; lần sau nên chọn mã từ danh sách thả xuống.",
        "Nothing to do; next time pick ids from the drop-down.",
    ),
    "year_not_integer": (
        "Năm «{value}» không phải số nguyên.",
        "The year '{value}' is not a whole number.",
        "Ghi năm là số có 4 chữ số, ví dụ 2021.",
        "Write the year as a 4-digit number, e.g. 2021.",
    ),
    "year_not_integer.date": (
        "Ô năm chứa ngày tháng ({value}), không phải năm.",
        "The year cell holds a date ({value}), not a year.",
        "Định dạng cột năm là Number (Home → Number Format → Number) và ghi năm, ví dụ 2021.",
        "Format the year column as Number (Home → Number Format → Number) and type the year, e.g. 2021.",
    ),
    "year_out_of_range": (
        "Năm {value} nằm ngoài khoảng cho phép 2000–2035.",
        "The year {value} is outside the allowed 2000–2035.",
        "Kiểm tra lại năm; chỉ nhận số liệu các năm 2000–2035.",
        "Check the year; only 2000–2035 is accepted.",
    ),
    "value_empty": (
        "Ô giá trị để trống.",
        "The value cell is empty.",
        "Ghi số liệu; nếu chưa có số liệu thì xóa cả dòng (không ghi 0).",
        "Enter the figure; if there is none yet, delete the row (do not write 0).",
    ),
    "value_not_number": (
        "Giá trị «{value}» không phải là số.",
        "The value '{value}' is not a number.",
        "Chỉ ghi số, dùng dấu chấm thập phân, ví dụ 12.5.",
        "Write a plain number with a decimal point, e.g. 12.5.",
    ),
    "value_not_number.percent": (
        "Giá trị «{value}» có ký hiệu %, không phải số thuần.",
        "The value '{value}' contains a % sign; it is not a plain number.",
        "Ghi {suggest} (không kèm %); đơn vị đã quy định trong danh mục chỉ tiêu.",
        "Write {suggest} (without %); the unit is set in the indicator catalog.",
    ),
    "value_not_number.approx": (
        "Giá trị «{value}» là một so sánh/khoảng ước lượng, không phải một số.",
        "The value '{value}' is a comparison or approximation, not a number.",
        "Ghi một số cụ thể; nếu đó là số ước tính, ghi số và đặt is_estimate = TRUE.",
        "Write one number; if it is an estimate, write the number and set is_estimate = TRUE.",
    ),
    "value_not_number.missing": (
        "Giá trị «{value}» đánh dấu không có số liệu.",
        "The value '{value}' marks a missing figure.",
        "Nếu chưa có số liệu, xóa cả dòng thay vì ghi «{value}».",
        "If there is no figure, delete the row instead of writing '{value}'.",
    ),
    "value_not_number.thousands": (
        "Giá trị «{value}» có dấu phân cách hàng nghìn hoặc khoảng trắng.",
        "The value '{value}' contains thousands separators or spaces.",
        "Bỏ dấu phân cách hàng nghìn: ghi {suggest}.",
        "Remove the thousands separators: write {suggest}.",
    ),
    "value_not_number.scientific": (
        "Giá trị «{value}» ở dạng số mũ (khoa học), có thể đã mất chữ số.",
        "The value '{value}' is in scientific notation and may have lost digits.",
        "Định dạng cột là Number và ghi đầy đủ chữ số, ví dụ {suggest}.",
        "Format the column as Number and write every digit, e.g. {suggest}.",
    ),
    "value_decimal_comma": (
        "Giá trị «{value}» dùng dấu phẩy thập phân.",
        "The value '{value}' uses a decimal comma.",
        "Ghi {suggest} (dùng dấu chấm thập phân). Nếu dấu phẩy là phân cách hàng nghìn thì bỏ dấu phẩy. Hệ thống không tự đoán.",
        "Write {suggest} (decimal point). If the comma is a thousands separator, remove it. The system does not guess.",
    ),
    "value_is_date": (
        "Ô giá trị chứa ngày tháng ({value}), không phải số.",
        "The value cell holds a date ({value}), not a number.",
        "Định dạng ô là Number (Home → Number Format → Number) và ghi lại số liệu.",
        "Format the cell as Number (Home → Number Format → Number) and type the figure again.",
    ),
    "value_is_boolean": (
        "Ô giá trị chứa giá trị logic {value}, không phải số.",
        "The value cell holds the logical value {value}, not a number.",
        "Ghi số liệu; TRUE/FALSE chỉ dùng ở cột is_estimate.",
        "Write the figure; TRUE/FALSE belongs in the is_estimate column.",
    ),
    "value_too_many_digits": (
        "Giá trị «{value}» có {n} chữ số, nhiều hơn {limit} chữ số có nghĩa lưu được chính xác.",
        "The value '{value}' has {n} digits, more than the {limit} significant digits that can be stored exactly.",
        "Kiểm tra lại số (có thể dán nhầm mã số) và ghi theo đúng đơn vị của chỉ tiêu.",
        "Check the number (perhaps an id was pasted) and write it in the indicator's unit.",
    ),
    "nan_or_inf": (
        "Giá trị «{value}» không phải một số hữu hạn (NaN/vô cực).",
        "The value '{value}' is not a finite number (NaN/infinity).",
        "Ghi số liệu thực; nếu chưa có số liệu thì xóa cả dòng.",
        "Write the real figure; if there is none, delete the row.",
    ),
    "value_out_of_range": (
        "Giá trị {value} nằm ngoài khoảng cho phép {range} của chỉ tiêu «{indicator}» (đơn vị: {unit}).",
        "The value {value} is outside the allowed range {range} of '{indicator}' (unit: {unit_en}).",
        "Kiểm tra lại số và đơn vị «{unit}»{hint_vi}.",
        "Check the figure and the unit '{unit_en}'{hint_en}.",
    ),
    "rank_not_whole": (
        "Thứ hạng {value} của chỉ tiêu «{indicator}» phải là số nguyên.",
        "The rank {value} of '{indicator}' must be a whole number.",
        "Ghi thứ hạng là số nguyên từ {low} đến {high}.",
        "Write the rank as a whole number from {low} to {high}.",
    ),
    "formula_without_value": (
        "Ô {ref} chứa công thức «{value}» nhưng chưa có giá trị đã tính (tệp tạo bằng chương trình không tính công thức).",
        "Cell {ref} holds the formula '{value}' but no saved result (the file was made by a program that does not calculate).",
        "Mở tệp trong Excel để Excel tính lại, lưu rồi tải lên; hoặc dán giá trị (Paste Special → Values).",
        "Open the file in Excel so it recalculates, save and upload again; or paste values (Paste Special → Values).",
    ),
    "excel_error_value": (
        "Ô chứa lỗi Excel {value}.",
        "The cell holds the Excel error {value}.",
        "Sửa công thức gây lỗi hoặc ghi số liệu trực tiếp.",
        "Fix the formula that causes the error or type the figure directly.",
    ),
    "unknown_province": (
        "Tỉnh/thành phố «{value}» không có trong danh mục đơn vị hành chính cấp tỉnh (63 đơn vị đến 30/06/2025, "
        "34 đơn vị từ 01/07/2025).",
        "The province '{value}' is not a provincial-level unit (63 until 30/06/2025, 34 from 01/07/2025).",
        "Ghi mã 2 chữ số (ví dụ 01) hoặc tên (ví dụ Hà Nội, TP. Hồ Chí Minh) theo trang «provinces» của mẫu; "
        "để trống nếu là số liệu cả nước{suggest_vi}.",
        "Write the 2-digit code (e.g. 01) or the name (e.g. Hà Nội, TP. Hồ Chí Minh) from the template's 'provinces' sheet; "
        "leave it blank for a national figure{suggest_en}.",
    ),
    "province_dissolved": (
        "«{value}» là {named} đã sáp nhập vào {successor} từ ngày {since}; số liệu năm {year} phải ghi cho đơn vị mới.",
        "'{value}' is {named}, merged into {successor} on {since}; a {year} figure belongs to the new unit.",
        "Ghi «{successor_name}» (mã {successor_code}) với số liệu của cả đơn vị mới; nếu số liệu là của năm 2024 trở về "
        "trước thì sửa cột year (Nghị quyết 202/2025/QH15).",
        "Write '{successor_name}' (code {successor_code}) with the figure for the whole new unit; if the figure is for "
        "2024 or earlier, correct the year column (Resolution 202/2025/QH15).",
    ),
    "province_merged_reading": (
        "{n} dòng năm {year} (ví dụ dòng {rows}) ghi {names}: đã hiểu là đơn vị mới hợp nhất từ ngày 01/07/2025 "
        "(ví dụ {example}), không phải đơn vị cùng tên hoặc cùng mã trước sáp nhập.",
        "{n} row(s) for {year} (e.g. rows {rows}) name {names}: read as the new units merged on 01/07/2025 (e.g. "
        "{example}), not the smaller units of that name or code before the merger.",
        "Không cần làm gì nếu số liệu là của đơn vị mới; số liệu của đơn vị trước sáp nhập là số liệu năm 2024 trở về "
        "trước: sửa cột year.",
        "Nothing to do if the figures are for the new units; figures of the units before the merger are for 2024 or "
        "earlier: correct the year column.",
    ),
    "province_sets_mixed": (
        "Năm {year} trộn hai danh mục tỉnh: {old_n} dòng ghi đơn vị đã sáp nhập ({old_names}) và {new_n} dòng ghi đơn "
        "vị mới hợp nhất ({new_names}).",
        "Year {year} mixes the two lists of provinces: {old_n} row(s) name merged-away units ({old_names}) and {new_n} "
        "row(s) name new merged units ({new_names}).",
        "Từ năm 2025 chỉ dùng 34 đơn vị mới; năm 2024 trở về trước dùng 63 đơn vị cũ (trang «provinces» của mẫu). "
        "Kiểm tra cột year và province của các dòng này.",
        "From 2025 use only the 34 new units; 2024 and earlier use the 63 former units (the template's 'provinces' "
        "sheet). Check the year and province columns of these rows.",
    ),
    "is_estimate_invalid": (
        "Giá trị «{value}» ở cột is_estimate không hợp lệ.",
        "'{value}' is not a valid is_estimate.",
        "Ghi TRUE (số ước tính) hoặc FALSE (số chính thức), hoặc để trống (= FALSE).",
        "Write TRUE (estimate) or FALSE (final figure), or leave it blank (= FALSE).",
    ),
    "note_too_long": (
        "Ghi chú dài {n} ký tự, vượt giới hạn {limit} ký tự.",
        "The note is {n} characters long, above the {limit} limit.",
        "Rút gọn ghi chú.",
        "Shorten the note.",
    ),
    "duplicate_key": (
        "Trùng khóa: chỉ tiêu «{indicator}», năm {year}, {where_vi} cũng có ở dòng {others}.",
        "Duplicate key: indicator '{indicator}', year {year}, {where_en} also appears in row(s) {others}.",
        "Giữ một dòng cho mỗi chỉ tiêu, năm và tỉnh; xóa hoặc sửa các dòng trùng.",
        "Keep one row per indicator, year and province; delete or correct the duplicates.",
    ),
    "whitespace_normalised": (
        "{n} ô ở cột «{column}» có khoảng trắng thừa ở đầu/cuối hoặc ký tự vô hình (ví dụ dòng {rows}); đã tự loại bỏ.",
        "{n} cell(s) in column '{column}' had stray leading/trailing spaces or invisible characters (e.g. rows {rows}); removed.",
        "Không cần làm gì; lần sau có thể dùng hàm TRIM.",
        "Nothing to do; next time the TRIM function helps.",
    ),
    "unicode_normalised": (
        "{n} ô ở cột «{column}» dùng Unicode tổ hợp (dấu tách rời, ví dụ dòng {rows}); đã chuyển về dạng dựng sẵn (NFC).",
        "{n} cell(s) in column '{column}' used decomposed Unicode (e.g. rows {rows}); converted to the composed form (NFC).",
        "Không cần làm gì; nên gõ bằng bảng mã Unicode dựng sẵn (Unikey: Unicode).",
        "Nothing to do; prefer the composed Unicode input mode (Unikey: Unicode).",
    ),
    "control_characters_removed": (
        "{n} ô ở cột «{column}» chứa ký tự điều khiển vô hình (ví dụ dòng {rows}); đã loại bỏ.",
        "{n} cell(s) in column '{column}' contained invisible control characters (e.g. rows {rows}); removed.",
        "Không cần làm gì; kiểm tra lại nội dung đã dán từ hệ thống khác.",
        "Nothing to do; check text pasted from other systems.",
    ),
}
WARNING_CODES = {"whitespace_normalised", "unicode_normalised", "control_characters_removed", "case_normalised",
                 "province_merged_reading", "province_sets_mixed"}


@dataclass(frozen=True)
class ValidationIssue:
    """One problem of an upload, located as the analyst sees it in Excel (header = row 1)."""

    code: str
    severity: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    message_vi: str
    message_en: str
    fix_vi: str
    fix_en: str
    count: int = 1


ISSUE_COLUMNS = [
    "severity",
    "code",
    "file",
    "sheet",
    "row",
    "column",
    "value",
    "message_vi",
    "message_en",
    "fix_vi",
    "fix_en",
    "count",
]


def show_value(value: object, limit: int = 80) -> str | None:
    """A cell value as safe, short display text (control characters escaped, long text cut)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, datetime | date | time):
        text = value.isoformat()
    else:
        text = str(value)
    text = "".join(
        c if c.isprintable() or c == " " else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
        for c in text[: limit * 2]
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


class IssueLog:
    """Counts every issue; keeps the first ones in detail so a file with 100,000 errors stays fast and readable."""

    def __init__(self, file_name: str):
        self.file_name = file_name
        self.sheet: str | None = None
        self.kept: list[ValidationIssue] = []
        self.counts: Counter[tuple[str, str]] = Counter()
        self.kept_per_code: Counter[str] = Counter()

    def room(self, code: str) -> int:
        """How many more detailed issues of this code are kept."""
        return max(0, min(MAX_DETAILED_PER_CODE - self.kept_per_code[code], MAX_DETAILED_ISSUES - len(self.kept)))

    def make(
        self,
        key: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        severity: str | None = None,
        count: int = 1,
        **fmt: object,
    ) -> ValidationIssue:
        """Format one issue from the message catalogue."""
        code = key.split(".")[0]
        vi, en, fix_vi, fix_en = MESSAGES[key]
        shown = show_value(value)
        args = {"value": shown if shown is not None else "", "column": column or "", "sheet": self.sheet or "", **fmt}
        loc_vi = [f"Tệp «{self.file_name}»"]
        loc_en = [f"File '{self.file_name}'"]
        if self.sheet:
            loc_vi.append(f"trang «{self.sheet}»")
            loc_en.append(f"sheet '{self.sheet}'")
        if row is not None:
            loc_vi.append(f"dòng {row}")
            loc_en.append(f"row {row}")
        if column:
            loc_vi.append(f"cột «{column}»")
            loc_en.append(f"column '{column}'")
        return ValidationIssue(
            code=code,
            severity=severity or ("warning" if code in WARNING_CODES else "error"),
            sheet=self.sheet,
            row=row,
            column=column,
            value=shown,
            message_vi=", ".join(loc_vi) + ": " + vi.format(**args),
            message_en=", ".join(loc_en) + ": " + en.format(**args),
            fix_vi=fix_vi.format(**args),
            fix_en=fix_en.format(**args),
            count=count,
        )

    def add(self, key: str, *, count: int = 1, severity: str | None = None, **kw: object) -> None:
        """Count an issue and keep it in detail while there is room."""
        code = key.split(".")[0]
        sev = severity or ("warning" if code in WARNING_CODES else "error")
        self.counts[(code, sev)] += 1
        if self.room(code):
            self.kept.append(self.make(key, severity=sev, count=count, **kw))
            self.kept_per_code[code] += 1

    def add_rows(
        self, key: str, rows: pd.Series | pd.Index, column: str | None, values: pd.Series | None = None, **fmt: object
    ) -> None:
        """Count one issue per row; format only those kept (the rest are counted)."""
        code = key.split(".")[0]
        sev = "warning" if code in WARNING_CODES else "error"
        index = rows if isinstance(rows, pd.Index) else rows.index
        self.counts[(code, sev)] += len(index)
        for row in index[: self.room(code)]:
            value = values.get(row) if values is not None else None
            self.kept.append(self.make(key, row=int(row), column=column, value=value, severity=sev, **fmt))
            self.kept_per_code[code] += 1

    def add_grouped(self, key: str, rows: pd.Index, column: str, **fmt: object) -> None:
        """One warning for many cells of a column (count plus example rows)."""
        if len(rows):
            sample = ", ".join(str(int(r)) for r in rows[:5]) + (", …" if len(rows) > 5 else "")
            self.add(key, row=int(rows[0]), column=column, n=len(rows), rows=sample, count=len(rows), **fmt)


class Rejected(Exception):
    """Internal: a file-level problem that makes further checks pointless (already logged)."""


@dataclass
class CheckResult:
    """The outcome of check_upload: issues (detailed, capped), per-code counts and the clean rows."""

    file_name: str
    file_sha256: str
    file_kind: str | None = None
    sheet_read: str | None = None
    issues: list[ValidationIssue] = field(default_factory=list)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    rows: pd.DataFrame = field(default_factory=lambda: empty_rows())
    rows_read: int = 0

    @property
    def has_errors(self) -> bool:
        """True when any error (not just warnings) was found."""
        return self.error_count > 0

    @property
    def error_count(self) -> int:
        """Number of errors, including those not kept in detail."""
        return sum(n for (_, sev), n in self.counts.items() if sev == "error")

    @property
    def warning_count(self) -> int:
        """Number of warnings."""
        return sum(n for (_, sev), n in self.counts.items() if sev == "warning")

    @property
    def truncated(self) -> bool:
        """True when more issues were found than kept in detail."""
        return sum(self.counts.values()) > len(self.issues)

    @property
    def codes(self) -> set[str]:
        """Every issue code found."""
        return {code for code, _ in self.counts}

    def issues_frame(self) -> pd.DataFrame:
        """The detailed issues as a table (errors first, then by row)."""
        frame = pd.DataFrame([{"file": self.file_name, **vars(i)} for i in self.issues], columns=ISSUE_COLUMNS)
        if frame.empty:
            return frame
        frame["row"] = frame["row"].astype("Int64")
        frame["_o"] = frame["severity"].map({"error": 0, "warning": 1})
        return frame.sort_values(["_o", "row"], kind="stable", na_position="first").drop(columns="_o").reset_index(drop=True)

    def summary_frame(self) -> pd.DataFrame:
        """Issue counts per code and severity, with how many are listed in detail and one example message."""
        shown = Counter(i.code for i in self.issues)
        first = {}
        for issue in self.issues:
            first.setdefault(issue.code, issue)
        rows = [
            {
                "severity": sev,
                "code": code,
                "count": n,
                "shown": shown.get(code, 0),
                "example_vi": first[code].message_vi if code in first else "",
                "example_en": first[code].message_en if code in first else "",
            }
            for (code, sev), n in self.counts.items()
        ]
        frame = pd.DataFrame(rows, columns=["severity", "code", "count", "shown", "example_vi", "example_en"])
        return frame.sort_values(["severity", "count"], ascending=[True, False], kind="stable").reset_index(drop=True)


UploadResult = CheckResult


def empty_rows() -> pd.DataFrame:
    """The clean-rows table with no rows."""
    return pd.DataFrame(
        {
            "indicator_id": pd.Series(dtype=object),
            "year": pd.Series(dtype="int64"),
            "province": pd.Series(dtype=object),
            "actual_value": pd.Series(dtype="float64"),
            "is_estimate": pd.Series(dtype="bool"),
            "note": pd.Series(dtype=object),
            "row_no": pd.Series(dtype="int64"),
        }
    )


# ---------------------------------------------------------------------------------------------------------------
# File name and content sniffing
# ---------------------------------------------------------------------------------------------------------------
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
NOTE_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAGIC = [
    (b"\x89PNG", "ảnh PNG", "a PNG image"),
    (b"\xff\xd8\xff", "ảnh JPEG", "a JPEG image"),
    (b"GIF8", "ảnh GIF", "a GIF image"),
    (b"%PDF", "tài liệu PDF", "a PDF document"),
    (b"\x1f\x8b", "tệp nén gzip", "a gzip archive"),
    (b"Rar!", "tệp nén RAR", "a RAR archive"),
    (b"7z\xbc\xaf", "tệp nén 7-Zip", "a 7-Zip archive"),
    (b"\x7fELF", "chương trình (ELF)", "a program (ELF)"),
    (b"MZ", "chương trình Windows", "a Windows program"),
    (b"{\\rtf", "văn bản RTF", "an RTF document"),
    (b"BM", "ảnh BMP", "a BMP image"),
    (b"II*\x00", "ảnh TIFF", "a TIFF image"),
    (b"MM\x00*", "ảnh TIFF", "a TIFF image"),
]


def sanitise_file_name(name: str | None) -> tuple[str, list[tuple[str, str]]]:
    """The base name to record, and the problems of the given name as (vi, en) phrases."""
    raw = name or ""
    problems = []
    parts = re.split(r"[/\\]", raw)
    if len(parts) > 1:
        problems.append(("dấu phân cách thư mục (/ hoặc \\)", "path separators (/ or \\)"))
    if ".." in parts or raw.startswith(".."):
        problems.append(("chuỗi «..» (thư mục cha)", "'..' (parent directory)"))
    if CONTROL_RE.search(raw):
        problems.append(("ký tự điều khiển vô hình", "invisible control characters"))
    base = unicodedata.normalize("NFC", CONTROL_RE.sub("", parts[-1])).strip().lstrip(".").strip()
    if len(base) > 200:
        stem, dot, ext = base.rpartition(".")
        base = (stem[:190] + dot + ext[:9]) if dot else base[:200]
        problems.append(("tên quá dài (hơn 200 ký tự)", "a name longer than 200 characters"))
    return base or "upload", problems


def sniff(data: bytes) -> tuple[str, str, str]:
    """Content type by magic bytes: ('zip'|'ole2'|'text'|'utf16'|'binary', description vi, description en)."""
    head = data[:8192]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip", "tệp nén ZIP", "a ZIP archive"
    if head.startswith(OLE2_MAGIC):
        return "ole2", "tệp Office cũ (OLE2)", "an old Office (OLE2) file"
    for magic, vi, en in MAGIC:
        if head.startswith(magic):
            return "binary", vi, en
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf16", "UTF-16", "UTF-16"
    if b"\x00" in head:
        odd_zeros = head[1::2].count(0)
        if len(head) > 8 and odd_zeros > len(head) // 4:
            return "utf16", "UTF-16 không có BOM", "UTF-16 without a BOM"
        return "binary", "dữ liệu nhị phân", "binary data"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table")):
        return (
            "binary",
            "trang HTML (một số hệ thống lưu HTML với đuôi .xls)",
            "an HTML page (some systems save HTML with an .xls name)",
        )
    if lowered.startswith(b"<?xml"):
        return "binary", "tài liệu XML (có thể là Excel 2003 XML)", "an XML document (perhaps Excel 2003 XML)"
    return "text", "văn bản", "text"


# ---------------------------------------------------------------------------------------------------------------
# .xlsx: zip checks, workbook structure, bounded streaming scan of the sheet XML, then calamine
# ---------------------------------------------------------------------------------------------------------------
@dataclass
class SheetScan:
    """What a streaming pass over the sheet XML found."""

    rows: int = 0
    max_col: int = 0
    cells: int = 0
    merges: list[str] = field(default_factory=list)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass
class RawTable:
    """Cells as read (header=None; index = Excel row - 1) with sheet-level facts for validation."""

    frame: pd.DataFrame
    sheet: str | None
    scan: SheetScan = field(default_factory=SheetScan)


def col_index(letters: str) -> int:
    """1-based column number of Excel column letters."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(n: int) -> str:
    """Excel column letters of a 1-based column number."""
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


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


def norm_name(text: str) -> str:
    """A header or sheet name compared case-, space- and accent-form-insensitively."""
    text = unicodedata.normalize("NFC", INVISIBLE_RE.sub("", str(text))).strip().lower()
    return re.sub(r"[\s\-.]+", "_", text)


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


def scan_sheet(zf: zipfile.ZipFile, member: str, max_rows: int, log: IssueLog) -> SheetScan:
    """Stream the sheet XML once (1 MB chunks): rows, widest column, cells, merges, formulas and errors; stop at a cap."""
    scan = SheetScan()
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
                row_tokens = (b"<" + prefix + b"row ", b"<" + prefix + b"row>", b"<" + prefix + b"row/")
                cell_tokens = (b"<" + prefix + b"c ", b"<" + prefix + b"c>")
                if b"<!DOCTYPE" in chunk[:4096] or b"<!ENTITY" in chunk[:4096]:
                    log.add("corrupt_workbook", detail="DTD/ENTITY in sheet")
                    raise Rejected
                pats = sheet_patterns(prefix)
            buf = tail + chunk
            # Each token is counted on the chunk plus (token length - 1) bytes before it: never twice, never missed.
            for attr, tokens in (("rows", row_tokens), ("cells", cell_tokens)):
                for token in tokens:
                    edge = tail[len(tail) - min(len(tail), len(token) - 1) :]
                    setattr(scan, attr, getattr(scan, attr) + (edge + chunk).count(token))
            last = buf.rfind(b"<" + prefix + b"row ")
            while last >= 0:
                m = pats["row_r"].match(buf, last)
                if m:
                    scan.rows = max(scan.rows, int(m.group(1)))
                    break
                last = buf.rfind(b"<" + prefix + b"row ", 0, last)
            if pats["wide"].search(buf):
                scan.max_col = max([scan.max_col, *(col_index(c.decode()) for c in pats["wide"].findall(buf))])
            if b"mergeCell" in buf:
                scan.merges.extend(m.decode() for m in pats["merge"].findall(buf) if m.decode() not in scan.merges)
            if b"<" + prefix + b"f" in buf and len(scan.formulas) < 100_000:
                for attrs, text in pats["formula"].findall(buf):
                    ref = cell_ref(attrs)
                    if ref:
                        scan.formulas[ref] = text.decode("utf-8", "replace") or "(công thức dùng chung / shared formula)"
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
        "wide": re.compile(rb"<" + p + rb"c\s[^>]*?\br=\"([A-Z]{2,3})\d"),
        "merge": re.compile(rb"<" + p + rb"mergeCell\s[^>]*?ref=\"([A-Z]+\d+(?::[A-Z]+\d+)?)\""),
        # A formula cell whose cached value is absent or empty.
        "formula": re.compile(
            rb"<" + p + rb"c(\s[^>]*?)?(?<!/)>\s*<" + p + rb"f(?:\s[^>]*?)?(?:/>|>([^<]{0,500})[^<]*</" + p + rb"f>)\s*"
            rb"(?:<" + p + rb"v\s*/>|<" + p + rb"v>\s*</" + p + rb"v>)?\s*</" + p + rb"c>"
        ),
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


def read_xlsx(data: bytes, max_bytes: int, max_rows: int, log: IssueLog) -> RawTable:
    """Check the zip container and the chosen sheet, then read the cells with calamine."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        log.add("corrupt_workbook", detail=str(exc)[:120])
        raise Rejected from exc
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
        scan = scan_sheet(zf, member, max_rows, log)
        verify_members(zf, member, log)
    try:
        frame = pd.read_excel(io.BytesIO(data), engine="calamine", sheet_name=name, header=None, dtype=object, na_filter=False)
    except Exception as exc:  # calamine raises its own error types for damaged parts
        log.add("corrupt_workbook", detail=f"{type(exc).__name__}: {str(exc)[:120]}")
        raise Rejected from exc
    return RawTable(frame, name, scan)


def read_ole2(data: bytes, log: IssueLog) -> None:
    """Old-format or encrypted Office files: always a clear refusal."""
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        log.add("encrypted_workbook")
    elif "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        log.add("legacy_xls")
    elif "WordDocument".encode("utf-16-le") in data:
        log.add("not_excel_or_csv", detected_vi="văn bản Word cũ (.doc)", detected_en="an old Word document (.doc)")
    else:
        log.add("not_excel_or_csv", detected_vi="tệp Office cũ (OLE2)", detected_en="an old Office (OLE2) file")
    raise Rejected


# ---------------------------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------------------------
def read_csv(data: bytes, max_rows: int, log: IssueLog) -> RawTable:
    """Decode strict UTF-8 (BOM optional), sniff , ; or tab, and read every record as text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        guess_vi, guess_en = "có thể là Windows-1258/1252 (ANSI)", "probably Windows-1258/1252 (ANSI)"
        log.add(
            "encoding_unsupported",
            detail_vi=f"byte 0x{data[exc.start]:02x} ở dòng {line}, {guess_vi}",
            detail_en=f"byte 0x{data[exc.start]:02x} on line {line}, {guess_en}",
        )
        raise Rejected from exc
    controls = len(NOTE_CONTROL_RE.findall(text[:65536]))
    if controls > max(8, len(text[:65536]) // 100):
        log.add("not_excel_or_csv", detected_vi="dữ liệu nhị phân", detected_en="binary data")
        raise Rejected
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines > max_rows + 2:
        log.add("too_many_rows.csv", rows=f"{lines:,}", limit=f"{max_rows:,}")
        raise Rejected
    first_line = next((ln for ln in text.splitlines() if ln.strip()), "")
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: (counts[d], d == ","))
    csv.field_size_limit(1 << 20)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            if len(record) > MAX_COLUMNS:
                log.add("too_many_columns", cols=f"{len(record):,}", limit=MAX_COLUMNS)
                raise Rejected
            records.append(record)
    except csv.Error as exc:
        log.add("csv_malformed", line=reader.line_num, detail=str(exc)[:120])
        raise Rejected from exc
    width = max((len(r) for r in records), default=0)
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in records], dtype=object)
    return RawTable(frame, None)


# ---------------------------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------------------------
@dataclass
class Reference:
    """Catalog facts the validation needs, from one published version."""

    indicators: pd.DataFrame
    ids: frozenset[str]
    lower_ids: dict[str, str]
    provinces: dict[str, str]
    registry: Registry


def plain(text: str) -> str:
    """Lower-case ASCII letters and digits only (Vietnamese diacritics and đ folded)."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=8)
def load_reference(version_dir: Path) -> Reference:
    """Indicators and provinces of a version (cached: a version directory never changes once published)."""
    indicators = pd.read_parquet(version_dir / "indicators.parquet").set_index("indicator_id", drop=False)
    provinces = pd.read_parquet(version_dir / "provinces.parquet")
    registry = Registry.from_frames(provinces, pd.read_parquet(version_dir / "province_successions.parquet"))
    ids = frozenset(indicators["indicator_id"])
    # Code → name for messages: today's name of a code, or its last name if the code was closed.
    names = {u.code: u.name_vi for u in sorted(registry.units, key=lambda u: (u.valid_to is None, u.valid_to or date.min, u.valid_from or date.min))}
    return Reference(indicators, ids, {i.lower(): i for i in ids}, names, registry)


# ---------------------------------------------------------------------------------------------------------------
# Table validation
# ---------------------------------------------------------------------------------------------------------------
NUM_RE = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
COMMA_RE = r"[+-]?\d+,\d+"
SCI_RE = r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)[eE][+-]?\d+"
THOUSANDS_RE = r"[+-]?\d{1,3}(?:(?:[., \u00a0\u202f])\d{3})+(?:[.,]\d+)?"
NAN_WORDS = {"nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞", "-∞"}
MISSING_WORDS = {"n/a", "na", "n.a.", "-", "--", "—", "?", "null", "none", "x", "không có", "chưa có", "k/c", "#n/a", "..."}
TRUE_WORDS = {"true", "1", "yes", "y", "x", "co", "uoc", "uoc tinh", "dung"}
FALSE_WORDS = {"false", "0", "no", "n", "khong", "sai"}


TYPE_KIND = {
    str: "str",
    bool: "bool",
    int: "num",
    float: "num",
    np.bool_: "bool",
    np.int64: "num",
    np.float64: "num",
    datetime: "date",
    date: "date",
    time: "date",
    timedelta: "date",
    pd.Timestamp: "date",
    pd.Timedelta: "date",
    type(None): "empty",
    type(pd.NA): "empty",
    type(pd.NaT): "empty",
}


def blank_mask(s: pd.Series) -> pd.Series:
    """Empty cells: None, NaN or the empty string."""
    return s.isna() | s.eq("")


def kinds(s: pd.Series) -> pd.Series:
    """Per cell: 'str', 'bool', 'num', 'date' or 'empty' (by type, so True is never taken for 1)."""
    k = s.map(type).map(TYPE_KIND).fillna("str").astype(object)
    k[blank_mask(s)] = "empty"
    return k


def clean_text(
    s: pd.Series, k: pd.Series, column: str, log: IssueLog, *, keep_lines: bool = False
) -> tuple[pd.Series, pd.Series]:
    """Strip, drop invisible characters and NFC-normalise text cells (grouped warnings); returns cells and kinds."""
    is_str = k == "str"
    if not is_str.any():
        return s, k
    text = s[is_str].astype("str")
    if keep_lines:
        # Notes keep line breaks and tabs; other control characters are junk from pasting.
        controls = text.str.contains(NOTE_CONTROL_RE.pattern, regex=True)
        if controls.any():
            text = text.where(~controls, text[controls].str.replace(NOTE_CONTROL_RE.pattern, "", regex=True))
            log.add_grouped("control_characters_removed", controls[controls].index, column)
    invisible = text.str.contains(INVISIBLE_RE.pattern, regex=True)
    stripped = text.where(~invisible, text[invisible].str.replace(INVISIBLE_RE.pattern, "", regex=True)).str.strip()
    non_ascii = stripped.str.contains(r"[^\x00-\x7f]", regex=True)
    nfc = stripped.copy()
    if non_ascii.any():
        nfc[non_ascii] = stripped[non_ascii].map(lambda t: unicodedata.normalize("NFC", t))
    changed_ws = (text != stripped) & (stripped != "")
    log.add_grouped("whitespace_normalised", changed_ws[changed_ws].index, column)
    changed_nfc = stripped != nfc
    log.add_grouped("unicode_normalised", changed_nfc[changed_nfc].index, column)
    out = s.copy()
    out[is_str] = nfc.to_numpy(dtype=object)
    k = k.copy()
    k[nfc[nfc == ""].index] = "empty"
    return out, k


def find_header(frame: pd.DataFrame) -> tuple[int, int]:
    """(row index of the header, how many non-empty rows are above it); the first non-empty row when nothing fits."""
    nonempty_above = 0
    first_nonempty = None
    for idx in range(min(HEADER_SEARCH_ROWS, len(frame))):
        row = frame.iloc[idx]
        cells = [norm_name(v) for v in row if isinstance(v, str) and v.strip()]
        names = {ALIASES.get(c, c) for c in cells}
        if len(names & set(REQUIRED)) >= 2 or len(names & set(KNOWN)) >= 3:
            return idx, nonempty_above
        if not blank_mask(row).all():
            nonempty_above += 1
            first_nonempty = idx if first_nonempty is None else first_nonempty
    return (first_nonempty or 0), 0


def map_columns(header: pd.Series, frame: pd.DataFrame, log: IssueLog) -> dict[str, int]:
    """Canonical column name -> frame column position, logging missing, misspelt, unknown and duplicate columns."""
    found: dict[str, list[int]] = {}
    unknown: list[tuple[int, str]] = []
    for pos, raw in header.items():
        text = show_value(raw) or ""
        key = norm_name(text) if text.strip() else ""
        key = ALIASES.get(key, key)
        if key in KNOWN:
            found.setdefault(key, []).append(pos)
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
    mapping = {}
    for name, positions in found.items():
        if len(positions) > 1:
            log.add("duplicate_column", column=name, n=len(positions), letters=", ".join(col_letters(p + 1) for p in positions))
        mapping[name] = positions[0]
    for name in REQUIRED:
        if name not in mapping:
            log.add("missing_column", column=name)
    return mapping


def second_header(row: dict[str, object], ref: Reference) -> bool:
    """True when the first data row is another header: labels (no digits) where the year and the value should be."""
    texts = [v for v in row.values() if isinstance(v, str) and v.strip()]
    if len(texts) < max(2, len(row) - 1):
        return False
    ind, year, value = (str(row.get(c, "")) for c in ("indicator_id", "year", "value"))
    no_digits = not re.search(r"\d", year + value)
    return ind.strip().lower() not in ref.lower_ids and no_digits and bool(re.search(r"[^\W\d_]", year + value))


def keep_detail(log: IssueLog, key: str, rows: pd.Index, make: Callable[[int], dict]) -> None:
    """Count one issue per row and format only the rows kept in detail (make(row) gives the format arguments)."""
    code = key.split(".")[0]
    log.counts[(code, "error")] += len(rows)
    for row in rows[: log.room(code)]:
        log.kept.append(log.make(key, row=int(row), **make(row)))
        log.kept_per_code[code] += 1


def map_unique(s: pd.Series, func: Callable[[object], object]) -> pd.Series:
    """func applied once per distinct value (text cells repeat a lot: ids, province names)."""
    uniq = pd.unique(s.to_numpy(dtype=object))
    table = {v: func(v) for v in uniq}
    return s.map(table.get)


def parse_indicator(s: pd.Series, k: pd.Series, ref: Reference, log: IssueLog, bad: pd.Series) -> pd.Series:
    """Indicator ids matched exactly, or case-insensitively with a warning; unknown ones are errors."""
    present = k != "empty"
    text = s.where(present, None)
    others = present & (k != "str")
    if others.any():
        text[others] = s[others].map(show_value)
    exact = text.isin(ref.ids)
    lowered = map_unique(text[present & ~exact], lambda v: ref.lower_ids.get(str(v).lower())).reindex(s.index)
    case = (~exact & lowered.notna()).astype(bool)
    if case.any():
        log.add_grouped("case_normalised", case[case].index, "indicator_id", canon=lowered[case].iloc[0])
    out = text.where(exact, lowered)
    unknown = present & out.isna()
    guesses: dict[str, tuple[str, str]] = {}

    def detail(row: int) -> dict:
        value = text[row]
        if value not in guesses:
            guess = difflib.get_close_matches(str(value).lower(), list(ref.ids), n=1, cutoff=0.6)
            guesses[value] = (f" (có lẽ là «{guess[0]}»)", f" (perhaps '{guess[0]}')") if guess else ("", "")
        return {"column": "indicator_id", "value": value, "suggest_vi": guesses[value][0], "suggest_en": guesses[value][1]}

    keep_detail(log, "unknown_indicator", unknown[unknown].index, detail)
    bad |= unknown
    return out


def parse_year(s: pd.Series, k: pd.Series, log: IssueLog, bad: pd.Series) -> pd.Series:
    """Whole years 2000-2035 from numbers or digit text."""
    years = pd.Series(pd.NA, index=s.index, dtype="Int64")
    num = k == "num"
    vals = s[num].astype(float)
    whole = (vals % 1 == 0) & vals.abs().lt(1e9)
    years[whole[whole].index] = vals[whole].astype("int64")
    txt = k == "str"
    digits = s[txt].astype("str").str.fullmatch(r"[+-]?\d{1,6}(?:\.0+)?")
    years[digits[digits].index] = pd.to_numeric(s[digits[digits].index].astype("str")).astype("int64")
    not_int = (
        (num & ~whole.reindex(s.index, fill_value=False)) | (txt & ~digits.reindex(s.index, fill_value=False)) | (k == "bool")
    )
    log.add_rows("year_not_integer", not_int[not_int], "year", s)
    dates = k == "date"
    log.add_rows("year_not_integer.date", dates[dates], "year", s)
    out_of_range = (years.notna() & ((years < YEAR_MIN) | (years > YEAR_MAX))).fillna(False).astype(bool)
    log.add_rows("year_out_of_range", out_of_range[out_of_range], "year", s)
    bad |= not_int | dates | out_of_range
    return years.where(~out_of_range)


def significant_digits(text: str) -> int:
    """Digits of a plain decimal number, ignoring sign, leading zeros and trailing fractional zeros."""
    whole, _, frac = text.lstrip("+-").partition(".")
    return len((whole + frac.rstrip("0")).lstrip("0"))


def value_problem(text: str) -> tuple[str, dict[str, str]]:
    """The message key and format arguments for a text value that is not a plain number."""
    low = text.strip().lower()
    if low in NAN_WORDS or low.lstrip("+-") in ("nan", "inf", "infinity"):
        return "nan_or_inf", {}
    if re.fullmatch(COMMA_RE, text):
        return "value_decimal_comma", {"suggest": text.replace(",", ".")}
    if re.fullmatch(NUM_RE + r"\s*%|" + COMMA_RE + r"\s*%", text):
        return "value_not_number.percent", {"suggest": text.rstrip("% ").replace(",", ".")}
    if low in MISSING_WORDS:
        return "value_not_number.missing", {}
    approx_words = ("khoảng", "gần", "hơn", "trên", "dưới", "ước", "about", "approx", "over", "under")
    if text[:1] in "<>≤≥~≈" or low.startswith(approx_words) or re.fullmatch(NUM_RE + r"\s*[-–]\s*" + NUM_RE, text):
        return "value_not_number.approx", {}
    if re.fullmatch(SCI_RE, text):
        try:
            return "value_not_number.scientific", {"suggest": f"{float(text.replace(',', '.')):.0f}"}
        except (ValueError, OverflowError):
            return "value_not_number.scientific", {"suggest": "1500000"}
    if re.fullmatch(THOUSANDS_RE, text) or re.fullmatch(r"[+-]?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?", text):
        return "value_not_number.thousands", {"suggest": re.sub(r"[., \u00a0\u202f]", "", text)}
    return "value_not_number", {}


def parse_value(s: pd.Series, k: pd.Series, log: IssueLog, bad: pd.Series) -> pd.Series:
    """Plain numbers only; every other shape gets a specific code and fix (nothing is guessed)."""
    values = pd.Series(float("nan"), index=s.index, dtype="float64")
    num = k == "num"
    nums = s[num].astype(float)
    finite = pd.Series(np.isfinite(nums.to_numpy()), index=nums.index)
    values[finite[finite].index] = nums[finite]
    log.add_rows("nan_or_inf", finite[~finite], "value", s)
    bad[finite[~finite].index] = True
    strings = s[k == "str"].astype("str")
    plain_num = strings.str.fullmatch(NUM_RE)
    ok = strings[plain_num]
    long = ok[ok.str.len() > MAX_SIGNIFICANT_DIGITS]
    long = long[long.map(significant_digits) > MAX_SIGNIFICANT_DIGITS]
    keep_detail(
        log,
        "value_too_many_digits",
        long.index,
        lambda row: {"column": "value", "value": s[row], "n": significant_digits(s[row]), "limit": MAX_SIGNIFICANT_DIGITS},
    )
    bad[long.index] = True
    good = ok.index.difference(long.index)
    values[good] = ok[good].astype(float)
    others = strings[~plain_num]
    if len(others):
        problems = others.map(value_problem)
        keys = problems.map(lambda p: p[0])
        for key in keys.unique():
            rows = keys[keys == key].index
            keep_detail(log, key, rows, lambda row: {"column": "value", "value": s[row], **problems[row][1]})
        bad[others.index] = True
    bools = k == "bool"
    log.add_rows("value_is_boolean", bools[bools], "value", s)
    dates = k == "date"
    log.add_rows("value_is_date", dates[dates], "value", s)
    bad |= bools | dates
    return values


def cell_specials(k: pd.Series, scan: SheetScan, pos: int, column: str, log: IssueLog, bad: pd.Series) -> pd.Series:
    """Empty cells that are really formulas without a saved value or Excel errors; returns the mask of those cells."""
    handled = pd.Series(False, index=k.index)
    col = pos + 1
    for (row, c), formula in scan.formulas.items():
        if c == col and row in k.index and k[row] == "empty":
            log.add("formula_without_value", row=row, column=column, value="=" + formula, ref=f"{col_letters(col)}{row}")
            handled[row] = True
    for (row, c), err in scan.errors.items():
        if c == col and row in k.index and k[row] == "empty":
            log.add("excel_error_value", row=row, column=column, value=err)
            handled[row] = True
    bad |= handled
    return handled


def fmt_number(v: object) -> str:
    """A number as short text (no trailing .0; thin grouping for big numbers)."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return ""
    v = float(v)
    return f"{v:,.10g}".replace(",", " ") if abs(v) >= 1e4 else f"{v:.10g}"


def check_ranges(values: pd.Series, ids: pd.Series, ref: Reference, log: IssueLog, bad: pd.Series) -> None:
    """Allowed range per indicator (indicators.min_value/max_value) and whole-number ranks."""
    known = values.notna() & ids.notna()
    if not known.any():
        return
    info = ref.indicators.reindex(ids[known].to_numpy())
    info.index = values[known].index
    v = values[known]
    low = info["min_value"].astype("Float64")
    high = info["max_value"].astype("Float64")
    too_low = (low.notna() & (v < low)).fillna(False).astype(bool)
    too_high = (high.notna() & (v > high)).fillna(False).astype(bool)
    rank = (info["value_type"] == "rank").fillna(False).astype(bool)
    not_whole = rank & (v % 1 != 0)

    def rank_detail(row: int) -> dict:
        lo, hi = info.at[row, "min_value"], info.at[row, "max_value"]
        return {
            "column": "value",
            "value": fmt_number(v[row]),
            "indicator": ids[row],
            "low": fmt_number(lo if pd.notna(lo) else 1.0),
            "high": fmt_number(hi if pd.notna(hi) else 250.0),
        }

    def range_detail(row: int) -> dict:
        lo, hi = info.at[row, "min_value"], info.at[row, "max_value"]
        percent = info.at[row, "value_type"] == "percent"
        unit = info.at[row, "unit"] if isinstance(info.at[row, "unit"], str) else ""
        unit_en = info.at[row, "unit_en"] if isinstance(info.at[row, "unit_en"], str) else unit
        return {
            "column": "value",
            "value": fmt_number(v[row]),
            "indicator": ids[row],
            "unit": unit,
            "unit_en": unit_en,
            "range": f"[{fmt_number(lo) if pd.notna(lo) else '−∞'}; {fmt_number(hi) if pd.notna(hi) else '+∞'}]",
            "hint_vi": "; tỷ lệ phần trăm ghi 85 cho 85% (không ghi 0.85 hay 8500)" if percent else "",
            "hint_en": "; percentages are written 85 for 85% (not 0.85 or 8500)" if percent else "",
        }

    keep_detail(log, "rank_not_whole", not_whole[not_whole].index, rank_detail)
    out = (too_low | too_high) & ~not_whole
    keep_detail(log, "value_out_of_range", out[out].index, range_detail)
    bad[out[out].index] = True
    bad[not_whole[not_whole].index] = True


def resolve_provinces(cells: pd.Series, years: pd.Series, registry: Registry) -> pd.Series:
    """Each (cell, year) resolved once: a file repeats a few dozen names over many rows and years."""
    frame = pd.DataFrame({"cell": cells.astype(object), "year": years.astype("Int64")}, index=cells.index)
    table: dict[tuple[object, object], Resolution] = {}
    for cell, year in frame.drop_duplicates().itertuples(index=False, name=None):
        if pd.isna(year):  # the year is already an error: only say whether the cell names any unit at all
            table[(cell, year)] = Resolution(None, None if registry.candidates(cell) else "unknown")
        else:
            table[(cell, year)] = registry.resolve(cell, int(year))
    return pd.Series([table[(c, y)] for c, y in frame.itertuples(index=False, name=None)], index=cells.index, dtype=object)


def parse_province(s: pd.Series, k: pd.Series, years: pd.Series | None, ref: Reference, log: IssueLog,
                   bad: pd.Series) -> pd.Series:
    """Province codes or names -> the code of the unit valid in the row's year (etl.provinces); blank = national."""
    present = k != "empty"
    codes = pd.Series(None, index=s.index, dtype=object)
    if not present.any():
        return codes
    years = years if years is not None else pd.Series(pd.NA, index=s.index, dtype="Int64")
    res = resolve_provinces(s[present], years[present], ref.registry)
    codes[res.index] = [r.code for r in res]
    problem = pd.Series([r.problem for r in res], index=res.index, dtype=object)
    unknown = problem[problem == "unknown"].index
    keys = ref.registry.known_keys()

    def unknown_detail(row: int) -> dict:
        guess = difflib.get_close_matches(name_key(str(s[row])), keys, n=1, cutoff=0.7)
        unit = ref.registry.by_name[guess[0]][-1] if guess else None
        name = unit.name_vi if unit else None
        return {"column": "province", "value": s[row], "suggest_vi": f" (có lẽ là «{name}»)" if name else "",
                "suggest_en": f" (perhaps '{name}')" if name else ""}

    def dissolved_detail(row: int) -> dict:
        r = res[row]
        since = ref.registry.successions[r.named].effective.strftime("%d/%m/%Y")
        return {"column": "province", "value": s[row], "named": r.named.label, "successor": r.successor.label,
                "successor_name": r.successor.name_vi, "successor_code": r.successor.code, "since": since,
                "year": int(years[row])}

    keep_detail(log, "unknown_province", unknown, unknown_detail)
    keep_detail(log, "province_dissolved", problem[problem == "dissolved"].index, dissolved_detail)
    bad[problem[problem.notna()].index] = True
    bad[res.index[[r.problem is None and r.unit is None for r in res]]] = True  # a name valid only without a year
    warn_merged_readings(years, res, ref.registry, log)
    for year, (old, new) in mixed_years((int(years[i]), r) for i, r in res.items() if not pd.isna(years[i])).items():
        rows = sorted(i for i, r in res.items() if not pd.isna(years[i]) and int(years[i]) == year and r.era != "both")
        log.add("province_sets_mixed", row=int(rows[0]), column="province", year=year, old_n=len(old), new_n=len(new),
                old_names=", ".join(sorted({r.named.name_vi for r in old})), new_names=", ".join(sorted({r.unit.name_vi for r in new})))
    return codes


def warn_merged_readings(years: pd.Series, res: pd.Series, registry: Registry, log: IssueLog) -> None:
    """One warning per year for cells that meant a different, smaller unit before the 2025 merger (e.g. 'Gia Lai')."""
    changed = [i for i, r in res.items() if r.former is not None]
    by_year: dict[int, list[int]] = {}
    for i in changed:
        by_year.setdefault(int(years[i]), []).append(i)
    for year, rows in sorted(by_year.items()):
        units = sorted({res[i].unit for i in rows}, key=lambda u: u.code)
        names = ", ".join(u.name_vi for u in units[:8]) + (f" … (+{len(units) - 8})" if len(units) > 8 else "")
        first = units[0]
        example = f"{first.label} = " + " + ".join(u.name_vi for u in registry.predecessors(first))
        log.add_grouped("province_merged_reading", pd.Index(sorted(rows)), "province", year=year, names=names, example=example)


def estimate_flag(v: object) -> bool | None:
    """TRUE/FALSE, 1/0, yes/no, có/không (any case, with or without diacritics); None when not recognised."""
    if isinstance(v, bool | np.bool_):
        return bool(v)
    if isinstance(v, int | float):
        return True if v == 1 else False if v == 0 else None
    word = plain(str(v)).strip()
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None


def parse_estimate(s: pd.Series, k: pd.Series, log: IssueLog, bad: pd.Series) -> pd.Series:
    """is_estimate flags; blank = FALSE."""
    present = k != "empty"
    flags = pd.Series(False, index=s.index, dtype=object)
    text_cells = present & (k == "str")
    flags[text_cells] = map_unique(s[text_cells], estimate_flag).to_numpy(dtype=object)
    bools = k == "bool"
    flags[bools] = s[bools].astype(bool).to_numpy(dtype=object)
    other = present & ~text_cells & ~bools
    flags[other] = (
        s[other]
        .map(lambda v: None if isinstance(v, datetime | date | time | timedelta) else estimate_flag(v))
        .to_numpy(dtype=object)
    )
    invalid = present & flags.isna()
    log.add_rows("is_estimate_invalid", invalid[invalid], "is_estimate", s)
    bad |= invalid
    return flags.where(~invalid, False).astype(bool)


def note_text(v: object) -> str | None:
    """A note cell as text (numbers without a trailing .0, dates as ISO)."""
    if isinstance(v, str):
        return v or None
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and math.isfinite(v) and v == int(v):
        return str(int(v))
    if isinstance(v, datetime | date | time):
        return v.isoformat()
    return None if v is None else str(v)


def parse_note(s: pd.Series, k: pd.Series, log: IssueLog, bad: pd.Series) -> pd.Series:
    """Notes are plain data (markdown, HTML, SQL kept verbatim; the UI shows them as text); blank = None."""
    present = k != "empty"
    notes = pd.Series(None, index=s.index, dtype=object)
    notes[present] = s[present].map(note_text).to_numpy(dtype=object)
    lengths = notes[present].astype("str").str.len()
    long = lengths[lengths > MAX_NOTE_CHARS].index
    keep_detail(
        log,
        "note_too_long",
        long,
        lambda row: {"column": "note", "value": notes[row], "n": int(lengths[row]), "limit": MAX_NOTE_CHARS},
    )
    bad[long] = True
    return notes


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


# ---------------------------------------------------------------------------------------------------------------
# Entry point: check_upload
# ---------------------------------------------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------------------------------------------
# Preview, publish, revert, history
# ---------------------------------------------------------------------------------------------------------------
class UploadError(Exception):
    """An expected problem with a publish or revert request; the message is bilingual (English / Vietnamese)."""


class UploadRejected(UploadError):
    """The upload has errors (checked again under the publish lock); nothing was written."""

    def __init__(self, result: CheckResult):
        self.result = result
        super().__init__(
            f"The upload has {result.error_count} error(s); nothing was published. / "
            f"Tệp có {result.error_count} lỗi; chưa có gì được xuất bản."
        )


@dataclass
class PublishOutcome:
    """What publish_upload did: the new batch id (None when every row was unchanged) and the row counts."""

    batch_id: str | None
    version_dir: Path | None
    file_name: str
    sha256: str
    rows_total: int
    rows_new: int
    rows_changed: int
    rows_unchanged: int
    result: CheckResult


def connect() -> duckdb.DuckDBPyConnection:
    """A private in-memory DuckDB connection for one operation."""
    return duckdb.connect(config={"threads": 2})


def run_sql(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    """Run etl/sql/<name>.sql with bound $parameters (never formatted into the text) and return a DataFrame."""
    return con.sql(sql_text(name), params=params).to_arrow_table().to_pandas()


def register_uploads(con: duckdb.DuckDBPyConnection, version_dir: Path) -> None:
    """Expose every batch's upload rows of a version as the view upload_rows (empty when none)."""
    files = [str(p) for p in upload_files(version_dir)]
    if files:
        con.read_parquet(files).create_view("upload_rows")
    else:
        con.register("upload_rows", UPLOAD_SCHEMA.empty_table())


def preview(result: CheckResult, version_dir: Path) -> pd.DataFrame:
    """One row per clean uploaded row, with change new/changed/unchanged against the published current values."""
    rows = result.rows[["row_no", "indicator_id", "year", "province", "actual_value", "is_estimate", "note"]]
    con = connect()
    try:
        con.register(
            "upload",
            pa.Table.from_pandas(
                rows.astype({"indicator_id": "str"}),
                preserve_index=False,
                schema=pa.schema(
                    [
                        ("row_no", pa.int64()),
                        ("indicator_id", pa.string()),
                        ("year", pa.int64()),
                        ("province", pa.string()),
                        ("actual_value", pa.float64()),
                        ("is_estimate", pa.bool_()),
                        ("note", pa.string()),
                    ]
                ),
            ),
        )
        return run_sql(con, "upload_preview", dir=str(version_dir))
    finally:
        con.close()


def new_batch_id() -> str:
    """'b' + UTC timestamp + '-' + 6 hex digits, e.g. b20261122T190501Z-1a2b3c."""
    return "b" + datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def next_published_at(batches: pa.Table) -> datetime:
    """Now, but strictly after every logged batch, so a clock step back cannot reorder batches."""
    now = datetime.now(UTC)
    if batches.num_rows:
        last = max(batches.column("published_at").to_pylist())
        if last is not None and now <= last:
            now = last + timedelta(microseconds=1)
    return now


def clean_user(user: str) -> str:
    """The user name to record; must be non-empty printable text."""
    name = CONTROL_RE.sub("", unicodedata.normalize("NFC", user or "")).strip()
    if not name:
        raise UploadError("A user name is required. / Cần có tên người thực hiện.")
    return name[:100]


def archive_bytes(root: Path, data: bytes, sha256: str) -> Path:
    """Keep the original upload under archive/<sha256> for audit (temp file, fsync, rename)."""
    folder = root / "archive"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / sha256
    if not target.exists():
        tmp = folder / f".tmp-{sha256}-{secrets.token_hex(4)}"
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
    return target


def batch_row(**values: object) -> pa.Table:
    """One batch-log row in BATCH_SCHEMA (missing fields null)."""
    return pa.Table.from_pylist([{name: values.get(name) for name in BATCH_SCHEMA.names}], schema=BATCH_SCHEMA)


REFERENCE_TABLES = ("indicators.parquet", "provinces.parquet")


def same_reference(a: Path, b: Path) -> bool:
    """Whether two versions validate uploads against the same indicators and provinces (byte-identical files)."""
    return a == b or all(filecmp.cmp(a / name, b / name, shallow=False) for name in REFERENCE_TABLES)


def publish_upload(data: bytes, file_name: str, user: str, note: str = "", root: Path | None = None, *,
                   checked: CheckResult | None = None, checked_against: Path | None = None) -> PublishOutcome:
    """Validate under the publish lock and publish new+changed rows as one batch (no version when nothing changed).

    A CheckResult of the same bytes made against a version with the same reference tables (indicators, provinces)
    is reused instead of validating again; the preview is always recomputed against the version current under the lock.
    """
    root = root or data_dir()
    user = clean_user(user)
    note = NOTE_CONTROL_RE.sub("", unicodedata.normalize("NFC", note or "")).strip()[:MAX_NOTE_CHARS] or None
    with publish_lock(root):
        version = require_current(root)
        reusable = (checked is not None and checked_against is not None and checked_against.is_dir()
                    and checked.file_sha256 == hashlib.sha256(data).hexdigest() and same_reference(checked_against, version))
        result = checked if reusable else check_upload(data, file_name, version)
        if result.has_errors:
            raise UploadRejected(result)
        pv = preview(result, version)
        counts = pv["change"].value_counts().to_dict()
        n_new, n_changed, n_unchanged = (int(counts.get(c, 0)) for c in ("new", "changed", "unchanged"))
        outcome = PublishOutcome(
            None, version, result.file_name, result.file_sha256, len(pv), n_new, n_changed, n_unchanged, result
        )
        if n_new + n_changed == 0:
            return outcome
        batch_id = new_batch_id()
        changed = pv[pv["change"] != "unchanged"]
        rows = pa.Table.from_pydict(
            {
                "batch_id": [batch_id] * len(changed),
                "row_no": changed["row_no"].astype("int64").tolist(),
                "indicator_id": changed["indicator_id"].tolist(),
                "year": changed["year"].astype("int64").tolist(),
                "province": [p if isinstance(p, str) else None for p in changed["province"]],
                "actual_value": changed["actual_value"].astype(float).tolist(),
                "is_estimate": changed["is_estimate"].astype(bool).tolist(),
                "note": [n if isinstance(n, str) else None for n in changed["note"]],
                "change": changed["change"].tolist(),
                "previous_value": [None if pd.isna(v) else float(v) for v in changed["old_value"]],
                "previous_batch_id": [b if isinstance(b, str) else None for b in changed["old_batch_id"]],
            },
            schema=pa.schema([(f.name, pa.int64() if f.name == "year" else f.type) for f in UPLOAD_SCHEMA]),
        )
        batches = read_batches(version)
        entry = batch_row(
            batch_id=batch_id,
            kind="upload",
            user=user,
            published_at=next_published_at(batches),
            file_name=result.file_name,
            sha256=result.file_sha256,
            rows_total=len(pv),
            rows_new=n_new,
            rows_changed=n_changed,
            rows_unchanged=n_unchanged,
            note=note,
        )
        archived_before = (root / "archive" / result.file_sha256).exists()
        archive_bytes(root, data, result.file_sha256)
        try:
            new_version = publish_derived(root, pa.concat_tables([batches, entry]), (batch_id, rows), "upload", batch_id=batch_id)
        except BaseException:
            # A failed publish leaves nothing behind: drop the archived copy unless an earlier publish made it.
            if not archived_before:
                (root / "archive" / result.file_sha256).unlink(missing_ok=True)
            raise
        outcome.batch_id = batch_id
        outcome.version_dir = new_version
        return outcome


def revert_batch(batch_id: str, user: str, reason: str, root: Path | None = None) -> str:
    """Revert an upload batch (its rows stop counting; the values they replaced come back); returns the revert batch id."""
    root = root or data_dir()
    user = clean_user(user)
    reason = NOTE_CONTROL_RE.sub("", unicodedata.normalize("NFC", reason or "")).strip()
    if not reason:
        raise UploadError("A reason is required to revert a batch. / Cần ghi lý do hoàn tác.")
    with publish_lock(root):
        version = require_current(root)
        history = batch_history(version)
        found = history[history["batch_id"] == batch_id]
        if found.empty:
            raise UploadError(f"Batch {batch_id} does not exist. / Không có lô {batch_id}.")
        entry = found.iloc[0]
        if entry["kind"] == "revert":
            raise UploadError(
                f"Batch {batch_id} is itself a revert and cannot be reverted. / "
                f"Lô {batch_id} là một lần hoàn tác, không thể hoàn tác."
            )
        if entry["status"] == "reverted":
            raise UploadError(
                f"Batch {batch_id} was already reverted by {entry['reverted_by']}. / "
                f"Lô {batch_id} đã được hoàn tác bởi {entry['reverted_by']}."
            )
        rows = batch_rows(version, batch_id)
        affected = int(rows["is_current"].sum()) if len(rows) else 0
        revert_id = new_batch_id()
        batches = read_batches(version)
        entry_row = batch_row(
            batch_id=revert_id,
            kind="revert",
            user=user,
            published_at=next_published_at(batches),
            rows_total=len(rows),
            rows_new=0,
            rows_changed=affected,
            rows_unchanged=len(rows) - affected,
            note=reason[:MAX_NOTE_CHARS],
            reverts_batch_id=batch_id,
        )
        publish_derived(
            root, pa.concat_tables([batches, entry_row]), None, "revert", batch_id=revert_id, reverts_batch_id=batch_id
        )
        return revert_id


def batch_history(version_dir: Path) -> pd.DataFrame:
    """The batch log, oldest first, with status active/reverted and the id of the reverting batch."""
    con = connect()
    try:
        return run_sql(con, "batch_history", dir=str(version_dir))
    finally:
        con.close()


def batch_rows(version_dir: Path, batch_id: str) -> pd.DataFrame:
    """The rows of one batch (for a revert: the rows it reverted), with whether each is the current value now."""
    con = connect()
    try:
        register_uploads(con, version_dir)
        return run_sql(con, "batch_rows", dir=str(version_dir), batch_id=batch_id)
    finally:
        con.close()


def point_history(version_dir: Path, indicator_id: str, year: int, province: str | None = None) -> pd.DataFrame:
    """Every document and uploaded value of one key, oldest first, with batch, user, time, status and is_current."""
    con = connect()
    try:
        register_uploads(con, version_dir)
        params = {"dir": str(version_dir), "indicator_id": indicator_id, "year": int(year), "province": province}
        return run_sql(con, "point_history", **params)
    finally:
        con.close()
