"""The bad-upload corpus (tests/bad_inputs): every file is answered with its expected code(s) and a clear bilingual
message, the CLI exits non-zero, big or hostile files are refused fast in bounded memory, and the published
warehouse stays byte-identical."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import unquote

import pytest

from etl import build
from etl.__main__ import main as cli_main
from etl.upload import check_upload
from etl.warehouse import current_dir
from tests.fsutil import tree_hash

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "bad_inputs"
MANIFEST = list(csv.DictReader(open(CORPUS / "manifest.csv", encoding="utf-8")))
REFUSED = [r for r in MANIFEST if r["outcome"] == "refused"]
OTHERS = [r for r in MANIFEST if r["outcome"] != "refused"]
HOSTILE = {"zip_bomb.xlsx", "rows_1048576.xlsx", "rows_1048576_dense.xlsx", "cols_16384.xlsx"}




@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly built warehouse shared by the corpus tests (they never write to it)."""
    root = tmp_path_factory.mktemp("wh")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DASHBOARD_DATA_DIR", str(root))
        build.build(root)
    return root


@pytest.fixture
def data_root(warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at the shared warehouse for one test."""
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(warehouse))
    return warehouse


def upload_name(row: dict[str, str]) -> str:
    """The name the corpus file is uploaded under."""
    return unquote(row["upload_name"]) if row["upload_name"] else row["file"]


def apply_env(row: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Per-file limits from the manifest (KEY=VALUE;KEY=VALUE)."""
    for pair in filter(None, row["env"].split(";")):
        key, value = pair.split("=", 1)
        monkeypatch.setenv(key, value)


def test_manifest_is_complete() -> None:
    """At least 40 files, each listed once with expected codes; the corpus stays small."""
    files = {p.name for p in CORPUS.iterdir() if p.is_file() and p.name not in ("manifest.csv", "make_corpus.py")}
    listed = [r["file"] for r in MANIFEST]
    assert len(listed) >= 40
    assert sorted(listed) == sorted(files)
    assert all(r["expected_codes"].strip() and r["description"].strip() for r in MANIFEST)
    assert sum(p.stat().st_size for p in CORPUS.iterdir() if p.is_file()) < 5 * 1024 * 1024


@pytest.mark.parametrize("row", REFUSED, ids=[r["file"] for r in REFUSED])
def test_corpus_file(
    row: dict[str, str], data_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Expected codes with complete bilingual messages; the CLI exits 1; the warehouse is byte-identical."""
    apply_env(row, monkeypatch)
    before = tree_hash(data_root)
    data = (CORPUS / row["file"]).read_bytes()
    name = upload_name(row)
    hostile = row["file"] in HOSTILE
    if hostile:
        tracemalloc.start()
    started = time.perf_counter()
    result = check_upload(data, name, current_dir(data_root))
    elapsed = time.perf_counter() - started
    if hostile:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert elapsed < 5, f"{row['file']} took {elapsed:.1f}s"
        assert peak < 64 * 1024 * 1024, f"{row['file']} peaked at {peak / 2**20:.0f} MB"
    expected = set(row["expected_codes"].split())
    assert expected <= result.codes, (expected, result.codes)
    assert result.has_errors
    for issue in result.issues:
        assert issue.message_vi and issue.message_en and issue.fix_vi and issue.fix_en
        assert result.file_name in issue.message_en and result.file_name in issue.message_vi
        assert issue.message_vi.startswith("Tệp «")
    # The CLI, in-process (same code as `python -m etl`), on a copy named as uploaded.
    target = tmp_path / name if "/" not in name else tmp_path / row["file"]
    shutil.copyfile(CORPUS / row["file"], target)
    code = cli_main(["load-actuals", str(target), "--user", "tester"])
    out = capsys.readouterr()
    assert code == 1
    assert "nothing was published" in out.err
    assert "Traceback" not in out.err + out.out
    assert sorted(expected)[0] in out.out
    assert tree_hash(data_root) == before


@pytest.mark.parametrize("row", OTHERS, ids=[r["file"] for r in OTHERS])
def test_corpus_file_that_is_not_refused(
    row: dict[str, str], data_root: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Files that are read (warned, or needing a confirmation of implausible rows): never an error, the expected
    warnings or plausibility flags, and the CLI publishes nothing without --confirm-implausible."""
    from etl.upload import implausible, preview

    before = tree_hash(data_root)
    data = (CORPUS / row["file"]).read_bytes()
    version = current_dir(data_root)
    result = check_upload(data, upload_name(row), version)
    expected = set(row["expected_codes"].split())
    assert not result.has_errors, result.issues_frame()[["code", "message_en"]].to_dict("records")
    flagged = implausible(preview(result, version))
    if row["outcome"] == "warned":
        assert expected <= result.codes and flagged.empty
    elif row["outcome"] == "confirm":
        assert set(flagged["plausibility"]) == expected
        target = tmp_path / row["file"]
        shutil.copyfile(CORPUS / row["file"], target)
        assert cli_main(["load-actuals", str(target), "--user", "tester"]) == 1
        out = capsys.readouterr()
        assert "--confirm-implausible" in out.err and "Traceback" not in out.err + out.out
    else:
        assert row["outcome"] == "accepted" and not result.issues and flagged.empty
    assert tree_hash(data_root) == before


def test_ten_thousand_errors_are_grouped_and_capped(data_root: Path) -> None:
    """10,000 bad values: every one counted, the detailed list capped, per-code counts available."""
    data = (CORPUS / "ten_thousand_errors.csv").read_bytes()
    started = time.perf_counter()
    result = check_upload(data, "ten_thousand_errors.csv", current_dir(data_root))
    assert time.perf_counter() - started < 10
    assert result.counts[("value_not_number", "error")] == 10_000
    assert len(result.issues) <= 1000 and result.truncated
    summary = result.summary_frame().set_index("code")
    assert summary.loc["value_not_number", "count"] == 10_000
    assert summary.loc["value_not_number", "shown"] <= 200
    assert len(result.issues_frame()) == len(result.issues)


def test_cli_subprocess_rejects_hostile_files(data_root: Path, tmp_path: Path) -> None:
    """The real `python -m etl` process exits 1 with a message (no traceback) and writes nothing."""
    before = tree_hash(data_root)
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(data_root), "PYTHONPATH": str(ROOT)}
    for name in ("zip_bomb.xlsx", "utf16.csv"):
        proc = subprocess.run(
            [sys.executable, "-m", "etl", "load-actuals", str(CORPUS / name), "--user", "t"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=60,
        )
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr
        assert "nothing was published" in proc.stderr
    assert tree_hash(data_root) == before
