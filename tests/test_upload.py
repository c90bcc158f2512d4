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
import zipfile
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
    data = csv_bytes("".join(f"{RANK},{2000 + i // 2},80,{'01' if i % 2 else ''},,\n" for i in range(30)))
    version = current_dir(wh)
    assert "file_too_large" in check_upload(data, "a.csv", version, max_bytes=100).codes
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", "0.0001")
    assert "file_too_large" in check_upload(data, "a.csv", version).codes
    monkeypatch.delenv("DASHBOARD_MAX_UPLOAD_MB")
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_ROWS", "10")
    assert "too_many_rows" in check_upload(data, "a.csv", version).codes
    book = xlsx_bytes([HEAD] + [[RANK, 2000 + i // 2, 80, "01" if i % 2 else None] for i in range(30)])
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
    book["actuals"].append([ind, 2026, 42.5, None, True, "điền từ mẫu"])
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = publish_upload(buffer.getvalue(), "mau.xlsx", "an")
    assert outcome.rows_new == 1
    card = scorecard(duckdb.connect(), current_dir(wh))
    rows = card[card.indicator_id == ind]
    assert not rows.empty
    assert set(rows.latest_year) == {2026} and set(rows.latest_value) == {42.5}


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


# ---------------------------------------------------------------------------------------------------------------
# Never silently wrong (issue 12, points 1-6), withdrawing keys (12) and a publish that re-checks its preview (19.9).
# Spreadsheets are made the way Excel makes them: number formats on the cells, hidden rows, AutoFilter.
# ---------------------------------------------------------------------------------------------------------------
INTERNET = "telecom_internet_users_pct"  # documents: 2015 54, 2019 68.7 (with a curation note)
WORKFORCE = "ict_industry_it_workforce"  # documents: 2015 721584, 2019 973692 (people)


def excel_book(rows: list[list[object]], formats: dict[str, str] | None = None, setup=None) -> bytes:
    """An .xlsx as Excel saves it: cells with number formats ('0.0%', '#,##0'), then setup(sheet)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "actuals"
    for row in rows:
        sheet.append(row)
    for ref, code in (formats or {}).items():
        sheet[ref].number_format = code
    if setup:
        setup(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_percent_formatted_cells_are_converted_with_a_warning_never_stored_as_fractions(wh: Path) -> None:
    """Typing 68,7% in Excel stores 0.687 in a '0.0%' cell: a % indicator gets 68.7 (exactly) with a warning."""
    data = excel_book(
        [["indicator_id", "year", "value"], [INTERNET, 2020, 0.687], [INTERNET, 2021, 0.7032], [WORKFORCE, 2020, 1003500]],
        {"C2": "0.0%", "C3": "0.00%", "C4": "#,##0"},
    )
    result = check_upload(data, "phan-tram.xlsx", current_dir(wh))
    assert not result.has_errors and result.codes == {"percent_format_converted"}
    warning = result.issues[0]
    assert "68,7%" in warning.message_vi and "68,7" in warning.message_vi and "C2" in warning.message_vi
    assert dict(zip(result.rows["row_no"], result.rows["actual_value"], strict=True)) == {2: 68.7, 3: 70.32, 4: 1003500.0}
    publish_upload(data, "phan-tram.xlsx", "an")
    actuals = pd.read_parquet(current_dir(wh) / "actuals")
    stored = actuals[(actuals.indicator_id == INTERNET) & actuals.is_current].set_index("year")["actual_value"]
    assert stored[2020] == 68.7 and stored[2021] == 70.32


def test_percent_format_on_a_count_is_refused(wh: Path) -> None:
    """A '0%' cell for an indicator counted in people: which number is meant is unclear, so it is refused."""
    data = excel_book([["indicator_id", "year", "value"], [WORKFORCE, 2020, 0.5]], {"C2": "0%"})
    result = check_upload(data, "sai.xlsx", current_dir(wh))
    assert result.codes == {"percent_format"}
    assert "người" in result.issues[0].message_vi and "Number" in result.issues[0].fix_vi


def test_vietnamese_thousands_dots_are_ambiguous_and_refused(wh: Path) -> None:
    """'998.500' and the dashboard's own '973.692' are refused with both readings; '0.687' is a plain decimal."""
    body = f"{WORKFORCE},2020,998.500,,,\n{WORKFORCE},2021,973.692,,,\n{INTERNET},2020,0.687,,,\n"
    result = check_upload(csv_bytes(body), "nghin.csv", current_dir(wh))
    assert result.counts == {("value_ambiguous_thousands", "error"): 2}
    first = result.issues_frame().iloc[0]
    assert first["row"] == 2 and "998500" in first["fix_vi"] and "998.5" in first["fix_en"]
    assert list(result.rows["actual_value"]) == [0.687]


def test_implausible_rows_need_a_confirmation_in_the_api_and_the_cli(wh: Path, tmp_path: Path) -> None:
    """A share given as a fraction and a count in thousands are flagged with name, unit and neighbouring values;
    nothing is published until those rows are confirmed (API: confirmed=rows; CLI: --confirm-implausible)."""
    body = f"{INTERNET},2020,0.732,,,\n{WORKFORCE},2020,1050,,,\n{RANK},2021,80,,,\n"
    version = current_dir(wh)
    frame = preview(check_upload(csv_bytes(body), "x.csv", version), version).set_index("row_no")
    assert frame["plausibility"].fillna("").tolist() == ["fraction", "jump", ""]
    assert frame.loc[2, "unit"] == "%" and frame.loc[2, "prev_year"] == 2019 and frame.loc[2, "prev_value"] == 68.7
    assert frame.loc[3, "indicator_name_vi"] and frame.loc[3, "prev_value"] == 973692
    from etl.upload import UploadNeedsConfirmation, plausibility_text

    assert "68,7" in plausibility_text(frame.reset_index().iloc[0], "vi")
    before = tree_hash(wh)
    with pytest.raises(UploadNeedsConfirmation, match="rows 2, 3"):
        publish_upload(csv_bytes(body), "x.csv", "an")
    with pytest.raises(UploadNeedsConfirmation):
        publish_upload(csv_bytes(body), "x.csv", "an", confirmed={2})
    assert tree_hash(wh) == before
    path = tmp_path / "x.csv"
    path.write_bytes(csv_bytes(body))
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(wh), "PYTHONPATH": str(ROOT)}
    run = [sys.executable, "-m", "etl", "load-actuals", str(path), "--user", "an"]
    refused = subprocess.run(run, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert refused.returncode == 1 and "--confirm-implausible" in refused.stderr and "Implausible" in refused.stdout
    assert tree_hash(wh) == before
    done = subprocess.run([*run, "--confirm-implausible"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Published batch" in done.stdout


def test_actuals_for_future_years_are_refused(wh: Path) -> None:
    """An actual for a year after the current one (in Vietnam) cannot exist yet."""
    from etl.upload import current_year

    later = current_year() + 1
    result = check_upload(csv_bytes(f"{RANK},{later},80,,,\n{RANK},{current_year()},80,,,\n"), "a.csv", current_dir(wh))
    assert result.codes == {"year_in_future"} and result.issues[0].row == 2
    assert str(current_year()) in result.issues[0].message_vi


def test_hidden_and_filtered_rows_are_warned_with_their_row_numbers(wh: Path) -> None:
    """Rows hidden by hand and rows hidden by an AutoFilter are read, and the warning names them."""

    def hide(sheet) -> None:
        sheet.row_dimensions[3].hidden = True
        sheet.row_dimensions[5].hidden = True

    def filtered(sheet) -> None:
        sheet.auto_filter.ref = "A1:C5"
        sheet.auto_filter.add_filter_column(0, [RANK])
        for row in (3, 4):
            sheet.row_dimensions[row].hidden = True

    rows = [["indicator_id", "year", "value"], [RANK, 2018, 80], [INTERNET, 2020, 70], [INTERNET, 2021, 71], [RANK, 2020, 79]]
    hidden = check_upload(excel_book(rows, setup=hide), "an.xlsx", current_dir(wh))
    assert hidden.codes == {"hidden_rows"} and not hidden.has_errors and len(hidden.rows) == 4
    assert "3, 5" in hidden.issues[0].message_vi
    by_filter = check_upload(excel_book(rows, setup=filtered), "loc.xlsx", current_dir(wh))
    assert by_filter.codes == {"hidden_rows"} and "AutoFilter" in by_filter.issues[0].message_vi
    assert "3, 4" in by_filter.issues[0].message_en


def test_a_row_equal_to_the_document_value_is_unchanged_and_keeps_the_source(wh: Path) -> None:
    """68.7 for 2019 equals the document figure (whose curation note does not count): no change, no new version."""
    version = current_dir(wh)
    data = csv_bytes(f"{INTERNET},2019,68.7,,FALSE,\n")
    frame = preview(check_upload(data, "same.csv", version), version)
    assert frame["change"].tolist() == ["unchanged"]
    before = tree_hash(wh)
    assert publish_upload(data, "same.csv", "an").batch_id is None
    assert tree_hash(wh) == before


def test_if_formulas_with_empty_text_results_are_blank_cells(wh: Path) -> None:
    """Excel saves IF(...,"",...) filled down as t="str" with an empty <v>: blank cells, not missing results."""
    rows = [["indicator_id", "year", "value", "note"], [RANK, 2020, 80, None], [RANK, 2021, 79, None]]
    data = excel_book(rows)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    for row in (2, 3, 4):
        cell = f'<c r="D{row}" t="str"><f>IF(C{row}="","",IF(C{row}&gt;100,"kiểm tra",""))</f><v></v></c>'
        sheet = re.sub(rf'(<row r="{row}"[^>]*>.*?)(</row>)', lambda m, c=cell: m.group(1) + c + m.group(2), sheet, count=1)
    sheet = sheet.replace("</sheetData>", '<row r="4"><c r="D4" t="str"><f>IF(C4="","",C4)</f><v></v></c></row></sheetData>')
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    result = check_upload(buffer.getvalue(), "if.xlsx", current_dir(wh))
    assert not result.has_errors, result.issues_frame()[["code", "message_en"]].to_dict("records")
    assert len(result.rows) == 2 and result.rows["note"].isna().all()


def test_withdraw_one_key_brings_back_its_earlier_value_and_keeps_the_others(wh: Path) -> None:
    """Withdrawing one key of a batch is recorded like a revert; only that key gets its earlier value back."""
    from etl.upload import withdraw_keys

    ind, year = DOC_KEY
    outcome = publish_upload(csv_bytes(f"{ind},{year},50,,,\n{RANK},2021,80,,,\n{RANK},2020,81,,,\n"), "b.csv", "an")
    with pytest.raises(UploadError, match="lý do"):
        withdraw_keys(outcome.batch_id, [(RANK, 2021, None)], "lead", " ")
    with pytest.raises(UploadError, match="no row"):
        withdraw_keys(outcome.batch_id, [(RANK, 2019, None)], "lead", "sai")
    withdrawal = withdraw_keys(outcome.batch_id, [(ind, year, None)], "lead", "nhầm đơn vị")
    version = current_dir(wh)
    actuals = pd.read_parquet(version / "actuals")
    current = actuals[actuals.is_current].set_index(["indicator_id", "year"])
    assert current.loc[(ind, year), "actual_value"] == 47.8 and current.loc[(ind, year), "origin"] == "document"
    assert current.loc[(RANK, 2021), "actual_value"] == 80 and current.loc[(RANK, 2020), "actual_value"] == 81
    history = batch_history(version).set_index("batch_id")
    assert history.loc[outcome.batch_id, "reverted_by"] == withdrawal
    assert history.loc[withdrawal, ["kind", "note", "rows_total", "reverts_batch_id"]].tolist() == [
        "withdraw", "nhầm đơn vị", 1, outcome.batch_id]
    assert batch_rows(version, withdrawal)["indicator_id"].tolist() == [ind]
    with pytest.raises(UploadError, match="withdrawal"):
        revert_batch(withdrawal, "lead", "x")
    again = withdraw_keys(withdrawal, [(RANK, 2020, None)], "lead", "một dòng nữa")
    current = pd.read_parquet(current_dir(wh) / "actuals").query("is_current").set_index(["indicator_id", "year"])
    assert (RANK, 2020) not in current.index and current.loc[(RANK, 2021), "batch_id"] == again


def test_publish_refuses_when_another_publish_changed_the_preview(wh: Path) -> None:
    """Two analysts: the second preview said 'new', a first publish landed, so the second publish shows the new preview."""
    from etl.upload import PreviewChanged

    version = current_dir(wh)
    data = csv_bytes(f"{RANK},2021,80,,,\n")
    checked = check_upload(data, "b.csv", version)
    seen = preview(checked, version)
    assert seen["change"].tolist() == ["new"]
    publish_upload(csv_bytes(f"{RANK},2021,75,,,\n"), "a.csv", "first analyst")
    before = tree_hash(wh)
    with pytest.raises(PreviewChanged) as caught:
        publish_upload(data, "b.csv", "second", checked=checked, checked_against=version, previewed=seen)
    assert caught.value.preview["change"].tolist() == ["changed"] and caught.value.preview["old_value"].tolist() == [75]
    assert tree_hash(wh) == before
    fresh = caught.value.preview
    assert publish_upload(data, "b.csv", "second", checked=checked, checked_against=version, previewed=fresh).batch_id


# Files analysts really send (issue 12, points 7-11): read as they are, or refused with the right fix.
CORPUS = ROOT / "tests" / "bad_inputs"


def test_vietnamese_column_names_are_aliases(wh: Path) -> None:
    """Mã chỉ tiêu, Năm, Giá trị, Tỉnh/thành phố, Ước tính, Ghi chú (and 'Giá trị (%)') map to the template."""
    result = check_upload((CORPUS / "vietnamese_headers.xlsx").read_bytes(), "vn.xlsx", current_dir(wh))
    assert not result.issues and len(result.rows) == 2
    assert result.rows.set_index("row_no").loc[3, "province"] == "01" and bool(result.rows.set_index("row_no").loc[2, "is_estimate"])
    body = "STT,Mã CT,Năm báo cáo,Giá trị (%),Đơn vị tính\n1,telecom_internet_users_pct,2021,70.3,%\n"
    result = check_upload(body.encode(), "vn.csv", current_dir(wh))
    assert result.codes == {"ignored_columns"} and list(result.rows["actual_value"]) == [70.3]


def test_unknown_column_fix_never_only_says_delete(wh: Path) -> None:
    """A column outside the template may hold the data: the fix says how to rename it first."""
    result = check_upload(csv_bytes(f"{RANK},2021,80,x\n", "indicator_id,year,value,so_lieu_khac\n"), "a.csv", current_dir(wh))
    fix = next(i for i in result.issues if i.code == "unknown_column").fix_vi
    assert fix.startswith("Nếu cột này chứa số liệu") and "Giá trị" in fix


def test_wide_layout_under_a_letterhead_becomes_one_row_per_indicator_and_year(wh: Path) -> None:
    """Letterhead, STT/name/unit columns, years as columns, '0.0%' cells: one record per filled cell, located by cell."""
    data = (CORPUS / "wide_layout.xlsx").read_bytes()
    version = current_dir(wh)
    result = check_upload(data, "bao-cao.xlsx", version)
    assert not result.has_errors
    assert {"wide_layout", "multiple_header_rows", "ignored_columns", "percent_format_converted"} == result.codes
    frame = preview(result, version)
    assert frame[["cell", "indicator_id", "year", "actual_value"]].values.tolist() == [
        ["F8", INTERNET, 2020, 70.1], ["G8", INTERNET, 2021, 73.2], ["G9", RANK, 2021, 80.0]]
    outcome = publish_upload(data, "bao-cao.xlsx", "an")
    assert outcome.rows_new == 3
    bad = excel_book([["Mã chỉ tiêu", "2020", "2021"], [INTERNET, "70,1", 71.5], [None, 5, None]])
    issues = check_upload(bad, "ngang.xlsx", version).issues_frame().set_index("code")
    assert "ô B2" in issues.loc["value_decimal_comma", "message_vi"] and "dòng 3, ô B3" in issues.loc["required_empty", "message_vi"]


def test_excel_sep_line_and_blank_lines(wh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """'sep=;' names the separator; blank and ';;' lines are neither rows nor counted against the row cap."""
    data = (CORPUS / "csv_sep_line.csv").read_bytes()
    result = check_upload(data, "sep.csv", current_dir(wh))
    assert not result.issues and list(result.rows["row_no"]) == [3, 5]
    spaced = csv_bytes("".join(f"{RANK},{2000 + i},80,,,\n\n,,,,,\n" for i in range(10)))
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_ROWS", "10")
    assert not check_upload(spaced, "spaced.csv", current_dir(wh)).has_errors


def test_ods_from_libreoffice_is_read_with_percent_cells_and_hidden_rows(wh: Path, tmp_path: Path) -> None:
    """An .ods (LibreOffice) through the CLI: the 68,7% cell is published as 68.7; a hidden row is warned about."""
    target = tmp_path / "libreoffice.ods"
    target.write_bytes((CORPUS / "libreoffice.ods").read_bytes())
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(wh), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "etl", "load-actuals", str(target), "--user", "an"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "percent_format_converted" in proc.stdout and "hidden_rows" in proc.stdout
    actuals = pd.read_parquet(current_dir(wh) / "actuals")
    assert actuals[(actuals.indicator_id == INTERNET) & (actuals.year == 2020) & actuals.is_current]["actual_value"].tolist() == [68.7]
    assert "extension_mismatch" in check_upload(target.read_bytes(), "libreoffice.xlsx", current_dir(wh)).codes
