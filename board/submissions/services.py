"""Partner updates: open a round, save and submit, return, accept, lock, chase. Never commits."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

import sqlalchemy as sa
from flask import current_app, render_template
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from board.audit.services import apply_changes, record
from board.common.mail import queue_mail
from board.common.markdown import render_markdown
from board.common.models import lock_row, utcnow
from board.common.timeutil import to_london
from board.common.workdays import working_days_before
from board.extensions import db
from board.meetings.models import Meeting
from board.people.mail_choices import wants_mail
from board.people.models import Body, Organisation, OrganisationKind, UpdateContact, User
from board.submissions import queries
from board.submissions.models import (
    HANDED_IN,
    PRIORITIES,
    THEMES,
    WRITING,
    PartnerUpdate,
    RoundFigure,
    UpdateFigure,
    UpdateFile,
    UpdateRevision,
    UpdateRound,
    UpdateStatus,
)

MARKDOWN_FIELDS = ("progress", "risks", "asks", "good_practice")
SECTION_LABELS = {
    "progress": "Progress since the last meeting",
    "risks": "Risks and issues",
    "asks": "Asks of the Board",
    "good_practice": "Good practice to share",
    "priorities": "Police and Crime Plan priorities",
    "themes": "Cross-cutting themes",
}


class SubmissionError(Exception):
    """A change refused for a reason the user can act on; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class ConflictError(SubmissionError):
    """Someone saved the update after this form was loaded."""

    def __init__(self, update: PartnerUpdate):
        super().__init__(
            "Someone else saved this update while you were editing it. Your text is still in the form; "
            "their saved version is shown below. Copy across what you need, then save again."
        )
        self.update = update


# --- helpers -----------------------------------------------------------------------


def meeting_day(meeting: Meeting) -> date:
    return to_london(meeting.starts_at).date()


def today_for(now: datetime) -> date:
    return to_london(now).date()


def default_deadline(meeting: Meeting) -> date:
    """Ten working days before the meeting (weekends and bank holidays skipped)."""
    return working_days_before(meeting_day(meeting), 10)


def default_period(meeting: Meeting) -> tuple[date, date]:
    """From the body's previous meeting (or one cadence back) to the default deadline."""
    previous = db.session.scalar(
        sa.select(Meeting.starts_at)
        .where(Meeting.body_id == meeting.body_id, Meeting.starts_at < meeting.starts_at, Meeting.status != "cancelled")
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )
    start = (
        to_london(previous).date() if previous else meeting_day(meeting) - timedelta(weeks=meeting.body.cadence_weeks)
    )
    end = default_deadline(meeting)
    # Two meetings close together: the previous one may fall after this one's deadline.
    return min(start, end), end


def default_organisations(body: Body) -> list[Organisation]:
    """The Board asks the five districts and HMPPS; a sub-group chooses its own."""
    if body.slug != "board":
        return []
    return list(
        db.session.scalars(
            sa.select(Organisation)
            .where(Organisation.kind.in_([OrganisationKind.DISTRICT.value, OrganisationKind.HMPPS.value]))
            .order_by(Organisation.name)
        )
    )


def contacts_of(organisation_id: int) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .join(UpdateContact, UpdateContact.user_id == User.id)
            .where(UpdateContact.organisation_id == organisation_id, User.is_enabled.is_(True))
            .order_by(User.name)
        )
    )


def still_owed(organisation_id: int) -> list[PartnerUpdate]:
    """The organisation's updates still to write in open rounds, soonest deadline first:
    the order of the lead's home page, listed in every e-mail about an update owed."""
    query = queries.open_updates_of([organisation_id])
    return [u for u in db.session.scalars(query).unique() if u.status in WRITING]


def update_url(update: PartnerUpdate) -> str:
    return f"{current_app.config['BOARD_BASE_URL'].rstrip('/')}/updates/{update.id}"


def mail_contacts(
    update: PartnerUpdate, template: str, subject: str, *, kind: str, dedupe_key: str | None = None, **context
) -> bool:
    """E-mail the organisation's update contacts from templates/emails/<template>.txt."""
    # Reminders and chases go only to contacts who have not turned them off.
    people = [p for p in contacts_of(update.organisation_id) if wants_mail(p, kind)]
    if not people:
        return False
    text = render_template(
        f"emails/{template}.txt",
        update=update,
        owed=still_owed(update.organisation_id),
        round=update.round,
        meeting=update.round.meeting,
        url=update_url(update),
        **context,
    )
    return queue_mail([(p.name, p.email) for p in people], subject, text, kind=kind, dedupe_key=dedupe_key) is not None


# --- rounds ------------------------------------------------------------------------


@cache
def _round_statement():
    """``round_for_meeting``'s statement, built once (on first use, when the mappers are known):
    the meeting page runs it on every look, and building it cost more than running it."""
    return (
        sa.select(UpdateRound)
        .where(UpdateRound.meeting_id == sa.bindparam("meeting_id"))
        .options(joinedload(UpdateRound.updates).joinedload(PartnerUpdate.organisation))
    )


def round_for_meeting(meeting: Meeting) -> UpdateRound | None:
    """The meeting's update round, with its updates and their organisations (one query).

    The meeting page lists updates by organisation; figures and who last changed an
    update are not shown there and load only if something reads them.
    """
    return db.session.scalars(_round_statement(), {"meeting_id": meeting.id}).unique().first()


def open_round(
    meeting: Meeting,
    *,
    organisations: list[Organisation],
    deadline: date,
    period_from: date,
    period_to: date,
    figures: list[tuple[str, str]],
    actor,
    notify: bool = True,
) -> UpdateRound:
    """Secretariat: ask organisations for updates before a meeting and e-mail their contacts."""
    if meeting.status == "cancelled":
        raise SubmissionError("This meeting is cancelled: no updates can be asked for")
    lock_row(meeting)  # a double-clicked Open: the second finds the first's round
    if round_for_meeting(meeting) is not None:
        raise SubmissionError("Updates have already been asked for this meeting")
    if not organisations:
        raise SubmissionError("Choose at least one organisation to ask", field="organisation_ids")
    if deadline > meeting_day(meeting):
        raise SubmissionError("The deadline must be on or before the day of the meeting", field="deadline")
    if period_to < period_from:
        raise SubmissionError("The end of the reporting period must be on or after its start", field="period_to")
    if len({o.id for o in organisations}) != len(organisations):
        raise SubmissionError("Each organisation can be asked once", field="organisation_ids")
    keys = [key for key, _label in figures]
    if len(set(keys)) != len(keys):
        twice = next(label for key, label in figures if keys.count(key) > 1)
        raise SubmissionError(f"‘{twice}’ is asked for twice: give each figure once", field="other_figures")
    round_ = UpdateRound(
        meeting=meeting,
        deadline=deadline,
        period_from=period_from,
        period_to=period_to,
        opened_by_id=getattr(actor, "id", None),
    )
    round_.figures = [RoundFigure(key=key, label=label, position=i) for i, (key, label) in enumerate(figures)]
    db.session.add(round_)
    for org in organisations:
        round_.updates.append(PartnerUpdate(organisation=org, last_changed_by_id=getattr(actor, "id", None)))
    db.session.flush()
    record(
        "open_update_round",
        round_,
        actor=actor,
        changes={
            "deadline": [None, deadline.isoformat()],
            "organisations": [None, ", ".join(o.short_name for o in organisations)],
            "figures": [None, ", ".join(label for _k, label in figures)],
        },
    )
    if notify:
        for update in round_.updates:
            mail_contacts(
                update,
                "submission_request",
                f"Update requested for {meeting} by {deadline:%-d %B %Y}",
                kind="update_request",
            )
    return round_


def set_round_locked(round_: UpdateRound, locked: bool, *, actor) -> None:
    """Secretariat: lock a round (nothing changes any more) or unlock it."""
    changes = apply_changes(round_, {"is_locked": locked})
    if changes:
        record("lock_update_round" if locked else "unlock_update_round", round_, actor=actor, changes=changes)


# --- writing an update ---------------------------------------------------------------


def saved_content(update: PartnerUpdate) -> dict:
    """The update's saved content in the shape forms hand to the services."""
    content = {f: getattr(update, f) or "" for f in MARKDOWN_FIELDS}
    content["nothing_to_report"] = list(update.nothing_to_report or [])
    content["priorities"] = list(update.priorities or [])
    content["themes"] = list(update.themes or [])
    content["figures"] = {}
    for saved in update.figures:
        content["figures"][saved.round_figure_id] = (saved.value, saved.is_not_available, saved.reason)
    return content


def readable(round_: UpdateRound, content: dict) -> dict:
    """Content as {section label: plain text}, for revisions, diffs and conflicts."""
    labels = dict(PRIORITIES) | dict(THEMES)
    nil = content.get("nothing_to_report") or []
    text = {SECTION_LABELS[f]: content.get(f) or ("Nothing to report" if f in nil else "") for f in MARKDOWN_FIELDS}
    for figure in round_.figures:
        value, not_available, reason = content.get("figures", {}).get(figure.id, (None, False, ""))
        if not_available:
            text[figure.label] = f"Not available: {reason}"
        else:
            text[figure.label] = "" if value is None else str(value)
    text[SECTION_LABELS["priorities"]] = "\n".join(labels.get(v, v) for v in content.get("priorities") or [])
    text[SECTION_LABELS["themes"]] = "\n".join(labels.get(v, v) for v in content.get("themes") or [])
    return text


def snapshot(update: PartnerUpdate) -> dict:
    """The update's saved content as {section: plain text}."""
    return readable(update.round, saved_content(update))


def _apply_content(update: PartnerUpdate, content: dict) -> dict:
    values = {}
    for field in MARKDOWN_FIELDS:
        values[field] = content.get(field, "")
        values[f"{field}_html"] = str(render_markdown(values[field]))
    values["nothing_to_report"] = [f for f in MARKDOWN_FIELDS if f in (content.get("nothing_to_report") or [])]
    values["priorities"] = [v for v, _ in PRIORITIES if v in content.get("priorities", [])]
    values["themes"] = [v for v, _ in THEMES if v in content.get("themes", [])]
    changes = {k: v for k, v in apply_changes(update, values).items() if not k.endswith("_html")}
    figure_ids = {f.id: f for f in update.round.figures}
    for figure_id, (value, not_available, reason) in content.get("figures", {}).items():
        if figure_id not in figure_ids:  # a posted id from another round: ignore it
            continue
        saved = update.figure_for(figure_id)
        if saved is None:
            saved = UpdateFigure(round_figure_id=figure_id, value=None, is_not_available=False, reason="")
            update.figures.append(saved)
        new = {
            "value": None if not_available else value,
            "is_not_available": not_available,
            "reason": reason if not_available else "",
        }
        for field, pair in apply_changes(saved, new).items():
            changes[f"{figure_ids[figure_id].label} ({field})"] = pair
    return changes


def gaps(round_: UpdateRound, content: dict) -> list[str]:
    """What stops content being submitted: a section neither written nor marked "Nothing to
    report", a figure neither given nor "not available" with a reason (empty: complete)."""
    nil = content.get("nothing_to_report") or []
    out = [SECTION_LABELS[f] for f in MARKDOWN_FIELDS if not (content.get(f) or "").strip() and f not in nil]
    figures = content.get("figures", {})
    for figure in round_.figures:
        value, not_available, reason = figures.get(figure.id, (None, False, ""))
        if value is None and not (not_available and (reason or "").strip()):
            out.append(figure.label)
    return out


def save_update(
    update: PartnerUpdate, content: dict, *, version: int | None, actor, submit: bool, now: datetime | None = None
) -> dict:
    """A contact (or the secretariat) saves a draft or submits; refuses stale forms and locked rounds."""
    now = now or utcnow()
    # Lock the row and re-read it, so two saves of one draft at the same moment are
    # serialised and the second sees the first's version (PostgreSQL's READ COMMITTED
    # would otherwise let both pass the version check; SQLite writers already queue).
    db.session.refresh(update, with_for_update=True)
    if update.round.is_locked:
        raise SubmissionError("This round is locked: the update can no longer be changed")
    if update.status == UpdateStatus.ACCEPTED:
        raise SubmissionError("This update has been accepted: it can no longer be changed")
    if version != update.version:
        raise ConflictError(update)
    if not submit and update.status in HANDED_IN:
        raise SubmissionError("This update has been submitted: save your changes with ‘Save changes’")
    if submit and (missing := gaps(update.round, content)):
        raise SubmissionError(f"The update is not complete: {', '.join(missing)}")
    changes = _apply_content(update, content)
    status = UpdateStatus(update.status)
    if submit:
        if status in (UpdateStatus.NOT_STARTED, UpdateStatus.DRAFT):
            new_status = UpdateStatus.SUBMITTED
        elif status == UpdateStatus.RETURNED:
            new_status = UpdateStatus.RESUBMITTED
        else:
            new_status = status
        if status != new_status:
            update.submitted_at = now
            if update.first_submitted_at is None:
                update.first_submitted_at = now
                update.is_late = today_for(now) > update.round.deadline
    else:
        new_status = UpdateStatus.DRAFT if status == UpdateStatus.NOT_STARTED else status
    if update.status != new_status.value:
        changes["status"] = [update.status, new_status.value]
        update.status = new_status.value
    update.version += 1
    update.last_changed_at = now
    update.last_changed_by_id = getattr(actor, "id", None)
    if update.first_submitted_at is not None:
        _keep_revision(update, actor, now)
    action = "submit_update" if submit and "status" in changes else "save_update"
    record(action, update, actor=actor, changes=changes)
    return changes


def _keep_revision(update: PartnerUpdate, actor, now: datetime) -> UpdateRevision:
    number = (update.revisions[-1].number + 1) if update.revisions else 1
    revision = UpdateRevision(
        number=number,
        saved_at=now,
        saved_by_id=getattr(actor, "id", None),
        status=update.status,
        content=snapshot(update),
    )
    update.revisions.append(revision)
    return revision


# --- secretariat decisions -------------------------------------------------------------


def return_update(update: PartnerUpdate, comment: str, *, actor, notify: bool = True) -> None:
    """Secretariat: send a submitted update back with a comment; the contacts are told."""
    if update.round.is_locked:
        raise SubmissionError("This round is locked: the update can no longer be changed")
    if update.status not in (UpdateStatus.SUBMITTED, UpdateStatus.RESUBMITTED):
        raise SubmissionError("Only a submitted update can be returned")
    changes = apply_changes(update, {"status": UpdateStatus.RETURNED.value, "return_comment": comment})
    update.version += 1
    update.last_changed_at = utcnow()
    update.last_changed_by_id = actor.id
    record("return_update", update, actor=actor, changes=changes)
    if notify:
        mail_contacts(
            update,
            "submission_returned",
            f"Your update for {update.round.meeting} needs changes",
            kind="update_returned",
            comment=comment,
        )


def accept_update(update: PartnerUpdate, *, actor) -> None:
    """Secretariat: accept a submitted update for the agenda pack."""
    if update.round.is_locked:
        raise SubmissionError("This round is locked: the update can no longer be changed")
    if update.status not in (UpdateStatus.SUBMITTED, UpdateStatus.RESUBMITTED):
        raise SubmissionError("Only a submitted update can be accepted")
    now = utcnow()
    changes = apply_changes(update, {"status": UpdateStatus.ACCEPTED.value, "accepted_at": now})
    update.version += 1
    update.last_changed_at = now
    update.last_changed_by_id = actor.id
    record("accept_update", update, actor=actor, changes=changes)


def chase_update(update: PartnerUpdate, *, actor, now: datetime | None = None) -> None:
    """Secretariat: e-mail the contacts of an organisation that has not submitted (once a day)."""
    now = now or utcnow()
    # A double-clicked Chase: the second waits, then sees last_chased_at (and the reminder's dedupe key).
    db.session.refresh(update, ["last_chased_at"], with_for_update=True)
    if update.round.is_locked:
        raise SubmissionError("This round is locked")
    if update.status in HANDED_IN:
        raise SubmissionError(f"{update.organisation.short_name} has already submitted")
    if update.last_chased_at is not None and today_for(update.last_chased_at) == today_for(now):
        raise SubmissionError(f"{update.organisation.short_name} has already been chased today")
    sent = mail_contacts(
        update,
        "submission_chase",
        f"Reminder: your update for {update.round.meeting} is due",
        kind="update_chase",
        dedupe_key=f"update-chase-{update.id}-{today_for(now).isoformat()}",
    )
    if not sent:
        if contacts_of(update.organisation_id):
            raise SubmissionError(f"{update.organisation.short_name}'s update contacts have turned chases off")
        raise SubmissionError(f"{update.organisation.short_name} has no update contacts to chase")
    update.last_chased_at = now
    record("chase_update", update, actor=actor, changes={"chased": [None, now.isoformat()]})


@dataclass(frozen=True)
class ChaseLine:
    """One organisation on a chase's confirmation page: who would be e-mailed, or why not."""

    update: PartnerUpdate
    people: list[User]
    refusal: str | None  # None: it will be chased

    @property
    def addresses(self) -> int:
        return len({p.email.casefold() for p in self.people})


def chase_refusal(update: PartnerUpdate, people: list[User], now: datetime) -> str | None:
    """Why this update cannot be chased now (the rules chase_update enforces), or None."""
    if update.round.is_locked:
        return "the round is locked"
    if update.status in HANDED_IN:
        return "already submitted"
    if update.last_chased_at is not None and today_for(update.last_chased_at) == today_for(now):
        return "already chased today"
    if not people:
        return "no update contacts to e-mail"
    return None


def chase_plan(updates: list[PartnerUpdate], *, now: datetime | None = None) -> list[ChaseLine]:
    """Who a chase of these updates would e-mail, for the confirmation page (one query for the contacts)."""
    now = now or utcnow()
    org_ids = {u.organisation_id for u in updates}
    people: dict[int, list[User]] = {i: [] for i in org_ids}
    if org_ids:
        for org_id, person in db.session.execute(
            sa.select(UpdateContact.organisation_id, User)
            .join(User, User.id == UpdateContact.user_id)
            .where(UpdateContact.organisation_id.in_(org_ids), User.is_enabled.is_(True))
            .order_by(User.name)
        ):
            people[org_id].append(person)
    return [ChaseLine(u, people[u.organisation_id], chase_refusal(u, people[u.organisation_id], now)) for u in updates]


def chase_all(round_: UpdateRound, *, actor, now: datetime | None = None) -> tuple[list[str], list[str]]:
    """Secretariat: chase every organisation of the round that has not submitted. Answers the
    organisations chased and, for the others still writing, why not (each with its own row lock)."""
    chased, not_chased = [], []
    for update in sorted(round_.updates, key=lambda u: u.organisation.short_name):
        if update.status in HANDED_IN:
            continue
        try:
            chase_update(update, actor=actor, now=now)
        except SubmissionError as error:
            not_chased.append(str(error))
        else:
            chased.append(update.organisation.short_name)
    return chased, not_chased


# --- reading -------------------------------------------------------------------------


def load_update(update_id: int) -> PartnerUpdate | None:
    return db.session.scalar(
        sa.select(PartnerUpdate)
        .where(PartnerUpdate.id == update_id)
        .options(
            selectinload(PartnerUpdate.figures),
            selectinload(PartnerUpdate.organisation),
            selectinload(PartnerUpdate.files).joinedload(UpdateFile.uploaded_by),
            selectinload(PartnerUpdate.revisions).selectinload(UpdateRevision.saved_by),
            selectinload(PartnerUpdate.round).selectinload(UpdateRound.figures),
            selectinload(PartnerUpdate.round).selectinload(UpdateRound.meeting).selectinload(Meeting.body),
        )
    )


@cache
def _handed_in_statement(one_organisation: bool):
    """``handed_in_updates``' statement, built once per shape (the agenda pack reads it on
    every look; building it with its eager loads cost about as much as running it)."""
    query = (
        sa.select(PartnerUpdate)
        .join(UpdateRound)
        .where(
            UpdateRound.meeting_id == sa.bindparam("meeting_id"),
            PartnerUpdate.status.in_([s.value for s in HANDED_IN]),
        )
        # The round is already joined for the filter and each update has one organisation:
        # both come with the updates' rows rather than in queries of their own.
        .options(
            joinedload(PartnerUpdate.organisation),
            selectinload(PartnerUpdate.figures),
            selectinload(PartnerUpdate.files),
            contains_eager(PartnerUpdate.round).selectinload(UpdateRound.figures),
        )
        .order_by(PartnerUpdate.organisation_id)
    )
    if one_organisation:
        query = query.where(PartnerUpdate.organisation_id == sa.bindparam("organisation_id"))
    return query


def handed_in_updates(meeting: Meeting, organisation_id: int | None = None) -> list[PartnerUpdate]:
    """Submitted, resubmitted and accepted updates for a meeting (optionally one organisation's)."""
    params = {"meeting_id": meeting.id}
    if organisation_id is not None:
        params["organisation_id"] = organisation_id
    return list(db.session.scalars(_handed_in_statement(organisation_id is not None), params))
