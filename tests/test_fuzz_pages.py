"""Fuzz every page (AppTest): random and hostile query parameters, forged session-state keys (what a forged widget id
sets) and random widget values. No exception may reach a user, and no page may even need the error boundary. Button
keys are left out: no client can set a button's session key (Streamlit refuses it), and forged widget ids are also
sent over a real websocket (tests/test_web_attacks.py).

FUZZ_RUNS (default 1,000) page runs (runs AppTest itself refuses to start are not counted), seeded (FUZZ_SEED) so a
failure can be replayed.
"""

from __future__ import annotations

import os
import random
import time

import bcrypt
import pytest
from streamlit.testing.v1 import AppTest

from tests.auth_helpers import sign_in_with_cookie
from tests.reliability_helpers import ROOT, record_figures

APP = str(ROOT / "app.py")
PAGES = ["pages/overview.py", "pages/sector.py", "pages/indicator.py", "pages/provinces.py", "pages/baseline.py",
         "pages/briefing.py", "pages/sources.py",
         "pages/sign_in.py", "pages/upload.py", "pages/history.py"]
PARAMS = ["lang", "as_of", "present", "sector", "indicator", "page", "role", "user", "auth_token", "province", "year",
          "f_status", "f_year", "cards_telecom", "rotate", "scope", "format", "headline", "all_cards", "search"]
STATE_KEYS = ["lang", "as_of", "present", "sector", "indicator", "_url_last", "f_sector", "f_status", "f_year", "export_table",
              "cards_telecom", "cards_postal", "history_batch", "history_point", "batch_note", "auth_grant", "history_flash",
              "_w_lang", "_w_as_of", "_w_sector", "_w_indicator", "_w_present", "upload_file",
              "prov_year", "province", "_w_prov_year", "_w_province", "prov_ranking", "search", "bl_sector", "headline",
              "_w_headline", "all_cards", "_w_all_cards", "scope", "format", "part"]
HOSTILE_TEXT = ["", " ", "en", "vi", "fr", "all", "2019", "2015", "1900", "9999", "-1", "0", "1e309", "nan", "NaN", "None", "true",
                "telecom", "postal", "publishing", "telecom_internet_users_pct", "x'); DROP TABLE actuals;--", "../../etc/passwd",
                "**bold** [x](http://evil.example) ![](http://evil.example/i.png) $x^2$", "<script>alert(1)</script>",
                "=HYPERLINK(\"http://evil.example\")", "\x00\x01", "Ω" * 5000, "💥", "%00", "{lang}", "{}", "[]"]
HOSTILE_VALUES = [None, 0, -7, 10**12, 3.5, float("nan"), True, False, [], ["telecom"], {}, {"a": 1}, ("x", 2021, None), b"\xff",
                  object()]
PASSWORD = "mat-khau-fuzz-2026"


def hostile(rng: random.Random) -> object:
    return rng.choice(HOSTILE_TEXT) if rng.random() < 0.6 else rng.choice(HOSTILE_VALUES)


def poke_widgets(at: AppTest, rng: random.Random) -> None:
    """Random values in the widgets the run drew (never the file uploader: AppTest cannot drive it)."""
    for box in at.selectbox:
        if rng.random() < 0.3 and box.options:
            box.select_index(rng.randrange(len(box.options)))
    for toggle in at.toggle:
        if rng.random() < 0.1:
            toggle.set_value(not toggle.value)
    for box in at.text_input:
        if rng.random() < 0.3:
            box.input(str(rng.choice(HOSTILE_TEXT))[:200])


@pytest.fixture
def analyst_env(fresh_warehouse, monkeypatch, tmp_path):
    monkeypatch.setenv("DASHBOARD_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("DASHBOARD_ANALYSTS", f"lan:{bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()}")
    return fresh_warehouse


def test_no_exception_reaches_a_user_under_hostile_input(analyst_env, monkeypatch, caplog):
    runs = int(os.environ.get("FUZZ_RUNS") or 1000)
    rng = random.Random(int(os.environ.get("FUZZ_SEED") or 19))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert sign_in_with_cookie(at, "lan", PASSWORD, monkeypatch)  # so Upload and History are fuzzed too
    problems: list[str] = []
    done, skipped, fresh_every, start = 0, 0, 60, time.perf_counter()
    while done < runs:
        if done and done % fresh_every == 0:
            at = AppTest.from_file(APP, default_timeout=120)  # a fresh session now and then: first-run paths too
            at.run()
            done += 1
        page = rng.choice(PAGES)
        at.query_params.clear()
        for key in rng.sample(PARAMS, rng.randint(0, 4)):
            at.query_params[key] = str(hostile(rng))[:300]
        forged = {key: hostile(rng) for key in rng.sample(STATE_KEYS, rng.randint(0, 3))}
        for key, value in forged.items():
            at.session_state[key] = value
        try:
            at.switch_page(page)
        except ValueError:
            pass  # the page is not registered for this session (fine: nothing to reach)
        try:
            at.run()
        except Exception:  # noqa: BLE001 - at.run() never raises the script's exceptions (they land in at.exception)
            # AppTest's own widget-state collection refuses some forged values before the script runs (a real
            # browser's forged ids reach the script, which the other runs cover): a fresh session goes on.
            skipped += 1
            at = AppTest.from_file(APP, default_timeout=120)
            at.run()
        done += 1
        if not at.exception and rng.random() < 0.5:
            try:
                poke_widgets(at, rng)
                at.run()
                done += 1
            except Exception:  # noqa: BLE001 - as above: only AppTest's own refusals get here
                skipped += 1
                at = AppTest.from_file(APP, default_timeout=120)
                at.run()
                done += 1
        shown = "\n".join(str(e.value) for e in at.error)
        if at.exception or "incident" in shown:
            logged = [r.exc_info[1] for r in caplog.records if r.exc_info][-1:]
            problems.append(f"{page} params={dict(at.query_params)} state={forged}: {[e.value for e in at.exception] or logged}")
            at = AppTest.from_file(APP, default_timeout=120)
            at.run()
    elapsed = time.perf_counter() - start
    record_figures("fuzz", {"page_runs": done, "problems": len(problems), "refused_by_apptest": skipped, "seconds": round(elapsed, 1),
                            "ms_per_run": round(elapsed / done * 1000)})
    assert not problems, "\n".join(problems[:20])
