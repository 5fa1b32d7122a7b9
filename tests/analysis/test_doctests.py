"""Every analysis module shows how it is used: an Examples section and an ``__all__``.

The examples themselves run with the rest of the suite: pytest collects every docstring of
``netsupport/`` (``--doctest-modules`` in pyproject.toml), so no list here has to keep up.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import tomllib
from pathlib import Path

import pytest

import netsupport.analysis

ROOT = Path(__file__).resolve().parents[2]
MODULES = ["netsupport.rules", "netsupport.i18n", "netsupport.analysis"] + [
    info.name for info in pkgutil.walk_packages(netsupport.analysis.__path__,
                                                "netsupport.analysis.")]


def test_the_suite_collects_the_doctests_of_the_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pytest_config = config["tool"]["pytest"]["ini_options"]
    assert "--doctest-modules" in pytest_config["addopts"].split()
    assert "netsupport" in pytest_config["testpaths"]


@pytest.mark.parametrize("name", MODULES)
def test_every_analysis_module_has_examples_and_declares_all(name):
    module = importlib.import_module(name)
    examples = sum(len(test.examples) for test in doctest.DocTestFinder().find(module))
    assert examples > 0, f"{name} has no Examples section"
    assert module.__all__, name
    for item in module.__all__:
        assert hasattr(module, item), (name, item)
