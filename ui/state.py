"""Deep links: the URL carries page, language, as-of year, presentation mode, sector and indicator as plain ids."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

URL_KEYS = ("lang", "as_of", "present", "sector", "indicator")
TRUE_WORDS = ("1", "true", "yes", "on")


def restore_from_url() -> None:
    """On a session's first run, copy deep-link parameters into session state; widgets validate them later."""
    if st.session_state.get("_url_restored"):
        # Keep page-specific choices alive while another page is shown (Streamlit drops unrendered widget state).
        for key in ("sector", "indicator"):
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
        return
    st.session_state["_url_restored"] = True
    params = st.query_params
    for key in ("lang", "as_of", "sector", "indicator"):
        if key in params:
            st.session_state[key] = params[key]
    if "present" in params:
        st.session_state["present"] = params["present"].lower() in TRUE_WORDS


def write_url(key: str, value: object, default: object = None) -> None:
    """Mirror one choice into the URL (removed when it is the default)."""
    if value is None or value == default:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = "1" if value is True else str(value)


def linked_selectbox(container, label: str, options: Sequence, key: str, format_func: Callable = str,
                     default: object = None, **kwargs: object) -> object:
    """A selectbox whose choice comes from and goes to the URL; an unknown URL value falls back to the default."""
    if st.session_state.get(key) not in options:
        st.session_state.pop(key, None)
    value = container.selectbox(label, options, key=key, format_func=format_func, **kwargs)
    write_url(key, value, default)
    return value
