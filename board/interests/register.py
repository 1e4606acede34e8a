"""The register of interests: each person's entry, its versions, the body's register,
and the yearly review the secretariat asks for. Never commits."""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app, render_template
from sqlalchemy.orm import selectinload

from board.audit.services import record
from board.common.mail import queue_mail
from board.common.models import lock_row
from board.common.timeutil import now_utc, to_london, today_london
from board.extensions import db
from board.interests.models import Category, RegisterItem, RegisterVersion, ReviewRequest
from board.people.models import Body, User
from board.people.seats import current_memberships


class RegisterError(ValueError):
    """A change refused for a reason the person can fix; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def gift_threshold() -> int:
    """Gifts and hospitality worth at least this many pounds are registered (a setting)."""
    return int(current_app.config["INTERESTS_GIFT_THRESHOLD_POUNDS"])


# --- reading ---------------------------------------------------------------------------


def current_version(user: User) -> RegisterVersion | None:
    """The person's register entry as it stands (its latest version), with its items."""
    return db.session.scalar(
        sa.select(RegisterVersion)
        .where(RegisterVersion.user_id == user.id)
        .options(selectinload(RegisterVersion.items))
        .order_by(RegisterVersion.number.desc())
        .limit(1)
    )


def history(user: User) -> list[RegisterVersion]:
    """Every version of the person's entry, newest first."""
    return list(
        db.session.scalars(
            sa.select(RegisterVersion)
            .where(RegisterVersion.user_id == user.id)
            .options(selectinload(RegisterVersion.items), selectinload(RegisterVersion.saved_by))
            .order_by(RegisterVersion.number.desc())
        )
    )


@dataclass
class RegisterRow:
    """One person on a body's register."""

    user: User
    role: str
    version: RegisterVersion | None
    open_request: ReviewRequest | None

    @property
    def last_reviewed(self) -> datetime | None:
        return self.version.created_at if self.version else None


def register_people(body: Body, on: date | None = None) -> list[tuple[User, str]]:
    """Who the body's register lists: its current members, then the secretariat."""
    on = on or today_london()
    people = [(seat.user, seat.role_label) for seat in current_memberships(body, on)]
    seen = {user.id for user, _role in people}
    secretariat = db.session.scalars(
        sa.select(User).where(User.is_secretariat.is_(True), User.is_enabled.is_(True)).order_by(User.name)
    ).all()
    people += [(user, "Secretariat") for user in secretariat if user.id not in seen]
    return people


def body_register(body: Body) -> list[RegisterRow]:
    """The body's register on one page: each person's current entry and open review request."""
    people = register_people(body)
    ids = [user.id for user, _role in people]
    latest = (
        sa.select(RegisterVersion.user_id, sa.func.max(RegisterVersion.number).label("number"))
        .where(RegisterVersion.user_id.in_(ids))
        .group_by(RegisterVersion.user_id)
        .subquery()
    )
    versions = {
        v.user_id: v
        for v in db.session.scalars(
            sa.select(RegisterVersion)
            .join(
                latest, sa.and_(latest.c.user_id == RegisterVersion.user_id, latest.c.number == RegisterVersion.number)
            )
            .options(selectinload(RegisterVersion.items))
        )
    }
    requests = {r.user_id: r for r in open_requests(body)}
    return [RegisterRow(user, role, versions.get(user.id), requests.get(user.id)) for user, role in people]


def register_rows_for_export(body: Body) -> tuple[list[str], list[list]]:
    """The body's register as a header and rows: one row per interest (or per person without one)."""
    header = ["Name", "Organisation", "Role", "Category", "Interest", "Dated", "Value (£)", "Last reviewed"]
    rows = []
    for row in body_register(body):
        org = row.user.organisation.short_name if row.user.organisation else ""
        reviewed = to_london(row.last_reviewed).date().isoformat() if row.last_reviewed else ""
        base = [row.user.name, org, row.role]
        if row.version is None:
            rows.append([*base, "", "No entry yet", "", "", reviewed])
        elif not row.version.items:
            rows.append([*base, "", "Nothing to declare", "", "", reviewed])
        for item in row.version.items if row.version else ():
            value = "" if item.value_pounds is None else item.value_pounds
            rows.append([*base, item.category_label, item.description, item.dated_on.isoformat(), value, reviewed])
    return header, rows


# --- changing an entry -------------------------------------------------------------------


def _copy(item: RegisterItem) -> dict:
    return {
        "category": item.category,
        "description": item.description,
        "dated_on": item.dated_on,
        "value_pounds": item.value_pounds,
    }


def _save(user: User, items: list[dict], *, actor, note: str, nothing: bool = False) -> RegisterVersion:
    """Write the next version of the person's entry and close their open review requests."""
    user = db.session.get(User, user.id)  # the row, not the signed-in proxy
    lock_row(user)  # two saves at once: the second numbers after the first
    number = (
        db.session.scalar(sa.select(sa.func.max(RegisterVersion.number)).where(RegisterVersion.user_id == user.id)) or 0
    ) + 1
    version = RegisterVersion(
        user=user,
        number=number,
        is_nothing_to_declare=nothing,
        note=note[:300],
        saved_by_id=getattr(actor, "id", None),
        items=[RegisterItem(position=i, **values) for i, values in enumerate(items)],
    )
    db.session.add(version)
    now = now_utc()
    for request in db.session.scalars(
        sa.select(ReviewRequest).where(ReviewRequest.user_id == user.id, ReviewRequest.completed_at.is_(None))
    ):
        request.completed_at = now
    db.session.flush()
    record("register_saved", version, actor=actor, changes={"note": [None, note], "items": [None, len(items)]})
    return version


def add_interest(
    user: User, *, category: str, description: str, dated_on: date | None, value_pounds: int | None, actor
) -> RegisterVersion:
    """The person (or the secretariat): add an interest to the entry, as a new version."""
    if category not in {c.value for c in Category}:
        raise RegisterError("Choose the kind of interest", "category")
    description = (description or "").strip()
    if not description:
        raise RegisterError("Describe the interest", "description")
    if dated_on is None:
        raise RegisterError("Enter the date the interest began or the gift was received", "dated_on")
    if dated_on > today_london():
        raise RegisterError("The date must be today or in the past: register an interest once you hold it", "dated_on")
    if category == Category.GIFTS:
        threshold = gift_threshold()
        if value_pounds is None:
            raise RegisterError("Enter the value of the gift or hospitality in pounds", "value_pounds")
        if value_pounds < threshold:
            raise RegisterError(
                f"Gifts and hospitality worth less than £{threshold} are not registered", "value_pounds"
            )
    elif value_pounds is not None:
        value_pounds = None  # only gifts carry a value
    current = current_version(user)
    items = [_copy(i) for i in current.items] if current else []
    items.append({"category": category, "description": description, "dated_on": dated_on, "value_pounds": value_pounds})
    return _save(user, items, actor=actor, note=f"Added: {Category(category).label}")


def remove_interest(user: User, item_id: int, *, actor) -> RegisterVersion:
    """The person (or the secretariat): take an interest off the entry, as a new version."""
    current = current_version(user)
    kept = [i for i in (current.items if current else []) if i.id != item_id]
    if current is None or len(kept) == len(current.items):
        raise RegisterError("That interest is no longer on the register: it may have been removed already")
    removed = next(i for i in current.items if i.id == item_id)
    return _save(user, [_copy(i) for i in kept], actor=actor, note=f"Removed: {removed.category_label}")


def declare_nothing(user: User, *, actor) -> RegisterVersion:
    """The person: record that they have nothing to declare (only with no interests listed)."""
    current = current_version(user)
    if current is not None and current.items:
        raise RegisterError("Your entry lists interests: remove them first if you no longer hold them")
    return _save(user, [], actor=actor, note="Nothing to declare", nothing=True)


def confirm_reviewed(user: User, *, actor) -> RegisterVersion:
    """The person: confirm the entry is up to date as it stands (a review without change)."""
    current = current_version(user)
    if current is None:
        raise RegisterError("Add your interests, or say you have nothing to declare, first")
    return _save(
        user,
        [_copy(i) for i in current.items],
        actor=actor,
        note="Reviewed: no changes",
        nothing=current.is_nothing_to_declare,
    )


# --- yearly reviews ------------------------------------------------------------------------


def open_requests(body: Body) -> list[ReviewRequest]:
    return list(
        db.session.scalars(
            sa.select(ReviewRequest)
            .where(ReviewRequest.body_id == body.id, ReviewRequest.completed_at.is_(None))
            .options(selectinload(ReviewRequest.user))
            .order_by(ReviewRequest.id)
        )
    )


def review_candidates(body: Body) -> tuple[list[User], list[User]]:
    """Whom a review request would go to (the body's current members), and who already has one open."""
    asked = {r.user_id for r in open_requests(body)}
    members = [seat.user for seat in current_memberships(body, today_london())]
    unique = list({u.id: u for u in members}.values())
    return [u for u in unique if u.id not in asked], [u for u in unique if u.id in asked]


def my_register_url() -> str:
    return current_app.config["BOARD_BASE_URL"].rstrip("/") + "/interests/mine"


def _mail(user: User, body: Body, *, chase: bool, key: str):
    subject = (
        f"Reminder: please review your register of interests for the {body.short_name}"
        if chase
        else f"Please review your register of interests for the {body.short_name}"
    )
    text = render_template("emails/interests_review.txt", user=user, body=body, chase=chase, url=my_register_url())
    return queue_mail([(user.name, user.email)], subject, text, kind="interests_review", dedupe_key=key)


def request_reviews(body: Body, *, actor) -> list[ReviewRequest]:
    """Secretariat: ask each current member without an open request to review their entry (e-mail with a link)."""
    lock_row(body)  # a double-clicked Send: the second finds the requests open
    to_ask, _already = review_candidates(body)
    if not to_ask:
        raise RegisterError("Every member of this body has already been asked and has not yet reviewed")
    made = []
    for user in to_ask:
        request = ReviewRequest(user=user, body=body, requested_by_id=actor.id)
        db.session.add(request)
        db.session.flush()
        _mail(user, body, chase=False, key=f"interests-review-{request.id}")
        made.append(request)
    record(
        "interest_reviews_requested", body, actor=actor, changes={"asked": [None, ", ".join(u.name for u in to_ask)]}
    )
    return made


def chase_reviews(body: Body, *, actor) -> list[ReviewRequest]:
    """Secretariat: e-mail again everyone asked who has not reviewed (once a day each)."""
    lock_row(body)
    now = now_utc()
    today = to_london(now).date()
    due = [r for r in open_requests(body) if r.last_chased_at is None or to_london(r.last_chased_at).date() != today]
    if not due:
        raise RegisterError("No one is waiting to be chased: everyone asked has reviewed, or was chased today")
    for request in due:
        _mail(request.user, body, chase=True, key=f"interests-review-chase-{request.id}-{today.isoformat()}")
        request.last_chased_at = now
    record(
        "interest_reviews_chased", body, actor=actor, changes={"chased": [None, ", ".join(r.user.name for r in due)]}
    )
    return due
