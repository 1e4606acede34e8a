"""Reading partner updates back: revision diffs, and figures over time as tables and SVG charts."""

import difflib
from dataclasses import dataclass, field

import sqlalchemy as sa
from markupsafe import Markup, escape
from sqlalchemy.orm import selectinload

from board.common.timeutil import to_london
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body
from board.submissions.models import HANDED_IN, PartnerUpdate, UpdateRevision, UpdateRound

# --- revisions ---------------------------------------------------------------------


def diff_sections(before: dict, after: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """For each section that changed: [(kind, line)], kind ' ' same, '-' removed, '+' added."""
    changed = []
    for section in list(dict.fromkeys([*before, *after])):
        old, new = (before.get(section) or "").splitlines(), (after.get(section) or "").splitlines()
        if old == new:
            continue
        lines = []
        for line in difflib.ndiff(old, new):
            if line.startswith("? "):
                continue
            lines.append((line[0], line[2:]))
        changed.append((section, lines))
    return changed


def revision_history(update: PartnerUpdate) -> list[tuple[UpdateRevision, list]]:
    """Each revision, newest first, with what changed since the one before it."""
    history = []
    previous: dict = {}
    for revision in update.revisions:
        history.append((revision, diff_sections(previous, revision.content)))
        previous = revision.content
    return list(reversed(history))


# --- figures over time -------------------------------------------------------------


@dataclass
class FigureSeries:
    """One figure for one body: values by organisation (rows) and meeting (columns)."""

    key: str
    label: str
    meetings: list[Meeting] = field(default_factory=list)
    organisations: list = field(default_factory=list)
    # {(organisation id, meeting id): value or "n/a"}
    values: dict = field(default_factory=dict)

    def value(self, organisation_id: int, meeting_id: int):
        return self.values.get((organisation_id, meeting_id))

    @property
    def maximum(self) -> int:
        numbers = [v for v in self.values.values() if isinstance(v, int)]
        return max(numbers, default=0)


def figures_over_time(body: Body, include=lambda round_: True) -> list[FigureSeries]:
    """Every figure the body's rounds asked for, from handed-in updates, oldest meeting first."""
    rounds = list(
        db.session.scalars(
            sa.select(UpdateRound)
            .join(Meeting)
            .where(Meeting.body_id == body.id)
            .options(
                selectinload(UpdateRound.meeting),
                selectinload(UpdateRound.figures),
                selectinload(UpdateRound.updates).selectinload(PartnerUpdate.organisation),
                selectinload(UpdateRound.updates).selectinload(PartnerUpdate.figures),
            )
            .order_by(Meeting.starts_at)
        )
    )
    series: dict[str, FigureSeries] = {}
    for round_ in filter(include, rounds):
        keys = {f.id: f.key for f in round_.figures}
        for figure in round_.figures:
            s = series.setdefault(figure.key, FigureSeries(figure.key, figure.label))
            s.label = figure.label  # the newest wording wins
            s.meetings.append(round_.meeting)
        for update in round_.updates:
            if update.status not in HANDED_IN:
                continue
            for saved in update.figures:
                s = series[keys[saved.round_figure_id]]
                if update.organisation not in s.organisations:
                    s.organisations.append(update.organisation)
                s.values[(update.organisation_id, round_.meeting_id)] = "n/a" if saved.is_not_available else saved.value
    for s in series.values():
        s.organisations.sort(key=lambda o: (o.kind != "district", o.short_name))
    return list(series.values())


ROW = 18
LABEL_W = 150
BAR_W = 360
VALUE_W = 60


def figure_chart_svg(series: FigureSeries, date_format=lambda m: to_london(m.starts_at).strftime("%b %Y")) -> Markup:
    """A horizontal bar chart, grouped by organisation, one bar per meeting; no script or style."""
    top = series.maximum or 1
    rows = []
    y = 0
    for org in series.organisations:
        y += ROW
        rows.append(f'<text x="0" y="{y - 4}" font-weight="bold" font-size="14">{escape(org.short_name)}</text>')
        for meeting in series.meetings:
            y += ROW
            value = series.value(org.id, meeting.id)
            width = round(BAR_W * value / top) if isinstance(value, int) else 0
            shown = "not available" if value == "n/a" else ("–" if value is None else f"{value:,}")
            rows.append(f'<text x="8" y="{y - 5}" font-size="12">{escape(date_format(meeting))}</text>')
            if width:
                rows.append(
                    f'<rect x="{LABEL_W}" y="{y - ROW + 3}" width="{width}" height="{ROW - 6}" fill="#1d70b8"/>'
                )
            rows.append(f'<text x="{LABEL_W + width + 6}" y="{y - 5}" font-size="12">{escape(shown)}</text>')
        y += 6
    height = y + 4
    title = escape(f"{series.label} by organisation and meeting")
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{title}" class="app-chart" '
        f'width="{LABEL_W + BAR_W + VALUE_W + 40}" height="{height}" '
        f'viewBox="0 0 {LABEL_W + BAR_W + VALUE_W + 40} {height}" font-family="sans-serif" fill="#0b0c0c">'
        f"<title>{title}</title>{''.join(rows)}</svg>"
    )
