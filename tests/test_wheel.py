"""The package as a deployer gets it: a wheel, installed (not editable) into a fresh venv,
run from a folder that is not the repository.

An editable install reads everything from the source tree, so it cannot show what the wheel
forgot: the default rules, the vendored vis-network, a dependency left out of pyproject.toml.
This test builds the wheel from the files a source distribution holds (pyproject.toml,
README.md, netsupport/) and runs the README's first steps with the installed command:
demo → load → scan → household, the rules in force, one map page, and the app
(``netsupport app``'s script and settings come with the wheel). pip installs the
dependencies the usual way (its cache and index, ``PIP_FIND_LINKS`` and the like apply): a
machine that cannot install the wheel fails this test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-01"


def sh(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_the_wheel_installs_and_runs_from_another_folder(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "netsupport", source / "netsupport",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    sh(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir",
       tmp_path / "dist", source, cwd=tmp_path)
    (wheel,) = (tmp_path / "dist").glob("netsupport-*.whl")

    venv = tmp_path / "venv"
    sh(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    bin_ = venv / "bin"
    sh(bin_ / "python", "-m", "pip", "install", "--quiet", wheel, cwd=tmp_path)

    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("NETSUPPORT_", "PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{bin_}{os.pathsep}{env.get('PATH', '')}"
    store = f"sqlite:///{work / 'netsupport.db'}"

    location = sh(bin_ / "python", "-c", "import netsupport; print(netsupport.__file__)",
                  cwd=work, env=env)
    assert Path(location.strip()).is_relative_to(venv), location

    sh("netsupport", "demo", "--households", "40", "--seed", "8050", "--out", "demo",
       cwd=work, env=env)
    sh("netsupport", "load", "demo", "--store", store, cwd=work, env=env)
    rows = json.loads(sh("netsupport", "scan", "--json", "--as-of", AS_OF, "--store", store,
                         cwd=work, env=env))
    assert len(rows) == 40 and rows[0]["risk_score"] >= rows[-1]["risk_score"]
    first = rows[0]["household_id"]
    report = json.loads(sh("netsupport", "household", first, "--json", "--as-of", AS_OF,
                           "--store", store, cwd=work, env=env))
    assert report["household_id"] == first
    assert report["risk"]["score"] == rows[0]["risk_score"]
    assert "[risk.points]" in sh("netsupport", "rules", cwd=work, env=env)

    drawn = sh(bin_ / "python", "-c", f"""
from datetime import date
from netsupport.queries import household_view
from netsupport.rules import load_rules
from netsupport.storage import open_store
from netsupport.viz import assert_offline, ecomap_html
with open_store({store!r}) as store:
    view = household_view(store, {first!r}, load_rules(), date(2026, 11, 1))
page = ecomap_html(view.graph, {first!r}, as_of=date(2026, 11, 1),
                   lead_id=view.report.lead.current)
assert_offline(page)
print("@version 9.1.2" in page)
""", cwd=work, env=env)
    assert drawn.strip() == "True"

    # the app comes with the wheel: `netsupport app` runs the installed script with the
    # installed settings (tests/test_cli_app.py serves it to Chromium from a checkout's venv)
    app = sh(bin_ / "python", "-c", """
from pathlib import Path
from streamlit.testing.v1 import AppTest
from netsupport.cli import serve
command = serve.streamlit_command(8599)
at = AppTest.from_file(command[4], default_timeout=120).run()
assert not at.exception, [e.value for e in at.exception]
print(Path(command[4]).is_relative_to(Path(serve.__file__).parent.parent),
      "--client.showErrorDetails=none" in command, [b.label for b in at.button])
""", cwd=work, env={**env, "NETSUPPORT_STORE": store})
    assert app.strip().splitlines()[-1] == "True True ['サインイン']", app
