"""Every permission rule in one place, named for what it allows.

Views call these before acting and templates call them to decide what to show, so
the two never disagree. The secretariat may do everything; everyone else is limited
by their memberships and their organisation. Later areas add their rules here.
"""

from datetime import date

from board.agendas.published import agenda_is_published
from board.common.timeutil import today_london
from board.papers.published import is_published as cover_paper_is_published
from board.people.models import Body, Role, User


def _signed_in(user) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and user.is_active)


def is_secretariat(user) -> bool:
    """The secretariat runs the service and may do everything."""
    return _signed_in(user) and user.is_secretariat


def can_administer_people(user) -> bool:
    """Invite, edit and deactivate users; manage organisations, bodies, memberships."""
    return is_secretariat(user)


def can_view_audit(user) -> bool:
    """Read the audit trail."""
    return is_secretariat(user)


def current_role(user, body: Body, on: date | None = None) -> str | None:
    """The user's role on the body today, or None when they hold no seat."""
    if not _signed_in(user):
        return None
    on = on or today_london()
    for membership in user.memberships:
        if membership.body_id == body.id and membership.is_current(on):
            return membership.role
    return None


def is_member_of(user, body: Body) -> bool:
    """Holds a current seat on the body (any role), or is the secretariat."""
    return is_secretariat(user) or current_role(user, body) is not None


def is_chair_of(user, body: Body) -> bool:
    """Chairs (or vice-chairs) the body."""
    return current_role(user, body) in {Role.CHAIR, Role.VICE_CHAIR}


def can_view_body(user, body: Body) -> bool:
    """See a body's page and its members."""
    return is_member_of(user, body)


def everyone(user) -> bool:
    """No rule: the navigation's Home and Boards entries (the pages say who may see what)."""
    return True


def can_view_user(user, other: User) -> bool:
    """See another person's profile: yourself, or the secretariat."""
    return _signed_in(user) and (user.id == other.id or is_secretariat(user))


# --- partner updates (submissions) ------------------------------------------------


def update_contact_organisation_ids(user) -> set[int]:
    """The organisations whose updates the user writes (loaded with the signed-in user)."""
    if not _signed_in(user):
        return set()
    return {contact.organisation_id for contact in user.update_contacts}


def can_see_updates_page(user) -> bool:
    """The partner updates page (and its navigation entry): the secretariat and update contacts."""
    return is_secretariat(user) or bool(update_contact_organisation_ids(user))


def can_manage_update_rounds(user, round=None) -> bool:
    """Open, lock, chase, return and accept partner updates: the secretariat."""
    return is_secretariat(user)


def is_update_contact_for(user, organisation_id: int) -> bool:
    """Writes this organisation's updates."""
    return organisation_id in update_contact_organisation_ids(user)


def can_view_update(user, update) -> bool:
    """The secretariat; the organisation's contacts; the body's members once the update
    is handed in and the meeting's agenda is published."""
    if is_secretariat(user) or is_update_contact_for(user, update.organisation_id):
        return True
    meeting = update.round.meeting
    return update.is_handed_in and current_role(user, meeting.body) is not None and agenda_is_published(meeting)


def can_edit_update(user, update) -> bool:
    """The organisation's contacts (or the secretariat) while the round is open and the
    update is not yet accepted."""
    if update.round.is_locked or update.status == "accepted":
        return False
    return is_secretariat(user) or is_update_contact_for(user, update.organisation_id)


def can_view_update_revisions(user, update) -> bool:
    """What changed between saves: the secretariat."""
    return is_secretariat(user)


def can_view_update_figures(user, body: Body) -> bool:
    """Figures over time for a body: its members and the secretariat."""
    return is_member_of(user, body)


# --- action log and decisions register ----------------------------------------------


def can_see_action_logs(user) -> bool:
    """The Actions navigation entry: the secretariat and anyone with a seat on a body."""
    return is_secretariat(user) or bool(getattr(user, "is_authenticated", False) and user.memberships)


def can_see_decisions(user) -> bool:
    """The Decisions navigation entry: anyone signed in (confidential decisions are filtered)."""
    return bool(getattr(user, "is_authenticated", False))


def can_view_action_log(user, body: Body) -> bool:
    """See a body's action log: its members and the secretariat."""
    return is_member_of(user, body)


def can_manage_actions(user, action=None) -> bool:
    """Create, reassign, re-date, close and cancel actions: the secretariat."""
    return is_secretariat(user)


def can_view_action(user, action) -> bool:
    """One action: the body's members, the secretariat, and the owner."""
    return _signed_in(user) and (action.owner_id == user.id or is_member_of(user, action.body))


def can_update_action(user, action) -> bool:
    """Add progress notes and mark done: the owner (or the secretariat) while it is live."""
    return action.is_live and _signed_in(user) and (action.owner_id == user.id or is_secretariat(user))


def can_view_organisation_actions(user, organisation) -> bool:
    """An organisation's actions: its own people and the secretariat."""
    return is_secretariat(user) or (_signed_in(user) and user.organisation_id == organisation.id)


def can_view_decision(user, decision) -> bool:
    """A decision: anyone signed in, but confidential ones only the body's members."""
    return _signed_in(user) and (not decision.is_confidential or is_member_of(user, decision.body))


def can_manage_decisions(user, decision=None) -> bool:
    """Record, edit, supersede and rescind decisions: the secretariat."""
    return is_secretariat(user)


# --- meetings and attendance --------------------------------------------------------


def can_manage_meetings(user, body: Body | None = None) -> bool:
    """Create, plan, change, cancel meetings and add guests: the secretariat."""
    return is_secretariat(user)


def can_edit_meeting(user, meeting) -> bool:
    """Change or cancel one meeting: the secretariat (the service refuses closed ones)."""
    return is_secretariat(user)


def can_see_meetings(user) -> bool:
    """The Meetings navigation entry: anyone signed in (the list shows what they may see)."""
    return bool(user and user.is_authenticated)


def can_view_body_meetings(user, body: Body) -> bool:
    """A body's list of meetings: its members and the secretariat."""
    return is_member_of(user, body)


def is_invited_to(user, meeting) -> bool:
    """Has an invitation (member, guest or deputy) to the meeting."""
    return _signed_in(user) and meeting.attendance_of(user) is not None


def can_view_meeting(user, meeting) -> bool:
    """One meeting: the body's members, the secretariat, and anyone invited to it."""
    return is_member_of(user, meeting.body) or is_invited_to(user, meeting)


def can_view_attendance(user, meeting) -> bool:
    """Who answered what, and quorum: the secretariat and the body's chair."""
    return is_secretariat(user) or is_chair_of(user, meeting.body)


def can_mark_attendance(user, meeting) -> bool:
    """Mark who actually attended on the day (distinct from their answers): the secretariat."""
    return is_secretariat(user)


def can_answer_for(user, attendance) -> bool:
    """Answer an invitation: only the person invited, and only for themself."""
    return _signed_in(user) and attendance.user_id == user.id


# --- agendas ---------------------------------------------------------------------------


def can_edit_agenda(user, meeting) -> bool:
    """Build a meeting's agenda, upload papers, publish: the secretariat only."""
    return is_secretariat(user)


def can_edit_agenda_template(user, body: Body) -> bool:
    """Edit a body's standing agenda items: the secretariat only."""
    return is_secretariat(user)


def can_view_agenda(user, meeting) -> bool:
    """See a meeting's published agenda, confidential items included: members of its body.

    Members see only a published agenda (the view answers 404 before publication);
    the secretariat also sees the draft.
    """
    return is_member_of(user, meeting.body)


# --- minutes ---------------------------------------------------------------------------


def can_edit_minutes(user, meeting=None) -> bool:
    """Start, write, circulate, approve and correct minutes: the secretariat only."""
    return is_secretariat(user)


def can_view_minutes(user, minutes) -> bool:
    """Read minutes: drafts only the secretariat; circulated and approved ones the body's members."""
    if is_secretariat(user):
        return True
    if minutes is None or minutes.is_draft:
        return False
    return current_role(user, minutes.meeting.body) is not None


def can_approve_minutes(user, minutes) -> bool:
    """Record that a later meeting approved circulated minutes: the secretariat, or the
    body's chair or vice-chair, who signs them off as a true record at that meeting."""
    if is_secretariat(user):
        return True  # the workflow explains why a draft or locked minutes cannot be approved
    if minutes is None or minutes.is_draft or minutes.is_locked:
        return False
    return is_chair_of(user, minutes.meeting.body)


def can_undo_minutes_approval(user, minutes) -> bool:
    """Undo an approval recorded in error (with a reason for the audit trail): the secretariat only."""
    return is_secretariat(user)


def can_view_confidential_minutes(user, minutes) -> bool:
    """Confidential items' sections: members of the body (and the secretariat) only."""
    return can_view_minutes(user, minutes) and is_member_of(user, minutes.meeting.body)


def can_comment_on_minutes(user, minutes) -> bool:
    """Comment on minutes, and read the comments kept with them: the body's members and the
    secretariat (the service refuses drafts not yet circulated and approved minutes)."""
    return can_view_minutes(user, minutes) and is_member_of(user, minutes.meeting.body)


def can_resolve_minutes_comments(user, minutes) -> bool:
    """Mark comments accepted (with the revision that took them in) or answered: the secretariat."""
    return is_secretariat(user)


# --- cover papers ------------------------------------------------------------------------


def can_start_cover_paper(user, item) -> bool:
    """Start an item's cover paper and name its author: the secretariat."""
    return is_secretariat(user)


def can_edit_cover_paper(user, paper) -> bool:
    """Write a draft, attach papers, send it for review: its author (their own drafts only)
    and the secretariat, while it is a draft."""
    return paper.is_draft and _signed_in(user) and (user.is_secretariat or paper.author_id == user.id)


def can_review_cover_paper(user, paper=None) -> bool:
    """Clear a paper, or return it to its author with a comment: the secretariat."""
    return is_secretariat(user)


def can_read_cover_paper_draft(user, paper) -> bool:
    """The paper as it is being written (every status): its author and the secretariat."""
    return _signed_in(user) and (user.is_secretariat or paper.author_id == user.id)


def can_view_cover_paper(user, paper) -> bool:
    """Read a cover paper: its author and the secretariat; the body's members once it is in
    the published agenda (the version they were sent), confidential items' papers included."""
    if can_read_cover_paper_draft(user, paper):
        return True
    return current_role(user, paper.item.meeting.body) is not None and cover_paper_is_published(paper)


def can_record_recommendation_outcomes(user, paper=None) -> bool:
    """Record what the meeting decided on each recommendation: those who record decisions."""
    return can_manage_decisions(user)


def can_edit_cover_template(user, body=None) -> bool:
    """Edit a body's cover paper template and the acronym glossary: the secretariat."""
    return is_secretariat(user)


def can_see_cover_papers(user) -> bool:
    """The cover papers list and the plan-alignment table (each shows what the reader may read)."""
    return _signed_in(user)


# --- search ----------------------------------------------------------------------------


def can_manage_public_record(user) -> bool:
    """The secretariat: switch a body's public record on and choose what is public."""
    return is_secretariat(user)


def can_search(user) -> bool:
    """The Search entry: anyone signed in (results are filtered by the rules above)."""
    return getattr(user, "is_authenticated", False)


# --- bodies over time: setting up and closing, forward plans, reports up ----------------


def can_manage_bodies(user) -> bool:
    """Create, rename, close bodies; their settings, terms of reference and seats: the secretariat."""
    return is_secretariat(user)


def can_view_terms_history(user, body: Body) -> bool:
    """Earlier versions of a body's terms of reference: its members and the secretariat."""
    return is_member_of(user, body)


def can_view_forward_plan(user, body: Body) -> bool:
    """A body's forward plan and each item's history: its members and the secretariat."""
    return is_member_of(user, body)


def can_edit_forward_plan(user, body: Body | None = None) -> bool:
    """Add, change, defer and schedule forward plan items: the secretariat."""
    return is_secretariat(user)


def can_report_to_parent(user, body: Body | None = None) -> bool:
    """Mark a sub-group's items and decisions for the parent body and put them on its agenda: the secretariat."""
    return is_secretariat(user)


def can_view_parent_reports(user, body: Body) -> bool:
    """What a sub-group reported up and the parent's answers: members of either body, and the secretariat."""
    return is_member_of(user, body) or (body.parent is not None and is_member_of(user, body.parent))


def can_change_own_details(user) -> bool:
    """Change your own name, job title and the optional e-mails you get: anyone signed in."""
    return _signed_in(user)


def can_see_mail_choices(user) -> bool:
    """Who has turned off which optional e-mails: the secretariat."""
    return is_secretariat(user)


# --- register of interests, declarations, attendance over time, personal data ---------


def can_keep_register(user) -> bool:
    """Keep one's own register of interests entry: anyone signed in."""
    return _signed_in(user)


def can_view_interest_register(user, body: Body) -> bool:
    """A body's register of interests (and its CSV and xlsx): its members and the secretariat."""
    return is_member_of(user, body)


def _shares_a_body(user, other: User) -> bool:
    today = today_london()
    mine = {m.body_id for m in user.memberships if m.is_current(today)}
    return any(m.body_id in mine and m.is_current(today) for m in other.memberships)


def can_view_register_of(user, other: User) -> bool:
    """One person's entry and its history: themself, the secretariat, and members of a body they sit on."""
    if not _signed_in(user):
        return False
    if user.id == other.id or is_secretariat(user) or _shares_a_body(user, other):
        return True
    return other.is_secretariat and any(m.is_current(today_london()) for m in user.memberships)


def can_manage_interests(user, body: Body | None = None) -> bool:
    """Ask members to review their entries, chase them, and record declarations at meetings: the secretariat."""
    return is_secretariat(user)


def can_view_declarations(user, meeting) -> bool:
    """A meeting's recorded declarations: whoever may see the meeting (pre-declarations: the secretariat and their maker)."""
    return can_view_meeting(user, meeting)


def can_pre_declare(user, meeting) -> bool:
    """Declare an interest before the meeting: anyone invited to it (the service refuses once it has started)."""
    return is_invited_to(user, meeting) and not meeting.is_cancelled


def can_remove_declaration(user, declaration) -> bool:
    """The secretariat; or the member, for their own pre-declaration, until the meeting starts (the view checks the time)."""
    if is_secretariat(user):
        return True
    return _signed_in(user) and declaration.is_pre_declared and declaration.user_id == user.id


def can_view_attendance_record(user, body: Body) -> bool:
    """Attendance over time for a body and its members: the body's members and the secretariat.

    As on ModernGov, a member's attendance is open to the body they serve; people outside
    the body do not see it.
    """
    return is_member_of(user, body)


def can_export_personal_data(user) -> bool:
    """Download everything held about one person (a subject access request): the secretariat."""
    return is_secretariat(user)
