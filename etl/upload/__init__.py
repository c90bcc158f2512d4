"""Analysts' upload of actuals: read, validate, preview, publish, revert and history (pure; no Streamlit).

A package of small modules named for what they do: limits, messages, issues/result (what a check reports), sniff
(content type), one reader per format (xlsx, ole2, delimited) into a raw table, header (column mapping), cells
(cell checks), reference (catalog and province checks), check (check_upload, writes nothing), preview, publish,
revert and history. This module re-exports the public names (lazily) so `from etl.upload import ...` keeps working.

Every problem of a file is reported at once as ValidationIssue rows with Excel row numbers (header = row 1) and
messages in Vietnamese and English. Nothing is written unless the file has no error. Decisions worth knowing:

- The content decides how a file is read (magic bytes), never the extension; an extension that disagrees with the
  content is an error (`extension_mismatch`) so a disguised or mislabelled file is never published unnoticed.
- File names: only the base name is kept. A name with path separators, `..` or control characters is an error
  (`bad_file_name`): browsers and the CLI only ever send base names, so such a name means a tampered client or a
  broken tool, and renaming is a trivial fix.
- Columns outside the template are errors (`unknown_column`), so a wide-format or wrong file is not half-read.
- Size and row caps are enforced before parsing: bytes by length; .xlsx members by their declared sizes and
  compression ratios, then the sheet XML is streamed (bounded memory) and counting stops at the cap; CSV by lines.
"""

from __future__ import annotations

import importlib
import sys
import types

# Public name -> the module defining it. Resolved on first use (PEP 562), so importing one module of the package
# (the container checks the command line runs before pandas is imported) does not import all of them.
MODULE_EXPORTS = {
    "cells": (
        "COMMA_RE FALSE_WORDS KINDS MISSING_WORDS NAN_WORDS NUM_RE SCI_RE THOUSANDS_RE TRUE_WORDS TYPE_KIND "
        "VN_THOUSANDS_RE blank_mask cell_specials check_future_years check_ranges clean_text "
        "convert_percent_cells estimate_flag fmt_number kinds note_text parse_estimate parse_indicator "
        "parse_note parse_value parse_year shown_percent significant_digits thousands_readings times_100 "
        "typed_kind value_problem"
    ),
    "check": "check_duplicates check_upload melt_wide validate_table",
    "delimited": "read_csv",
    "header": (
        "Columns HEADER_ALIASES INFO_COLUMNS YEAR_HEADER_RE find_header fold header_key is_header_row "
        "map_columns norm_name second_header"
    ),
    "history": "batch_history batch_rows point_history",
    "issues": "ISSUE_COLUMNS IssueLog Rejected ValidationIssue keep_detail show_value",
    "limits": (
        "ALIASES BATCH_ID_RE BOMB_MIN_BYTES BOMB_RATIO DEFAULT_MAX_MB DEFAULT_MAX_ROWS HEADER_SEARCH_ROWS "
        "KNOWN MAX_COLUMNS MAX_DETAILED_ISSUES MAX_DETAILED_PER_CODE MAX_NOTE_CHARS MAX_SIGNIFICANT_DIGITS "
        "MAX_ZIP_MEMBERS OPTIONAL REQUIRED SCAN_CHUNK VIETNAM_TIME XML_OVERLAP YEAR_MAX YEAR_MIN current_year "
        "max_upload_bytes max_upload_rows"
    ),
    "messages": "COLS_EN COLS_VI MESSAGES PLAUSIBILITY WARNING_CODES",
    "ods": "O ODS_MIME OFFICE S STYLE T TABLE is_ods read_ods repeat scan_content",
    "ole2": "read_ole2",
    "preview": (
        "connect implausible neighbours_text plausibility_text preview register_uploads run_sql same_preview "
        "with_locations"
    ),
    "publish": (
        "PublishOutcome archive_bytes batch_row clean_user column new_batch_id next_published_at "
        "publish_upload upload_rows_table"
    ),
    "raw": "RawTable SheetScan col_index col_letters map_unique",
    "reference": (
        "REFERENCE_TABLES Reference load_reference parse_province plain resolve_provinces same_reference "
        "warn_merged_readings"
    ),
    "result": (
        "CheckResult PreviewChanged UploadError UploadNeedsConfirmation UploadRejected UploadResult "
        "empty_rows"
    ),
    "revert": "Key parse_key revert_batch withdraw_keys",
    "sniff": "CONTROL_RE INVISIBLE_RE MAGIC NOTE_CONTROL_RE OLE2_MAGIC sanitise_file_name sniff",
    "xlsx": (
        "BUILTIN_PERCENT_FORMATS arrow_column cell_ref check_zip_sizes choose_sheet local percent_styles "
        "read_columnar read_small_member read_xlsx scales_by_100 scan_sheet sheet_patterns typed_sheet "
        "verify_members workbook_sheets"
    ),
}
EXPORTS = {name: module for module, names in MODULE_EXPORTS.items() for name in names.split()}
__all__ = sorted(EXPORTS)


def __getattr__(name: str) -> object:
    """A public name of the package, imported from its module on first use."""
    module = EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'etl.upload' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"etl.upload.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names, imported or not."""
    return sorted(set(globals()) | set(EXPORTS))


class Package(types.ModuleType):
    """This package's module object. Importing a submodule sets it as an attribute of the package; two submodules
    are named like the function they export (preview, sniff), and the function must stay what the name means."""

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and name in EXPORTS:
            return  # the submodule stays reachable as etl.upload.<name> through sys.modules and import statements
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = Package
