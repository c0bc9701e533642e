"""The app's own layer on Solara's server: who may start a session, and how many are open.

Solara accepts a WebSocket (a session, with a model of its own) from any web page the browser
has open. `OriginGuard` accepts one only from the app's own pages: the handshake's Origin must
name the host the browser asked for (its Host header), and that host must be one this server
answers to as itself: localhost, the `--host` address, or, bound to all addresses (`--host
0.0.0.0`, a class on the LAN), an IP address or this machine's name. So neither a page of
another site nor one that renames the laptop (DNS rebinding) starts sessions; a refused
handshake gets HTTP 403. Pages are not to be framed by other sites either (CSP
`frame-ancestors 'self'`).

`AssetCache` keeps Solara's front-end files in memory as they were sent (gzipped): they do not
change while the server runs, and compressing their 4.7 MB again for each of thirty students
costs the laptop more than drawing their pages.

When a session closes (its tab is closed, or it stayed disconnected for the cull timeout set
in `sim.app.cli`), `sim.app.memory` frees its model.

`/_waardenmakerij/sessions` tells how many Solara kernels and models are alive, as JSON: the
tests and `benchmarks/app_class.py` read it to see that a closed tab's model is freed.
"""

import ipaddress
import os
import socket
from urllib.parse import urlsplit

import solara.lifecycle
from solara.server import kernel_context
from solara.server import starlette as solara_starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from sim.app import memory

WILDCARD = {"0.0.0.0", "::", ""}
FRAME_POLICY = (b"content-security-policy", b"frame-ancestors 'self'")


def own_names() -> set[str]:
    """The names this machine goes by on a LAN."""
    name = socket.gethostname().lower()
    return {name, f"{name}.local", socket.getfqdn().lower()}


def trusted_host(hostname: str, bound: str) -> bool:
    """Whether the server answers to `hostname` as itself, bound to address `bound`."""
    if hostname in ("localhost", bound):
        return True
    try:
        address = ipaddress.ip_address(hostname)
    except ValueError:
        return bound in WILDCARD and hostname in own_names()
    return address.is_loopback or bound in WILDCARD


def same_origin(origin: str | None, host: str | None, bound: str) -> bool:
    """Whether a request with these Origin and Host headers comes from the app's own page."""
    if not origin or not host:
        return False
    page, asked = urlsplit(origin), urlsplit(f"//{host}")
    return page.netloc.lower() == asked.netloc.lower() and trusted_host(asked.hostname or "", bound)


class OriginGuard:
    """ASGI middleware: refuse WebSocket handshakes from other origins, forbid framing."""

    def __init__(self, app, bound: str):
        self.app = app
        self.bound = bound.lower().strip("[]")

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket":
            headers = dict(scope["headers"])
            origin, host = headers.get(b"origin"), headers.get(b"host")
            if not same_origin(origin and origin.decode(), host and host.decode(), self.bound):
                await send({"type": "websocket.close", "code": 1008})  # before accept: 403
                return
        elif scope["type"] == "http":
            send = _with_header(send, FRAME_POLICY)
        await self.app(scope, receive, send)


def _with_header(send, header: tuple[bytes, bytes]):
    async def wrapped(message):
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), header]}
        await send(message)

    return wrapped


class AssetCache:
    """ASGI middleware: answer GETs of the static front-end files from memory after the first."""

    PREFIXES = ("/_solara/cdn/", "/jupyter/nbextensions/", "/static/")

    def __init__(self, app):
        self.app = app
        self.responses: dict[tuple, tuple[dict, bytes]] = {}

    async def __call__(self, scope, receive, send):
        if not (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"].startswith(self.PREFIXES)
        ):
            return await self.app(scope, receive, send)
        gzip = b"gzip" in dict(scope["headers"]).get(b"accept-encoding", b"")
        key = (scope["path"], scope["query_string"], gzip)
        response = self.responses.get(key)
        if response is None:
            messages = []

            async def keep(message):
                messages.append(message)

            await self.app(scope, receive, keep)
            start, body = messages[0], b"".join(m.get("body", b"") for m in messages[1:])
            response = (start, body)
            if start["status"] == 200:
                self.responses[key] = response
        start, body = response
        await send(start)
        await send({"type": "http.response.body", "body": body})


def sessions(request):
    """The number of Solara kernels (open sessions) and of models alive in this process."""
    return JSONResponse({"kernels": len(kernel_context.contexts), "models": len(memory.alive)})


def install() -> None:
    """Put the guard, the asset cache and the sessions route around Solara's server and free
    closed sessions' memory (once)."""
    app = solara_starlette.app
    if isinstance(app.middleware_stack, OriginGuard):
        return
    stack = app.middleware_stack or app.build_middleware_stack()
    bound = os.environ.get("WAARDENMAKERIJ_HOST", "127.0.0.1")
    app.middleware_stack = OriginGuard(AssetCache(stack), bound)
    app.router.routes.insert(0, Route("/_waardenmakerij/sessions", sessions))
    solara.lifecycle.on_kernel_start(lambda: memory.collect_soon)
