"""The outcome of a check (issues, counts, clean rows) and the errors a publish or revert raises."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from etl.upload.issues import ISSUE_COLUMNS, ValidationIssue


@dataclass
class CheckResult:
    """The outcome of check_upload: issues (detailed, capped), per-code counts and the clean rows."""

    file_name: str
    file_sha256: str
    file_kind: str | None = None
    sheet_read: str | None = None
    issues: list[ValidationIssue] = field(default_factory=list)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    rows: pd.DataFrame = field(default_factory=lambda: empty_rows())
    rows_read: int = 0

    @property
    def has_errors(self) -> bool:
        """True when any error (not just warnings) was found."""
        return self.error_count > 0

    @property
    def error_count(self) -> int:
        """Number of errors, including those not kept in detail."""
        return sum(n for (_, sev), n in self.counts.items() if sev == "error")

    @property
    def warning_count(self) -> int:
        """Number of warnings."""
        return sum(n for (_, sev), n in self.counts.items() if sev == "warning")

    @property
    def truncated(self) -> bool:
        """True when more issues were found than kept in detail."""
        return sum(self.counts.values()) > len(self.issues)

    @property
    def codes(self) -> set[str]:
        """Every issue code found."""
        return {code for code, _ in self.counts}

    def issues_frame(self) -> pd.DataFrame:
        """The detailed issues as a table (errors first, then by row)."""
        frame = pd.DataFrame([{"file": self.file_name, **vars(i)} for i in self.issues], columns=ISSUE_COLUMNS)
        if frame.empty:
            return frame
        frame["row"] = frame["row"].astype("Int64")
        frame["_o"] = frame["severity"].map({"error": 0, "warning": 1})
        return frame.sort_values(["_o", "row"], kind="stable", na_position="first").drop(columns="_o").reset_index(drop=True)

    def summary_frame(self) -> pd.DataFrame:
        """Issue counts per code and severity, with how many are listed in detail and one example message."""
        shown = Counter(i.code for i in self.issues)
        first = {}
        for issue in self.issues:
            first.setdefault(issue.code, issue)
        rows = [
            {
                "severity": sev,
                "code": code,
                "count": n,
                "shown": shown.get(code, 0),
                "example_vi": first[code].message_vi if code in first else "",
                "example_en": first[code].message_en if code in first else "",
            }
            for (code, sev), n in self.counts.items()
        ]
        frame = pd.DataFrame(rows, columns=["severity", "code", "count", "shown", "example_vi", "example_en"])
        return frame.sort_values(["severity", "count"], ascending=[True, False], kind="stable").reset_index(drop=True)


UploadResult = CheckResult


def empty_rows() -> pd.DataFrame:
    """The clean-rows table with no rows."""
    return pd.DataFrame(
        {
            "indicator_id": pd.Series(dtype=object),
            "year": pd.Series(dtype="int64"),
            "province": pd.Series(dtype=object),
            "actual_value": pd.Series(dtype="float64"),
            "is_estimate": pd.Series(dtype="bool"),
            "note": pd.Series(dtype=object),
            "row_no": pd.Series(dtype="int64"),
        }
    )


class UploadError(Exception):
    """An expected problem with a publish or revert request; the message is bilingual (English / Vietnamese)."""


class UploadRejected(UploadError):
    """The upload has errors (checked again under the publish lock); nothing was written."""

    def __init__(self, result: CheckResult):
        self.result = result
        super().__init__(
            f"The upload has {result.error_count} error(s); nothing was published. / "
            f"Tệp có {result.error_count} lỗi; chưa có gì được xuất bản."
        )
