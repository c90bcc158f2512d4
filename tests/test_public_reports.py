"""Public reports (issue 17): the curated file's checks (a bad row stops the build naming file, row and column),
precedence (documents govern, an upload wins, its revert brings the public figure back, the later of two public
reports is shown) and the distinct marker and source line on charts. Real files, real Parquet, real DuckDB."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import queries
from etl import build
from etl.catalog import CatalogError
from etl.public_reports import PUBLIC_REPORTS_FILE, PUBLISHED, check_public_reports
from etl.report import catalog_report
from etl.upload import publish_upload, revert_batch
from etl.warehouse import current_dir
from presentation.charts import PUBLIC_STYLE, ChartContext, indicator_figure
from presentation.text import t

ROOT = Path(__file__).resolve().parent.parent
FIBRE = "telecom_fibre_households_pct"  # public reports for 2021, 2022 and 2023; no document actual
UPLOAD_HEADER = "indicator_id,year,value,province,is_estimate,note\n"


def read_rows() -> list[dict[str, str]]:
    """The curated rows, as written."""
    with PUBLIC_REPORTS_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    """A public-reports file with these rows."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=PUBLISHED, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One warehouse built from the real catalog and the real public-reports file."""
    root = tmp_path_factory.mktemp("public")
    build.build(root)
    return root


@pytest.fixture
def wh(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the built warehouse, set as DASHBOARD_DATA_DIR."""
    root = tmp_path / "wh"
    shutil.copytree(built, root, symlinks=True)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(root))
    return root


def key_rows(version: Path, indicator: str, year: int) -> pd.DataFrame:
    """Every actuals row of one national key."""
    actuals = pd.read_parquet(version / "actuals")
    return actuals[(actuals.indicator_id == indicator) & (actuals.year == year) & actuals.province.isna()]


def test_curated_file_is_clean_and_loaded(built: Path, catalog) -> None:
    """The real file passes every check; each figure is one public_report row of actuals, linked to its report."""
    assert check_public_reports(catalog.indicators) == []
    rows = read_rows()
    assert rows and all(r["url"].startswith("https://") and r["read_on"] == "2026-12-01" for r in rows)
    version = current_dir(built)
    reports = pd.read_parquet(version / "public_reports.parquet")
    assert len(reports) == len(rows) and reports["report_id"].is_unique
    actuals = pd.read_parquet(version / "actuals")
    public = actuals[actuals.origin == "public_report"]
    assert sorted(public["report_id"]) == sorted(reports["report_id"])
    assert public["source_doc"].isna().all() and public["batch_id"].isna().all()
    # One current value per key still holds with public figures added.
    current = actuals[actuals.is_current]
    assert not current.duplicated(["indicator_id", "year", "province"]).any()


BAD_ROWS = [
    ("indicator_id", "telecom_no_such_indicator", "unknown indicator"),
    ("year", "2030", "outside 2019-2025"),
    ("year", "2021.5", "not a year"),
    ("value", "21,5", "decimal point"),
    ("value", "120", "outside the range"),
    ("url", "www.example.org/report", "not an http(s) URL"),
    ("published", "2024-13-01", "not a date"),
    ("read_on", "", "required value is empty"),
    ("statement", "", "required value is empty"),
    ("is_estimate", "yes", "true or false"),
]


@pytest.mark.parametrize(("column", "value", "message"), BAD_ROWS, ids=[f"{c}={v!r}" for c, v, _ in BAD_ROWS])
def test_malformed_row_stops_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog,
                                       column: str, value: str, message: str) -> None:
    """A bad cell stops the build with file, row and column named, and nothing is published."""
    rows = read_rows()
    target = next(i for i, r in enumerate(rows) if r["indicator_id"] == FIBRE)  # a percent indicator
    rows[target][column] = value
    path = write_rows(tmp_path / "public_reports.csv", rows)
    monkeypatch.setenv("DASHBOARD_PUBLIC_REPORTS", str(path))
    root = tmp_path / "wh"
    with pytest.raises(CatalogError) as raised:
        build.build(root, catalog)
    text = str(raised.value)
    assert f"{path}, row {target + 2}, column {column}: " in text and message in text
    assert "nothing was published" in text
    assert current_dir(root) is None


def test_rank_must_be_whole_and_ids_unique(tmp_path: Path, catalog) -> None:
    """A fractional rank and a repeated report_id are refused, each on its own row."""
    rows = read_rows()
    egdi = next(i for i, r in enumerate(rows) if r["indicator_id"] == "digital_transformation_egdi_rank")
    rows[egdi]["value"] = "71.5"
    rows.append(dict(rows[0]))
    problems = [str(p) for p in check_public_reports(catalog.indicators, write_rows(tmp_path / "p.csv", rows))]
    assert any(f"row {egdi + 2}, column value: 71.5 is not a whole rank" in p for p in problems)
    assert any(f"row {len(rows) + 1}, column report_id: duplicate of row 2" in p for p in problems)


def test_cli_build_names_file_row_and_column(tmp_path: Path) -> None:
    """`python -m etl build` exits 1 and prints the located problem; the warehouse stays unpublished."""
    rows = read_rows()
    rows[0]["url"] = "ftp://example.org"
    path = write_rows(tmp_path / "bad.csv", rows)
    env = {"DASHBOARD_PUBLIC_REPORTS": str(path), "DASHBOARD_DATA_DIR": str(tmp_path / "wh"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "etl", "build"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert f"{path}, row 2, column url: 'ftp://example.org' is not an http(s) URL" in done.stderr
    assert not (tmp_path / "wh" / "current").exists()


def test_upload_wins_and_revert_brings_the_public_figure_back(wh: Path) -> None:
    """Public report < upload: the upload of the same key is current; reverting it restores the public figure."""
    before = key_rows(current_dir(wh), FIBRE, 2023)
    assert before[before.is_current][["origin", "actual_value"]].values.tolist() == [["public_report", 79.4]]
    outcome = publish_upload((UPLOAD_HEADER + f"{FIBRE},2023,80.1,,FALSE,analyst figure\n").encode(), "fibre.csv", "analyst")
    after = key_rows(current_dir(wh), FIBRE, 2023)
    assert after[after.is_current][["origin", "actual_value", "batch_id"]].values.tolist() == [["upload", 80.1, outcome.batch_id]]
    assert not after[after.origin == "public_report"].is_current.any()  # kept, not current
    other = key_rows(current_dir(wh), FIBRE, 2022)  # a key the upload did not touch keeps its public figure
    assert other[other.is_current].origin.tolist() == ["public_report"]

    revert_batch(outcome.batch_id, "lead", "wrong file")
    restored = key_rows(current_dir(wh), FIBRE, 2023)
    assert restored[restored.is_current][["origin", "actual_value", "report_id"]].values.tolist() == [
        ["public_report", 79.4, "mic_2023_fibre_households"]]
    assert restored[restored.origin == "upload"].empty


def test_document_governs_and_later_report_is_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog) -> None:
    """A public figure for a key the documents give is kept but not current; of two public reports the later one is."""
    rows = read_rows()
    extra = dict(next(r for r in rows if r["indicator_id"] == "digital_transformation_egdi_rank"))
    extra.update(report_id="test_egdi_2020", year="2020", value="87", statement="Test row for 2020.")
    path = write_rows(tmp_path / "public_reports.csv", [*rows, extra])
    monkeypatch.setenv("DASHBOARD_PUBLIC_REPORTS", str(path))
    root = tmp_path / "wh"
    build.build(root, catalog)
    version = current_dir(root)
    egdi = key_rows(version, "digital_transformation_egdi_rank", 2020)
    assert egdi[egdi.is_current][["origin", "actual_value"]].values.tolist() == [["document", 86.0]]
    assert egdi[egdi.origin == "public_report"][["actual_value", "is_current"]].values.tolist() == [[87.0, False]]
    upu = key_rows(version, "postal_upu_2ipd_score", 2022)
    assert sorted(upu.actual_value) == [46.5, 51.0]  # the two publications disagree: both kept
    assert upu[upu.is_current].report_id.tolist() == ["upu_2ipd_2022_score_b"]  # published 2023-10, the later one


def test_chart_marks_public_points_and_names_them_in_the_footer(built: Path) -> None:
    """Public-report points get their own marker and legend entry; the footer names publisher and date."""
    version = current_dir(built)
    con = duckdb.connect()
    try:
        series = queries.run(con, "indicator_series", version, indicator=FIBRE, as_of=9999)
    finally:
        con.close()
    meta = {"indicator_id": FIBRE, "name_vi": "Hộ gia đình dùng cáp quang", "name_en": "Fibre households",
            "unit": "%", "unit_en": "%", "value_type": "percent"}
    for lang in ("vi", "en"):
        fig = indicator_figure(meta, series, pd.DataFrame(), "Viễn thông", ChartContext(lang, "2026-12-01"))
        marked = [tr for tr in fig.data if tr.name == t("chart_public_report", lang)]
        assert len(marked) == 1 and marked[0].showlegend is not False
        assert list(marked[0].x) == [2021, 2022, 2023, 2025] and list(marked[0].y) == [65.0, 74.5, 79.4, 87.6]
        assert marked[0].marker.symbol == PUBLIC_STYLE["symbol"] and marked[0].marker.color == PUBLIC_STYLE["color"]
        assert "Bộ TT&TT (MIC), 2024-01" in marked[0].text[2]
        assert "Bộ KH&CN (MOST), 2026-01-10" in marked[0].text[-1]
        foot = fig.layout.annotations[-1].text.replace("<br>", "")
        assert f"Bộ TT&TT (MIC), 2022-01-05 ({t('public_report_short', lang)})" in foot
    no_public = series[series.origin != "public_report"]
    fig = indicator_figure(meta, no_public, pd.DataFrame(), "Viễn thông", ChartContext("vi", "2026-12-01"))
    assert not [tr for tr in fig.data if tr.name == t("chart_public_report", "vi")]


def test_catalog_report_counts_public_figures_per_sector_and_year(catalog) -> None:
    """`python -m etl catalog-report` ends with public-report figures per sector and year."""
    text = catalog_report(catalog)
    rows = read_rows()
    assert f"Public-report figures (origin public_report; public_reports.csv): {len(rows)} figures" in text
    table = text.split("Public-report figures", 1)[1].splitlines()
    assert table[1].split() == ["sector", "2019", "2020", "2021", "2022", "2023", "2024", "2025", "total"]
    telecom = next(line.split() for line in table if line.startswith("telecom "))
    assert int(telecom[-1]) == sum(r["indicator_id"].startswith("telecom_") for r in rows)
    assert table[-1].split()[-1] == str(len(rows))
