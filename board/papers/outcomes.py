"""From recommendation to decision: one step records the meeting's outcome of a
recommendation as a decision in the register, linked to the paper. Never commits."""

import sqlalchemy as sa

from board.audit.services import record
from board.common.models import lock_row
from board.common.timeutil import to_london
from board.decisions.services import DecisionError, create_decision
from board.extensions import db
from board.papers.models import CoverPaper, CoverPaperVersion, Outcome, RecommendationOutcome
from board.papers.services import PaperError

TITLE_MAX = 300


def recommendations_put(paper: CoverPaper, version: CoverPaperVersion | None = None) -> list[str]:
    """The recommendations the meeting was asked to decide: those of the latest cleared version."""
    version = version or paper.latest_version
    return list((version.content if version else {}).get("recommendations") or [])


def record_outcome(paper: CoverPaper, number: int, outcome: str, amended: str = "", *, by) -> RecommendationOutcome:
    """Secretariat: record what the meeting decided on recommendation ``number`` as a decision."""
    lock_row(paper)  # a double click records one outcome, not two decisions
    recommendations = recommendations_put(paper)
    if not recommendations:
        raise PaperError("The paper has no cleared recommendations to decide on")
    if not 1 <= number <= len(recommendations):
        raise PaperError("Choose one of the paper's recommendations", "number")
    if outcome not in {o.value for o in Outcome}:
        raise PaperError("Choose the outcome", "outcome")
    exists = db.session.scalar(
        sa.select(RecommendationOutcome.id).where(
            RecommendationOutcome.paper_id == paper.id, RecommendationOutcome.number == number
        )
    )
    if exists is not None:
        raise PaperError(f"Recommendation {number} already has an outcome recorded", "number")
    amended = (amended or "").strip()
    if outcome == Outcome.AGREED_AS_AMENDED and not amended:
        raise PaperError("Enter the recommendation as amended", "amended")
    text = amended if outcome == Outcome.AGREED_AS_AMENDED else recommendations[number - 1]
    label = Outcome(outcome).label
    item, meeting = paper.item, paper.item.meeting
    try:
        decision = create_decision(
            meeting.body,
            f"{label}: {text}"[:TITLE_MAX],
            f"{label} ({item.title}, recommendation {number}): {text}",
            to_london(meeting.starts_at).date(),
            meeting,
            item,
            actor=by,
            is_confidential=item.is_confidential,
            rationale=f"Cover paper: {paper.title}",
        )
    except DecisionError as error:
        raise PaperError(str(error)) from error
    row = RecommendationOutcome(
        paper_id=paper.id, number=number, outcome=outcome, text=text, decision_id=decision.id, recorded_by_id=by.id
    )
    db.session.add(row)
    db.session.flush()
    db.session.expire(paper, ["outcomes"])
    record("cover_outcome_recorded", paper, actor=by, changes={f"recommendation {number}": [None, label]})
    return row
