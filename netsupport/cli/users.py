"""Subcommands for accounts and the audit log: ``user add|list|set`` and ``audit``.

Accounts are created here only (the app changes them but never creates them), so the first
administrator is made by someone with access to the server. Every change of an account is
written to the audit log, under the name ``cli:<login name of the operator>``; no password
or hash is ever printed, logged or put in an audit entry.

``audit`` reads the log newest first. ``--since`` and ``--until`` are days of Japan's
calendar (:data:`~netsupport.audit.LOCAL_TIME`, whatever the server's zone), both included;
times are shown in Japan time with their UTC offset. CSV cells
that a spreadsheet would run as a formula are neutralised as in a bundle
(:func:`~netsupport.bundle_format.neutralise`). Reading the log is itself logged
(``export``), after it was read.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from ..access import User, UserRole
from ..accounts import add_account, check_account, public
from ..audit import LOCAL_TIME, AuditAction, AuditEntry, day_bounds, now
from ..bundle_format import neutralise
from ..errors import NetsupportError
from ..i18n import t
from ..model import WARDS
from ..passwords import MIN_LENGTH, WeakPasswordError, check_password, hash_password
from ..storage import Store, open_store
from .data import _refuse_overwrite
from .text import as_of_arg, table_lines

__all__ = ["register", "actor", "audit_rows"]

_ROLES = [r.value for r in UserRole]
_AUDIT_COLUMNS = ["seq", "at", "username", "action", "action_label", "household_id", "detail"]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("user", help="accounts / 利用者の管理")
    users = p.add_subparsers(dest="user_command", required=True, metavar="ACTION")

    a = users.add_parser("add", parents=[common], help="add an account / 利用者の登録")
    a.add_argument("username")
    a.add_argument("--role", required=True, choices=_ROLES)
    _account_options(a, changing=False)
    a.set_defaults(run=user_add)

    ls = users.add_parser("list", parents=[common], help="list accounts / 利用者の一覧")
    ls.set_defaults(run=user_list)

    s = users.add_parser("set", parents=[common], help="change an account / 利用者の変更")
    s.add_argument("username")
    s.add_argument("--role", choices=_ROLES)
    _account_options(s, changing=True)
    active = s.add_mutually_exclusive_group()
    active.add_argument("--disable", dest="active", action="store_false", default=None,
                        help="the account can no longer sign in")
    active.add_argument("--enable", dest="active", action="store_true")
    s.set_defaults(run=user_set)

    p = sub.add_parser("audit", parents=[common], help="the audit log / 監査ログ")
    p.add_argument("--since", type=as_of_arg, metavar="YYYY-MM-DD", help="from this day")
    p.add_argument("--until", type=as_of_arg, metavar="YYYY-MM-DD",
                   help="to this day (included)")
    p.add_argument("--user", help="one username")
    p.add_argument("--household", help="one household id")
    p.add_argument("--limit", type=_count, metavar="N", help="the newest N entries only")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("--out", help="write to this file instead of the screen")
    p.add_argument("--force", action="store_true", help="overwrite an existing --out")
    p.set_defaults(run=audit)


def _account_options(p: argparse.ArgumentParser, *, changing: bool) -> None:
    p.add_argument("--ward", action="extend", nargs="+", metavar="WARD",
                   help="ward(s) a staff account works in (replaces the list on set)")
    p.add_argument("--display-name")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from the first line of standard input")
    if changing:
        p.add_argument("--password", action="store_true",
                       help="set a new password (asked twice, not echoed)")


def _count(text: str) -> int:
    """``--limit``: a number of entries, 0 or more (argparse makes an error exit code 2)."""
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"not a count: {text!r}")
    return n


def actor() -> str:
    """The name the audit log gives whoever runs the command: ``cli:<login name>``."""
    try:
        return "cli:" + getpass.getuser()
    except (OSError, KeyError):
        return "cli:unknown"


# --- accounts ----------------------------------------------------------------------------

def user_add(args: argparse.Namespace) -> int:
    lang = args.lang
    user = User(args.username, UserRole(args.role), _wards(args.ward, lang),
                args.display_name or "", created_at=now())
    check_account(user, lang)  # before the password is asked for
    with open_store(args.store) as store:
        if store.get_user(user.username) is not None:
            raise NetsupportError(t("cli.user.taken", lang, username=user.username))
        user = add_account(store, user, _new_password(args.password_stdin, lang),
                           actor=actor(), lang=lang)
    print(t("cli.user.added", lang, username=user.username, role=user.role.value))
    return 0


def user_set(args: argparse.Namespace) -> int:
    lang = args.lang
    with open_store(args.store) as store:
        before = _existing(store, args.username, lang)
        after = _changed(before, args)
        _check_scope(after, lang)
        password_changed = bool(args.password_stdin or args.password)
        if password_changed:
            after = replace(after, password_hash=hash_password(
                _new_password(args.password_stdin, lang)))
        if after == before:
            print(t("cli.user.unchanged", lang))
            return 0
        store.update_user(after)
        detail: dict[str, Any] = {"before": _public(before), "after": _public(after)}
        if password_changed:
            detail["password_changed"] = True
        store.append_audit([AuditEntry(now(), actor(), AuditAction.USER_CHANGE,
                                       detail=detail)])
    print(t("cli.user.changed", lang, username=after.username))
    return 0


def user_list(args: argparse.Namespace) -> int:
    lang = args.lang
    with open_store(args.store) as store:
        users = store.users()
    if not users:
        print(t("cli.user.none", lang))
        return 0
    header = [t(f"cli.user.col.{c}", lang) for c in
              ("username", "role", "active", "created_at", "wards", "display_name")]
    rows = [[u.username, f"{t(f'ui.auth.role.{u.role.value}', lang)} ({u.role.value})",
             t("cli.user.active" if u.active else "cli.user.disabled", lang),
             u.created_at.astimezone(LOCAL_TIME).date().isoformat() if u.created_at else "-",
             "・".join(u.wards) or "-", u.display_name or "-"] for u in users]
    for line in table_lines([header] + rows):
        print(line.rstrip())
    return 0


def _changed(user: User, args: argparse.Namespace) -> User:
    """``user`` with what the options of ``user set`` give; an option left out keeps its
    value (``--ward`` replaces the whole list)."""
    return replace(
        user,
        role=UserRole(args.role) if args.role else user.role,
        wards=_wards(args.ward, args.lang) if args.ward is not None else user.wards,
        display_name=args.display_name if args.display_name is not None else user.display_name,
        active=args.active if args.active is not None else user.active)


def _wards(given: list[str] | None, lang: str) -> tuple[str, ...]:
    """The wards given, each once, in order; a name that is not a Kobe ward is kept (data
    may name others) but warned about, since a typo would leave a staff member blind."""
    wards = tuple(dict.fromkeys(w.strip() for w in given or () if w.strip()))
    for ward in wards:
        if ward not in WARDS:
            print(f"{t('cli.warning', lang)}: {t('cli.user.unknown_ward', lang, ward=ward)}",
                  file=sys.stderr)
    return wards


def _check_scope(user: User, lang: str) -> None:
    check_account(user, lang)


def _existing(store: Store, username: str, lang: str) -> User:
    user = store.get_user(username)
    if user is None:
        raise NetsupportError(t("cli.user.not_found", lang, username=username))
    return user


def _new_password(from_stdin: bool, lang: str) -> str:
    """A new password, from stdin's first line or asked twice, checked against the policy."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(t("cli.user.password_prompt", lang))
        if getpass.getpass(t("cli.user.password_again", lang)) != password:
            raise NetsupportError(t("cli.user.password_mismatch", lang))
    try:
        check_password(password)
    except WeakPasswordError as exc:
        raise NetsupportError(t(f"cli.user.weak.{exc.code}", lang, n=MIN_LENGTH)) from None
    return password


_public = public  # (the audit log's view of an account: netsupport.accounts)


# --- the audit log -------------------------------------------------------------------------

def audit(args: argparse.Namespace) -> int:
    lang = args.lang
    if args.since and args.until and args.since > args.until:
        raise NetsupportError(t("cli.audit.bad_range", lang, since=args.since,
                                until=args.until))
    out = Path(args.out) if args.out else None
    if out is not None:
        _refuse_overwrite(out, args.force, lang)
    since, until = day_bounds(args.since, args.until)
    with open_store(args.store) as store:
        rows = audit_rows(store.audit_log(
            since=since, until=until, username=args.user, household_id=args.household,
            limit=args.limit), lang)
        if out is None:
            _write_audit(sys.stdout, rows, args.format)
        else:
            # With a BOM Excel reads a CSV as UTF-8, as with the bundle's CSV files.
            encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
            with out.open("w", encoding=encoding, newline="") as f:
                _write_audit(f, rows, args.format)
        asked = {"since": args.since, "until": args.until, "user": args.user,
                 "household": args.household, "limit": args.limit}
        store.append_audit([AuditEntry(now(), actor(), AuditAction.EXPORT, args.household, {
            "what": "audit_log", "format": args.format, "entries": len(rows),
            "filters": {k: str(v) for k, v in asked.items() if v is not None}})])
    if out is not None:
        print(t("cli.audit.written", lang, n=len(rows), path=str(out)))
    return 0


def audit_rows(entries: list[AuditEntry], lang: str = "ja") -> list[dict[str, Any]]:
    """The log as plain rows (:data:`_AUDIT_COLUMNS`), times in Japan; ``detail`` a dict."""
    return [{"seq": e.seq, "at": e.at.astimezone(LOCAL_TIME).isoformat(timespec="seconds"),
             "username": e.username, "action": e.action.value,
             "action_label": t(f"audit.{e.action.value}", lang),
             "household_id": e.household_id, "detail": e.detail} for e in entries]


def _write_audit(stream: IO[str], rows: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        stream.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(_AUDIT_COLUMNS)
    writer.writerows([_csv_cell(row[c]) for c in _AUDIT_COLUMNS] for row in rows)


def _csv_cell(value: Any) -> str:
    """A CSV cell: text a spreadsheet would run as a formula gets the bundle's guard."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return neutralise(str(value))
