"""The permission table: what each role, and each API token scope, may do. The one place for it.

Item visibility is a scope rather than a permission, because it filters queries
instead of guarding routes: ``OWN_UNIT`` sees the items of the user's unit,
``NONE`` sees no item at all (analysts work on counts; admins on configuration).
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CASEWORKER = "caseworker"
    UNIT_LEADER = "unit_leader"
    ANALYST = "analyst"
    ADMIN = "admin"


class Scope(StrEnum):
    """API token scopes (API.md)."""

    INGEST = "ingest"
    READ = "read"


class Permission(StrEnum):
    ITEMS_READ = "items.read"
    ITEMS_WRITE = "items.write"
    ITEMS_REASSIGN = "items.reassign"
    #: Void any item of the unit; without it, only what one registered oneself the same day.
    ITEMS_VOID_ANY = "items.void_any"
    #: Close any SIP plan of the unit; without it, only one's own as its coordinator.
    SIP_PLANS_CLOSE = "sip_plans.close"
    MEASURES_MANAGE = "measures.manage"
    #: Draw a month's sample of cases for quality review, and set the unit's sample size.
    QUALITY_DRAW = "quality.draw"
    CASELOAD_VIEW = "caseload.view"
    CHECKS_WRITE = "checks.write"
    REPORTS_VIEW = "reports.view"
    ROLLUP_RUN = "rollup.run"
    REPORTS_FREEZE = "reports.freeze"
    #: Set the committee's targets the report measures its months against.
    REPORTS_TARGETS = "reports.targets"
    #: Write the text of a month's tjänsteskrivelse (its header, proposal, Ärendet, notes, source).
    REPORTS_WRITE = "reports.write"
    FIGURES_IMPORT = "figures.import"
    #: Subscribe to one's own calendar feed (one's SIP meetings; the committee's dates for those who see them).
    CALENDAR_SUBSCRIBE = "calendar.subscribe"
    #: See the committee's meetings, each month's report deadline and the days left.
    CALENDAR_VIEW = "calendar.view"
    #: Set the committee's meeting dates and the calendar's settings (deadline and reminder days).
    CALENDAR_EDIT = "calendar.edit"
    AUDIT_READ = "audit.read"
    ADMIN_USERS = "admin.users"
    ADMIN_UNITS = "admin.units"
    ADMIN_TOKENS = "admin.tokens"
    ADMIN_REFERENCE = "admin.reference"


class ItemScope(StrEnum):
    NONE = "none"
    OWN_UNIT = "own_unit"
    ALL_UNITS = "all_units"  # only an ingest token bound to no unit


P = Permission
_CASEWORKER = frozenset({P.ITEMS_READ, P.ITEMS_WRITE, P.CHECKS_WRITE, P.CALENDAR_SUBSCRIBE})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CASEWORKER: _CASEWORKER,
    Role.UNIT_LEADER: _CASEWORKER | {P.ITEMS_REASSIGN, P.ITEMS_VOID_ANY, P.SIP_PLANS_CLOSE, P.MEASURES_MANAGE, P.QUALITY_DRAW,
                                       P.CASELOAD_VIEW, P.AUDIT_READ, P.CALENDAR_VIEW},
    Role.ANALYST: frozenset({P.REPORTS_VIEW, P.ROLLUP_RUN, P.REPORTS_FREEZE, P.REPORTS_WRITE, P.REPORTS_TARGETS,
                              P.FIGURES_IMPORT, P.CALENDAR_VIEW, P.CALENDAR_EDIT, P.CALENDAR_SUBSCRIBE}),
    Role.ADMIN: frozenset({P.ADMIN_USERS, P.ADMIN_UNITS, P.ADMIN_TOKENS, P.ADMIN_REFERENCE, P.AUDIT_READ}),
}

ROLE_ITEM_SCOPE: dict[Role, ItemScope] = {
    Role.CASEWORKER: ItemScope.OWN_UNIT,
    Role.UNIT_LEADER: ItemScope.OWN_UNIT,
    Role.ANALYST: ItemScope.NONE,
    Role.ADMIN: ItemScope.NONE,
}

#: A token acts with a unit leader's rights, narrowed to what its scope allows.
SCOPE_PERMISSIONS: dict[Scope, frozenset[Permission]] = {
    Scope.INGEST: frozenset({P.ITEMS_READ, P.ITEMS_WRITE, P.ITEMS_VOID_ANY, P.SIP_PLANS_CLOSE, P.MEASURES_MANAGE, P.CHECKS_WRITE, P.FIGURES_IMPORT}),
    Scope.READ: frozenset({P.REPORTS_VIEW, P.ROLLUP_RUN}),
}

#: Item kinds whose changes need more than ITEMS_WRITE: a unit leader owns the action plan's measures.
KIND_WRITE_PERMISSION: dict[str, Permission] = {"measure": P.MEASURES_MANAGE}


def write_permission(kind: str | None) -> Permission:
    return KIND_WRITE_PERMISSION.get(str(kind), P.ITEMS_WRITE) if kind else P.ITEMS_WRITE


def token_item_scope(scope: Scope, has_unit: bool) -> ItemScope:
    """A ``read`` token sees no item; an ``ingest`` token the items of its unit, or of all units."""
    if scope is Scope.READ:
        return ItemScope.NONE
    return ItemScope.OWN_UNIT if has_unit else ItemScope.ALL_UNITS


#: Roles whose users belong to a unit; the others work across all units.
ROLES_WITH_UNIT = frozenset({Role.CASEWORKER, Role.UNIT_LEADER})


def role_can(role: Role | str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[Role(role)]


def roles_that_may_hold(kind: str | None) -> frozenset[Role]:
    """The roles of the people who may be named on an item of ``kind`` (its owner, a SIP plan's
    coordinator, a measure's responsible leader): those of a unit who may write such items."""
    return frozenset(role for role in ROLES_WITH_UNIT if role_can(role, write_permission(kind)))
