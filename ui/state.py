"""Deep links: the URL carries page, language, as-of year, presentation mode, sector and indicator as plain ids.

Each choice lives in a plain session-state key (the source of truth); its widget uses a separate key and writes
back through on_change. A URL value the app did not write itself (a shared link, a page link) is adopted on the
next run, so links open exactly what the sender saw.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

WIDGET_PREFIX = "_w_"
TRUE_WORDS = ("1", "true", "yes", "on")


def adopt_url_value(key: str) -> None:
    """Take the URL's value for key when it differs from what the app last wrote there."""
    last = st.session_state.setdefault("_url_last", {})
    raw = st.query_params.get(key)
    if raw is not None and last.get(key) != raw:
        st.session_state[key] = raw
        st.session_state.pop(WIDGET_PREFIX + key, None)
        last[key] = raw


def write_url(key: str, value: object, default: object = None) -> None:
    """Mirror one choice into the URL (removed when it is the default) and remember what was written."""
    last = st.session_state.setdefault("_url_last", {})
    if value is None or value == default:
        if key in st.query_params:
            del st.query_params[key]
        last[key] = None
    else:
        text = "1" if value is True else str(value)
        if st.query_params.get(key) != text:
            st.query_params[key] = text
        last[key] = text


def copy_widget_value(key: str) -> None:
    """on_change: the widget's new value becomes the choice."""
    st.session_state[key] = st.session_state[WIDGET_PREFIX + key]


def linked_choice(widget: Callable, label: str, options: Sequence, key: str, default: object,
                  format_func: Callable = str, *, always_in_url: bool = False, **kwargs: object) -> object:
    """A selectbox or radio whose choice comes from and goes to the URL; unknown values fall back to the default.

    always_in_url keeps the choice in the URL even when it is the default (what a link names must not drift).
    """
    adopt_url_value(key)
    value = st.session_state.get(key, default)
    if value not in options:
        value = default if default in options else options[0]
        st.session_state.pop(WIDGET_PREFIX + key, None)
    st.session_state[key] = value
    widget(label, options, index=list(options).index(value), key=WIDGET_PREFIX + key, format_func=format_func,
           on_change=copy_widget_value, args=(key,), **kwargs)
    write_url(key, value, None if always_in_url else default)
    return value


def linked_toggle(container, label: str, key: str, **kwargs: object) -> bool:
    """A toggle mirrored to the URL as key=1."""
    adopt_url_value(key)
    raw = st.session_state.get(key, False)
    value = raw if isinstance(raw, bool) else str(raw).lower() in TRUE_WORDS
    st.session_state[key] = value
    container.toggle(label, value=value, key=WIDGET_PREFIX + key, on_change=copy_widget_value, args=(key,), **kwargs)
    write_url(key, value, False)
    return value


def _is_str(value: object) -> bool:
    return isinstance(value, str) and len(value) <= 200


def _is_flag(value: object) -> bool:
    return isinstance(value, bool) or _is_str(value)


def _is_uploaded_file(value: object) -> bool:
    from streamlit.runtime.uploaded_file_manager import UploadedFile

    return value is None or isinstance(value, UploadedFile)


# What each session key may hold; anything else was forged (a widget id or session key sent by a client) and is dropped
# before a page reads it, so the page falls back to its default instead of failing.
STATE_SHAPES: dict[str, Callable[[object], bool]] = {
    "_url_last": lambda v: isinstance(v, dict),
    "lang": _is_str, "as_of": _is_str, "sector": _is_str, "indicator": _is_str, "prov_year": _is_str, "province": _is_str,
    "bl_sector": _is_str, "bl_status": _is_str, "part": _is_str, "scope": _is_str, "format": _is_str, "search": _is_str,
    "present": _is_flag, "headline": _is_flag, "all_cards": _is_flag,
    "f_sector": lambda v: v is None or _is_str(v),
    "f_status": lambda v: isinstance(v, list) and all(_is_str(x) for x in v),
    "f_year": lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool)),
    "export_table": lambda v: v in ("indicators", "targets", "actuals", "sectors", "provinces", "tasks", "documents", "batches"),
    "history_batch": _is_str, "history_point": lambda v: isinstance(v, tuple) and len(v) == 3,
    "history_flash": _is_str, "auth_grant": _is_str, "batch_note": lambda v: isinstance(v, str),
    "upload_file": _is_uploaded_file, "publish_batch": lambda v: isinstance(v, bool),
    # The toggles' widgets (linked_toggle) hold booleans only.
    **{WIDGET_PREFIX + key: (lambda v: isinstance(v, bool)) for key in ("present", "headline", "all_cards")},
}
PREFIX_SHAPES: dict[str, Callable[[object], bool]] = {
    "cards_": lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 10_000,
    # linked_choice widgets hold option strings, linked_toggle widgets booleans.
    WIDGET_PREFIX: lambda v: _is_str(v) or isinstance(v, bool),
}


def drop_unknown_widget_states() -> list[str]:
    """Forget widget values the client sent for ids no widget ever registered (a forged id such as "_w_as_of"):
    Streamlit keeps them and then fails with KeyError inside the next widget call. Internal API (Streamlit 1.67's
    SessionState), guarded: when it changes, this does nothing and the page boundary still catches the failure."""
    try:
        from streamlit.runtime.state.session_state_proxy import get_session_state

        widgets = get_session_state()._state._new_widget_state
        forged = [wid for wid in list(widgets.states) if wid not in widgets.widget_metadata]
        for wid in forged:
            widgets.states.pop(wid, None)
        return forged
    except Exception:  # noqa: BLE001 - best effort on an internal structure
        return []


def drop_forged_state() -> list[str]:
    """Remove forged widget values and session values of the wrong shape (see STATE_SHAPES); returns the keys removed."""
    dropped = drop_unknown_widget_states()
    for key in list(st.session_state.keys()):
        check = STATE_SHAPES.get(key) or next((c for p, c in PREFIX_SHAPES.items() if key.startswith(p)), None)
        if check is None:
            continue
        try:
            ok = check(st.session_state[key])
        except Exception:  # noqa: BLE001 - a value that cannot even be inspected is forged too
            ok = False
        if not ok:
            try:
                del st.session_state[key]
            except Exception:  # noqa: BLE001 - a widget key Streamlit will not let go of keeps its own validation
                continue
            dropped.append(key)
    return dropped


def adopt_into_widget(key: str, parse: Callable[[str], object]) -> None:
    """Before a widget keyed key: take a URL value the app did not write itself (a shared link) into the widget's
    state; parse returns None for a value that is not valid here, which is ignored."""
    last = st.session_state.setdefault("_url_last", {})
    raw = st.query_params.get(key)
    if raw is not None and last.get(key) != raw:
        value = parse(raw)
        if value is not None:
            st.session_state[key] = value
        last[key] = raw


def linked_filter(widget: Callable, label: str, options: Sequence, key: str, **kwargs: object) -> object:
    """A filter selectbox (first option = no filter) kept in the URL under its own key."""
    by_text = {str(o): o for o in options if o is not None}
    adopt_into_widget(key, by_text.get)
    if st.session_state.get(key) not in options:
        st.session_state.pop(key, None)
    value = widget(label, options, key=key, **kwargs)
    write_url(key, value, options[0])
    return value


def linked_multiselect(widget: Callable, label: str, options: Sequence[str], key: str, **kwargs: object) -> list:
    """A multiselect kept in the URL as a comma-separated list (unknown entries dropped)."""
    adopt_into_widget(key, lambda raw: [v for v in raw.split(",") if v in options] or None)
    if any(v not in options for v in st.session_state.get(key, [])):
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
    value = widget(label, options, key=key, **kwargs)
    write_url(key, ",".join(value) if value else None)
    return value


def linked_page(key: str, pages: int) -> int:
    """The page of a pager (st.pagination keyed key) kept in the URL as key=N; 1 when absent or out of range."""
    adopt_into_widget(key, lambda raw: int(raw) if raw.isdigit() and 1 <= int(raw) <= pages else None)
    page = st.session_state.get(key, 1)
    page = page if isinstance(page, int) and 1 <= page <= pages else 1
    write_url(key, page, 1)
    return page
