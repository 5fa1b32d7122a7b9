"""Subcommands for bundles and stores: demo, validate, load, export, template."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .. import merge as merging
from ..audit import AuditAction, AuditEntry, now
from ..bundle import write_bundle, write_template
from ..bundle_read import check_parsed, parse_bundle
from ..demo import generate
from ..errors import BundleError, NetsupportError, Problem
from ..i18n import t
from ..model import Bundle
from ..sharing import DEFAULT_KEY_FILE, KEY_ENV, pseudonym_key, pseudonymise_bundle
from ..storage import open_store
from ..validate import sort_problems
from .progress import Progress
from .text import table_lines


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help="synthetic Kobe data / デモデータ生成")
    p.add_argument("--households", type=int, default=300)
    p.add_argument("--seed", type=int, default=8050)
    p.add_argument("--out", required=True, help="a folder (CSV) or a .xlsx file")
    p.set_defaults(run=demo)

    p = sub.add_parser("validate", parents=[common], help="check a bundle / バンドルの検証")
    p.add_argument("path", help="a folder of CSV files, a .zip of them or one .xlsx workbook")
    p.set_defaults(run=validate)

    p = sub.add_parser("load", parents=[common], help="load a bundle into the store / 取り込み")
    p.add_argument("path", help="a folder of CSV files, a .zip of them or one .xlsx workbook")
    p.add_argument("--replace", action="store_true",
                   help="replace what the store holds (otherwise a non-empty store refuses)")
    p.add_argument("--merge", action="store_true",
                   help="含まれる世帯だけ追加・更新する: the bundle's households replace those "
                        "households (members, ties, events), its agencies, informal contacts "
                        "and collaboration ties are added or updated, everything else is kept; "
                        "references may name what the store holds")
    p.add_argument("--dry-run", action="store_true",
                   help="with --merge: check and print the difference per household, write "
                        "nothing")
    p.set_defaults(run=load)

    p = sub.add_parser("export", parents=[common], help="write the store as a bundle / 出力")
    p.add_argument("path", help="a folder (CSV) or a .xlsx file; must not exist yet")
    p.add_argument("--force", action="store_true", help="overwrite an existing output")
    p.add_argument("--pseudonymise", action="store_true",
                   help="for sharing beyond the agencies / 仮名化して出力: household, person and "
                        "event ids become stable keyed pseudonyms (H-/P-/E- + 10 characters), "
                        "display names and event notes are removed, birth years are rounded "
                        "down to their 5-year band (1942 -> 1940); agencies are kept")
    p.add_argument("--key-file", default=None,
                   help=f"the pseudonym key, created (mode 0600) when missing; the same key "
                        f"gives the same pseudonyms, so keep it and never send it "
                        f"(default {DEFAULT_KEY_FILE}; ${KEY_ENV} in hex overrides)")
    p.set_defaults(run=export)

    p = sub.add_parser("template", parents=[common],
                       help="an empty Excel template with Japanese headers / 入力用テンプレート")
    p.add_argument("path", help="the .xlsx file to write")
    p.set_defaults(run=template)


def _refuse_overwrite(path: Path, force: bool, lang: str) -> None:
    """No silent overwrites: an existing file or a non-empty folder needs ``--force``."""
    if path.exists() and not force and (path.is_file() or any(path.iterdir())):
        raise NetsupportError(t("cli.output_exists", lang, path=str(path)))


def demo(args: argparse.Namespace) -> int:
    bundle = generate(args.households, seed=args.seed)
    out = Path(args.out)
    _refuse_overwrite(out, False, args.lang)
    write_bundle(bundle, out)
    print(t("cli.demo_written", args.lang, path=str(out), **bundle.counts()))
    return 0


def _read(args: argparse.Namespace, progress: Progress) -> tuple[Bundle, list[Problem]]:
    """The bundle at ``args.path``, read and checked in two shown steps; its warnings."""
    with progress.step("progress.read"):
        bundle, origin, problems = parse_bundle(Path(args.path))
    with progress.step("progress.check"):
        return bundle, check_parsed(bundle, origin, problems)


def validate(args: argparse.Namespace) -> int:
    bundle, warnings = _read(args, Progress.for_args(args))
    for w in warnings:
        print(f"{w.located(args.lang)} ({t('cli.warning', args.lang)})", file=sys.stderr)
    print(t("cli.valid", args.lang, **bundle.counts()))
    return 0


def load(args: argparse.Namespace) -> int:
    if args.merge and args.replace:
        print(t("cli.merge.with_replace", args.lang), file=sys.stderr)
        return 2
    if args.dry_run and not args.merge:
        print(t("cli.merge.dry_run_alone", args.lang), file=sys.stderr)
        return 2
    if args.merge:
        return merge(args)
    from .users import actor  # (users imports this module)

    progress = Progress.for_args(args)
    bundle, warnings = _read(args, progress)
    for w in warnings:
        print(f"{w.located(args.lang)} ({t('cli.warning', args.lang)})", file=sys.stderr)
    entry = AuditEntry(now(), actor(), AuditAction.LOAD, None, {
        "mode": "replace" if args.replace else "load", "replace": bool(args.replace),
        "source": Path(args.path).name, **bundle.counts()})
    with open_store(args.store) as store:
        with progress.step("progress.write", total=sum(bundle.counts().values())) as advance:
            store.load(bundle, replace=args.replace, progress=advance, audit=entry)
        print(t("cli.loaded", args.lang, store=store.uri, **bundle.counts()))
        # readers see the new data already; the command ends once the replaced data is
        # deleted too (Neo4j does that in the background), so that it leaves nothing behind
        with progress.step("progress.clean"):
            store.settle()
    return 0


def merge(args: argparse.Namespace) -> int:
    """``load --merge``: check against the store and the bundle together, print the
    difference, then write it (or, with ``--dry-run``, nothing)."""
    from .users import actor  # (users imports this module)

    progress = Progress.for_args(args)
    path = Path(args.path)
    with progress.step("progress.read"):
        bundle, origin, problems = parse_bundle(path)
    with open_store(args.store) as store:
        with progress.step("progress.compare"):
            base = store.merge_base(bundle)
            problems = sort_problems(problems + merging.check(bundle, base, origin),
                                     origin.files)
            if any(not p.warning for p in problems):
                raise BundleError(problems)
            preview = merging.preview(base, bundle)
        for w in problems:
            print(f"{w.located(args.lang)} ({t('cli.warning', args.lang)})", file=sys.stderr)
        header, rows = merging.preview_rows(preview, args.lang)
        print("\n".join(table_lines([header, *rows])))
        if args.dry_run:
            for line in merging.summary(preview, args.lang):
                print(line)
            print(t("cli.merge.dry_run", args.lang))
            return 0
        with progress.step("progress.write"):
            done = store.merge(bundle, actor=actor(), source=path.name)
    print(t("cli.merged", args.lang, store=store.uri,
            summary=merging.summary(done, args.lang)[0]))
    for line in merging.summary(done, args.lang)[1:]:
        print(line)
    return 0


def export(args: argparse.Namespace) -> int:
    if args.key_file is not None and not args.pseudonymise:
        print(t("sharing.cli.key_without_pseudonymise", args.lang), file=sys.stderr)
        return 2
    out = Path(args.path)
    _refuse_overwrite(out, args.force, args.lang)
    key_file = Path(args.key_file) if args.key_file is not None else DEFAULT_KEY_FILE
    key = pseudonym_key(key_file) if args.pseudonymise else None  # before the store opens
    from .users import actor  # (users imports this module)

    progress = Progress.for_args(args)
    with open_store(args.store) as store, progress.step("progress.store_read"):
        bundle = store.export()
        if key is not None:
            bundle = pseudonymise_bundle(bundle, key)
        # logged before the file exists: an export that fails is logged, none goes unlogged
        store.append_audit([AuditEntry(now(), actor(), AuditAction.EXPORT, None, {
            "what": "bundle", "via": "cli", "path": str(out.resolve()),
            "pseudonymised": key is not None, **bundle.counts()})])
    with progress.step("progress.write_files"):
        write_bundle(bundle, out)
    print(t("cli.exported", args.lang, path=str(out), **bundle.counts()))
    if key is not None:
        where = (t("sharing.cli.key_from_env", args.lang) if os.environ.get(KEY_ENV, "").strip()
                 else str(key_file))
        print(t("sharing.cli.pseudonymised", args.lang, key_file=where))
    return 0


def template(args: argparse.Namespace) -> int:
    out = Path(args.path)
    _refuse_overwrite(out, False, args.lang)
    write_template(out)
    print(t("cli.template_written", args.lang, path=str(out)))
    return 0
