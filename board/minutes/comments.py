"""Comments on circulated draft minutes: members comment on a paragraph or on the whole; the
secretariat marks each accepted (with the revision that took it in) or answered (with a
reply the commenter sees, by e-mail too). Never commits.
"""

from dataclasses import dataclass

from flask import current_app, render_template

from board.audit.services import record
from board.common.mail import queue_mail
from board.common.models import utcnow
from board.extensions import db
from board.minutes import paragraphs
from board.minutes.models import CommentStatus, Minutes, MinutesComment, MinutesStatus
from board.minutes.services import MinutesError

MAX_CHARS = 5000


def check_open_for_comment(minutes: Minutes) -> None:
    """Why no one may comment on the minutes now (raises MinutesError), or nothing."""
    if minutes.status == MinutesStatus.APPROVED:
        raise MinutesError(
            "These minutes have been approved as a true record, so comments are closed. "
            "Raise anything further with the secretariat."
        )
    if minutes.status != MinutesStatus.CIRCULATED:
        raise MinutesError("These minutes have not been circulated yet: comments open when the draft is circulated.")


def paragraph(minutes: Minutes, anchor: str) -> paragraphs.Block | None:
    """The paragraph of the current text with this anchor (None for the whole, or when it is gone)."""
    return paragraphs.find(minutes.html, anchor) if anchor else None


def add_comment(minutes: Minutes, *, author, text: str, anchor: str = "") -> MinutesComment:
    """A member (or the secretariat): comment on circulated minutes, on one paragraph or the whole."""
    check_open_for_comment(minutes)
    text, anchor = (text or "").strip(), (anchor or "").strip()
    if not text:
        raise MinutesError("Write your comment", "text")
    if len(text) > MAX_CHARS:
        raise MinutesError(f"A comment must be {MAX_CHARS:,} characters or fewer", "text")
    quoted = ""
    if anchor:
        block = paragraph(minutes, anchor)
        if block is None:
            raise MinutesError(
                f"That paragraph has changed since you opened it (the minutes are now at revision "
                f"{minutes.revision}). Go back to the minutes, read it again and comment on it there.",
                "text",
            )
        quoted = block.quote
    comment = MinutesComment(author=author, anchor=anchor, quoted=quoted, revision=minutes.revision, text=text)
    minutes.comments.append(comment)
    db.session.add(comment)
    record("commented", minutes, actor=author, changes={"comment": [None, text[:200]]})
    return comment


def resolve_comment(
    comment: MinutesComment, *, outcome: str, actor, revision: int | None = None, reply: str = "", notify: bool = True
) -> int:
    """Secretariat: mark a comment accepted (taken in by ``revision``) or answered (``reply``),
    and e-mail the commenter (``notify=False``: the demo data, which sends none). Returns e-mails queued."""
    minutes = comment.minutes
    reply = (reply or "").strip()
    if outcome not in (CommentStatus.ACCEPTED, CommentStatus.ANSWERED):
        raise MinutesError("Choose accepted or answered", "outcome")
    if len(reply) > MAX_CHARS:
        raise MinutesError(f"The reply must be {MAX_CHARS:,} characters or fewer", "reply")
    if outcome == CommentStatus.ANSWERED:
        if not reply:
            raise MinutesError("Write the answer the commenter will see", "reply")
        revision = None
    else:
        if revision is None:
            raise MinutesError("Choose the revision that took the comment in", "revision")
        if not any(r.number == revision for r in minutes.revisions):
            raise MinutesError(f"There is no revision {revision} of these minutes", "revision")
        if revision <= comment.revision:
            raise MinutesError(
                f"The comment was made on revision {comment.revision}: choose a later revision that took it in. "
                "If the change is not saved yet, edit the minutes first, then mark the comment.",
                "revision",
            )
    before = (comment.status, comment.accepted_revision, comment.reply)
    comment.status, comment.accepted_revision, comment.reply = outcome, revision, reply
    comment.resolved_by, comment.resolved_at = actor, utcnow()
    record(
        f"comment {outcome}",
        minutes,
        actor=actor,
        changes={"comment": [before[0], outcome], **({"revision": [before[1], revision]} if revision else {})},
        label=f"Comment by {comment.author.name}",
    )
    return _notify(comment) if notify else 0


def _notify(comment: MinutesComment) -> int:
    author = comment.author
    if not author.is_enabled:
        return 0
    minutes, meeting = comment.minutes, comment.minutes.meeting
    base = current_app.config["BOARD_BASE_URL"].rstrip("/")
    link = f"{base}/minutes/{minutes.id}#comment-{comment.id}"
    body = render_template("emails/minutes_comment_answered.txt", comment=comment, meeting=meeting, link=link)
    queue_mail(
        [(author.name, author.email)],
        f"Your comment on the draft minutes: {meeting.body.short_name}, {meeting.title}",
        body,
        kind="minutes_comment",
    )
    return 1


@dataclass
class CommentGroup:
    """Comments on one paragraph (or on the whole): the text they quote, and whether it is still there."""

    anchor: str
    quoted: str
    is_current: bool
    comments: list[MinutesComment]

    @property
    def is_whole(self) -> bool:
        return not self.anchor


def grouped(minutes: Minutes) -> list[CommentGroup]:
    """The minutes' comments grouped by paragraph: the whole first, then in the order of the
    text, then paragraphs that have since changed (with the text they quoted)."""
    if not minutes.comments:
        return []
    order = {b.anchor: i for i, b in enumerate(paragraphs.blocks(minutes.html))}
    groups: dict[str, CommentGroup] = {}
    for comment in minutes.comments:
        group = groups.get(comment.anchor)
        if group is None:
            group = groups[comment.anchor] = CommentGroup(
                comment.anchor, comment.quoted, not comment.anchor or comment.anchor in order, []
            )
        group.comments.append(comment)
    return sorted(groups.values(), key=lambda g: (not g.is_whole, not g.is_current, order.get(g.anchor, 0)))


def open_count(minutes: Minutes) -> int:
    return sum(1 for c in minutes.comments if c.is_open)
