"""``netsupport app``: start the app from the installed package.

A wheel holds no ``app.py`` and no ``.streamlit/config.toml``: this command runs the
package's own script (``netsupport/streamlit_app.py``) with Streamlit, passing the app's settings
(``netsupport/ui/streamlit.toml``: local address only, no usage statistics, no traceback on
the screen) as command-line flags, which Streamlit ranks above any config file. So a
deployer's ``pip install`` then ``netsupport app --store ...`` serves exactly the app of a
checkout, from any folder.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Any

from ..i18n import t
from .text import as_of_arg

__all__ = ["register", "streamlit_command", "settings"]


def settings() -> dict[str, dict[str, Any]]:
    """The app's Streamlit settings, by section (``netsupport/ui/streamlit.toml``)."""
    text = resources.files("netsupport.ui").joinpath("streamlit.toml").read_text("utf-8")
    return tomllib.loads(text)


def flags(config: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """``--section.key=value`` for every setting (booleans in Streamlit's spelling).

    >>> flags({"server": {"headless": True, "port": 8501}})
    ['--server.headless=true', '--server.port=8501']
    """
    out = []
    for section, values in config.items():
        for key, value in values.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            out.append(f"--{section}.{key}={text}")
    return out


def streamlit_command(port: int, address: str | None = None) -> list[str]:
    """The command that serves the packaged app on ``port`` (and ``address``, else the
    settings' local-only one)."""
    config = settings()
    config["server"] = {**config.get("server", {}), "port": port,
                        **({"address": address} if address else {})}
    script = resources.files("netsupport").joinpath("streamlit_app.py")
    return [sys.executable, "-m", "streamlit", "run", str(script), *flags(config)]


def run_app(args: argparse.Namespace) -> int:
    env = dict(os.environ)
    if args.store:
        env["NETSUPPORT_STORE"] = args.store
    if args.as_of:
        env["NETSUPPORT_AS_OF"] = args.as_of.isoformat()
    address = args.address or settings().get("server", {}).get("address", "127.0.0.1")
    print(t("cli.app.starting", args.lang, url=f"http://{address}:{args.port}/"),
          file=sys.stderr)
    command = streamlit_command(args.port, args.address)
    sys.stderr.flush()
    if os.name == "posix":
        # become the server: a service manager's SIGTERM (or Ctrl+C) reaches Streamlit itself,
        # with no parent left behind to stop while the server runs on
        os.execve(command[0], command, env)
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:  # Windows: Ctrl+C stops the server (it has had it too)
        return 130


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("app", parents=[common], help="start the app / アプリを起動する")
    p.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    p.add_argument("--address", help="address to listen on (default 127.0.0.1: this PC only)")
    p.add_argument("--as-of", type=as_of_arg, metavar="YYYY-MM-DD",
                   help="the as-of day the app opens on (default today)")
    p.set_defaults(run=run_app)
