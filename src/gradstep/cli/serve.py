"""``gradstep serve``: the playground, a local web page over gradstep (needs ``gradstep[web]``).

Binds to 127.0.0.1 by default; binding elsewhere prints a warning. ``--open`` opens the
page in the default browser once the server is listening.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import webbrowser

import typer

from gradstep.cli._common import fail
from gradstep.cli.app import app
from gradstep.i18n import message

INSTALL_HINT = 'the playground needs the web extra: pip install -e ".[web]" (FastAPI and uvicorn)'


def is_loopback(host: str) -> bool:
    """True for 127.0.0.1, ::1 and localhost (what only this machine can reach)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str) -> list[str]:
    """Host headers the app accepts: loopback names, plus any when bound elsewhere."""
    from gradstep.web.app import LOOPBACK_HOSTS

    return list(LOOPBACK_HOSTS) if is_loopback(host) else ["*"]


def page_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def check_free(host: str, port: int) -> None:
    """One line and exit code 2 when ``host:port`` cannot be listened on (the port is
    taken, the address is not this machine's), before uvicorn starts and logs its own."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except OSError as err:
        fail(f"--host {host!r}: not an address of this machine ({err.strerror or err})")
    family, kind, proto, _, address = infos[0]
    try:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
            probe.bind(address)
    except OSError as err:
        fail(
            f"cannot listen on {host}:{port}: {err.strerror or err} (is another server "
            "using the port? choose another with --port)"
        )


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    open_page: bool = typer.Option(False, "--open", help="Open the page in a browser."),
) -> None:
    """Start the playground: a local web page to type a function and watch its descent."""
    try:
        import uvicorn

        from gradstep.web import create_app
    except ImportError:
        fail(INSTALL_HINT)
    if not 0 < port < 65536:
        fail(f"--port must be between 1 and 65535, got {port}")
    check_free(host, port)
    if not is_loopback(host):
        typer.echo(message("web.error.bound", "en", host=host), err=True)
    url = page_url(host, port)
    typer.echo(f"gradstep playground: {url}  (Ctrl+C to stop)")
    if open_page:
        threading.Timer(1.5, webbrowser.open, args=(url,)).start()
    uvicorn.run(create_app(allowed_hosts=allowed_hosts(host)), host=host, port=port)
