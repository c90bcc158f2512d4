"""Vietnamese notes: every English catalog note and public-report statement/note has our Vietnamese translation beside
it, with the same numbers, carried into the warehouse and shown in the reader's language."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from presentation.views import local_notes
from tests.test_pages import open_app

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "data" / "catalog"
PUBLIC_REPORTS = ROOT / "data" / "public_reports" / "public_reports.csv"
FILES = sorted(p for p in CATALOG.rglob("*.csv") if "note" in pd.read_csv(p, nrows=0).columns) + [PUBLIC_REPORTS]
PAIRS = [("note", "note_vi"), ("statement", "statement_vi")]
MONTHS = {m: str(i) for i, m in enumerate(["January", "February", "March", "April", "May", "June", "July", "August",
                                           "September", "October", "November", "December"], start=1)}
# Letters only Vietnamese uses (ă â đ ê ô ơ ư and the tone marks on vowels): a translation has at least one.
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)


def read(path: Path) -> pd.DataFrame:
    """A curated CSV as text cells."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def pairs(path: Path) -> list[tuple[str, str]]:
    """The (English, Vietnamese) column pairs a file has."""
    return [(en, vi) for en, vi in PAIRS if en in read(path).columns]


def numbers(text: str) -> Counter:
    """The digit runs of a text (not those inside a name like IPv6 or B5), English month names counted as numbers."""
    words = [MONTHS[w] for w in re.findall(r"[A-Z][a-z]+", text) if w in MONTHS]
    text = re.sub(r"\bl\.?(?=\d)", " ", text)  # "l640", "l.640": line 640
    return Counter(re.findall(r"(?<![A-Za-z])\d+", text) + words)


def test_every_file_with_notes_is_covered():
    names = {p.relative_to(ROOT).as_posix() for p in FILES}
    assert "data/catalog/tasks.csv" in names and "data/catalog/indicator_tasks.csv" in names
    assert sum(p.name in ("targets.csv", "indicators.csv", "actuals.csv") for p in FILES) == 18


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_translation_column_sits_right_after_the_english(path):
    columns = list(read(path).columns)
    for en, vi in pairs(path):
        assert columns.index(vi) == columns.index(en) + 1, f"{path}: {vi} must follow {en}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_english_text_has_a_vietnamese_one_and_vice_versa(path):
    frame = read(path)
    for en, vi in pairs(path):
        one_sided = frame[frame[en].str.strip().ne("") != frame[vi].str.strip().ne("")]
        assert one_sided.empty, f"{path}: rows {[i + 2 for i in one_sided.index]} have {en} xor {vi}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_translation_keeps_every_number(path):
    frame = read(path)
    wrong = [(i + 2, en, dict(numbers(r[en]) - numbers(r[vi])), dict(numbers(r[vi]) - numbers(r[en])))
             for en, vi in pairs(path) for i, r in frame.iterrows() if numbers(r[en]) != numbers(r[vi])]
    assert not wrong, f"{path}: (row, column, missing in Vietnamese, extra in Vietnamese): {wrong}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_translation_is_vietnamese(path):
    frame = read(path)
    untranslated = [(i + 2, vi) for en, vi in pairs(path) for i, r in frame.iterrows()
                    if r[vi].strip() and not VIETNAMESE.search(r[vi])]
    assert not untranslated, f"{path}: {untranslated}"


def test_warehouse_carries_every_translation(built_warehouse):
    version = sorted((built_warehouse / "versions").iterdir())[-1]
    con = duckdb.connect()
    for table in ("targets", "tasks", "indicators", "indicator_tasks", "public_reports", "actuals/*"):
        missing = con.execute("SELECT count(*) FROM read_parquet($path) WHERE note IS NOT NULL AND note_vi IS NULL",
                              {"path": f"{version}/{table}.parquet"}).fetchone()[0]
        assert missing == 0, table
    reports = {"path": f"{version}/public_reports.parquet"}
    statements = con.execute("SELECT count(statement), count(statement_vi) FROM read_parquet($path)", reports).fetchone()
    assert statements[0] == statements[1] > 0
    # a public report's statement is its actual's note, in both languages
    row = con.execute("SELECT a.note_vi, r.statement_vi FROM read_parquet($actuals) AS a "
                      "JOIN read_parquet($path) AS r USING (report_id) LIMIT 1",
                      {**reports, "actuals": f"{version}/actuals/*.parquet"}).fetchone()
    assert row[0] == row[1]


@pytest.mark.parametrize(("lang", "expected"), [
    ("vi", ["Việt", "ghi chú", "upload note"]),
    ("en", ["English", "note", "upload note"]),
])
def test_local_notes_picks_the_language_and_falls_back_to_the_english(lang, expected):
    frame = pd.DataFrame({"note": ["English", "note", "upload note"], "note_vi": ["Việt", "ghi chú", None]})
    shown = local_notes(frame, lang)
    assert list(shown["note"]) == expected
    assert "note_vi" not in shown
    blank = local_notes(pd.DataFrame({"note": ["kept"], "note_vi": ["  "]}), "vi")
    assert list(blank["note"]) == ["kept"]


@pytest.mark.parametrize(("lang", "shown", "hidden"), [
    ("vi", "+2 bậc so với 2018.", "+2 ranks vs 2018."),
    ("en", "+2 ranks vs 2018.", "+2 bậc so với 2018."),
])
def test_indicator_page_shows_the_note_in_the_ui_language(warehouse, lang, shown, hidden):
    at = open_app(lang, "pages/indicator.py", indicator="digital_transformation_egdi_rank")
    assert not at.exception, [e.value for e in at.exception]
    series = at.dataframe[-1].value
    assert "note_vi" not in series.columns
    assert shown in set(series["note"].dropna())
    assert hidden not in set(series["note"].dropna())
    targets = at.dataframe[0].value
    note = "Ghi chú" if lang == "vi" else "Note"
    target_notes = " ".join(targets[note].dropna())
    assert ("Mâu thuẫn với" in target_notes) == (lang == "vi")
    assert ("Conflicts with" in target_notes) == (lang == "en")
