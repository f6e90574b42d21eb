"""Drawing a month's sample of cases for quality review, and filling in a review's checklist."""

from __future__ import annotations

import random
import secrets
from collections import defaultdict
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.audit.services import record_change
from caseflow.auth.models import User
from caseflow.db import today_local
from caseflow.errors import Forbidden, ValidationError
from caseflow.extensions import db
from caseflow.items.access import get_item, require_write
from caseflow.items.models import Transition, WorkItem
from caseflow.items.services import create_item, edit_item
from caseflow.months import Month, past_or_current
from caseflow.permissions import Permission
from caseflow.quality.models import QualityDraw, QualityReview, QualitySetting, refuse_own_case
from caseflow.units.models import Unit
from caseflow.workflow.machine import VOIDED

KIND = "quality_review"
#: The sample size a unit has before its leader sets one.
DEFAULT_PER_CASEWORKER = 2
MAX_PER_CASEWORKER = 50
#: Seeds are non-negative and fit every integer column.
SEED_LIMIT = 2**31


def quarter_months(month: int) -> list[Month]:
    """The three months of ``month``'s quarter."""
    month = Month(month)
    first = Month.at(month.year, (month.number - 1) // 3 * 3 + 1)
    return Month.range(first, Month.at(month.year, first.number + 2))


def per_caseworker(unit_id: int) -> int:
    """The unit's sample size: cases drawn per caseworker each month."""
    setting = db.session.get(QualitySetting, unit_id)
    return setting.per_caseworker if setting else DEFAULT_PER_CASEWORKER


def worked_on(unit_id: int, month: int) -> dict[int, list[str]]:
    """The households (``case_ref``) each caseworker of the unit worked on in ``month``: those of the
    unit's items (quality reviews and voided items aside) owned by an active member of the unit with a
    transition effective in the month, at the unit. Sorted, so a seed chooses the same from the same."""
    rows = db.session.execute(
        select(WorkItem.owner_id, WorkItem.case_ref).distinct()
        .join(Transition, Transition.item_id == WorkItem.id)
        .join(User, User.id == WorkItem.owner_id)
        .where(Transition.month == month, Transition.unit_id == unit_id, WorkItem.unit_id == unit_id,
               WorkItem.kind != KIND, WorkItem.state != VOIDED, WorkItem.case_ref.is_not(None),
               User.unit_id == unit_id, User.is_active.is_(True)))
    found: dict[int, set[str]] = defaultdict(set)
    for owner_id, case_ref in rows:
        found[owner_id].add(case_ref)
    return {owner: sorted(refs) for owner, refs in sorted(found.items())}


def drawn_in_quarter(month: int, *, ignoring_draw: int | None = None) -> set[str]:
    """The households already drawn for review in ``month``'s quarter (a voided review gives its back)."""
    stmt = (select(QualityReview.case_ref).join(QualityDraw, QualityDraw.id == QualityReview.draw_id)
            .where(QualityDraw.month.in_(quarter_months(month)), QualityReview.state != VOIDED))
    if ignoring_draw is not None:
        stmt = stmt.where(QualityDraw.id != ignoring_draw)
    return set(db.session.scalars(stmt))


def choose(candidates: dict[int, list[str]], n: int, seed: int, exclude: set[str] = frozenset()) -> list[tuple[int, str]]:
    """Up to ``n`` households per caseworker, at random by ``seed``: the same seed and candidates
    choose the same. A household drawn for one caseworker is not drawn again for another."""
    rng = random.Random(seed)
    taken = set(exclude)
    chosen = []
    for owner in sorted(candidates):
        pool = [ref for ref in sorted(candidates[owner]) if ref not in taken]
        for ref in rng.sample(pool, min(n, len(pool))):
            taken.add(ref)
            chosen.append((owner, ref))
    return chosen


def sample(unit_id: int, month: int, n: int, seed: int, *, ignoring_draw: int | None = None) -> list[tuple[int, str]]:
    """The sample a draw with ``seed`` takes from the unit's work of the month."""
    return choose(worked_on(unit_id, month), n, seed, drawn_in_quarter(month, ignoring_draw=ignoring_draw))


def _check_draw(actor, month, n) -> dict:
    problems = {}
    if past_or_current(month) is None:
        problems["month"] = _("A month up to the current one.")
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_PER_CASEWORKER:
        problems["n"] = _("A whole number from %(low)d to %(high)d.", low=1, high=MAX_PER_CASEWORKER)
    return problems


def draw(actor, *, unit: Unit, month: int, n: int, seed: int | None = None, on: date | None = None) -> QualityDraw:
    """Draw the unit's sample for ``month``: ``n`` households per caseworker, each a review in state
    ``drawn`` on ``on`` (today, unless a draw made on paper is registered late); the seed, the size and
    who drew are recorded, the draw logged (item ids, no household)."""
    if not actor.can(Permission.QUALITY_DRAW):
        raise Forbidden(_("Only a unit leader may draw the sample."))
    require_write(actor, unit, KIND)
    problems = _check_draw(actor, month, n)
    on = on or today_local()
    if "month" not in problems and not Month(month).first_day <= on <= today_local():
        problems["month"] = _("The sample of a month is drawn once the month has begun.")
    if problems:
        raise ValidationError(_("The sample was not drawn."), problems)
    month = Month(month)
    if seed is None:
        seed = secrets.randbelow(SEED_LIMIT)
    chosen = sample(unit.id, month, n, seed)
    setting = db.session.get(QualitySetting, unit.id)
    if setting is None:
        db.session.add(QualitySetting(unit_id=unit.id, per_caseworker=n))
    else:
        setting.per_caseworker = n
    record = QualityDraw(month=month, unit_id=unit.id, seed=seed, n=n, drawn_by_id=actor.user_id)
    db.session.add(record)
    db.session.flush()
    items = [create_item(actor, QualityReview, unit, {"case_ref": case_ref, "drawn_on": on},
                         draw_id=record.id, month=month, reviewed_user_id=owner)
             for owner, case_ref in chosen]
    record_change("quality.draw", "quality_draw", record.id, actor=actor, unit_id=unit.id,
                  after={"month": str(month), "seed": seed, "n": n, "items": [item.id for item in items]})
    return record


def draws_of(actor) -> list[QualityDraw]:
    """The actor's unit's draws, newest month first."""
    return list(db.session.scalars(select(QualityDraw).where(QualityDraw.unit_id == actor.unit_id)
                                   .order_by(QualityDraw.month.desc())))


def save_review(actor, review_id: int, answers: dict, *, expected_version: int | None = None,
                confirm_late: bool = False) -> QualityReview:
    """The reviewer's answers to the checklist, while the review is under way; never one's own case."""
    review = get_item(actor, review_id, QualityReview)
    require_write(actor, review.unit, review.kind)
    refuse_own_case(review, actor)
    answers = dict(answers)
    if answers.get("housing_above_level") is False:
        answers["housing_measures_taken"] = None  # nothing to act on
    item = edit_item(actor, review_id, answers, expected_version=expected_version, confirm_late=confirm_late,
                     action="item.edit")
    if actor.user_id is not None and item.reviewer_id != actor.user_id:
        item.reviewer_id = actor.user_id
    return item
