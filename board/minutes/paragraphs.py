"""Paragraph anchors for comments: each top-level block of the rendered minutes (a paragraph,
heading, list, table, quote) gets an id made from its own text, so it stays the same when
other paragraphs are added, moved or changed, and a comment on it can find it again.

Pure functions over the stored, already sanitised HTML (nothing is rendered again):
``blocks(html)`` lists the blocks; ``anchored(html, link)`` adds the ids, and after each
block the link ``link(block)`` returns (a plain ``<a href>``: no JavaScript needed).
"""

import hashlib
import html as htmlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

VOID = {"br", "hr", "img", "wbr", "input", "col", "area", "base", "embed", "source", "track"}
_EXISTING_ID = re.compile(r"\s+id=\"[^\"]*\"")
QUOTE_LIMIT = 1000


@dataclass(frozen=True)
class Block:
    anchor: str
    tag: str
    text: str
    start: int  # offset of the start tag
    open_end: int  # offset just after the start tag
    end: int  # offset just after the end tag

    @property
    def is_heading(self) -> bool:
        return self.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}

    @property
    def quote(self) -> str:
        """The block's text as a comment quotes it (long ones shortened)."""
        if len(self.text) <= QUOTE_LIMIT:
            return self.text
        return self.text[: QUOTE_LIMIT - 1].rstrip() + "…"


def anchor_for(text: str) -> str:
    """'para-' and 10 hex digits of the block's text (case and spacing ignored)."""
    key = " ".join(text.lower().split())
    return "para-" + hashlib.sha256(key.encode()).hexdigest()[:10]


# A tag in sanitised HTML (nh3 writes every attribute value in double quotes; text never holds
# a raw "<" or ">"). A regular expression reads a page of minutes many times faster than HTMLParser.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_SPACED = {"p", "li", "tr", "td", "th", "br", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote"}


def _text(fragment: str) -> str:
    """A block's text: tags taken out (block-level ones leave a space), entities read, spacing tidied."""
    spaced = _TAG.sub(lambda m: " " if m.group(2).lower() in _SPACED else "", fragment)
    return " ".join(htmlib.unescape(spaced).split())


def _top_level(html: str):
    """(tag, start, open_end, end) of each top-level element."""
    depth, current = 0, None
    for match in _TAG.finditer(html):
        closing, tag = match.group(1), match.group(2).lower()
        if tag in VOID or match.group(3).rstrip().endswith("/"):
            continue
        if not closing:
            if depth == 0:
                current = (tag, match.start(), match.end())
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0 and current is not None:
                yield (*current, match.end())
                current = None


def blocks(html: str) -> list[Block]:
    """The top-level blocks of the minutes' HTML, in order, each with its anchor and text.

    Blocks with the same text get ``-2``, ``-3``… in order, so every anchor on a page is unique.
    """
    html = html or ""
    seen: dict[str, int] = {}
    out = []
    for tag, start, open_end, end in _top_level(html):
        text = _text(html[open_end:end])
        if not text:
            continue
        anchor = anchor_for(text)
        seen[anchor] = seen.get(anchor, 0) + 1
        if seen[anchor] > 1:
            anchor = f"{anchor}-{seen[anchor]}"
        out.append(Block(anchor, tag, text, start, open_end, end))
    return out


def find(html: str, anchor: str) -> Block | None:
    """The block with this anchor in the HTML, if it is still there."""
    return next((b for b in blocks(html) if b.anchor == anchor), None)


def anchored(html: str, link: Callable[[Block], str] | None = None) -> Markup:
    """The HTML with an id on each block and, when ``link`` is given, its markup after each block."""
    html = html or ""
    pieces, position = [], 0
    for block in blocks(html):
        opening = _EXISTING_ID.sub("", html[block.start : block.open_end - 1])
        pieces += [html[position : block.start], f'{opening} id="{block.anchor}">', html[block.open_end : block.end]]
        if link is not None:
            pieces.append(link(block))
        position = block.end
    pieces.append(html[position:])
    return Markup("".join(pieces))


def short(text: str, limit: int = 60) -> str:
    """The start of a block's text, for a link's hidden context ('…' when cut)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def escape(text: str) -> str:
    return htmlib.escape(text, quote=True)
