"""Upload of actuals: one small bad file per validation rule, preview, publish/revert round trips, history, the
template round trip into the scorecard, SQL-injection strings as data, and the CLI in a real subprocess.
Real files, real Parquet, real DuckDB, a temporary warehouse per test."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import datetime
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from etl import build
from etl.__main__ import main as cli_main
from etl.scorecard import scorecard
from etl.template import template_bytes, write_template
from etl.upload import (
    BATCH_ID_RE,
    UploadError,
    UploadRejected,
    batch_history,
    batch_rows,
    check_upload,
    point_history,
    preview,
    publish_upload,
    revert_batch,
)
from etl.warehouse import current_dir
from tests.fsutil import tree_hash

ROOT = Path(__file__).resolve().parent.parent
HEADER = "indicator_id,year,value,province,is_estimate,note\n"
RANK = "telecom_idi_rank"  # rank 1..250, documents give 2017 and 2019 only
PCT = "postal_communes_staffed_post_pct"  # percent 0..100
COUNT = "postal_enterprises_count"  # count >= 0
DOC_KEY = ("cybersecurity_botnet_ip_reduction_pct", 2020)  # a document actual: 47.8, estimate
SQLI = "x'); DROP TABLE actuals;--"




@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One warehouse build for the module; tests get copies."""
    root = tmp_path_factory.mktemp("built")
    build.build(root)
    return root


@pytest.fixture
def wh(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the built warehouse, set as DASHBOARD_DATA_DIR."""
    root = tmp_path / "wh"
    shutil.copytree(built, root, symlinks=True)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(root))
    return root


def csv_bytes(body: str, header: str = HEADER) -> bytes:
    """A UTF-8 CSV upload."""
    return (header + body).encode("utf-8")


def xlsx_bytes(rows: list[list[object]], title: str = "actuals", setup=None) -> bytes:
    """An .xlsx upload made with openpyxl (setup(book) may add sheets, merges, ...)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if setup:
        setup(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEAD = ["indicator_id", "year", "value", "province", "is_estimate", "note"]


def hide_actuals(book: openpyxl.Workbook) -> None:
    """Move the data to a hidden 'actuals' sheet next to a visible one."""
    book.active.title = "data"
    hidden = book.create_sheet("actuals")
    hidden.append(HEAD)
    hidden.append([RANK, 2021, 80])
    hidden.sheet_state = "hidden"


def second_sheet(book: openpyxl.Workbook) -> None:
    """Add another visible sheet (no sheet is called actuals)."""
    book.create_sheet("Sheet2").append(["x"])


# (id, data, file name, expected code, row, column)
RULES = [
    ("empty", b"", "a.csv", "empty_file", None, None),
    ("header only", csv_bytes(""), "a.csv", "empty_file", None, None),
    ("missing column", csv_bytes(f"{RANK},2021\n", "indicator_id,year\n"), "a.csv", "missing_column", None, "value"),
    ("misspelt column", csv_bytes(f"{RANK},2021,80\n", "indicator_id,year,vaule\n"), "a.csv", "misspelt_column", None, "value"),
    (
        "unknown column",
        csv_bytes(f"{RANK},2021,80,x\n", "indicator_id,year,value,ghi_chu_khac\n"),
        "a.csv",
        "unknown_column",
        None,
        "ghi_chu_khac",
    ),
    (
        "duplicate column",
        csv_bytes(f"{RANK},2021,80,81\n", "indicator_id,year,value,value\n"),
        "a.csv",
        "duplicate_column",
        None,
        "value",
    ),
    ("unknown indicator", csv_bytes("telecom_idi_rnak,2021,80,,,\n"), "a.csv", "unknown_indicator", 2, "indicator_id"),
    ("required empty", csv_bytes(f",2021,80,,,\n{RANK},2021,80,,,\n"), "a.csv", "required_empty", 2, "indicator_id"),
    ("year fraction", csv_bytes(f"{RANK},2021,80,,,\n{RANK},2021.5,80,,,\n"), "a.csv", "year_not_integer", 3, "year"),
    ("year range", csv_bytes(f"{RANK},1999,80,,,\n"), "a.csv", "year_out_of_range", 2, "year"),
    ("n/a", csv_bytes(f"{PCT},2021,n/a,,,\n"), "a.csv", "value_not_number", 2, "value"),
    ("less than", csv_bytes(f"{PCT},2021,<1,,,\n"), "a.csv", "value_not_number", 2, "value"),
    ("percent sign", csv_bytes(f"{PCT},2021,12%,,,\n"), "a.csv", "value_not_number", 2, "value"),
    ("decimal comma", csv_bytes(f'{PCT},2021,"12,5",,,\n'), "a.csv", "value_decimal_comma", 2, "value"),
    ("value empty", csv_bytes(f"{PCT},2021,,,,\n"), "a.csv", "value_empty", 2, "value"),
    ("nan", csv_bytes(f"{PCT},2021,NaN,,,\n"), "a.csv", "nan_or_inf", 2, "value"),
    ("inf", csv_bytes(f"{PCT},2021,-inf,,,\n"), "a.csv", "nan_or_inf", 2, "value"),
    ("long digits", csv_bytes(f"{COUNT},2021,12345678901234567890,,,\n"), "a.csv", "value_too_many_digits", 2, "value"),
    ("share over 100", csv_bytes(f"{PCT},2021,100.5,,,\n"), "a.csv", "value_out_of_range", 2, "value"),
    ("negative count", csv_bytes(f"{COUNT},2021,-1,,,\n"), "a.csv", "value_out_of_range", 2, "value"),
    ("rank 251", csv_bytes(f"{RANK},2021,251,,,\n"), "a.csv", "value_out_of_range", 2, "value"),
    ("rank fraction", csv_bytes(f"{RANK},2021,79.5,,,\n"), "a.csv", "rank_not_whole", 2, "value"),
    (
        "duplicate key",
        csv_bytes(f"{RANK},2021,80,,,\n{RANK},2022,80,,,\n{RANK},2021,81,,,\n"),
        "a.csv",
        "duplicate_key",
        2,
        "indicator_id",
    ),
    ("unknown province", csv_bytes(f"{COUNT},2021,5,Atlantis,,\n"), "a.csv", "unknown_province", 2, "province"),
    ("bad estimate", csv_bytes(f"{RANK},2021,80,,perhaps,\n"), "a.csv", "is_estimate_invalid", 2, "is_estimate"),
    ("long note", csv_bytes(f"{RANK},2021,80,,,{'n' * 2001}\n"), "a.csv", "note_too_long", 2, "note"),
    ("date value", xlsx_bytes([HEAD, [PCT, 2021, datetime(2021, 5, 1)]]), "a.xlsx", "value_is_date", 2, "value"),
    ("bool value", xlsx_bytes([HEAD, [PCT, 2021, 50], [PCT, 2022, True]]), "a.xlsx", "value_is_boolean", 3, "value"),
    ("date year", xlsx_bytes([HEAD, [PCT, datetime(2021, 1, 1), 50]]), "a.xlsx", "year_not_integer", 2, "year"),
    ("formula", xlsx_bytes([HEAD, [PCT, 2021, "=40+2"]]), "a.xlsx", "formula_without_value", 2, "value"),
    (
        "merged",
        xlsx_bytes([HEAD, [PCT, 2021, 50]], setup=lambda b: b.active.merge_cells("A3:B3")),
        "a.xlsx",
        "merged_cells",
        None,
        None,
    ),
    ("title row", xlsx_bytes([["Báo cáo 2021"], HEAD, [PCT, 2021, 50]]), "a.xlsx", "multiple_header_rows", 2, None),
    (
        "two sheets",
        xlsx_bytes([HEAD, [PCT, 2021, 50]], title="Sheet1", setup=second_sheet),
        "a.xlsx",
        "sheet_ambiguous",
        None,
        None,
    ),
    ("hidden", xlsx_bytes([["see other sheet"]], setup=hide_actuals), "a.xlsx", "sheet_hidden", None, None),
    ("png", b"\x89PNG\r\n\x1a\n" + bytes(100), "a.xlsx", "not_excel_or_csv", None, None),
    ("ansi", (HEADER + f"{COUNT},2021,5,,,Café\n").encode("cp1252"), "a.csv", "encoding_unsupported", None, None),
    ("csv named xlsx", csv_bytes(f"{RANK},2021,80,,,\n"), "a.xlsx", "extension_mismatch", None, None),
    ("path name", csv_bytes(f"{RANK},2021,80,,,\n"), "../../etc/passwd.csv", "bad_file_name", None, None),
]


@pytest.mark.parametrize("data,name,code,row,column", [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_rule(wh: Path, data: bytes, name: str, code: str, row: int | None, column: str | None) -> None:
    """Each rule: its code at the right row and column, a bilingual message and fix, nothing written."""
    before = tree_hash(wh)
    result = check_upload(data, name, current_dir(wh))
    assert result.has_errors
    found = [i for i in result.issues if i.code == code]
    assert found, result.codes
    issue = found[0]
    assert issue.severity == "error"
    assert (issue.row, issue.column) == (row, column) or row is None and column is None
    assert issue.message_vi.startswith("Tệp «") and issue.message_en.startswith("File '")
    assert issue.fix_vi and issue.fix_en
    if row is not None:
        assert f"dòng {row}" in issue.message_vi and f"row {row}" in issue.message_en
    assert tree_hash(wh) == before


def test_decimal_comma_fix_suggests_point_and_does_not_guess(wh: Path) -> None:
    """'12,5' is refused with a fix that names 12.5."""
    result = check_upload(csv_bytes(f'{PCT},2021,"12,5",,,\n'), "a.csv", current_dir(wh))
    issue = next(i for i in result.issues if i.code == "value_decimal_comma")
    assert "12.5" in issue.fix_en and "12.5" in issue.fix_vi
    assert result.rows.empty


def test_duplicate_key_reports_every_occurrence(wh: Path) -> None:
    """All three rows of a repeated key are reported, each naming the others."""
    body = f"{RANK},2021,80,,,\n{RANK},2021,81,,,\n{COUNT},2021,5,01,,\n{COUNT},2021,6,Hà Nội,,\n{RANK},2021,82,,,\n"
    result = check_upload(csv_bytes(body), "a.csv", current_dir(wh))
    rows = sorted(i.row for i in result.issues if i.code == "duplicate_key")
    assert rows == [2, 3, 4, 5, 6]
    issue = next(i for i in result.issues if i.code == "duplicate_key" and i.row == 2)
    assert "3, 6" in issue.message_en


def test_valid_file_with_every_accepted_form(wh: Path) -> None:
    """Codes, names with/without diacritics and prefixes, flags, NFD text and stray spaces are accepted (warnings only)."""
    nfd_hanoi = unicodedata.normalize("NFD", "Hà Nội")
    provinces = [
        "01",
        "1",
        "Hà Nội",
        "ha noi",
        "TP. Hồ Chí Minh",
        "Thành phố Hồ Chí Minh",
        "tp hcm",
        "Tỉnh Hoà Bình",
        " Cần Thơ ",
        nfd_hanoi,
    ]
    flags = ["TRUE", "false", "1", "0", "yes", "", "Có", "không", "x", "FALSE"]
    body = "".join(f"{COUNT},{2010 + i},{i},{p},{f},\n" for i, (p, f) in enumerate(zip(provinces, flags, strict=True)))
    body += f"{RANK},2021,80,,, note with <b>html</b> \n"
    result = check_upload(csv_bytes(body), "ok.csv", current_dir(wh))
    assert not result.has_errors, result.issues_frame()
    assert {"whitespace_normalised", "unicode_normalised"} <= result.codes
    rows = result.rows.set_index("row_no")
    assert rows.loc[2:11, "province"].tolist() == ["01", "01", "01", "01", "79", "79", "79", "17", "92", "01"]
    assert rows.loc[2:11, "is_estimate"].tolist() == [True, False, True, False, True, False, True, False, True, False]
    assert rows.loc[12, "note"] == "note with <b>html</b>"
    assert rows.loc[12, "province"] is None
    assert result.rows["year"].dtype == "int64" and result.rows["actual_value"].dtype == "float64"


def test_semicolon_csv_with_bom_and_blank_lines_keeps_row_numbers(wh: Path) -> None:
    """A Vietnamese-locale export (BOM, semicolons) is read; row numbers match what Excel shows."""
    data = f"\ufeffindicator_id;year;value\n\n{RANK};2021;80\n{RANK};2022;80.5\n".encode()
    result = check_upload(data, "vn.csv", current_dir(wh))
    assert [(i.code, i.row) for i in result.issues if i.severity == "error"] == [("rank_not_whole", 4)]
    assert result.rows["row_no"].tolist() == [3]


def test_xlsx_row_numbers_skip_nothing(wh: Path) -> None:
    """An empty row inside the data does not shift the reported row numbers."""
    data = xlsx_bytes([HEAD, [PCT, 2021, 50], [], [PCT, 2022, "abc"]])
    result = check_upload(data, "a.xlsx", current_dir(wh))
    assert [(i.code, i.row) for i in result.issues] == [("value_not_number", 4)]
    assert result.sheet_read == "actuals"


def test_hidden_extra_sheet_is_a_warning(wh: Path) -> None:
    """Reading 'actuals' while another sheet is hidden says so, without blocking."""

    def extra(book: openpyxl.Workbook) -> None:
        book.create_sheet("old").sheet_state = "hidden"

    result = check_upload(xlsx_bytes([HEAD, [PCT, 2021, 50]], setup=extra), "a.xlsx", current_dir(wh))
    assert not result.has_errors
    assert [(i.code, i.severity) for i in result.issues] == [("sheet_hidden", "warning")]


def test_limits_are_configurable_and_enforced_before_parsing(wh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Byte and row caps from the environment or arguments; xlsx rows counted from the sheet XML."""
    data = csv_bytes("".join(f"{RANK},{2000 + i},80,,,\n" for i in range(30)))
    version = current_dir(wh)
    assert "file_too_large" in check_upload(data, "a.csv", version, max_bytes=100).codes
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", "0.0001")
    assert "file_too_large" in check_upload(data, "a.csv", version).codes
    monkeypatch.delenv("DASHBOARD_MAX_UPLOAD_MB")
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_ROWS", "10")
    assert "too_many_rows" in check_upload(data, "a.csv", version).codes
    book = xlsx_bytes([HEAD] + [[RANK, 2000 + i, 80] for i in range(30)])
    result = check_upload(book, "a.xlsx", version)
    assert result.codes == {"too_many_rows"}
    assert not check_upload(book, "a.xlsx", version, max_rows=30).has_errors


def test_preview_new_changed_unchanged(wh: Path) -> None:
    """Against the published values: document value changed, an uploaded value unchanged (None note = ''), a new key."""
    publish_upload(csv_bytes(f"{RANK},2021,80,,,\n"), "first.csv", "an")
    version = current_dir(wh)
    ind, year = DOC_KEY
    body = f'{ind},{year},50,,,\n{RANK},2021,80,,FALSE,""\n{RANK},2022,79,,,\n'
    frame = preview(check_upload(csv_bytes(body), "b.csv", version), version).set_index("row_no")
    assert frame["change"].tolist() == ["changed", "unchanged", "new"]
    assert frame.loc[2, "old_value"] == 47.8 and frame.loc[2, "old_source_doc"].endswith(".txt")
    assert pd.isna(frame.loc[2, "old_batch_id"])
    assert BATCH_ID_RE.match(frame.loc[3, "old_batch_id"])
    assert pd.isna(frame.loc[4, "old_value"])


def test_publish_and_revert_round_trip(wh: Path) -> None:
    """Upload replaces the document value; revert brings it back; history and point history show both."""
    ind, year = DOC_KEY
    data = csv_bytes(f"{ind},{year},50,,FALSE,analyst figure\n{RANK},2021,80,,,\n")
    outcome = publish_upload(data, "round.csv", "analyst a", note="Q4 data")
    assert BATCH_ID_RE.match(outcome.batch_id)
    assert re.match(r"^b\d{8}T\d{6}Z-[0-9a-f]{6}$", outcome.batch_id)
    assert (outcome.rows_total, outcome.rows_new, outcome.rows_changed, outcome.rows_unchanged) == (2, 1, 1, 0)
    version = current_dir(wh)
    actuals = pd.read_parquet(version / "actuals")
    key = actuals[(actuals.indicator_id == ind) & (actuals.year == year)]
    upload_row = key[key.origin == "upload"].iloc[0]
    assert upload_row.actual_value == 50 and upload_row.is_current and upload_row.batch_id == outcome.batch_id
    assert not key[key.origin == "document"].is_current.any()
    stored = pq.read_table(version / "uploads" / f"{outcome.batch_id}.parquet").to_pandas().set_index("indicator_id")
    assert stored.loc[ind, "change"] == "changed" and stored.loc[ind, "previous_value"] == 47.8
    assert stored.loc[RANK, "change"] == "new"
    assert (wh / "archive" / outcome.sha256).read_bytes() == data
    log = pd.read_parquet(version / "batches.parquet")
    assert log.iloc[0][["kind", "user", "file_name", "note"]].tolist() == ["upload", "analyst a", "round.csv", "Q4 data"]

    revert_id = revert_batch(outcome.batch_id, "lead", "wrong unit")
    version = current_dir(wh)
    actuals = pd.read_parquet(version / "actuals")
    key = actuals[(actuals.indicator_id == ind) & (actuals.year == year)]
    assert key[key.is_current].origin.tolist() == ["document"] and key[key.is_current].actual_value.tolist() == [47.8]
    assert actuals[(actuals.indicator_id == RANK) & (actuals.origin == "upload")].empty
    history = batch_history(version).set_index("batch_id")
    assert history.loc[outcome.batch_id, "status"] == "reverted" and history.loc[outcome.batch_id, "reverted_by"] == revert_id
    assert history.loc[revert_id, ["kind", "reverts_batch_id", "note", "rows_total", "rows_changed"]].tolist() == [
        "revert",
        outcome.batch_id,
        "wrong unit",
        2,
        2,
    ]
    points = point_history(version, ind, year)
    assert points["origin"].tolist() == ["document", "upload"]
    assert points["is_current"].tolist() == [True, False]
    assert points.iloc[1][["batch_id", "user", "batch_status"]].tolist() == [outcome.batch_id, "analyst a", "reverted"]
    rows = batch_rows(version, revert_id)
    assert sorted(rows["indicator_id"]) == sorted([ind, RANK]) and not rows["is_current"].any()


def test_unchanged_rows_create_no_version(wh: Path) -> None:
    """Publishing the same values again writes nothing and returns no batch id."""
    data = csv_bytes(f"{RANK},2021,80,,,\n")
    assert publish_upload(data, "a.csv", "an").batch_id
    before = tree_hash(wh)
    again = publish_upload(data, "a.csv", "an")
    assert again.batch_id is None and again.rows_unchanged == 1
    assert tree_hash(wh) == before


def test_publish_refuses_errors_and_writes_nothing(wh: Path) -> None:
    """Any error: UploadRejected with the report; the warehouse is byte-identical."""
    before = tree_hash(wh)
    with pytest.raises(UploadRejected) as err:
        publish_upload(csv_bytes(f"{RANK},2021,80.5,,,\n"), "bad.csv", "an")
    assert "rank_not_whole" in err.value.result.codes
    assert tree_hash(wh) == before


def test_revert_refusals(wh: Path) -> None:
    """Unknown batch, missing reason, revert of a revert and a second revert are refused clearly."""
    batch = publish_upload(csv_bytes(f"{RANK},2021,80,,,\n"), "a.csv", "an").batch_id
    with pytest.raises(UploadError, match="does not exist"):
        revert_batch("b20200101T000000Z-abcdef", "lead", "why")
    with pytest.raises(UploadError, match="reason"):
        revert_batch(batch, "lead", "   ")
    revert_id = revert_batch(batch, "lead", "why")
    with pytest.raises(UploadError, match="already reverted"):
        revert_batch(batch, "lead", "again")
    with pytest.raises(UploadError, match="itself a revert"):
        revert_batch(revert_id, "lead", "undo")


def test_sql_injection_strings_are_data(wh: Path, catalog) -> None:
    """As an indicator id the string is rejected as unknown; as a note or file name it is stored verbatim."""
    version = current_dir(wh)
    rejected = check_upload(csv_bytes(f'"{SQLI}",2021,80,,,\n'), "a.csv", version)
    assert [i.code for i in rejected.issues] == ["unknown_indicator"] and rejected.issues[0].value == SQLI
    outcome = publish_upload(csv_bytes(f'{RANK},2021,80,,,"{SQLI}"\n'), f"{SQLI}.csv", SQLI, note=SQLI)
    version = current_dir(wh)
    actuals = pd.read_parquet(version / "actuals")
    assert actuals[actuals.batch_id == outcome.batch_id].note.tolist() == [SQLI]
    assert len(actuals) == len(pd.read_parquet(version / "document_actuals.parquet")) + 1
    log = batch_history(version)
    assert log.iloc[-1][["user", "note", "file_name"]].tolist() == [SQLI, SQLI, f"{SQLI}.csv"]
    assert point_history(version, SQLI, 2021).empty
    assert (
        duckdb.connect()
        .execute("SELECT count(*) FROM read_parquet($p)", {"p": str(version / "indicators.parquet")})
        .fetchone()[0]
        == len(catalog.indicators)
    )


def test_markup_notes_stored_verbatim(wh: Path) -> None:
    """Markdown, HTML and <script> notes are stored exactly as typed (the UI shows them as text)."""
    notes = ["**bold** [x](javascript:alert(1))", "<img src=x onerror=alert(1)>", "<script>alert('xss')</script>"]
    body = "".join(f'{RANK},{2021 + i},80,,,"{n}"\n' for i, n in enumerate(notes))
    outcome = publish_upload(csv_bytes(body), "notes.csv", "an")
    actuals = pd.read_parquet(current_dir(wh) / "actuals")
    assert actuals[actuals.batch_id == outcome.batch_id].sort_values("year").note.tolist() == notes


def test_template_structure(wh: Path, tmp_path: Path, catalog) -> None:
    """Sheets, headers, drop-downs and frozen headers; an unedited template uploads as an empty file."""
    data = template_bytes(current_dir(wh))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["actuals", "indicators", "provinces", "huong_dan"]
    sheet = book["actuals"]
    assert [c.value for c in sheet[1]] == HEAD and sheet.max_row == 1 and sheet.freeze_panes == "A2"
    rules = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    last = len(catalog.indicators) + 1  # header row + one row per indicator
    assert rules["A2"].type == "list" and rules["A2"].formula1 == f"=indicators!$A$2:$A${last}"
    assert rules["B2"].type == "whole" and (rules["B2"].formula1, rules["B2"].formula2) == ("2000", "2035")
    assert rules["E2"].formula1 == '"TRUE,FALSE"'
    assert book["indicators"].max_row == last and book["provinces"].max_row == 88
    assert "HƯỚNG DẪN" in book["huong_dan"]["A1"].value
    assert check_upload(data, "template.xlsx", current_dir(wh)).codes == {"empty_file"}
    write_template(tmp_path / "t.xlsx")
    assert openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames == book.sheetnames


def test_template_round_trip_into_scorecard(wh: Path) -> None:
    """Fill the template with openpyxl, publish it, and see the value in the scorecard."""
    version = current_dir(wh)
    targets = pd.read_parquet(version / "targets.parquet")
    indicators = pd.read_parquet(version / "indicators.parquet").set_index("indicator_id")
    ind = next(
        i for i in targets.indicator_id if indicators.loc[i, "value_type"] == "percent" and indicators.loc[i, "min_value"] >= 0
    )
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(version)))
    book["actuals"].append([ind, 2030, 42.5, None, True, "điền từ mẫu"])
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = publish_upload(buffer.getvalue(), "mau.xlsx", "an")
    assert outcome.rows_new == 1
    card = scorecard(duckdb.connect(), current_dir(wh))
    rows = card[card.indicator_id == ind]
    assert not rows.empty
    assert set(rows.latest_year) == {2030} and set(rows.latest_value) == {42.5}


def run_cli(*args: str, root: Path) -> subprocess.CompletedProcess[str]:
    """`python -m etl ...` in a subprocess against a warehouse."""
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(root), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "etl", *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


def test_cli(wh: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Exit codes; dry-run and bad files write nothing; publish, history and revert work end to end."""
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(f"{RANK},2021,80,,,\n{DOC_KEY[0]},{DOC_KEY[1]},50,,,\n"))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(f"{RANK},2021,80.5,,,\n"))
    before = tree_hash(wh)

    dry = run_cli("load-actuals", str(good), "--user", "an", "--dry-run", root=wh)
    assert dry.returncode == 0, dry.stderr
    assert "new=1 changed=1 unchanged=0" in dry.stdout and "Dry run" in dry.stdout
    refused = run_cli("load-actuals", str(bad), "--user", "an", "--report", str(tmp_path / "report.csv"), root=wh)
    assert refused.returncode == 1 and "rank_not_whole" in refused.stdout and "Traceback" not in refused.stderr
    report = pd.read_csv(tmp_path / "report.csv", encoding="utf-8-sig")
    assert report["code"].tolist() == ["rank_not_whole"] and report["row"].tolist() == [2]
    assert tree_hash(wh) == before

    published = run_cli("load-actuals", str(good), "--user", "an", "--note", "cli", root=wh)
    assert published.returncode == 0, published.stderr
    batch = re.search(r"Published batch (b\S+):", published.stdout).group(1)
    # revert and history run the same entry point in-process (a subprocess each would only add start-up time).
    assert cli_main(["revert", batch, "--user", "lead", "--reason", "test"]) == 0
    capsys.readouterr()
    assert cli_main(["history"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert (
        len(lines) == 2
        and lines[0].startswith(batch)
        and "good.csv" in lines[0]
        and lines[0].endswith(f"reverted by {lines[1].split()[0]}")
    )
    assert "total=2 new=1 changed=1 unchanged=0" in lines[0]
    assert cli_main(["revert", batch, "--user", "lead", "--reason", "test"]) == 1
    err = capsys.readouterr().err
    assert "already reverted" in err and "Traceback" not in err


def test_publish_reuses_a_check_of_the_same_bytes_and_reference(fresh_warehouse):
    """A check made against an older version with the same indicators/provinces is reused; other bytes are re-checked."""
    from etl import upload as up

    version = current_dir(fresh_warehouse)
    data = b"indicator_id,year,value\ntelecom_internet_users_pct,2021,70.3\n"
    checked = up.check_upload(data, "a.csv", version)
    up.publish_upload(b"indicator_id,year,value\ntelecom_fixed_broadband_per100,2021,18.4\n", "b.csv", "lan", root=fresh_warehouse)
    assert current_dir(fresh_warehouse) != version and up.same_reference(version, current_dir(fresh_warehouse))
    outcome = up.publish_upload(data, "a.csv", "lan", root=fresh_warehouse, checked=checked, checked_against=version)
    assert outcome.result is checked and outcome.rows_new == 1
    bad = b"indicator_id,year,value\nkhong_co,2021,1\n"
    with pytest.raises(up.UploadRejected):
        up.publish_upload(bad, "c.csv", "lan", root=fresh_warehouse, checked=checked, checked_against=version)
