"""A Streamlit session without a browser: the websocket protocol (the BackMsg/ForwardMsg protobufs that ship with
the streamlit package), as the browser speaks it. Used by bench/load.py and the cluster tests.

A session first loads the page over HTTP like a browser (so a load balancer's sticky cookie is set), then opens
`/_stcore/stream` with the cookies it holds, asks for a script run per page and waits for `script_finished`.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = ForwardMsg.ScriptFinishedStatus
TEXT_ELEMENTS = ("markdown", "heading", "alert", "text", "caption", "metric")


class SessionError(RuntimeError):
    """The server closed the session, a run failed, or it did not finish in time."""


@dataclass
class PageRun:
    """What one script run showed: its elements (type, proto) and how long it took from request to finish."""

    elements: list = field(default_factory=list)
    seconds: float = 0.0
    exceptions: list = field(default_factory=list)

    def texts(self) -> list[str]:
        """Every visible text of the run (markdown bodies, headings, alerts, captions, metric values)."""
        found = []
        for kind, element in self.elements:
            if kind in ("markdown", "heading", "text", "caption"):
                found.append(element.body)
            elif kind == "alert":
                found.append(element.body)
            elif kind == "metric":
                found.append(f"{element.label} {element.body}")
        return found

    def widget(self, kind: str, label: str):
        """The first widget of a kind whose label starts with `label` (None when absent)."""
        for found_kind, element in self.elements:
            if found_kind == kind and element.label.startswith(label):
                return element
        return None

    def tables(self) -> list:
        """Every st.dataframe of the run as a pyarrow Table (decoded from the Arrow IPC bytes the browser gets)."""
        import pyarrow as pa

        found = []
        for kind, element in self.elements:
            if kind == "dataframe" and element.arrow_data.data:
                found.append(pa.ipc.open_stream(element.arrow_data.data).read_all())
        return found

    def html(self) -> list[str]:
        """Bodies of st.html elements."""
        return [element.body for kind, element in self.elements if kind == "html"]

    def widgets(self, kind: str) -> list:
        """Every widget of one kind, in page order."""
        return [element for found_kind, element in self.elements if found_kind == kind]


class Session:
    """One browser tab: `await s.open()`, `await s.run(page, query)`, `await s.close()`."""

    def __init__(self, base_url: str, cookies: dict[str, str] | None = None, timeout_s: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.cookies: dict[str, str] = dict(cookies or {})
        self.timeout_s = timeout_s
        self.ws = None
        self.session_id: str | None = None
        self.replica: str | None = None

    # -- HTTP, as the browser does before the websocket -----------------------------------------------------------
    def _http(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.base_url + path, data=body, method=method, headers=dict(headers or {}))
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=self.timeout_s) as response:
                status, got_headers, payload = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, got_headers, payload = error.code, error.headers, error.read()
        self._keep_cookies(got_headers.get_all("Set-Cookie") or [])
        return status, dict(got_headers), payload

    def _keep_cookies(self, set_cookie_headers: list[str]) -> None:
        for raw in set_cookie_headers:
            jar = SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value

    async def http(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
        """An HTTP request with this session's cookies (kept up to date from Set-Cookie); redirects not followed."""
        return await asyncio.to_thread(self._http, method, path, body, headers)

    # -- the websocket -----------------------------------------------------------------------------------------------
    async def open(self) -> None:
        """Load the page (sticky cookie, XSRF cookie) and open the websocket."""
        for path in ("/", "/_stcore/health"):  # the browser's first requests: the page, then health (sets the XSRF cookie)
            status, _, _ = await self.http("GET", path)
            if status != 200:
                raise SessionError(f"GET {path} answered {status}")
        await self.connect()

    async def connect(self) -> None:
        """(Re)open the websocket with the cookies held now; a previous session id asks the server to resume it."""
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        headers = {"Origin": f"{parts.scheme}://{parts.netloc}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        # As the browser: the XSRF token second, the session to resume third (Streamlit repurposes subprotocols).
        xsrf = self.cookies.get("_streamlit_xsrf") or "none"
        protocols = ["streamlit", xsrf, self.session_id] if self.session_id else ["streamlit", xsrf]
        self.ws = await websockets.connect(
            f"{scheme}://{parts.netloc}{parts.path}/_stcore/stream", additional_headers=headers,
            subprotocols=protocols, max_size=64 * 2**20, open_timeout=self.timeout_s,
            ping_interval=None,
        )
        # The handshake's Set-Cookie counts as the browser's: after a failover the front sticks us to the new replica.
        self._keep_cookies(self.ws.response.headers.get_all("Set-Cookie"))

    async def reconnect(self, attempts: int = 10, backoff_s: float = 0.5) -> None:
        """Reopen the websocket after a drop, retrying with a growing pause, as Streamlit's browser client does."""
        for attempt in range(attempts):
            try:
                await self.connect()
                return
            except (OSError, websockets.InvalidHandshake):
                if attempt == attempts - 1:
                    raise
                await asyncio.sleep(backoff_s * (attempt + 1))

    async def close(self) -> None:
        """Close the websocket (the server ends the session)."""
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    async def run(self, page: str = "", query: str = "", widgets: list[WidgetState] | None = None) -> PageRun:
        """Ask for a script run of `page` (its url path, "" for the default) and wait until it has finished."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string = query
        state.page_name = page
        state.page_script_hash = ""
        state.widget_states.SetInParent()
        for widget in widgets or []:
            state.widget_states.widgets.append(widget)
        result = PageRun()
        started = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        deadline = started + self.timeout_s
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise SessionError(f"page {page or '/'} did not finish within {self.timeout_s:.0f} s")
            try:
                raw = await asyncio.wait_for(self.ws.recv(), remaining)
            except websockets.ConnectionClosed as closed:
                raise SessionError(f"connection closed during page {page or '/'}: {closed}") from closed
            except TimeoutError:
                continue
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                self.session_id = forward.new_session.initialize.session_id or self.session_id
                result.elements.clear()
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                element_kind = element.WhichOneof("type")
                if element_kind:
                    result.elements.append((element_kind, getattr(element, element_kind)))
                    if element_kind == "exception":
                        result.exceptions.append(f"{element.exception.type}: {element.exception.message}")
            elif kind == "script_finished":
                status = forward.script_finished
                if status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                    raise SessionError(f"page {page or '/'}: compile error")
                if status == FINISHED.FINISHED_SUCCESSFULLY:
                    result.seconds = time.perf_counter() - started
                    return result


async def upload(session: Session, uploader, name: str, data: bytes, content_type: str = "text/csv") -> WidgetState:
    """Upload a file as the browser does (ask for an upload URL over the websocket, PUT it multipart with the XSRF
    token) and return the file uploader's widget state to send with the next run."""
    request = BackMsg()
    request.file_urls_request.request_id = "upload-1"
    request.file_urls_request.file_names.append(name)
    request.file_urls_request.session_id = session.session_id or ""
    await session.ws.send(request.SerializeToString())
    deadline = time.monotonic() + session.timeout_s
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(await asyncio.wait_for(session.ws.recv(), max(0.1, deadline - time.monotonic())))
        if forward.WhichOneof("type") == "file_urls_response" and forward.file_urls_response.response_id == "upload-1":
            response = forward.file_urls_response
            break
    if response.error_msg:
        raise SessionError(f"upload URL refused: {response.error_msg}")
    urls = response.file_urls[0]
    boundary = "----dashboard-load-client"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: {content_type}\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "X-Xsrftoken": session.cookies.get("_streamlit_xsrf", "")}
    path = urlsplit(urls.upload_url).path if "://" in urls.upload_url else urls.upload_url
    status, _, payload = await session.http("PUT", path, body, headers)
    if status not in (200, 204):
        raise SessionError(f"upload answered {status}: {payload[:200]!r}")
    state = WidgetState(id=uploader.id)
    info = state.file_uploader_state_value.uploaded_file_info.add()
    info.file_id, info.name, info.size = urls.file_id, name, len(data)
    info.file_urls.CopyFrom(urls)
    return state


def text_value(widget_id: str, value: str) -> WidgetState:
    """A text input's value."""
    return WidgetState(id=widget_id, string_value=value)


def trigger(widget_id: str) -> WidgetState:
    """A (form submit) button press."""
    return WidgetState(id=widget_id, trigger_value=True)
