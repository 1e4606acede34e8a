"""A small horizontal bar chart drawn on the server as SVG (no script, no inline style)."""

from markupsafe import Markup, escape

ROW = 24
LABEL_WIDTH = 130
BAR_WIDTH = 300


def bar_chart(rows: list[tuple[str, int]], *, title: str) -> Markup:
    """An accessible SVG bar chart of (label, count); the page shows a table beside it."""
    if not rows:
        return Markup("")
    top = max(n for _l, n in rows) or 1
    height = ROW * len(rows) + 4
    width = LABEL_WIDTH + BAR_WIDTH + 40
    parts = [
        Markup(
            '<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
            'viewBox="0 0 %d %d" width="%d" height="%d" aria-labelledby="chart-title">'
            '<title id="chart-title">%s</title>'
        )
        % (width, height, width, height, title)
    ]
    for i, (label, n) in enumerate(rows):
        y = i * ROW + 2
        bar = max(2, round(BAR_WIDTH * n / top))
        parts.append(
            Markup(
                '<text x="%d" y="%d" text-anchor="end" font-size="14" fill="#0b0c0c">%s</text>'
                '<rect x="%d" y="%d" width="%d" height="%d" fill="#d4351c"></rect>'
                '<text x="%d" y="%d" font-size="14" fill="#0b0c0c">%d</text>'
            )
            % (
                LABEL_WIDTH - 8,
                y + 16,
                escape(label),
                LABEL_WIDTH,
                y + 3,
                bar,
                ROW - 8,
                LABEL_WIDTH + bar + 6,
                y + 16,
                n,
            )
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
