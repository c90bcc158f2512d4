"""Write attention_upload.xlsx: the fixed upload behind the attention-list and briefing tests (run once; committed).

Made the way an analyst's Excel file looks: the template's columns, Excel number formats ("0.0", "#,##0"), an
estimate flag and a note; values chosen so that telecom, postal and publishing each have lagging targets.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

ROWS = [
    # indicator_id, year, value, is_estimate, note
    ("telecom_internet_users_pct", 2021, 70.3, False, "Báo cáo Cục Viễn thông"),
    ("telecom_internet_users_pct", 2022, 72.1, False, ""),
    ("telecom_internet_users_pct", 2023, 73.2, False, ""),
    ("telecom_fixed_broadband_per100", 2021, 19.8, False, ""),
    ("telecom_mobile_broadband_per100", 2021, 78.0, False, ""),
    ("telecom_mobile_broadband_per100", 2022, 82.0, False, ""),
    ("telecom_mobile_broadband_per100", 2023, 86.0, False, ""),
    ("telecom_fibre_households_pct", 2021, 66.0, False, ""),
    ("telecom_fibre_households_pct", 2023, 75.0, False, ""),
    ("telecom_smartphone_users_pct", 2021, 73.5, False, ""),
    ("telecom_5g_population_coverage_pct", 2022, 0.5, False, "thử nghiệm"),
    ("telecom_5g_population_coverage_pct", 2023, 1.2, True, "ước tính"),
    ("postal_communes_staffed_post_pct", 2021, 92.0, False, ""),
    ("postal_revenue", 2021, 40.1, False, ""),
    ("postal_revenue", 2022, 45.5, False, ""),
    ("postal_revenue", 2023, 50.3, False, ""),
    ("publishing_ebook_share_pct", 2021, 8.2, False, ""),
    ("publishing_ebook_share_pct", 2023, 12.0, True, ""),
]


def write(path: Path) -> None:
    """The workbook, one sheet named like the template's."""
    book = Workbook()
    sheet = book.active
    sheet.title = "actuals"
    sheet.append(["indicator_id", "year", "value", "province", "is_estimate", "note"])
    for indicator_id, year, value, estimate, note in ROWS:
        sheet.append([indicator_id, year, value, None, "x" if estimate else None, note or None])
        sheet.cell(sheet.max_row, 3).number_format = "0.0"
        sheet.cell(sheet.max_row, 2).number_format = "0"
    sheet.column_dimensions["A"].width = 38
    book.save(path)


if __name__ == "__main__":
    write(Path(__file__).with_name("attention_upload.xlsx"))
