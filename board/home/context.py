"""Which sections a person's home page has, and their data (fixed query count)."""

from board import permissions
from board.common import chart
from board.home import queries


def home_context(user) -> dict:
    """The template context for the home page of this user."""
    ctx: dict = {"is_secretariat": permissions.is_secretariat(user)}
    if ctx["is_secretariat"]:
        overdue = queries.overdue_by_organisation()
        ctx.update(
            readiness=queries.readiness(),
            overdue=overdue,
            overdue_chart=chart.bar_chart(overdue, title="Overdue actions by organisation"),
            changes=queries.latest_changes(),
        )
        return ctx
    ctx["next_meetings"] = queries.my_next_meetings(user)
    chaired = queries.chaired_body_ids(user)
    ctx["is_chair"] = bool(chaired)
    if chaired:
        ctx["minutes_to_approve"] = queries.minutes_awaiting_approval(chaired)
        ctx["next_board"], ctx["board_decisions"] = queries.decisions_due_at_next_board()
    return ctx
