"""Markdown to safe HTML: render with Python-Markdown, then sanitise with nh3.

Rendering must take time in proportion to the text, whatever is typed: a field of any
shape up to its length limit (minutes: 200,000 characters) renders in well under a
second. Python-Markdown is fast on prose but slow, sometimes worse than linear, on
markup that never closes or nests deeply (issue 16: 200 kB of ``<a``, ``<http://``,
``*_`` or ``*[`` took 16-45 s). So before rendering, :func:`_defuse` sets aside the
markup characters that cannot work or that go past a generous budget: they become
private-use stand-ins that Markdown treats as plain text, and are put back after
rendering, so they still show exactly as typed (also in code). What is set aside:

- ``<`` that does not open a tag or autolink closed on its line (or a comment closed
  before the next ``<``), and every ``<`` past the first 200 that do (raw HTML is rare
  in minutes; nh3 strips most of it anyway, and Python's HTML parser is slow on
  unclosed tags);
- quote and list markers past 8 levels deep on one line (each level is a recursion);
- ``*``, ``_``, backticks, backslashes, ``&`` and ``>`` past 2,000 each in the text (emphasis,
  code spans and escapes cost Python-Markdown tens of microseconds each, and nh3 is
  slow on text made of entities), list and fence markers at the start of a line
  excepted;
- fences past 500; and a run of 300 lines without a blank line gets one (outside
  fences and tables), as Python-Markdown's block parser is quadratic in a block's lines;
- ``[`` and ``(`` that can never make a link in their paragraph, ``[`` past 50 in a
  paragraph and past 1,000 in the text (finding the end of a link from each bracket
  made a paragraph of brackets cubic).

Text past 5,000 lines (which forms refuse, see ``MarkdownLines``) is shown unformatted.

Definition lists and abbreviations are not used: those extensions are off (a chain of
definitions recursed until Python gave up, a 500).
"""

import re
from itertools import islice

import markdown as md
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "del",
    "sup",
    "sub",
    "abbr",
    "dl",
    "dt",
    "dd",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
    "h1": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
}
EXTENSIONS = ["tables", "sane_lists", "fenced_code"]

MAX_LINK_OPENERS_PER_BLOCK = 50
MAX_LINK_OPENERS = 1000
MAX_HTML_OPENERS = 200
MAX_QUOTE_DEPTH = 8
MAX_INLINE_MARKERS = 2000  # each of * _ ` \ & > (and Markdown writes each & and > as an entity)
MAX_FENCES = 500
MAX_BLOCK_LINES = 300
MAX_LINES = 5000
INLINE_MARKERS = "*_`\\&>"

# Stand-ins from Unicode's private-use area, and what each becomes in the final HTML.
_STAND_INS = {
    "[": "\ue05b",
    "(": "\ue028",
    "<": "\ue03c",
    ">": "\ue03e",
    "*": "\ue02a",
    "_": "\ue05f",
    "`": "\ue060",
    "\\": "\ue05c",
    "&": "\ue026",
    "~": "\ue07e",
    "-": "\ue02d",
    "+": "\ue02b",
    ".": "\ue02e",
    ")": "\ue029",
}
_PUT_BACK_AS = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_AS_STAND_INS = str.maketrans({char: _STAND_INS[char] for char in "&<>"})
_BLOCKS = re.compile(r"(\n[ \t]*\n)")
# After a "<": a comment closed before the next "<", or a tag, processing instruction or
# autolink closed on its line. (Each scan stops at the next "<", so together they read
# the text about once.)
_KEPT_OPENER = re.compile(r"<(?=!--[^<]{0,2000}?-->|[A-Za-z/!?][^<>\n]{0,1000}>)")
# A line that opens more than MAX_QUOTE_DEPTH quotes or list items at once (Python-Markdown
# nests one level per marker, by recursion): the marker past the limit is set aside.
_DEEP_NESTING = re.compile(
    r"^((?:[ \t]*(?:>|[*+-][ \t]|\d{1,9}[.)][ \t])){%d}[ \t]*)(>|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t]))"
    % MAX_QUOTE_DEPTH,
    re.MULTILINE,
)
# Markers at the start of a line (list items, rules, fences) are block syntax and stay.
_LINE_START = re.compile(r"^[ \t>]*(?:(?:[*+-][ \t]+)+|`{3,}|(?:\*[ \t]*){3,}$|(?:_[ \t]*){3,}$)?", re.MULTILINE)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.MULTILINE)


def _set_aside(text: str, opener: str) -> str:
    return text.replace(opener, _STAND_INS[opener])


def _keep_first(text: str, char: str, limit: int) -> str:
    """Set aside every ``char`` after the first ``limit``."""
    at = -1
    for _ in range(limit):
        at = text.find(char, at + 1)
        if at == -1:
            return text
    return text[: at + 1] + _set_aside(text[at + 1 :], char)


def _defuse_html(source: str) -> str:
    """Keep the first MAX_HTML_OPENERS "<" that open something closed; set aside the rest."""
    kept = [m.start() for m in islice(_KEPT_OPENER.finditer(source), MAX_HTML_OPENERS)]
    text = _set_aside(source, "<")
    pieces, position = [], 0
    for at in kept:  # the stand-in is one character, so positions are unchanged
        pieces += [text[position:at], "<"]
        position = at + 1
    pieces.append(text[position:])
    return "".join(pieces)


def _defuse_inline_markers(source: str) -> str:
    """Keep the first MAX_INLINE_MARKERS of each of * _ ` \\ &, not counting line-start markers."""
    if max(source.count(char) for char in INLINE_MARKERS) <= MAX_INLINE_MARKERS:
        return source
    counts = dict.fromkeys(INLINE_MARKERS, 0)
    out = []
    position = 0
    for start in _LINE_START.finditer(source):
        # the text between this line's block markers and the next line's is inline
        out.append(_defuse_run(source[position : start.start()], counts))
        out.append(start.group(0))
        position = start.end()
    out.append(_defuse_run(source[position:], counts))
    return "".join(out)


def _defuse_run(text: str, counts: dict) -> str:
    for char in INLINE_MARKERS:
        found = text.count(char)
        if not found:
            continue
        room = MAX_INLINE_MARKERS - counts[char]
        if found > room:
            text = _keep_first(text, char, max(room, 0))
        counts[char] += found
    return text


def _defuse_links(source: str) -> str:
    """Leave Markdown only the brackets of each paragraph that can still make a link."""
    if source.count("[") <= MAX_LINK_OPENERS_PER_BLOCK and len(source) < 2000:
        return source
    parts = _BLOCKS.split(source)
    for i in range(0, len(parts), 2):
        block = parts[i]
        for opener, closer in (("[", "]"), ("(", ")")):
            last = block.rfind(closer)
            block = block[: last + 1] + _set_aside(block[last + 1 :], opener)
        parts[i] = _keep_first(block, "[", MAX_LINK_OPENERS_PER_BLOCK)
    return _keep_first("".join(parts), "[", MAX_LINK_OPENERS)


def _split_long_blocks(source: str) -> str:
    """Fences past MAX_FENCES are set aside; a run of MAX_BLOCK_LINES lines outside a fence gets a blank line.

    Python-Markdown takes a block apart one heading at a time, copying the rest of the
    block each time, so a block of short lines costs the square of its length.
    """
    lines = source.split("\n")
    if len(lines) <= MAX_BLOCK_LINES and source.count("`") + source.count("~") < 3 * MAX_FENCES:
        return source
    fence, fences, run = None, 0, 0
    for i, line in enumerate(lines):
        opening = _FENCE.match(line)
        if opening:
            if fence is None and fences < MAX_FENCES:
                fence, run = opening.group(1), 0
                fences += 1
                continue
            if fence is not None and opening.group(1).startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
                continue
            if fence is None:
                marker = opening.group(1)[0]
                lines[i] = line.replace(marker, _STAND_INS[marker], 1)
        if fence is not None:
            continue
        run = run + 1 if line.strip() else 0
        if run > MAX_BLOCK_LINES and not line.lstrip().startswith("|"):  # not inside a table
            lines[i] = "\n" + line
            run = 1
    return "\n".join(lines)


def _plain_tail(source: str) -> tuple[str, str]:
    """The first MAX_LINES lines, and the rest (forms refuse longer text; older text shows it unformatted)."""
    if source.count("\n") < MAX_LINES:
        return source, ""
    at = -1
    for _ in range(MAX_LINES):
        at = source.index("\n", at + 1)
    return source[:at], source[at + 1 :]


def _flatten(match: re.Match) -> str:
    marker = match.group(2)
    return match.group(1) + marker[:-1] + _STAND_INS[marker[-1]]


def _defuse(source: str) -> str:
    """The source with the markup Markdown would be slow on set aside (see the module's docstring)."""
    source = _split_long_blocks(source)
    if "<" in source:
        source = _defuse_html(source)
    source = _DEEP_NESTING.sub(_flatten, source)
    source = _defuse_inline_markers(source)
    return _defuse_links(source)


def _put_back(text: str, *, as_html: bool = False) -> str:
    for char, stand_in in _STAND_INS.items():
        if stand_in in text:
            text = text.replace(stand_in, _PUT_BACK_AS.get(char, char) if as_html else char)
    return text


def render_markdown(source: str | None) -> Markup:
    """Render markdown and strip anything executable; the result is safe to show.

    Raw HTML in the source is escaped by nh3's allow-list: no script or style, no event
    handlers, no iframes, and links only to http(s) and mailto.
    """
    source = _put_back(source or "")  # stand-ins typed by hand are plain characters
    source, rest = _plain_tail(source)
    html = md.markdown(_defuse(source), extensions=EXTENSIONS, output_format="html")
    if rest:
        html += "\n<p>" + rest.translate(_AS_STAND_INS) + "</p>"
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # After sanitising: nh3 passes the stand-ins through, and is slow on text made of
    # many entities. An entity or a bracket put in here can make no markup.
    return Markup(_put_back(clean, as_html=True))
