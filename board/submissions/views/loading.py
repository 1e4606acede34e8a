"""What the submissions pages share: loading what a user may see, the template helpers."""

import sqlalchemy as sa
from flask import abort, g
from flask_login import current_user, login_required
from sqlalchemy.orm import defer, joinedload, selectinload

from board import permissions
from board.common.timeutil import today_london
from board.extensions import db
from board.meetings.models import Meeting
from board.submissions import queries, services
from board.submissions.models import PRIORITIES, THEMES, UpdateFile, UpdateRound, UpdateStatus


@login_required
def _signed_in():
    """Every page here needs a signed-in user; each view checks what they may do."""


def _helpers():
    """What the meeting page, the agenda pack and the home page call to show updates."""
    return {
        "update_round_for": services.round_for_meeting,
        "updates_for_item": _updates_for_item,
        "my_update_list": _my_update_list,
        "update_status_counts": _status_counts,
        "update_plan_labels": dict(PRIORITIES) | dict(THEMES),
    }


def _my_update_list():
    """The home page's to-do list of updates for the signed-in contact: (open, done, today)."""
    today = today_london()
    return (*queries.to_do(permissions.update_contact_organisation_ids(current_user), today), today)


def _updates_for_item(item, meeting):
    """Handed-in updates of the item's presenting organisation the viewer may read.

    The meeting's updates are loaded once per request, however many items the pack has.
    """
    if not getattr(item, "presenter_organisation_id", None):
        return []
    cache = g.setdefault("_handed_in_updates", {})
    if meeting.id not in cache:
        cache[meeting.id] = services.handed_in_updates(meeting)
    return [
        u
        for u in cache[meeting.id]
        if u.organisation_id == item.presenter_organisation_id and permissions.can_view_update(current_user, u)
    ]


def _status_counts(round_) -> list[tuple[str, int]]:
    counts = dict.fromkeys(UpdateStatus, 0)
    for update in round_.updates:
        counts[UpdateStatus(update.status)] += 1
    return [(s.label, n) for s, n in counts.items() if n]


def _update_or_404(update_id: int):
    """Load an update the user may at least read; others' updates are simply not found."""
    update = services.load_update(update_id)
    if update is None or not permissions.can_view_update(current_user, update):
        abort(404)
    return update


def _writer(update) -> bool:
    return permissions.is_secretariat(current_user) or permissions.is_update_contact_for(
        current_user, update.organisation_id
    )


# The written parts of an update: the tracker and lock pages do not show them, so they are
# not read (and reading one there raises, rather than quietly querying once per update).
_UPDATE_TEXTS = (
    "progress",
    "progress_html",
    "risks",
    "risks_html",
    "asks",
    "asks_html",
    "good_practice",
    "good_practice_html",
    "return_comment",
)


def _round_or_404(round_id: int) -> UpdateRound:
    """The round with its meeting, figures and each update's status, organisation and last editor (3 queries)."""
    update = services.PartnerUpdate
    round_ = db.session.scalar(
        sa.select(UpdateRound)
        .where(UpdateRound.id == round_id)
        .options(
            joinedload(UpdateRound.meeting).joinedload(Meeting.body),
            selectinload(UpdateRound.figures),
            selectinload(UpdateRound.updates).options(
                *(defer(getattr(update, name), raiseload=True) for name in _UPDATE_TEXTS),
                joinedload(update.organisation),
                joinedload(update.last_changed_by),
            ),
        )
    )
    if round_ is None:
        abort(404)
    return round_


def _file_or_404(file_id: int) -> UpdateFile:
    """A file of an update the user may read; anything else is not found."""
    item = db.get_or_404(UpdateFile, file_id)
    _update_or_404(item.update_id)
    return item
