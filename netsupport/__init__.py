"""netsupport: the support networks around 8050 / hikikomori households, stored, analysed
and drawn as ecomaps for Kobe's welfare staff."""

__version__ = "0.1.0"
