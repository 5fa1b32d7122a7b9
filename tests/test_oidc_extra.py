"""The ``oidc`` extra installs what Streamlit's ``st.login`` needs: ``streamlit[auth]``
(Authlib and httpx at the versions that Streamlit release asks for), not a guess of them."""

from __future__ import annotations

import tomllib
from importlib.metadata import requires
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def test_the_oidc_extra_is_streamlits_auth_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    [oidc] = [Requirement(r) for r in project["optional-dependencies"]["oidc"]]
    assert (oidc.name, oidc.extras) == ("streamlit", {"auth"})
    # and Streamlit's auth extra is what st.login imports
    auth = [Requirement(r) for r in requires("streamlit") or [] if 'extra == "auth"' in r]
    assert {r.name.lower() for r in auth} >= {"authlib"}
