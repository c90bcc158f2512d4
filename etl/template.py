"""The .xlsx upload template, generated from the published catalog (indicators, provinces, instructions)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from etl.export import excel_value
from etl.upload import MAX_NOTE_CHARS, YEAR_MAX, YEAR_MIN
from etl.warehouse import data_dir, require_current

VALIDATED_ROWS = 20_000
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
ACTUALS_COLUMNS = [
    ("indicator_id", 48),
    ("year", 8),
    ("value", 14),
    ("province", 24),
    ("is_estimate", 12),
    ("note", 60),
]


def header(sheet: Worksheet, names: list[str], widths: list[int]) -> None:
    """A styled, frozen header row with column widths."""
    sheet.append(names)
    for i, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"


def add_rows(sheet: Worksheet, frame: pd.DataFrame) -> None:
    """Append catalog rows as plain values (text that looks like a formula is neutralised)."""
    for row in frame.itertuples(index=False, name=None):
        sheet.append([excel_value(v) for v in row])


def validation(kind: str, sqref: str, title_vi: str, title_en: str, **kwargs: object) -> DataValidation:
    """A data validation with a bilingual error message."""
    rule = DataValidation(
        type=kind,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Giá trị không hợp lệ / Invalid value",
        error=f"{title_vi}\n{title_en}",
        **kwargs,
    )
    rule.add(sqref)
    return rule


def instructions(sheet: Worksheet, examples: list[list[object]]) -> None:
    """The huong_dan sheet: how to fill the template, in Vietnamese then English, with example rows."""
    sheet.column_dimensions["A"].width = 48
    for col in "BCDEF":
        sheet.column_dimensions[col].width = 18
    lines_vi = [
        "HƯỚNG DẪN NHẬP SỐ LIỆU THỰC HIỆN",
        "1. Nhập số liệu vào trang «actuals», mỗi dòng một chỉ tiêu – một năm (– một tỉnh). Dòng 1 là tên cột: "
        "không sửa, không chèn dòng phía trên, không gộp ô.",
        "2. indicator_id (bắt buộc): chọn mã trong danh sách thả xuống; tên, đơn vị và khoảng giá trị cho phép "
        "xem ở trang «indicators».",
        f"3. year (bắt buộc): năm của số liệu, từ {YEAR_MIN} đến {YEAR_MAX}.",
        "4. value (bắt buộc): chỉ ghi số, theo đúng đơn vị của chỉ tiêu. Không ghi %, «khoảng», «<1», «n/a». "
        "Tỷ lệ phần trăm ghi 85 cho 85%. Thứ hạng là số nguyên. Trong tệp CSV dùng dấu chấm thập phân (12.5).",
        "5. province (không bắt buộc): để trống = số liệu cả nước; hoặc mã 2 chữ số (01) hoặc tên tỉnh/thành phố "
        "(Hà Nội, TP. Hồ Chí Minh) theo trang «provinces». Từ năm 2025 chỉ dùng 34 đơn vị mới (Nghị quyết "
        "202/2025/QH15): «Gia Lai» năm 2025 là tỉnh Gia Lai mới (gồm cả Bình Định); năm 2024 trở về trước dùng 63 "
        "đơn vị cũ. Tỉnh đã sáp nhập (ví dụ Bình Định) ghi cho năm 2025 sẽ bị báo lỗi kèm tên đơn vị kế thừa.",
        "6. is_estimate (không bắt buộc): TRUE nếu là số ước tính; FALSE hoặc để trống nếu là số chính thức.",
        f"7. note (không bắt buộc): ghi chú, nguồn số liệu; tối đa {MAX_NOTE_CHARS} ký tự; hiển thị dạng văn bản thuần.",
        "8. Không dùng công thức chưa được tính, không thêm cột khác. Cũng có thể tải lên tệp CSV UTF-8 chỉ với "
        "3 cột indicator_id, year, value (dấu phân cách là dấu phẩy hoặc chấm phẩy).",
        "9. Khi tải lên, hệ thống kiểm tra toàn bộ tệp, liệt kê mọi lỗi kèm cách sửa, rồi cho xem trước các thay đổi "
        "(mới / thay đổi / không đổi). Mỗi lần xuất bản được lưu lại và có thể hoàn tác.",
    ]
    lines_en = [
        "HOW TO FILL IN ACTUALS",
        "1. Enter the figures on the 'actuals' sheet, one row per indicator and year (and province). Row 1 holds the "
        "column names: do not change it, insert rows above it or merge cells.",
        "2. indicator_id (required): pick an id from the drop-down; names, units and allowed ranges are on the "
        "'indicators' sheet.",
        f"3. year (required): the year of the figure, {YEAR_MIN} to {YEAR_MAX}.",
        "4. value (required): numbers only, in the indicator's unit. No %, 'about', '<1' or 'n/a'. Percentages are "
        "written 85 for 85%. Ranks are whole numbers. In a CSV use a decimal point (12.5).",
        "5. province (optional): blank = national figure; or the 2-digit code (01) or the province name (Hà Nội, "
        "TP. Hồ Chí Minh) from the 'provinces' sheet. From 2025 only the 34 new units exist (Resolution "
        "202/2025/QH15): 'Gia Lai' for 2025 is the new, merged Gia Lai (Bình Định included); 2024 and earlier use "
        "the 63 former units. A merged-away unit (e.g. Bình Định) for 2025 is an error naming its successor.",
        "6. is_estimate (optional): TRUE for an estimate; FALSE or blank for a final figure.",
        f"7. note (optional): remarks or source, up to {MAX_NOTE_CHARS} characters, shown as plain text.",
        "8. No uncalculated formulas and no extra columns. A UTF-8 CSV with just indicator_id, year, value "
        "(comma- or semicolon-separated) is accepted too.",
        "9. On upload the whole file is checked and every problem is listed with its fix; then a preview shows "
        "new / changed / unchanged values. Every publish is recorded and can be reverted.",
    ]
    for line in lines_vi:
        sheet.append([line])
    sheet.append([])
    for line in lines_en:
        sheet.append([line])
    sheet.append([])
    sheet.append(["Ví dụ / Example (trang «actuals» / 'actuals' sheet):"])
    start = sheet.max_row + 1
    sheet.append([name for name, _ in ACTUALS_COLUMNS])
    for example in examples:
        sheet.append([excel_value(v) for v in example])
    for cell in sheet[start]:
        cell.font = Font(bold=True)
    for title_row in (1, len(lines_vi) + 2):
        sheet.cell(row=title_row, column=1).font = Font(bold=True, size=13)
    for row in sheet.iter_rows(min_row=1, max_row=start - 2):
        row[0].alignment = Alignment(wrap_text=False)


def example_rows(indicators: pd.DataFrame) -> list[list[object]]:
    """Three illustrative rows with real ids: a percentage, a rank and a count for a province."""
    rows = []
    by_type = {t: indicators[indicators["value_type"] == t]["indicator_id"].tolist() for t in ("percent", "rank", "number")}
    if by_type["percent"]:
        rows.append([by_type["percent"][0], 2021, 85.5, None, "FALSE", "Báo cáo năm 2021"])
    if by_type["rank"]:
        rows.append([by_type["rank"][0], 2021, 79, None, "FALSE", None])
    if by_type["number"]:
        rows.append([by_type["number"][0], 2022, 12, "Hà Nội", "TRUE", "Số ước tính / estimate"])
    return rows


def province_rows(provinces: pd.DataFrame) -> pd.DataFrame:
    """The units in force today first (the 34), then the former ones with the day they ceased; dates as text."""
    frame = provinces.copy()
    for col in ("valid_from", "valid_to"):
        if col not in frame:
            frame[col] = None
    frame["_old"] = frame["valid_to"].notna()
    frame = frame.sort_values(["_old", "province_code"], kind="stable")
    for col in ("valid_from", "valid_to"):
        frame[col] = [str(v) if v is not None and v == v else "" for v in frame[col]]
    return frame[["province_code", "name_vi", "name_en", "valid_from", "valid_to"]]


def template_workbook(version_dir: Path) -> Workbook:
    """The template workbook for a published version."""
    indicators = pd.read_parquet(version_dir / "indicators.parquet")
    provinces = pd.read_parquet(version_dir / "provinces.parquet")
    book = Workbook()
    actuals = book.active
    actuals.title = "actuals"
    header(actuals, [n for n, _ in ACTUALS_COLUMNS], [w for _, w in ACTUALS_COLUMNS])
    last = VALIDATED_ROWS + 1
    n_ind, n_prov = len(indicators) + 1, len(provinces) + 1
    actuals.add_data_validation(
        validation(
            "list",
            f"A2:A{last}",
            "Chọn mã chỉ tiêu trong danh sách (trang indicators).",
            "Pick an indicator id from the list (indicators sheet).",
            formula1=f"=indicators!$A$2:$A${n_ind}",
        )
    )
    actuals.add_data_validation(
        validation(
            "whole",
            f"B2:B{last}",
            f"Năm là số nguyên từ {YEAR_MIN} đến {YEAR_MAX}.",
            f"The year is a whole number from {YEAR_MIN} to {YEAR_MAX}.",
            operator="between",
            formula1=str(YEAR_MIN),
            formula2=str(YEAR_MAX),
        )
    )
    actuals.add_data_validation(
        validation(
            "decimal",
            f"C2:C{last}",
            "Chỉ ghi số (không ghi %, chữ, «khoảng»).",
            "Numbers only (no %, text or 'about').",
            operator="between",
            formula1="-1000000000000000",
            formula2="1000000000000000",
        )
    )
    province_rule = validation(
        "list",
        f"D2:D{last}",
        "Chọn tỉnh/thành phố trong danh sách hoặc ghi mã 2 chữ số.",
        "Pick a province from the list or type its 2-digit code.",
        formula1=f"=provinces!$B$2:$B${n_prov}",
    )
    province_rule.showErrorMessage = False  # codes and unaccented names are accepted too
    actuals.add_data_validation(province_rule)
    actuals.add_data_validation(
        validation(
            "list", f"E2:E{last}", "Chọn TRUE (ước tính) hoặc FALSE.", "Pick TRUE (estimate) or FALSE.", formula1='"TRUE,FALSE"'
        )
    )
    actuals.add_data_validation(
        validation(
            "textLength",
            f"F2:F{last}",
            f"Ghi chú tối đa {MAX_NOTE_CHARS} ký tự.",
            f"Notes are at most {MAX_NOTE_CHARS} characters.",
            operator="lessThanOrEqual",
            formula1=str(MAX_NOTE_CHARS),
        )
    )
    actuals.column_dimensions["B"].number_format = "0"
    actuals.column_dimensions["D"].number_format = "@"  # keep "01" as text

    ind_sheet = book.create_sheet("indicators")
    columns = ["indicator_id", "sector", "name_vi", "name_en", "unit", "direction", "value_type", "allowed_min", "allowed_max"]
    header(ind_sheet, columns, [48, 22, 60, 60, 16, 14, 11, 12, 12])
    frame = indicators[
        ["indicator_id", "sector_id", "name_vi", "name_en", "unit", "direction", "value_type", "min_value", "max_value"]
    ]
    add_rows(ind_sheet, frame)
    ind_sheet.auto_filter.ref = f"A1:I{n_ind}"

    prov_sheet = book.create_sheet("provinces")
    header(prov_sheet, ["code", "name", "name_en", "valid_from", "valid_to"], [8, 24, 24, 12, 12])
    add_rows(prov_sheet, province_rows(provinces))

    instructions(book.create_sheet("huong_dan"), example_rows(indicators))
    return book


def template_bytes(version_dir: Path) -> bytes:
    """The template as .xlsx bytes (for a download button)."""
    buffer = io.BytesIO()
    template_workbook(version_dir).save(buffer)
    return buffer.getvalue()


def write_template(out_path_or_buffer: str | Path | BinaryIO, version_dir: Path | None = None) -> None:
    """Write the template for the published version (default: the current one) to a path or binary buffer."""
    book = template_workbook(version_dir or require_current(data_dir()))
    book.save(out_path_or_buffer)
