"""The Examples sections of the analysis, rules and i18n modules run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "netsupport.rules", "netsupport.i18n", "netsupport.analysis",
    "netsupport.analysis.findings", "netsupport.analysis.facts",
    "netsupport.analysis.screening", "netsupport.analysis.gaps", "netsupport.analysis.risk",
    "netsupport.analysis.strategy", "netsupport.analysis.agency_network",
    "netsupport.analysis.lead", "netsupport.analysis.team", "netsupport.analysis.household",
    "netsupport.analysis.city", "netsupport.analysis.simulation",
    "netsupport.analysis.readiness", "netsupport.analysis.forecast",
]


@pytest.mark.parametrize("name", MODULES)
def test_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0


def test_every_analysis_module_declares_all():
    for name in MODULES:
        module = importlib.import_module(name)
        assert module.__all__, name
        for item in module.__all__:
            assert hasattr(module, item), (name, item)
