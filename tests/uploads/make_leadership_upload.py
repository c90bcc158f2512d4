"""Writes tests/uploads/leadership_2021_2023.xlsx: the fixed upload of issue 13 (rerun only to change it).

Plausible 2021-2023 actuals for 21 indicators as an analyst's Excel file has them: a bold, frozen header row, a
Vietnamese sheet name, number formats on the value column (0.0, #,##0, 0.00%-free percent figures as typed), an
estimate column with "x", notes, and provincial rows for Internet users (6 provinces) and staffed postal points
(5 provinces). The figures are test data, not published statistics.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

OUT = Path(__file__).with_name("leadership_2021_2023.xlsx")
NATIONAL = {
    "telecom_internet_users_pct": (73.2, 74.6, 78.6),
    "telecom_mobile_broadband_per100": (76, 81, 86),
    "telecom_fixed_broadband_per100": (19.8, 21.4, 22.8),
    "telecom_fibre_households_pct": (70, 73, 75),
    "telecom_5g_population_coverage_pct": (None, 0.6, 1.2),
    "telecom_vn_domains_count": (565_000, 574_000, 580_000),
    "telecom_voice_sms_revenue_share_pct": (50, 46, 43),
    "digital_transformation_egdi_rank": (None, 86, None),
    "digital_transformation_online_services_with_dossiers_pct": (32, 40, 48),
    "postal_communes_staffed_post_pct": (92, 93.5, 94),
    "postal_revenue": (39.5, 44.6, 50.3),
    "postal_items_per_capita": (12, 14, 16),
    "postal_service_points_internet_pct": (90.5, 92, 93),
    "publishing_copies_per_person": (4.6, 4.8, 5.1),
    "publishing_ebook_share_pct": (8, 10, 12),
    "publishing_publications_copies_mn": (450, 515, 560),
    "press_media_paytv_subscribers_mn": (15.5, 16.8, 17.6),
    "press_media_foreign_social_network_users_mn": (112, 108, 104),
    "ict_industry_it_enterprises_count": (64_000, 67_300, 69_000),
    "digital_economy_digital_enterprises_per1000": (0.6, 0.68, 0.73),
    "cybersecurity_gci_rank": (25, None, None),
}
ESTIMATES = {("digital_economy_digital_enterprises_per1000", 2021), ("postal_items_per_capita", 2023)}
PROVINCES = {
    "telecom_internet_users_pct": {"Hà Nội": (82, 84.5, 86), "Hồ Chí Minh": (85, 86.2, 88), "Đà Nẵng": (80, 82, 84.1),
                                   "Hà Giang": (48, 52.5, 56), "Điện Biên": (45, 49, 53.2), "Cần Thơ": (72, 74, 77)},
    "postal_communes_staffed_post_pct": {"Hà Giang": (81, 84, 86), "Cao Bằng": (83, 85, 88), "Lai Châu": (78, 80.5, 83),
                                         "Sơn La": (85, 88, 90), "Điện Biên": (80, 82, 85)},
}


def main() -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Số liệu thực hiện"
    sheet.append(["indicator_id", "year", "value", "province", "is_estimate", "note"])
    for indicator, values in NATIONAL.items():
        for year, value in zip((2021, 2022, 2023), values, strict=True):
            if value is not None:
                estimate = "x" if (indicator, year) in ESTIMATES else None
                sheet.append([indicator, year, value, None, estimate, "Báo cáo tổng kết năm" if year == 2023 else None])
    for indicator, provinces in PROVINCES.items():
        for province, values in provinces.items():
            for year, value in zip((2021, 2022, 2023), values, strict=True):
                sheet.append([indicator, year, value, province, None, None])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        cell = row[0]
        cell.number_format = "#,##0" if isinstance(cell.value, int) and cell.value >= 1000 else "0.0#"
    sheet.column_dimensions["A"].width = 52
    sheet.freeze_panes = "A2"
    book.save(OUT)


if __name__ == "__main__":
    main()
