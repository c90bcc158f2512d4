"""The attention list (pure shaping) and the briefing pack (`python -m etl briefing`), on a fixed test upload."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

import queries
from etl.build import build
from etl.scorecard import scorecard
from etl.upload import publish_upload
from etl.warehouse import current_dir
from presentation.attention import attention_rows
from presentation.briefing.model import responsible_units

ROOT = Path(__file__).resolve().parent.parent
UPLOAD = ROOT / "tests" / "uploads" / "attention_upload.xlsx"


@pytest.fixture(scope="module")
def uploaded(tmp_path_factory, catalog) -> Path:
    """A warehouse built from the real catalog plus the fixed attention upload."""
    root = tmp_path_factory.mktemp("attention")
    build(root, catalog)
    publish_upload(UPLOAD.read_bytes(), UPLOAD.name, "test", root=root)
    return root


def lagging(root: Path, lang: str = "vi", **kwargs):
    version = current_dir(root)
    con = duckdb.connect()
    return attention_rows(scorecard(con, version, **kwargs), responsible_units(con, version), lang)


def test_attention_lists_each_lagging_target_once_worst_first(uploaded):
    rows = lagging(uploaded)
    statuses = list(rows["status"])
    assert statuses == sorted(statuses, key=("not_achieved", "off_track", "at_risk").index)
    assert set(statuses) == {"not_achieved", "off_track", "at_risk"}
    # The 2021 e-book target is stated in three documents: one line.
    ebook = rows[(rows["indicator_id"] == "publishing_ebook_share_pct") & (rows["target"] == "MT 2021: ≥ 10")]
    assert len(ebook) == 1 and ebook.iloc[0]["documents"] == 3
    assert not rows.duplicated(["indicator_id", "target"]).any()
    # Within a status, the larger shortfall first: 5G (0,5 against 8) before Internet users (70,3 against 71).
    missed = list(rows[rows["status"] == "not_achieved"]["indicator_id"])
    assert missed.index("telecom_5g_population_coverage_pct") < missed.index("telecom_internet_users_pct")
    assert rows[rows["status"] == "not_achieved"]["gap"].is_monotonic_decreasing


def test_attention_line_says_figure_reason_and_unit(uploaded):
    rows = lagging(uploaded).drop_duplicates("indicator_id").set_index("indicator_id")
    internet = lagging(uploaded)
    internet = internet[(internet["indicator_id"] == "telecom_internet_users_pct") & (internet["target"] == "MT 2025: ≥ 80")]
    behind = internet.iloc[0]
    assert behind["latest"] == "73,2%" and behind["latest_year"] == 2023  # the uploaded 2023 figure
    assert "năm 2023: 73,2%" in behind["why"] and "Cần +" in behind["why"]
    assert behind["unit"] == "chưa gán" and behind["status"] in ("off_track", "at_risk")
    assert rows.loc["publishing_ebook_share_pct", "unit"] == "Cục XBIPH"
    assert rows.loc["telecom_5g_population_coverage_pct", "unit"] == "Cục Tần số; Cục Viễn thông"
    english = lagging(uploaded, "en").drop_duplicates("indicator_id").set_index("indicator_id")
    assert english.loc["postal_communes_staffed_post_pct", "unit"] == "not assigned"
    assert "in 2021: 92%" in english.loc["postal_communes_staffed_post_pct", "why"]
    assert english.loc["postal_communes_staffed_post_pct", "target"] == "Target 2021: ≥ 100"


def test_attention_follows_sector_and_as_of(uploaded):
    postal = lagging(uploaded, sector="postal")
    assert {"postal_communes_staffed_post_pct", "postal_upu_2ipd_rank"} <= set(postal["indicator_id"])
    assert set(postal["sector_id"]) == {"postal"}
    # As of 2020 nothing uploaded counts: no 2021 target has a figure yet.
    assert "postal_communes_staffed_post_pct" not in set(lagging(uploaded, as_of=2020)["indicator_id"])


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"DASHBOARD_DATA_DIR": str(root), "PATH": "/usr/bin:/bin", "HOME": str(root)}
    return subprocess.run([sys.executable, "-W", "ignore", "-m", "etl", "briefing", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def sector_chart_count(root: Path, sector: str) -> int:
    """The sector page's charts: indicators of the sector with a national actual."""
    series = queries.run(duckdb.connect(), "sector_series", current_dir(root), sector=sector, as_of=9999)
    return series["indicator_id"].nunique()


def test_briefing_deck_of_telecom(uploaded, tmp_path):
    out = tmp_path / "telecom.pptx"
    done = run_cli(uploaded, "--sector", "telecom", "--format", "pptx", "--out", str(out))
    assert done.returncode == 0, done.stderr
    deck = Presentation(str(out))
    slides = list(deck.slides)
    charts = sector_chart_count(uploaded, "telecom")
    assert len(slides) == charts + 2
    assert deck.slide_width * 9 == deck.slide_height * 16
    title = " ".join(s.text_frame.text for s in slides[0].shapes if s.has_text_frame)
    assert "Viễn thông" in title and "Toàn bộ số liệu" in title and "Báo cáo tổng kết 2020" in title
    assert re.search(r"Số liệu mới nhất: năm 20\d\d \(cập nhật \d\d/\d\d/20\d\d\)", title) and "BỘ TT&TT (NAY LÀ BỘ KH&CN)" in title
    tables = [s for s in slides[1].shapes if s.has_table]
    assert len(tables) == 1
    cells = [c.text for row in tables[0].table.rows for c in row.cells]
    assert "Năm 2022: 0,5%. → không đạt." in " ".join(cells)  # the 5G line, worst first
    for slide in slides[2:]:
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        notes = slide.notes_slide.notes_text_frame.text
        assert "Nguồn và trích dẫn" in notes and ("dòng" in notes or "số liệu tải lên" in notes)
    internet = [s for s in slides[2:] if "Tỷ lệ người sử dụng Internet" in s.notes_slide.notes_text_frame.text][0]
    assert "“" in internet.notes_slide.notes_text_frame.text  # the verbatim quote
    reasons = " ".join(s.text_frame.text for s in internet.shapes if s.has_text_frame)
    assert "năm 2023: 73,2%" in reasons and ("chậm tiến độ" in reasons or "có nguy cơ chậm" in reasons)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (scripts/setup.sh installs it)")
def test_briefing_report_pdf_renders(uploaded, tmp_path, artifacts_dir):
    out = tmp_path / "bao-cao.pdf"
    done = run_cli(uploaded, "--sector", "publishing", "--as-of", "2023", "--format", "pdf", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(out), str(artifacts_dir / "briefing-publishing")], check=True)
    pages = sorted(artifacts_dir.glob("briefing-publishing-*.png"))
    assert pages
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for words in ("BÁO CÁO", "Xuất bản, in và phát hành", "Số liệu tính đến năm 2023", "Cần chú ý", "Cục XBIPH",
                  "Mục tiêu và kết quả thực hiện", "Nguồn và trích dẫn", "Nghị định 55/2025/NĐ-CP"):
        assert words in text, words


def test_briefing_attention_pdf_in_english(uploaded, tmp_path):
    out = tmp_path / "attention.pdf"
    done = run_cli(uploaded, "--attention", "--lang", "en", "--format", "pdf", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert f"{len(lagging(uploaded))} targets needing attention" in done.stdout


def test_briefing_refuses_unknown_sector(uploaded, tmp_path):
    done = run_cli(uploaded, "--sector", "nope", "--format", "pdf", "--out", str(tmp_path / "x.pdf"))
    assert done.returncode == 2 and "unknown sector" in done.stderr
