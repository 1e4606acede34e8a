"""How each area's records become search documents (create_app lists them).

Only plain values are copied; permission filtering later uses body, organisation,
meeting, owner, confidentiality and status, exactly the fields the pages' rules use.
"""

from sqlalchemy.orm import object_session

from board.actions.models import Action
from board.agendas.models import AgendaItem
from board.common.timeutil import to_london
from board.decisions.models import Decision
from board.meetings.models import Meeting
from board.minutes.models import Minutes
from board.minutes.owners import withhold_emails
from board.papers.models import CoverPaper
from board.people.models import Organisation, User
from board.search.registry import Doc
from board.submissions.models import PartnerUpdate, UpdateRound


def _related(obj, name: str, model, key):
    """A many-to-one, loaded by id when the record is new (pending rows do not lazy-load)."""
    value = getattr(obj, name)
    if value is None and key is not None:
        value = object_session(obj).get(model, key)
    return value


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def action_document(action: Action) -> Doc:
    owner = _related(action, "owner", User, action.owner_id)
    return Doc(
        title=f"{action.reference}: {action.description[:200]}",
        text=action.description,
        body_id=action.body_id,
        meeting_id=action.meeting_id,
        owner_id=action.owner_id,
        organisation_id=owner.organisation_id if owner else None,
        status=action.status,
        happened_on=action.due_on,
    )


def decision_document(decision: Decision) -> Doc:
    return Doc(
        title=f"{decision.reference} {decision.title}",
        text=_join(decision.text, decision.rationale),
        body_id=decision.body_id,
        meeting_id=decision.meeting_id,
        is_confidential=decision.is_confidential,
        status=decision.status,
        happened_on=decision.decided_on,
    )


def agenda_item_document(item: AgendaItem) -> Doc:
    meeting = _related(item, "meeting", Meeting, item.meeting_id)
    return Doc(
        title=item.title,
        text=item.description,
        body_id=meeting.body_id,
        meeting_id=item.meeting_id,
        organisation_id=item.presenter_organisation_id,
        is_confidential=item.is_confidential,
        status=item.purpose,
        happened_on=to_london(meeting.starts_at).date(),
    )


def update_document(update: PartnerUpdate) -> Doc:
    round_ = _related(update, "round", UpdateRound, update.round_id)
    meeting = _related(round_, "meeting", Meeting, round_.meeting_id)
    organisation = _related(update, "organisation", Organisation, update.organisation_id)
    day = to_london(meeting.starts_at).date()
    return Doc(
        title=f"{organisation.short_name} update for {meeting.title}, {day:%-d %B %Y}",
        text=_join(update.progress, update.risks, update.asks, update.good_practice),
        body_id=meeting.body_id,
        organisation_id=update.organisation_id,
        meeting_id=meeting.id,
        status=update.status,
        happened_on=day,
    )


def minutes_document(minutes: Minutes) -> Doc:
    meeting = _related(minutes, "meeting", Meeting, minutes.meeting_id)
    day = to_london(meeting.starts_at).date()
    return Doc(
        # Snippets are shown to readers: no e-mail addresses (ACTION lines name owners by e-mail).
        title=f"Minutes of {meeting.title}, {day:%-d %B %Y}",
        text=withhold_emails(_join(minutes.source, minutes.declarations)),
        body_id=meeting.body_id,
        meeting_id=meeting.id,
        status=minutes.status,
        happened_on=day,
    )


def cover_paper_document(paper: CoverPaper) -> Doc:
    """A cover paper's words as it stands (members are shown it only while that is what was published)."""
    item = _related(paper, "item", AgendaItem, paper.item_id)
    meeting = _related(item, "meeting", Meeting, item.meeting_id)
    content = paper.content or {}
    return Doc(
        title=paper.title or item.title,
        text=_join(
            content.get("produced_by") or "",
            *(content.get("texts") or {}).values(),
            *(content.get("recommendations") or []),
        ),
        body_id=meeting.body_id,
        meeting_id=meeting.id,
        owner_id=paper.author_id,
        is_confidential=item.is_confidential,
        status=paper.status,
        happened_on=to_london(meeting.starts_at).date(),
    )
