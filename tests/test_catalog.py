"""Tests of the real source catalog, its provenance, the warehouse built from it and the reports on it."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from etl import build as etl_build
from etl.catalog import CatalogError, load_catalog
from etl.provenance import CATALOG_DIR, SOURCES_DIR, check_catalog, document_lines
from etl.report import catalog_report, scorecard_output, text_table
from etl.scorecard import OUTPUT_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
DOC_000 = "000_578e35c63316aedb.txt"
DOC_001 = "001_c9e4716d30f7799f.txt"
DOC_002 = "002_09f249087db9701e.txt"

# PHỤ LỤC I section I of directive 01 (000): the 12 indicators and the line of each.
ANNEX_I = {
    "postal_communes_staffed_post_pct": 225,
    "telecom_fixed_broadband_per100": 227,
    "telecom_mobile_broadband_per100": 228,
    "telecom_smartphone_users_pct": 229,
    "telecom_fibre_households_pct": 230,
    "telecom_village_coverage_pct": 231,
    "telecom_internet_users_pct": 232,
    "telecom_households_smart_device_pct": 235,
    "digital_economy_digital_enterprises_per1000": 237,
    "press_media_households_essential_tv_online_pct": 239,
    "press_media_violating_info_handled_pct": 240,
    "publishing_ebook_share_pct": 241,
}
# The rankings table of PHỤ LỤC I section II: indicator, line, 2020 value (None: "Không xếp hạng").
RANKINGS = {
    "digital_transformation_egdi_rank": (266, 86),
    "telecom_gci_ict_adoption_rank": (267, None),
    "telecom_gii_ict_rank": (268, 76),
    "digital_economy_gii_ict_org_model_rank": (271, 63),
    "telecom_gii_online_creativity_rank": (272, 42),
}
# 2025 telecom targets of 002 B.II.4 (lines 246-258).
B_II_4 = [
    "telecom_fibre_households_pct", "telecom_fibre_communes_pct", "telecom_mobile_broadband_per100",
    "telecom_internet_users_pct", "telecom_adult_smartphone_pct", "telecom_voice_sms_revenue_share_pct",
    "telecom_mobile_download_speed_mbps", "telecom_epayment_account_pct", "telecom_idi_rank", "telecom_vn_domains_count",
    "telecom_vn_domain_share_pct", "telecom_vnix_members_ipv6_pct",
]
CONTRACT = {
    "indicators": ["indicator_id", "sector_id", "name_vi", "name_en", "unit", "direction", "value_type"],
    "sectors": ["sector_id", "name_vi", "name_en", "sort_order"],
    "targets": ["target_id", "indicator_id", "period_start", "period_end", "comparator", "target_value", "target_low",
                "target_high", "is_draft", "baseline_year", "source_doc", "source_line", "source_quote", "has_conflict"],
    "actuals": ["indicator_id", "year", "period_start", "province", "actual_value", "actual_low", "actual_high",
                "is_estimate", "is_current", "source_doc", "source_line", "source_quote", "batch_id"],
    "tasks": ["task_no", "sector_id", "task_text", "lead_unit", "deadline_raw", "deadline_date", "source_doc", "source_line"],
    "document_actuals": ["indicator_id", "year", "actual_value", "source_doc", "source_line", "source_quote", "doc_priority"],
    "provinces": ["province_code", "name_vi", "name_en", "kind"],
    "documents": ["source_doc", "title_vi", "title_en", "is_draft", "priority"],
    "batches": ["batch_id", "kind", "user", "published_at", "reverts_batch_id"],
}


@pytest.fixture(scope="module")
def catalog():
    """The real catalog, validated and typed (module copy, so this file runs on its own too)."""
    return load_catalog()


@pytest.fixture(scope="module")
def version_dir(tmp_path_factory):
    """A real build of the catalog into a temporary warehouse; yields its current version directory."""
    root = tmp_path_factory.mktemp("warehouse")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DASHBOARD_DATA_DIR", str(root))
        yield etl_build.build()


def raw_rows(name: str) -> list[tuple[str, int, dict[str, str]]]:
    """Every CSV row of one part table: (file, row number, row)."""
    out = []
    for path in sorted(CATALOG_DIR.glob(f"*/{name}.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            out += [(str(path.relative_to(ROOT)), i, r) for i, r in enumerate(csv.DictReader(fh), start=2)]
    return out


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `python -m etl ...` in the repository."""
    return subprocess.run([sys.executable, "-m", "etl", *args], check=False, cwd=ROOT, env={**os.environ, **(env or {})},
                          capture_output=True, text=True, timeout=120)


def test_provenance_check_is_clean():
    assert [str(p) for p in check_catalog()] == []


@pytest.mark.parametrize("table", ["targets", "actuals"])
def test_every_quote_is_verbatim_at_its_line(table):
    rows = raw_rows(table)
    assert rows
    for file, i, r in rows:
        lines = document_lines(SOURCES_DIR, r["source_doc"])
        assert lines is not None, (file, i)
        assert r["source_quote"].strip(), (file, i)
        assert r["source_quote"] in lines[int(r["source_line"]) - 1], (file, i, r["source_quote"])


def test_ids_unique(catalog):
    assert catalog.indicators["indicator_id"].is_unique
    assert catalog.targets["target_id"].is_unique


def test_one_unit_per_indicator(catalog):
    units = catalog.indicators.groupby("indicator_id")["unit"].nunique(dropna=False)
    assert (units == 1).all()
    assert catalog.indicators["unit"].notna().all() and catalog.indicators["unit_en"].notna().all()


def test_ranges_low_below_high(catalog):
    for frame, low, high in ((catalog.targets, "target_low", "target_high"), (catalog.actuals, "actual_low", "actual_high")):
        both = frame[frame[low].notna() & frame[high].notna()]
        assert (both[low] < both[high]).all()
    ranges = catalog.targets[catalog.targets["comparator"] == "range"]
    assert ranges["target_low"].notna().all() and ranges["target_high"].notna().all() and ranges["target_value"].isna().all()
    single = catalog.targets[catalog.targets["comparator"].isin(["eq", "ge", "le", "top_n"])]
    assert single["target_value"].notna().all()


def test_ranks_lower_better(catalog):
    ranks = catalog.indicators[catalog.indicators["value_type"] == "rank"]
    assert len(ranks) > 20
    assert (ranks["direction"] == "lower_better").all()
    rank_targets = catalog.targets.merge(catalog.indicators, on="indicator_id")
    assert (rank_targets.loc[rank_targets["comparator"].isin(["top_n", "rank_gain"]), "value_type"] == "rank").all()


def test_every_indicator_has_a_target_or_actual(catalog):
    used = set(catalog.targets["indicator_id"]) | set(catalog.actuals["indicator_id"])
    assert set(catalog.indicators["indicator_id"]) <= used
    assert used <= set(catalog.indicators["indicator_id"])


def test_is_draft_exactly_for_document_001(catalog):
    assert (catalog.targets["is_draft"] == (catalog.targets["source_doc"] == DOC_001)).all()
    assert catalog.targets["is_draft"].any()


def test_baseline_years_follow_the_format(catalog):
    t = catalog.targets
    assert (t.loc[t["source_doc"] == DOC_001, "baseline_year"] == 2021).all()
    assert (t.loc[t["source_doc"] == DOC_000, "baseline_year"] == 2020).all()
    plan_2025 = t[(t["source_doc"] == DOC_002) & (t["period_end"] == 2025)]
    assert (plan_2025["baseline_year"] == 2020).all()
    in_2020 = t[(t["source_doc"] == DOC_002) & (t["period_start"] == 2020) & (t["period_end"] == 2020)]
    # The provincial annex (Phụ lục VI, from l.2697) quotes Resolution 17/NQ-CP of 2019: baseline 2018, not 2015.
    strategy_2020, resolution_17 = in_2020[in_2020["source_line"] < 2697], in_2020[in_2020["source_line"] >= 2697]
    assert len(strategy_2020) and (strategy_2020["baseline_year"] == 2015).all()
    assert len(resolution_17) == 2 and (resolution_17["baseline_year"] == 2018).all()


def test_conflicts_are_flagged_and_noted(version_dir):
    targets = pd.read_parquet(version_dir / "targets.parquet")
    ebook = targets[(targets["indicator_id"] == "publishing_ebook_share_pct") & (targets["period_end"] == 2025)]
    assert set(ebook["source_doc"]) == {DOC_001, DOC_002}
    assert ebook["has_conflict"].all()
    by_doc = ebook.set_index("source_doc")
    assert by_doc.loc[DOC_001, "target_value"] == 15
    assert (by_doc.loc[DOC_002, "target_low"], by_doc.loc[DOC_002, "target_high"]) == (20, 30)
    assert by_doc.loc[DOC_001, "conflicts_with"] == by_doc.loc[DOC_002, "target_id"]
    flagged = targets[targets["has_conflict"]]
    assert flagged["note"].str.contains("onflict|iffers", regex=True).all()
    agree = targets[(targets["indicator_id"] == "postal_communes_staffed_post_pct") & (targets["period_end"] == 2021)]
    assert len(agree) == 5 and not agree["has_conflict"].any()


def test_slice_annex_i_2021_targets(catalog):
    t = catalog.targets
    for iid, line in ANNEX_I.items():
        rows = t[(t["indicator_id"] == iid) & (t["source_doc"] == DOC_000) & (t["source_line"] == line)]
        assert len(rows) == 1, iid
        assert (rows["period_start"].iloc[0], rows["period_end"].iloc[0]) == (2021, 2021), iid
    fixed = t[(t["indicator_id"] == "telecom_fixed_broadband_per100") & (t["source_line"] == 227)].iloc[0]
    assert fixed["target_value"] == 18
    share = t[(t["indicator_id"] == "press_media_violating_info_handled_pct") & (t["source_line"] == 240)].iloc[0]
    assert (share["comparator"], share["target_low"], share["target_high"]) == ("range", 85, 90)


def test_slice_rankings_table(catalog):
    t, a = catalog.targets, catalog.actuals
    for iid, (line, value_2020) in RANKINGS.items():
        goals = t[(t["indicator_id"] == iid) & (t["source_doc"] == DOC_000) & (t["source_line"] == line)]
        assert len(goals) >= 1 and (goals["comparator"] == "rank_gain").all() and (goals["period_end"] == 2021).all(), iid
        given = a[(a["indicator_id"] == iid) & (a["year"] == 2020) & (a["source_doc"] == DOC_000)]
        if value_2020 is None:
            assert given.empty, iid
        else:
            assert list(given["actual_value"]) == [value_2020], iid


def test_slice_telecom_2025_targets(catalog):
    t = catalog.targets
    plan = t[(t["source_doc"] == DOC_002) & t["source_line"].between(246, 258) & (t["period_end"] == 2025)]
    assert set(B_II_4) <= set(plan["indicator_id"])
    voice = plan[plan["indicator_id"] == "telecom_voice_sms_revenue_share_pct"].iloc[0]
    assert (voice["comparator"], voice["target_value"]) == ("le", 20)


def corrupt_copy(tmp_path: Path) -> tuple[Path, str, int]:
    """A copy of the catalog with one quote changed; returns the copy, the file name and the CSV row."""
    copy = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, copy)
    path = copy / "telecom" / "targets.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index("source_quote")
    rows[3][col] = rows[3][col] + " (sửa sai)"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    return copy, "telecom/targets.csv", 4


def test_corrupted_quote_is_refused_with_file_and_row(tmp_path):
    copy, file, row = corrupt_copy(tmp_path)
    with pytest.raises(CatalogError) as err:
        load_catalog(copy)
    message = str(err.value)
    assert file in message and f"row {row}," in message and "source_quote" in message
    assert len(err.value.problems) == 1


def test_cli_build_fails_on_corrupted_catalog(tmp_path):
    copy, file, row = corrupt_copy(tmp_path)
    result = run_cli("build", env={"DASHBOARD_CATALOG_DIR": str(copy), "DASHBOARD_DATA_DIR": str(tmp_path / "wh")})
    assert result.returncode == 1
    assert file in result.stderr and f"row {row}," in result.stderr and "nothing was published" in result.stderr
    assert not (tmp_path / "wh" / "current").exists()


def test_catalog_dir_env_is_read_at_call_time(tmp_path, monkeypatch):
    copy, file, _ = corrupt_copy(tmp_path)
    monkeypatch.setenv("DASHBOARD_CATALOG_DIR", str(copy))
    assert any(file in str(p) for p in check_catalog())
    with pytest.raises(CatalogError):
        load_catalog()


def test_warehouse_contract_columns(version_dir):
    for table, columns in CONTRACT.items():
        source = version_dir / "actuals" / "documents.national.parquet" if table == "actuals" else version_dir / f"{table}.parquet"
        names = pq.read_schema(source).names
        assert set(columns) <= set(names), (table, set(columns) - set(names))
    manifest = json.loads((version_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["row_counts"]["targets"] == len(pd.read_parquet(version_dir / "targets.parquet"))
    actuals = pd.read_parquet(version_dir / "actuals")
    current = actuals[actuals["is_current"]]
    assert not current.duplicated(["indicator_id", "year", "province"]).any()
    keys = ["indicator_id", "year"]
    assert set(actuals[keys].itertuples(index=False)) == set(current[keys].itertuples(index=False))


def test_catalog_report(catalog):
    text = catalog_report(catalog)
    assert "Per document" in text and "Per sector" in text
    for doc in catalog.documents["source_doc"]:
        assert doc in text
    total = next(line for line in text.splitlines() if line.startswith("total"))
    n_t, n_a = len(catalog.targets), len(catalog.actuals)
    assert total.split()[1:] == [str(n_t), str(n_a), str(n_t + n_a)]
    assert "Conflicting target groups" in text and "publishing_ebook_share_pct 2025-2025" in text
    assert "telecom_fixed_broadband_per100  Số thuê bao băng rộng cố định trên 100 dân" in text
    listed = text.split("Indicators with targets but no actuals:")[1].split("\n\n")[0].splitlines()[1:]
    ids = {line.split()[0] for line in listed if line.strip()}
    assert "telecom_internet_users_pct" not in ids and "telecom_mobile_broadband_per100" in ids


def test_text_table_alignment():
    text = text_table(["a", "n"], [["x", 1], ["long", 22]])
    assert text.splitlines() == ["a      n", "----  --", "x      1", "long  22"]


def test_scorecard_output_formats(version_dir, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(version_dir.parent.parent))
    records = json.loads(scorecard_output("json"))
    assert records and all(list(r) == OUTPUT_COLUMNS for r in records)
    assert "NaN" not in scorecard_output("json")
    ebook = next(r for r in records if r["target_id"] == "publishing_ebook_share_pct__2025__001_l185")
    assert ebook["target_low"] is None and ebook["is_draft"] is True and isinstance(ebook["period_end"], int)
    assert "Mục tiêu" in ebook["why_vi"]
    rows = list(csv.DictReader(scorecard_output("csv", sector="telecom").splitlines()))
    assert rows and list(rows[0]) == OUTPUT_COLUMNS
    assert {r["indicator_id"].split("_")[0] for r in rows} == {"telecom"}
    table = scorecard_output("table", sector="publishing")
    assert table.splitlines()[0].split()[:3] == ["indicator_id", "period", "cmp"] and "target(s):" in table
    early = json.loads(scorecard_output("json", as_of=2015))
    assert all(r["latest_year"] is None or r["latest_year"] <= 2015 for r in early)
    with pytest.raises(ValueError):
        scorecard_output("xml")


def test_cli_scorecard_json_and_catalog_report(version_dir):
    env = {"DASHBOARD_DATA_DIR": str(version_dir.parent.parent)}
    result = run_cli("scorecard", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    # One row per distinct target; its statements (documents stating it) add up to every judged catalog target row.
    targets = pd.read_parquet(version_dir / "targets.parquet")
    assert sum(r["statements"] for r in data) == int((targets["kind"] == "target").sum())
    assert len({r["target_key"] for r in data}) == len(data)
    heads = [(r["indicator_id"], r["period_end"]) for r in data if r["is_headline"]]
    assert len(heads) == len(set(heads)) == len({(r["indicator_id"], r["period_end"]) for r in data})
    report = run_cli("catalog-report")
    assert report.returncode == 0, report.stderr
    assert "Indicators with targets but no actuals" in report.stdout


# Issue 18: rows whose reading was corrected, one test each, against the built warehouse where verdicts matter.
DOC_003 = "003_3d78c3c4d50575a5.txt"


def judged_ids(version_dir: Path) -> set[str]:
    """The target ids the scorecard judges."""
    import duckdb

    from etl.scorecard import scorecard

    con = duckdb.connect()
    try:
        return set(scorecard(con, version_dir)["target_id"])
    finally:
        con.close()


def test_hardware_exports_of_002_l409_are_read_in_billion(catalog):
    a = catalog.actuals
    row = a[(a["source_doc"] == DOC_002) & (a["source_line"] == 409) & a["source_quote"].str.startswith("Kim ngạch xuất khẩu")]
    assert len(row) == 1
    row = row.iloc[0]
    assert row["indicator_id"] == "ict_industry_hardware_exports_usd_bn" and row["actual_value"] == 93 and row["year"] == 2019
    unit = catalog.indicators.set_index("indicator_id").loc["ict_industry_hardware_exports_usd_bn", "unit"]
    assert unit == "tỷ USD"
    assert "28" in row["note"] and "triệu" in row["note"]
    assert "ict_industry_hardware_exports_usd_mn" not in set(catalog.indicators["indicator_id"])


def test_ict_share_33_3_of_002_l52_is_not_judged_as_share_of_gdp(catalog, version_dir):
    a, t = catalog.actuals, catalog.targets
    assert a[(a["indicator_id"] == "ict_industry_ict_gdp_share_pct") & (a["year"] == 2019)].empty
    row = a[(a["source_doc"] == DOC_002) & (a["source_line"] == 52)].iloc[0]
    assert (row["indicator_id"], row["actual_value"]) == ("ict_industry_ict_share_row3_2019_pct", 33.3)
    assert t[t["indicator_id"] == "ict_industry_ict_share_row3_2019_pct"].empty
    score = pd.read_parquet(version_dir / "actuals")
    gdp = score[(score["indicator_id"] == "ict_industry_ict_gdp_share_pct") & score["is_current"]]
    assert set(gdp["year"]) == {2015}


def test_footnote_forecast_of_000_l135_is_a_projection(catalog, version_dir):
    t = catalog.targets
    rows = t[(t["source_doc"] == DOC_000) & (t["source_line"] == 135)]
    assert len(rows) == 4 and (rows["kind"] == "projection").all()
    assert not set(rows["target_id"]) & judged_ids(version_dir)
    built = pd.read_parquet(version_dir / "targets.parquet").set_index("target_id")
    assert not built.loc[list(rows["target_id"]), "has_conflict"].any()
    foreign_2021 = rows[rows["indicator_id"] == "press_media_foreign_social_network_users_mn"]
    assert 120 in set(foreign_2021["target_value"])


def test_one_smartphone_per_person_is_an_undated_aspiration(catalog, version_dir):
    t = catalog.targets
    rows = t[t["indicator_id"] == "telecom_smartphones_per_person"]
    assert set(zip(rows["source_doc"], rows["source_line"], strict=True)) == {(DOC_000, 45), (DOC_003, 29)}
    assert (rows["kind"] == "aspiration").all()
    assert rows["period_start"].isna().all() and rows["period_end"].isna().all()
    assert not set(rows["target_id"]) & judged_ids(version_dir)


def test_postal_growth_30_of_002_l172_is_not_read_as_revenue(catalog, version_dir):
    t = catalog.targets
    line = t[(t["source_doc"] == DOC_002) & (t["source_line"] == 172)]
    assert line[line["indicator_id"] == "postal_revenue"].empty
    row = line[line["source_quote"].str.contains("Tốc độ tăng trưởng đạt 30%")].iloc[0]
    assert (row["indicator_id"], row["kind"], row["target_value"]) == ("postal_unspecified_growth_pct", "aspiration", 30)
    assert "does not" in row["note"]
    assert row["target_id"] not in judged_ids(version_dir)


def test_ipv6_2025_targets_of_002_l240_and_l247(catalog, version_dir):
    t = catalog.targets
    gov = t[t["indicator_id"] == "telecom_gov_it_ipv6_pct"]
    assert set(gov["source_line"]) == {240, 247}
    assert (gov["comparator"] == "eq").all() and (gov["target_value"] == 100).all() and (gov["period_end"] == 2025).all()
    internet = t[(t["indicator_id"] == "telecom_ipv6_adoption_pct") & (t["source_line"] == 247)]
    assert len(internet) == 1 and internet.iloc[0]["target_value"] == 100
    assert set(gov["target_id"]) | set(internet["target_id"]) <= judged_ids(version_dir)


def test_only_target_kind_is_judged(catalog, version_dir):
    t = catalog.targets
    assert set(t["kind"]) <= {"target", "projection", "aspiration"}
    assert judged_ids(version_dir) == set(t.loc[t["kind"] == "target", "target_id"])
    assert t.loc[t["period_end"].isna(), "kind"].eq("aspiration").all()


def test_tasks_with_2020_deadlines_are_flagged_not_fixed(catalog):
    tasks = catalog.tasks.set_index("task_no")
    for no, date in ((147, "2020-12-31"), (155, "2020-12-31"), (159, "2020-10-01")):
        assert str(tasks.loc[no, "deadline_date"]) == date
        assert tasks.loc[no, "deadline_flag"] == "probable_typo" and "typo" in tasks.loc[no, "note"].lower()
    early = catalog.tasks[pd.to_datetime(catalog.tasks["deadline_date"]) < pd.Timestamp("2021-01-11")]
    assert set(early["task_no"]) == {147, 155, 159}


def test_unflagged_early_deadline_is_refused(tmp_path):
    copy = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, copy)
    path = copy / "tasks.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",probable_typo,", ",,", 1), encoding="utf-8")
    problems = [str(p) for p in check_catalog(copy)]
    assert len(problems) == 1 and "deadline_flag" in problems[0] and "2021-01-11" in problems[0]


def test_general_tasks_have_a_sector_a_filter_finds(catalog, version_dir):
    import duckdb

    import queries

    sectors = catalog.sectors.set_index("sector_id")
    assert set(catalog.tasks["sector_id"]) <= set(sectors.index)
    assert not sectors.loc["general", "has_indicators"]
    assert "general" not in set(catalog.indicators["sector_id"])
    con = duckdb.connect()
    try:
        general = queries.run(con, "tasks", version_dir, sector="general")
        dashboards = queries.run(con, "sectors", version_dir)
        task_sectors = queries.run(con, "task_sectors", version_dir)
    finally:
        con.close()
    assert len(general) == (catalog.tasks["sector_id"] == "general").sum() >= 45
    assert {147, 155, 159} <= set(general["task_no"]) and general["deadline_flag"].notna().sum() == 3
    assert "general" not in set(dashboards["sector_id"]) and "general" in set(task_sectors["sector_id"])


# Issue 15 point 4: the provincial annex of 002 (Phụ lục VI) and the Resolution 17/NQ-CP targets it quotes.
PROVINCIAL = {
    ("digital_transformation_edoc_exchange_pct", "96"): (2760, 98), ("digital_transformation_edoc_exchange_pct", "45"): (2870, 100),
    ("digital_transformation_edoc_exchange_pct", "70"): (2752, 95), ("digital_transformation_edoc_exchange_pct", "33"): (2811, 98),
    ("digital_transformation_online_services_level4_pct", "77"): (2723, 57),
    ("digital_transformation_online_services_level4_pct", "87"): (2781, 30),
    ("digital_transformation_online_services_level4_pct", "17"): (2809, 33),
    ("digital_transformation_online_services_level4_pct", "20"): (2830, 37.6),
    ("digital_transformation_online_services_level4_pct", "94"): (2873, 37),
    ("digital_transformation_online_services_level4_pct", "82"): (2898, 44.72),
    ("digital_transformation_online_services_level4_pct", "84"): (2901, 38.52),
    ("telecom_fibre_communes_pct", "17"): (2809, 100), ("telecom_fibre_communes_pct", "02"): (2787, 100),
    ("telecom_fibre_communes_pct", "12"): (2826, 100), ("telecom_village_coverage_pct", "26"): (2912, 100),
}


def test_provincial_annex_figures(catalog):
    a = catalog.actuals
    provincial = a[a["province"].notna()]
    assert set(provincial["province"]) <= set(catalog.provinces["province_code"])
    got = {(r.indicator_id, r.province): (r.source_line, r.actual_value) for r in provincial.itertuples()}
    assert got == PROVINCIAL
    assert (provincial["source_doc"] == DOC_002).all() and (provincial["year"] == 2020).all()
    assert provincial["source_line"].between(2697, 2915).all()
    assert provincial["note"].str.contains("Phụ lục VI").all()


def test_resolution_17_national_2020_targets(catalog, version_dir):
    t = catalog.targets
    quoted = t[(t["source_doc"] == DOC_002) & t["source_quote"].str.contains("17/NQ-CP")]
    got = {(r.indicator_id, r.period_end, r.comparator, r.target_value) for r in quoted.itertuples()}
    assert got == {("digital_transformation_edoc_exchange_pct", 2020, "eq", 90),
                   ("digital_transformation_online_services_level4_pct", 2020, "eq", 30)}
    assert set(quoted["target_id"]) <= judged_ids(version_dir)


def test_provincial_rows_are_published_apart_and_counted(catalog, version_dir):
    provincial = pd.read_parquet(version_dir / "actuals" / "documents.provincial.parquet")
    assert len(provincial) == len(PROVINCIAL) and provincial["is_current"].all()
    national = pd.read_parquet(version_dir / "actuals" / "documents.national.parquet")
    assert national["province"].isna().all()
    report = run_cli("catalog-report")
    assert f"Provincial actuals: {len(PROVINCIAL)} rows, 14 provinces, 4 indicators" in report.stdout
    assert "digital_transformation_online_services_level4_pct: 7 rows" in report.stdout


def test_unknown_province_code_is_refused(tmp_path):
    copy = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, copy)
    path = copy / "telecom" / "actuals.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("telecom_village_coverage_pct,2020,,26,", "telecom_village_coverage_pct,2020,,99,", 1), encoding="utf-8")
    problems = [str(p) for p in check_catalog(copy)]
    assert len(problems) == 1 and "province" in problems[0] and "'99'" in problems[0]
