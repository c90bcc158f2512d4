"""The command line's head start on an .xlsx (etl.upload.prefetch) changes nothing but when the work is done."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from etl.upload import check_upload, max_upload_bytes, max_upload_rows
from etl.upload.prefetch import prefetch_file, take_prefetched
from etl.warehouse import current_dir

ROOT = Path(__file__).resolve().parent.parent


def workbook(path: Path, rows: list[list[object]], hidden_sheet: bool = False) -> bytes:
    """An .xlsx with the sheet 'actuals' (and a hidden second sheet when asked), saved by openpyxl."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "actuals"
    for row in rows:
        sheet.append(row)
    if hidden_sheet:
        book.create_sheet("old").sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


GOOD = [["indicator_id", "year", "value"], ["telecom_internet_users_pct", 2021, 70.3], ["telecom_internet_users_pct", 2022, 73.1]]


def same(a, b) -> bool:
    """Two check results report and keep the same things."""
    return a.issues == b.issues and a.counts == b.counts and a.sheet_read == b.sheet_read and a.rows.equals(b.rows)


def test_a_prepared_read_gives_the_same_check_and_is_used_once(tmp_path, warehouse):
    path = tmp_path / "good.xlsx"
    data = workbook(path, GOOD)
    version = current_dir(warehouse)
    plain = check_upload(data, path.name, version)
    prefetch_file(path)
    ahead = check_upload(data, path.name, version)
    assert same(plain, ahead) and not ahead.has_errors and len(ahead.rows) == 2
    assert take_prefetched(data, max_upload_bytes(), max_upload_rows()) is None  # taken by the check above


def test_other_bytes_or_caps_never_take_a_prepared_read(tmp_path, warehouse):
    path = tmp_path / "good.xlsx"
    data = workbook(path, GOOD)
    prefetch_file(path)
    assert take_prefetched(data + b"\0", max_upload_bytes(), max_upload_rows()) is None
    assert take_prefetched(data, max_upload_bytes(), 1) is None
    assert take_prefetched(data, max_upload_bytes(), max_upload_rows()) is not None


@pytest.mark.parametrize("case", ["hidden_sheet", "csv", "missing"])
def test_files_with_something_to_say_are_left_to_the_real_check(tmp_path, warehouse, case):
    path = tmp_path / ("notes.csv" if case == "csv" else "file.xlsx")
    if case == "hidden_sheet":
        data = workbook(path, GOOD, hidden_sheet=True)  # the container checks warn: nothing is prepared
    elif case == "csv":
        data = b"indicator_id,year,value\ntelecom_internet_users_pct,2021,70.3\n"
        path.write_bytes(data)
    else:
        data = b""
    prefetch_file(path)
    assert take_prefetched(data, max_upload_bytes(), max_upload_rows()) is None
    if case == "hidden_sheet":
        result = check_upload(data, path.name, current_dir(warehouse))
        assert "sheet_hidden" in {i.code for i in result.issues} and len(result.rows) == 2


def test_the_command_line_reads_with_a_head_start_and_publishes(tmp_path, fresh_warehouse):
    """A whole `python -m etl load-actuals` process (pandas not imported when the head start begins)."""
    path = tmp_path / "good.xlsx"
    workbook(path, GOOD)
    proc = subprocess.run([sys.executable, "-m", "etl", "load-actuals", str(path), "--user", "an"], capture_output=True,
                          text=True, cwd=ROOT, env={"PATH": "/usr/bin:/bin", "DASHBOARD_DATA_DIR": str(fresh_warehouse),
                                                    "PYTHONPATH": str(ROOT)}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "data rows: 2" in proc.stdout and "Published batch" in proc.stdout and proc.stderr == ""


def test_the_head_start_imports_neither_pandas_nor_duckdb():
    """The container checks and scan run before the heavy imports; importing them must not pull those in."""
    code = "import sys, etl.upload.prefetch, etl.cli; print(sorted(m for m in ('pandas', 'numpy', 'pyarrow', 'duckdb') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0 and proc.stdout.strip() == "[]", proc.stdout + proc.stderr
