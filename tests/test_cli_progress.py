"""Progress of validate, load, scan and export: drawn on a terminal, silent otherwise.

The terminal is a real pseudo-terminal (``pty``) given to the command as its stderr; stdout
stays a pipe, so that what the command prints stays clean of progress.
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from netsupport.cli import main

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "graph_data" / "demo"


def on_a_terminal(*args: str, sized: bool = True) -> tuple[int, str, str]:
    """Run ``netsupport args`` with stderr on a pseudo-terminal (of 100 columns, or one
    that tells no size): (exit code, stdout, what the terminal showed)."""
    leader, follower = pty.openpty()
    if sized:
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "netsupport", *args], stdout=subprocess.PIPE,
                            stderr=follower, cwd=ROOT, env={**os.environ, "COLUMNS": "100"})
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the command ended and closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    out = proc.stdout.read().decode()
    code = proc.wait(timeout=120)
    os.close(leader)
    return code, out, shown.decode(errors="replace")


def test_load_and_export_show_their_steps_in_japanese_on_a_terminal(tmp_path):
    store = f"sqlite:///{tmp_path / 'p.db'}"
    code, out, shown = on_a_terminal("load", str(DEMO), "--store", store)
    assert code == 0 and "取り込みました" in out
    assert "ファイルを読み込んでいます" in shown and "検査しています" in shown
    assert "書き込んでいます（件）" in shown and "100%" in shown
    assert "ファイルを読み込んでいます" not in out          # stdout stays clean
    code, _, shown = on_a_terminal("export", str(tmp_path / "out"), "--store", store)
    assert code == 0
    assert "データベースから読み出しています" in shown and "ファイルに書き出しています" in shown
    code, out, shown = on_a_terminal("scan", "--store", store, "--as-of", "2026-11-01",
                                     "--limit", "3")
    assert code == 0 and "市内の世帯を分析しています" in shown


def test_a_terminal_that_tells_no_size_still_shows_the_steps():
    code, _, shown = on_a_terminal("validate", str(DEMO), sized=False)
    assert code == 0 and "ファイルを読み込んでいます" in shown and "検査しています" in shown


def test_quiet_draws_nothing_even_on_a_terminal():
    code, out, shown = on_a_terminal("validate", str(DEMO), "--quiet")
    assert code == 0 and "問題ありません" in out
    assert shown.strip() == ""


@pytest.mark.parametrize("command", ["validate", "load"])
def test_nothing_is_drawn_when_stderr_is_not_a_terminal(tmp_path, capsys, command):
    args = [command, str(DEMO)] + (["--store", f"sqlite:///{tmp_path / 'q.db'}"]
                                   if command == "load" else [])
    assert main(args) == 0
    assert capsys.readouterr().err == ""
