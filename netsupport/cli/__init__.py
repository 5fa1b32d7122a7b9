"""The ``netsupport`` command: thin argument handling over the library.

Each subcommand lives in the module named for what it works on (:mod:`.data` for bundles
and stores, :mod:`.analysis` for households, the city scan and agencies, :mod:`.users` for
accounts and the audit log, :mod:`.serve` for starting the app). Exit codes:
0 ok, 1 invalid input (a bad bundle, an unknown id, a store that refuses), 2 usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ..errors import BundleError, NetsupportError
from ..i18n import t
from . import analysis, data, serve, simulate, users

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", help="sqlite:///path.db | bolt://host:7687 | neo4j://host:7687"
                        " (default: $NETSUPPORT_STORE or sqlite:///netsupport.db)")
    common.add_argument("--lang", choices=["ja", "en"],
                        default=os.environ.get("NETSUPPORT_LANG", "ja"),
                        help="language of messages and summaries (default ja)")
    common.add_argument("--quiet", action="store_true",
                        help="no progress display (it is drawn on stderr only when that is a "
                             "terminal) / 進捗を表示しない")
    parser = argparse.ArgumentParser(
        prog="netsupport",
        description="8050・ひきこもり世帯の支援ネットワーク: 取り込み・分析・出力")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    data.register(sub, common)
    analysis.register(sub, common)
    simulate.register(sub, common)
    users.register(sub, common)
    serve.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except BundleError as exc:
        for problem in exc.problems:
            print(problem.located(args.lang), file=sys.stderr)
        errors = sum(not p.warning for p in exc.problems)
        print(t("cli.invalid_bundle", args.lang, n=errors), file=sys.stderr)
        return 1
    except NetsupportError as exc:
        print(f"{t('cli.error', args.lang)}: {exc.text(args.lang)}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
