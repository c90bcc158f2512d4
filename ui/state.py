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
