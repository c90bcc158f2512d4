"""AppTest of the analyst pages: sign in, upload a good and a bad file, preview, publish, history and revert."""

from __future__ import annotations

from pathlib import Path

import bcrypt
import duckdb
import pandas as pd
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
    assert set(preview["Chỉ tiêu"]) == {"telecom_fixed_broadband_per100", "telecom_internet_users_pct"}
    assert "Tên chỉ tiêu" in preview and "Số liệu đã công bố (năm lân cận)" in preview
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
    assert list(at.dataframe[0].value["Mã lô"]) == [outcome.batch_id]
    revert_start = next(b for b in at.button if b.label == "Hoàn tác cả lô…")
    revert_start.click().run()
    comes_back = at.dataframe[2].value  # the confirmation lists what comes back
    assert comes_back.iloc[0].tolist() == ["telecom_fixed_broadband_per100 · 2021 · Toàn quốc", "18,4", "không còn số liệu"]
    next(b for b in at.button if b.label == "Xác nhận hoàn tác").click().run()
    assert any("Hãy ghi lý do" in e.value for e in at.error)  # an empty reason gets a message
    at.text_input(key="history_reason").input("nhập nhầm số liệu")
    next(b for b in at.button if b.label == "Xác nhận hoàn tác").click().run()
    assert not at.exception
    assert any("Đã hoàn tác" in s.value for s in at.success)
    table = at.dataframe[0].value.set_index("Mã lô")
    assert table.loc[outcome.batch_id, "Trạng thái"].startswith("Đã hoàn tác (lan,")  # refreshed after the revert
    history = at.dataframe[-1].value  # the data point's history: document value (none here) and both uploads
    assert list(history["Giá trị mới"]) == ["18,4"] and list(history["Trạng thái"]) == ["đã hoàn tác"]
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
    assert list(issues.columns[:3]) == ["Vấn đề", "Cách sửa", "Vị trí"]  # problem and fix first, no codes
    assert not any("Tệp «" in text for text in issues["Vấn đề"])
    assert any("12.5" in fix for fix in issues["Cách sửa"]) and "dòng 3, cột «value»" in set(issues["Vị trí"])
    assert not [b for b in at.button if b.label == "Xuất bản"]
    assert tree_digest(analyst) == digest


def test_markdown_in_file_names_and_notes_stays_inert(analyst, monkeypatch):
    """A file named like Markdown/KaTeX is shown escaped in the success messages (issue 19, point 4)."""
    at = signed_in(monkeypatch)
    at.switch_page("pages/upload.py").run()
    name = "**x** [link](http:evil.example) ![](img.png) $x^2$.csv"
    csv = "indicator_id,year,value\ntelecom_fixed_broadband_per100,2021,18.4\n"
    at.file_uploader[0].set_value((name, csv.encode(), "text/csv")).run()
    message = next(s.value for s in at.success if "hợp lệ" in s.value)
    assert "\\*\\*x\\*\\*" in message and "\\[link\\]\\(http\\:" in message and "\\!\\[\\]" in message and "\\$x^2\\$" in message
    at.button(key="publish_batch").click().run()
    assert any("\\*\\*x\\*\\*" in s.value for s in at.success if "Đã xuất bản" in s.value)


def test_typing_the_note_does_not_check_the_file_again(analyst, monkeypatch):
    """The check is cached by file hash and published version: a rerun for the note reuses it (issue 19, point 11)."""
    calls = []
    real = upload.check_upload

    def counting(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(upload, "check_upload", counting)
    at = signed_in(monkeypatch)
    at.switch_page("pages/upload.py").run()
    at.file_uploader[0].set_value(("a.csv", b"indicator_id,year,value\ntelecom_internet_users_pct,2021,70.3\n", "text/csv")).run()
    at.text_input(key="batch_note").input("quý 4").run()
    at.text_input(key="batch_note").input("quý 4, bản sửa").run()
    assert calls == ["a.csv"]
    at.button(key="publish_batch").click().run()  # publishing reuses the check too (same bytes, same reference)
    assert calls == ["a.csv"] and any("Đã xuất bản" in s.value for s in at.success)


def test_implausible_rows_must_be_confirmed_before_publish(analyst, monkeypatch):
    """A share typed as a fraction is flagged with its neighbours; Publish stays disabled until it is confirmed."""
    at = signed_in(monkeypatch)
    at.switch_page("pages/upload.py").run()
    at.file_uploader[0].set_value(("f.csv", b"indicator_id,year,value\ntelecom_internet_users_pct,2020,0.732\n", "text/csv")).run()
    assert any("bất thường" in w.value for w in at.warning)
    flagged = next(m.value for m in at.markdown if "phân số" in m.value)
    assert "Dòng 2" in flagged and "Tỷ lệ người sử dụng Internet" in flagged and "**0,732 %**" in flagged
    assert "2019\\: 68,7" in flagged  # the published neighbour, escaped for Markdown
    assert at.button(key="publish_batch").disabled
    digest = tree_digest(analyst)
    at.checkbox[0].check().run()
    assert not at.button(key="publish_batch").disabled
    at.button(key="publish_batch").click().run()
    assert any("Đã xuất bản" in s.value for s in at.success) and tree_digest(analyst) != digest


def test_a_publish_that_landed_meanwhile_shows_the_changed_preview(analyst, monkeypatch):
    """Two analysts: the page's preview said 'new'; another publish landed; Publish refuses and shows the new preview."""
    at = signed_in(monkeypatch)
    at.switch_page("pages/upload.py").run()
    at.file_uploader[0].set_value(("b.csv", b"indicator_id,year,value\ntelecom_idi_rank,2021,80\n", "text/csv")).run()
    assert any("1 giá trị mới" in m.value for m in at.markdown)
    upload.publish_upload(b"indicator_id,year,value\ntelecom_idi_rank,2021,75\n", "a.csv", "first", root=analyst)
    digest = tree_digest(analyst)
    at.button(key="publish_batch").click().run()
    assert any("đã có lần xuất bản khác" in w.value.lower() for w in at.warning)
    assert any("1 giá trị thay đổi" in m.value for m in at.markdown) and tree_digest(analyst) == digest


def test_withdraw_one_key_from_the_history_page(analyst, monkeypatch):
    """Newest batch first; withdrawing one key lists what comes back, needs a reason, and keeps the other rows."""
    upload.publish_upload(b"indicator_id,year,value\ntelecom_idi_rank,2020,81\n", "cu.csv", "lan", root=analyst)
    data = b"indicator_id,year,value\ntelecom_idi_rank,2021,80\ntelecom_fixed_broadband_per100,2021,18.4\n"
    outcome = upload.publish_upload(data, "moi.csv", "lan", "ghi chú", root=analyst)
    at = signed_in(monkeypatch)
    at.switch_page("pages/history.py").run()
    table = at.dataframe[0].value
    assert table["Mã lô"].iloc[0] == outcome.batch_id and table["Tệp"].tolist() == ["moi.csv", "cu.csv"]
    assert table["Số dòng"].iloc[0] == "2 dòng: 2 mới, 0 thay đổi, 0 không đổi"
    at.multiselect(key=f"withdraw_{outcome.batch_id}").select(("telecom_idi_rank", 2021, None)).run()
    next(b for b in at.button if b.label == "Rút các dòng đã chọn…").click().run()
    assert at.dataframe[2].value.iloc[0, 0] == "telecom_idi_rank · 2021 · Toàn quốc"
    at.text_input(key="history_reason").input("nhầm năm")
    next(b for b in at.button if b.label == "Xác nhận rút dòng").click().run()
    assert not at.exception and any("Đã rút 1 dòng" in s.value for s in at.success)
    actuals = pd.read_parquet(current_dir(analyst) / "actuals").query("is_current and province.isna()")
    now = actuals.set_index(["indicator_id", "year"])["actual_value"]
    assert now[("telecom_fixed_broadband_per100", 2021)] == 18.4 and ("telecom_idi_rank", 2021) not in now.index
    kinds = at.dataframe[0].value["Loại"].tolist()
    assert kinds[0] == "Rút dòng" and at.dataframe[0].value["Trạng thái"].iloc[1].startswith("Đã rút một phần")


def test_upload_and_history_pages_in_english(analyst, monkeypatch):
    """Every label of the new tables exists in English too (the wide layout, a warning, the history)."""
    data = (Path(__file__).resolve().parent / "bad_inputs" / "wide_layout.xlsx").read_bytes()
    at = signed_in(monkeypatch)
    at.radio(key="_w_lang").set_value("en").run()
    at.switch_page("pages/upload.py").run()
    at.file_uploader[0].set_value(("wide.xlsx", data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).run()
    assert not at.exception
    preview = at.dataframe[-1].value
    assert {"Row", "Cell", "Indicator", "Published values (neighbouring years)", "Check"} <= set(preview.columns)
    assert list(preview["Cell"]) == ["F8", "G8", "G9"]
    at.button(key="publish_batch").click().run()
    at.switch_page("pages/history.py").run()
    assert not at.exception and at.dataframe[0].value["Kind"].tolist() == ["Upload"]


def test_ods_upload_on_the_page(analyst, monkeypatch):
    """A LibreOffice .ods through the page: the 68,7% cell previews as 68,7 and the hidden row is warned about."""
    data = (Path(__file__).resolve().parent / "bad_inputs" / "libreoffice.ods").read_bytes()
    at = signed_in(monkeypatch)
    at.switch_page("pages/upload.py").run()
    at.file_uploader[0].set_value(("so-lieu.ods", data, "application/vnd.oasis.opendocument.spreadsheet")).run()
    assert not at.exception and not at.error
    preview = at.dataframe[-1].value
    assert preview["Giá trị mới"].tolist()[0] == "68,7"
    assert any("đang bị ẩn: 4" in problem for problem in at.dataframe[1].value["Vấn đề"])
