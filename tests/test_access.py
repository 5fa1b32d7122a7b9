"""Who may do what (netsupport.access): every role against every action, ward scoping, the
idle timeout. The app and the CLI only ask these functions, so this table is the policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netsupport.access import (
    DEFAULT_TIMEOUT,
    AccessDenied,
    Action,
    User,
    UserRole,
    can,
    check_username,
    expired,
    in_scope,
    pseudonymised_only,
    require,
    scope_wards,
)

ADMIN = User("admin", UserRole.ADMIN)
SUPER = User("boss", UserRole.SUPERVISOR)
STAFF = User("sato", UserRole.STAFF, wards=("北区", "兵庫区"))
VIEWER = User("guest", UserRole.VIEWER)

# The policy of issue 6, written out: role -> the actions it has (on a household in scope).
EXPECTED = {
    ADMIN: set(Action),
    SUPER: {Action.VIEW_CITY, Action.VIEW_HOUSEHOLD, Action.VIEW_NAMES, Action.VIEW_AGENCIES,
            Action.ASSIGN_LEAD, Action.EXPORT_SHEET},
    STAFF: {Action.VIEW_CITY, Action.VIEW_HOUSEHOLD, Action.VIEW_NAMES, Action.VIEW_AGENCIES,
            Action.ASSIGN_LEAD, Action.EDIT, Action.EXPORT_SHEET},
    VIEWER: {Action.VIEW_HOUSEHOLD, Action.EXPORT_SHEET},
}


@pytest.mark.parametrize("user", list(EXPECTED), ids=lambda u: u.role.value)
@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
def test_each_role_has_exactly_its_actions(user, action):
    assert can(user, action, ward="北区") == (action in EXPECTED[user])


@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
def test_signed_out_and_disabled_accounts_may_do_nothing(action):
    assert not can(None, action)
    disabled = User("old", UserRole.ADMIN, active=False)
    assert not can(disabled, action)


def test_staff_are_scoped_to_their_wards():
    assert scope_wards(STAFF) == {"北区", "兵庫区"}
    for action in (Action.VIEW_HOUSEHOLD, Action.EDIT, Action.ASSIGN_LEAD, Action.EXPORT_SHEET,
                   Action.VIEW_NAMES):
        assert can(STAFF, action, ward="兵庫区")
        assert not can(STAFF, action, ward="中央区")
    assert not in_scope(STAFF, None)  # a household without a ward is nobody's ward


def test_staff_without_wards_see_no_household():
    nobody = User("new", UserRole.STAFF)
    assert scope_wards(nobody) == frozenset()
    assert not can(nobody, Action.VIEW_HOUSEHOLD, ward="北区")


@pytest.mark.parametrize("user", [ADMIN, SUPER, VIEWER], ids=lambda u: u.role.value)
def test_other_roles_see_every_ward(user):
    assert scope_wards(user) is None
    assert in_scope(user, "垂水区")


def test_only_the_viewer_is_pseudonymised():
    assert [pseudonymised_only(u) for u in (ADMIN, SUPER, STAFF, VIEWER)] == \
        [False, False, False, True]


def test_require_raises_without_personal_detail():
    require(STAFF, Action.EDIT, ward="北区")
    with pytest.raises(AccessDenied) as err:
        require(STAFF, Action.EDIT, ward="中央区")
    assert "中央区" not in str(err.value)
    with pytest.raises(AccessDenied, match="signed out"):
        require(None, Action.VIEW_CITY)


def test_idle_timeout():
    now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert not expired(now - DEFAULT_TIMEOUT, now)
    assert expired(now - DEFAULT_TIMEOUT - timedelta(seconds=1), now)
    assert expired(None, now)
    assert not expired(now - timedelta(minutes=50), now, timedelta(hours=1))


@pytest.mark.parametrize("name", ["sato", "k.tanaka@city.kobe.lg.jp", "demo-kita", "a_1"])
def test_usernames_accepted(name):
    assert check_username(name) == name


@pytest.mark.parametrize("name", ["", "佐藤", "a b", "x" * 65, "a;DROP", "<script>"])
def test_usernames_refused(name):
    with pytest.raises(ValueError, match="invalid username"):
        check_username(name)
