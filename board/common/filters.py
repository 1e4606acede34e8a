"""Template filters and globals: dates in London time, markdown, the navigation."""

from datetime import date, datetime

from flask import has_request_context, request
from flask_login import current_user

from board.common.markdown import render_markdown
from board.common.nav import active_entry, nav_items
from board.common.timeutil import to_london
from board.common.urls import fixed_url, id_url


def london_datetime(value: datetime | None, fmt: str = "%-d %B %Y, %-I:%M%p") -> str:
    """'3 March 2027, 10:00am' in London time."""
    if value is None:
        return ""
    return to_london(value).strftime(fmt).replace("AM", "am").replace("PM", "pm")


def long_date(value: date | datetime | None) -> str:
    """'Tuesday 3 March 2027' (London date for datetimes)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_london(value).date()
    return value.strftime("%A %-d %B %Y")


def short_date(value: date | datetime | None) -> str:
    """'3 Mar 2027'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_london(value).date()
    return value.strftime("%-d %b %Y")


def london_time(value: datetime | None) -> str:
    """'10:00am'."""
    if value is None:
        return ""
    return to_london(value).strftime("%-I:%M%p").lower()


def page_window(page: int, pages: int) -> list[int | None]:
    """The page numbers a GOV.UK pagination shows: the first, the last, the current one
    and its neighbours; None where pages are left out (shown as an ellipsis). A link per
    page would grow with the data (a ten-year log has over a hundred pages)."""
    keep = {1, pages, page - 1, page, page + 1}
    out: list[int | None] = []
    for p in range(1, pages + 1):
        if p in keep:
            out.append(p)
        elif out and out[-1] is not None:
            out.append(None)
    return out


def init_app(app) -> None:
    app.add_template_filter(london_datetime)
    app.add_template_filter(long_date)
    app.add_template_filter(short_date)
    app.add_template_filter(london_time)
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_global(lambda: app.config["SERVICE_NAME"], "service_name")
    app.add_template_global(page_window)
    app.add_template_global(id_url)
    app.add_template_global(fixed_url)
    app.add_template_global(lambda: nav_items(current_user._get_current_object()), "nav_items")
    app.add_template_global(active_entry, "active_nav_entry")

    @app.context_processor
    def _signed_in_user():
        """The user object itself rather than flask-login's proxy (this processor runs
        after flask-login's, so it wins): pages ask permission questions per row, and
        every attribute read through the proxy looks the user up again."""
        if (
            has_request_context() and request.blueprint == "public"
        ):  # the same page for every reader: no session, no user
            return {}
        return {"current_user": current_user._get_current_object()}
