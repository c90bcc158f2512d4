"""Withdrawing keys of a batch (issue 12, point 12) when other batches hold the same keys: the withdrawal takes the
batch's place in precedence, so a later batch that replaced some of its rows still wins, and reverting that later
batch brings back the withdrawn batch's (not withdrawn) values, never older ones."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.__main__ import main as cli_main
from etl.upload import batch_rows, publish_upload, revert_batch, withdraw_keys
from etl.warehouse import current_dir
from tests.test_actuals_files import check_version

HEADER = "indicator_id,year,value,province,is_estimate,note\n"
PCT = "postal_communes_staffed_post_pct"  # percent 0..100, no document figure for 2021
RANK = "telecom_idi_rank"  # rank 1..250, documents give 2017 and 2019 only
DOC_KEY = ("cybersecurity_botnet_ip_reduction_pct", 2020)  # a document actual: 47.8, estimate

K1, K2, K3 = (PCT, 2021), (RANK, 2021), (RANK, 2020)


def publish(rows: dict[tuple[str, int], float], name: str, root: Path) -> str:
    """Publish national rows from a CSV; returns the batch id."""
    body = HEADER + "".join(f"{ind},{year},{value},,,\n" for (ind, year), value in rows.items())
    outcome = publish_upload(body.encode("utf-8"), name, "analyst", root=root, confirmed=True)
    assert outcome.batch_id
    return outcome.batch_id


def current(root: Path) -> pd.DataFrame:
    """The current rows of the published actuals, national, by (indicator_id, year)."""
    actuals = pd.read_parquet(current_dir(root) / "actuals")
    return actuals[actuals["is_current"] & actuals["province"].isna()].set_index(["indicator_id", "year"])


def test_reverting_a_later_batch_after_a_withdrawal_brings_back_the_withdrawn_batchs_kept_values(fresh_warehouse, tmp_path):
    root = fresh_warehouse
    older = publish({K1: 10, K2: 100}, "z.csv", root)
    first = publish({K1: 20, K2: 80, K3: 81, DOC_KEY: 50}, "a.csv", root)
    later = publish({K2: 70}, "b.csv", root)  # replaces K2 of the first batch
    check_version(current_dir(root), tmp_path)

    withdrawal = withdraw_keys(first, [(*K1, None), (*DOC_KEY, None)], "lead", "nhầm dòng")
    now = current(root)
    assert now.loc[K1, ["actual_value", "batch_id"]].tolist() == [10, older]  # what was there before the first batch
    assert now.loc[DOC_KEY, "origin"] == "document" and now.loc[DOC_KEY, "actual_value"] == 47.8
    assert now.loc[K2, ["actual_value", "batch_id"]].tolist() == [70, later]  # the later batch still wins
    assert now.loc[K3, ["actual_value", "batch_id"]].tolist() == [81, withdrawal]
    withdrawn = batch_rows(current_dir(root), withdrawal)
    assert sorted(zip(withdrawn["indicator_id"], withdrawn["year"], strict=True)) == sorted([K1, DOC_KEY])
    check_version(current_dir(root), tmp_path)

    revert_batch(later, "lead", "sai tệp")
    now = current(root)
    assert now.loc[K2, ["actual_value", "batch_id"]].tolist() == [80, withdrawal]  # the first batch's value, not 100
    assert now.loc[K1, ["actual_value", "batch_id"]].tolist() == [10, older]
    assert now.loc[DOC_KEY, "origin"] == "document"
    assert now.loc[K3, "actual_value"] == 81
    check_version(current_dir(root), tmp_path)

    again = withdraw_keys(withdrawal, [(*K3, None)], "lead", "một dòng nữa")  # a withdrawal of a withdrawal ranks the same
    now = current(root)
    assert K3 not in now.index
    assert now.loc[K2, ["actual_value", "batch_id"]].tolist() == [80, again]
    check_version(current_dir(root), tmp_path)

    newest = publish({K2: 60}, "c.csv", root)  # a batch after the withdrawals outranks their carried rows
    assert current(root).loc[K2, ["actual_value", "batch_id"]].tolist() == [60, newest]
    check_version(current_dir(root), tmp_path)
    revert_batch(older, "lead", "sai tệp")
    now = current(root)
    assert K1 not in now.index and now.loc[K2, "batch_id"] == newest
    check_version(current_dir(root), tmp_path)


def test_withdrawing_a_key_a_later_batch_replaced_changes_nothing_now_and_stays_withdrawn(fresh_warehouse, tmp_path, capsys):
    """Through the command line (`python -m etl withdraw BATCH INDICATOR:YEAR --user --reason`)."""
    root = fresh_warehouse
    first = publish({K1: 20, K2: 80}, "a.csv", root)
    later = publish({K2: 70}, "b.csv", root)
    assert cli_main(["withdraw", first, f"{K2[0]}:2019", "--user", "lead", "--reason", "nhầm dòng"]) == 1  # no such row
    assert "no row" in capsys.readouterr().err
    assert cli_main(["withdraw", first, f"{K2[0]}:{K2[1]}", "--user", "lead", "--reason", "nhầm dòng"]) == 0
    withdrawal = capsys.readouterr().out.split()[-1]
    assert withdrawal in set(pd.read_parquet(current_dir(root) / "batches.parquet")["batch_id"])
    now = current(root)
    assert now.loc[K2, ["actual_value", "batch_id"]].tolist() == [70, later]
    assert now.loc[K1, ["actual_value", "batch_id"]].tolist() == [20, withdrawal]
    check_version(current_dir(root), tmp_path)
    revert_batch(later, "lead", "sai tệp")
    assert K2 not in current(root).index  # withdrawn: no upload value and no document figure for 2021
    check_version(current_dir(root), tmp_path)
