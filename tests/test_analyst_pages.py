"""AppTest of the analyst pages: sign in, upload a good and a bad file, preview, publish, history and revert."""

from __future__ import annotations

from pathlib import Path

import bcrypt
import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from etl import upload
from etl.scorecard import scorecard
from etl.warehouse import current_dir
from tests.auth_helpers import sign_in_with_cookie
from tests.fsutil import tree_hash

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PASSWORD = "đúng-mật-khẩu-2021"


@pytest.fixture
def analyst(fresh_warehouse, monkeypatch, tmp_path) -> Path:
    """A private warehouse, one configured analyst account and a sign-in store of this test's own."""
    monkeypatch.setenv("DASHBOARD_STATE_DIR", str(tmp_path / "state"))
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    monkeypatch.setenv("DASHBOARD_ANALYSTS", f"lan:{hashed}")
    return fresh_warehouse


def tree_digest(root: Path) -> dict[str, str]:
    """Fingerprint of the published version (to prove nothing changed)."""
    return {"version": current_dir(root).name, **tree_hash(current_dir(root))}


def signed_in(monkeypatch) -> AppTest:
    """The app with analyst 'lan' signed in through the sign-in page (and the browser's cookie)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert sign_in_with_cookie(at, "lan", PASSWORD, monkeypatch)
    assert not at.exception
    return at


def test_wrong_password_is_refused(analyst):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/sign_in.py").run()
    at.text_input[0].input("lan")
    at.text_input[1].input("sai")
    at.button[0].click().run()
    assert any("Sai tên đăng nhập" in e.value for e in at.error), [e.value for e in at.error] + [str(x.value) for x in at.exception]
    with pytest.raises(ValueError):
        at.switch_page("pages/upload.py")


def test_upload_good_file_preview_then_publish(analyst, monkeypatch):
    at = signed_in(monkeypatch)
    at.switch_page("pages/upload.py").run()
    assert not at.exception
    digest = tree_digest(analyst)
    csv = "indicator_id,year,value\ntelecom_fixed_broadband_per100,2021,18.4\ntelecom_internet_users_pct,2021,70.3\n"
    at.file_uploader[0].set_value(("so-lieu-2021.csv", csv.encode(), "text/csv")).run()
    assert not at.exception
    assert any("2 giá trị mới" in m.value for m in at.markdown)
    preview = at.dataframe[-1].value
    assert set(preview["indicator_id"]) == {"telecom_fixed_broadband_per100", "telecom_internet_users_pct"}
    assert [b.label for b in at.button] == ["Xuất bản"]
    assert tree_digest(analyst) == digest
    at.button[0].click().run()
    assert not at.exception
    assert any("Đã xuất bản lô" in s.value for s in at.success)
    score = scorecard(duckdb.connect(), current_dir(analyst))
    fbb = score[(score["indicator_id"] == "telecom_fixed_broadband_per100") & (score["period_end"] == 2021)]
    # Judged on the uploaded 2021 value (the latest value may be a later public report, issue 17).
    assert (fbb["status"] == "achieved").all()


def test_history_lists_batches_and_reverts(analyst, monkeypatch):
    data = b"indicator_id,year,value\ntelecom_fixed_broadband_per100,2021,18.4\n"
    outcome = upload.publish_upload(data, "so-lieu.csv", "lan", "thử nghiệm", root=analyst)
    at = signed_in(monkeypatch)
    at.switch_page("pages/history.py").run()
    assert not at.exception
    assert list(at.dataframe[0].value["batch_id"]) == [outcome.batch_id]
    at.text_input[0].input("nhập nhầm số liệu")
    at.button[0].click().run()
    assert not at.exception
    assert any("Đã hoàn tác" in s.value for s in at.success)
    table = at.dataframe[0].value.set_index("batch_id")
    assert table.loc[outcome.batch_id, "status"] == "reverted"  # the batch table was refreshed after the revert
    history = at.dataframe[-1].value  # the data point's history: document value (none here) and both uploads
    assert list(history["value"].dropna()) == [18.4]
    reverted = scorecard(duckdb.connect(), current_dir(analyst))
    fbb = reverted[(reverted["indicator_id"] == "telecom_fixed_broadband_per100") & (reverted["period_end"] == 2021)]
    # No 2021 value any more: the 2021 target is not measured (the 2022 public report stays the latest value).
    assert (fbb["status"] == "not_measured").all() and (fbb["latest_year"] != 2021).all()


def test_upload_bad_file_reports_rows_and_writes_nothing(analyst, monkeypatch):
    at = signed_in(monkeypatch)
    at.switch_page("pages/upload.py").run()
    digest = tree_digest(analyst)
    csv = "indicator_id;year;value\nkhong_co_chi_tieu;2021;5\ntelecom_internet_users_pct;20x1;12,5\n"
    at.file_uploader[0].set_value(("loi.csv", csv.encode(), "text/csv")).run()
    assert not at.exception
    assert any("lỗi" in e.value for e in at.error)
    issues = at.dataframe[-1].value
    assert {"unknown_indicator", "year_not_integer", "value_decimal_comma"} <= set(issues["code"])
    assert not [b for b in at.button if b.label == "Xuất bản"]
    assert tree_digest(analyst) == digest
