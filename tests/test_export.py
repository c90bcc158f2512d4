"""Safe downloads: formula injection neutralised in CSV and Excel, Vietnamese readable, values otherwise intact."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import openpyxl
import pandas as pd
import pytest

from etl.export import neutralise, to_csv_bytes, to_xlsx_bytes

DANGEROUS = ["=1+1", "+SUM(A1:A2)", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://evil","x")', "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_dangerous_text_gets_apostrophe(text: str) -> None:
    """Each formula prefix is neutralised with a leading apostrophe; the rest of the text is kept."""
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Hà Nội", "12.5", "a=b", " =1", "", None, 12.5, -3, True])
def test_harmless_values_unchanged(value: object) -> None:
    """Text not starting with a prefix, and numbers (even negative), are left alone."""
    assert neutralise(value) == value


def frame() -> pd.DataFrame:
    """A mixed table with dangerous and Vietnamese text, numbers and missing values."""
    return pd.DataFrame(
        {
            "indicator_id": ["telecom_idi_rank", "=1+1", "@x"],
            "note": ["Tỷ lệ hộ gia đình", "-danger", None],
            "value": [79.0, -5.5, float("nan")],
            "=col": ["a", "b", "c"],
        }
    )


def test_csv_has_bom_and_neutralised_cells() -> None:
    """UTF-8 with BOM; every dangerous cell and header starts with an apostrophe; numbers stay numbers."""
    data = to_csv_bytes(frame())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "Tỷ lệ hộ gia đình" in text
    back = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(back.columns) == ["indicator_id", "note", "value", "'=col"]
    assert back["indicator_id"].tolist() == ["telecom_idi_rank", "'=1+1", "'@x"]
    assert back["note"].tolist() == ["Tỷ lệ hộ gia đình", "'-danger", ""]
    assert back["value"].tolist() == ["79.0", "-5.5", ""]
    for line in text.splitlines():
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "@", "\t")), line


def test_xlsx_cells_are_text_not_formulas() -> None:
    """In the workbook no cell is a formula; dangerous text is stored as text with an apostrophe."""
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    data = to_xlsx_bytes({"issues": frame(), "bad/name:[x]": pd.DataFrame({"t": [when], "n": [pd.NA]})})
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["issues", "bad_name__x_"]
    sheet = book["issues"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["indicator_id", "note", "value", "'=col"]
    assert values[2][:3] == ["'=1+1", "'-danger", -5.5]
    assert values[3][2] is None
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert sheet.freeze_panes == "A2"
    assert book["bad_name__x_"]["A2"].value == datetime(2026, 1, 2, 3, 4, 5)


def test_xlsx_strips_characters_xml_cannot_hold() -> None:
    """Control characters that would make openpyxl fail are dropped, not a crash."""
    data = to_xlsx_bytes({"s": pd.DataFrame({"x": ["a\x00b\x07c"]})})
    assert openpyxl.load_workbook(io.BytesIO(data))["s"]["A2"].value == "abc"


def test_parquet_download_of_actuals_is_one_file_with_every_row(fresh_warehouse) -> None:
    """The actuals files (documents and upload batches) download as one Parquet file holding every row."""
    import pyarrow.parquet as pq

    from etl.export import table_parquet_bytes
    from etl.upload import publish_upload
    from etl.warehouse import current_dir, read_manifest
    from tests.reliability_helpers import actuals_csv

    publish_upload(actuals_csv(current_dir(fresh_warehouse), 500, 1, range(2019, 2022)), "a.csv", "analyst", root=fresh_warehouse)
    version = current_dir(fresh_warehouse)
    table = pq.read_table(io.BytesIO(table_parquet_bytes(version, "actuals")))
    assert table.num_rows == read_manifest(version)["row_counts"]["actuals"]
    assert set(table.column("origin").to_pylist()) == {"document", "public_report", "upload"}
    assert table.schema.names == pq.read_schema(version / "actuals" / "documents.national.parquet").names
    assert table_parquet_bytes(version, "targets") == (version / "targets.parquet").read_bytes()
