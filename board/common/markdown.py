"""Markdown to safe HTML: render with Python-Markdown, then sanitise with nh3."""

import markdown as md
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code",
    "pre", "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
    "del", "sup", "sub", "abbr", "dl", "dt", "dd",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
}
EXTENSIONS = ["tables", "sane_lists", "fenced_code", "def_list", "abbr"]


def render_markdown(source: str | None) -> Markup:
    """Render markdown and strip anything executable; the result is safe to show.

    Raw HTML in the source is escaped by nh3's allow-list: no script or style, no event
    handlers, no iframes, and links only to http(s) and mailto.
    """
    html = md.markdown(source or "", extensions=EXTENSIONS, output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(clean)
