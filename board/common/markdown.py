"""Markdown to safe HTML: render with Python-Markdown, then sanitise with nh3."""

import re

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

# Python-Markdown looks for the end of a link from every "[" it meets (and for the end
# of its address from every "](" ), so a paragraph full of brackets takes time that grows
# with the cube of its length (10 kB of them: 15 s, a denial of service from any form with
# a markdown field). Brackets that can never make a link (no "]" or ")" after them in the
# paragraph), and any past the first few, are set aside as private-use characters that
# Markdown ignores and put back after rendering: they show as typed (also in code).
MAX_LINK_OPENERS_PER_BLOCK = 50
_SET_ASIDE = {"[": "\ue05b", "(": "\ue028"}
_BLOCKS = re.compile(r"(\n[ \t]*\n)")


def _set_aside(text: str, opener: str) -> str:
    return text.replace(opener, _SET_ASIDE[opener])


def _set_aside_link_openers(source: str) -> str:
    """Leave Markdown only the brackets of each paragraph that can still make a link."""
    if source.count("[") <= MAX_LINK_OPENERS_PER_BLOCK and len(source) < 2000:
        return source
    parts = _BLOCKS.split(source)
    for i in range(0, len(parts), 2):
        block = parts[i]
        for opener, closer in (("[", "]"), ("(", ")")):
            last = block.rfind(closer)
            block = block[: last + 1] + _set_aside(block[last + 1 :], opener)
        if block.count("[") > MAX_LINK_OPENERS_PER_BLOCK:
            at = -1
            for _ in range(MAX_LINK_OPENERS_PER_BLOCK):
                at = block.index("[", at + 1)
            block = block[: at + 1] + _set_aside(block[at + 1 :], "[")
        parts[i] = block
    return "".join(parts)


def _put_back(text: str) -> str:
    for opener, stand_in in _SET_ASIDE.items():
        text = text.replace(stand_in, opener)
    return text


def render_markdown(source: str | None) -> Markup:
    """Render markdown and strip anything executable; the result is safe to show.

    Raw HTML in the source is escaped by nh3's allow-list: no script or style, no event
    handlers, no iframes, and links only to http(s) and mailto.
    """
    source = _put_back(source or "")
    html = md.markdown(_set_aside_link_openers(source), extensions=EXTENSIONS, output_format="html")
    html = _put_back(html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(clean)
