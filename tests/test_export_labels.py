"""Every export says what it is: as-of year, latest data year and upload date, publisher, note, link; Vietnamese
numbers on axes (pure chart builders, no browser)."""

from __future__ import annotations

import pandas as pd
import pytest

from presentation.charts import ChartContext, indicator_figure
from presentation.settings import publisher

META = {"indicator_id": "telecom_internet_users_pct", "name_vi": "Tỷ lệ người sử dụng Internet", "name_en": "Internet users",
        "unit": "%", "unit_en": "%", "value_type": "percent", "direction": "higher_better"}


def series(rows: list[tuple[int, float, str | None]]) -> pd.DataFrame:
    return pd.DataFrame({"indicator_id": META["indicator_id"], "year": [r[0] for r in rows], "period_start": None,
                         "province": None, "actual_value": [r[1] for r in rows], "actual_low": float("nan"),
                         "actual_high": float("nan"), "is_estimate": False, "origin": "document",
                         "source_doc": "002_09f249087db9701e.txt", "source_line": 10, "batch_id": [r[2] for r in rows]})


def chart(lang: str = "vi", as_of: int | None = None, meta: dict = META, rows=None):
    data = series(rows or [(2019, 68.7, None), (2021, 70.3, "b20261201T153233Z-6d8256")])
    return indicator_figure(meta, data, data.iloc[:0].assign(period_start=[], period_end=[]), "Viễn thông",
                            ChartContext(lang, "01/12/2026", as_of))


def test_footer_names_latest_year_upload_date_publisher_note_and_link():
    fig = chart(as_of=2021)
    foot = fig.layout.annotations[0].text.replace("<br>", " ")
    assert "Số liệu mới nhất: năm 2021 (tải lên 01/12/2026)" in foot
    assert "Bộ TT&TT (nay là Bộ KH&CN)" in foot and "Ghi chú:" in foot
    assert "/indicator?indicator=telecom_internet_users_pct&as_of=2021&lang=vi" in foot
    assert "Số liệu tính đến năm 2021" in fig.layout.title.subtitle.text
    assert "tính đến" not in chart().layout.title.subtitle.text
    english = chart("en").layout.annotations[0].text.replace("<br>", " ")
    assert "Latest figure: 2021 (uploaded 01/12/2026)" in english and "MIC (now MOST)" in english


def test_publisher_is_a_setting(monkeypatch):
    monkeypatch.setenv("DASHBOARD_PUBLISHER_VI", "Bộ Khoa học và Công nghệ")
    assert publisher("vi") == "Bộ Khoa học và Công nghệ" and publisher("en") == "MIC (now MOST)"
    assert "Bộ Khoa học và Công nghệ" in chart().layout.annotations[0].text


@pytest.mark.parametrize(("lang", "separators"), [("vi", ",."), ("en", ".,")])
def test_axes_use_the_language_separators_and_no_si_suffixes(lang, separators):
    fig = chart(lang)
    assert fig.layout.separators == separators
    assert fig.layout.yaxis.exponentformat == "none"


def test_counts_get_whole_number_ticks():
    meta = {**META, "indicator_id": "postal_enterprises_count", "unit": "doanh nghiệp", "value_type": "number"}
    fig = chart(meta=meta, rows=[(2020, 554, None), (2021, 556, None)])
    assert fig.layout.yaxis.dtick == 1 and fig.layout.yaxis.tickformat == ",d"
    single = chart(meta=meta, rows=[(2020, 1052479, None)])
    assert single.layout.yaxis.rangemode == "tozero"


def test_csv_for_vietnamese_excel_uses_semicolons_and_decimal_commas():
    from etl.export import to_csv_bytes, to_csv_excel_vi_bytes

    frame = pd.DataFrame({"chỉ tiêu": ["Internet", "=cmd"], "giá trị": [68.7, 973692.0]})
    text = to_csv_excel_vi_bytes(frame).decode("utf-8-sig")
    assert text.splitlines() == ["chỉ tiêu;giá trị", "Internet;68,7", "'=cmd;973692,0"]
    assert to_csv_bytes(frame).decode("utf-8-sig").splitlines()[1] == "Internet,68.7"


@pytest.mark.parametrize(("row", "unit", "kind", "lang", "text"), [
    ({"latest_value": 73.2, "previous_value": 72.1, "previous_year": 2022}, "%", "percent", "vi", "▲ +1,1 điểm % so với 2022"),
    ({"latest_value": 78.6, "previous_value": 82.7, "previous_year": 2021}, "%", "percent", "en", "▼ -4.1 points since 2021"),
    ({"latest_value": 86, "previous_value": 78, "previous_year": 2021}, "thuê bao/100 dân", "number", "vi", "▲ +8 thuê bao/100 dân so với 2021"),
    ({"latest_value": 71, "previous_value": 86, "previous_year": 2022}, "hạng", "rank", "vi", "▲ tăng 15 bậc so với 2022"),
    ({"latest_value": 47, "previous_value": 45, "previous_year": 2019}, "rank", "rank", "en", "▼ down 2 places since 2019"),
    ({"latest_value": 5.0, "previous_value": None, "previous_year": None}, "%", "percent", "vi", None),
])
def test_change_since_the_previous_report(row, unit, kind, lang, text):
    from presentation.changes import change_text

    assert change_text(row, unit, kind, lang) == text
