"""How minutes text maps onto the agenda: sections, prefill, and the wider-circulation version.

The rule (also shown on the editing page):

* A **level-1 or level-2 heading** (``# …``, ``## …``) opens a section; the section runs
  until the next such heading. Level-3 and lower headings stay inside the section.
  Headings inside fenced code blocks do not count.
* A section belongs to an agenda item when its heading, without a leading number
  (``## 4. Review of the action log``), equals the item's title (ignoring case and
  spaces); failing that, when the leading number equals the item's number on the agenda.
* Text before the first such heading belongs to no item and is never confidential.
* The version for wider circulation drops every section whose item is confidential,
  keeping its heading with a note that it is withheld. Inline outcomes under such a
  heading are linked to that item like any other.

Everything here is pure: agenda items are passed in as ``(number, title, is_confidential)``.
"""

import re
from dataclasses import dataclass

from board.minutes.outcomes import FENCE, HEADING

NUMBERED = re.compile(r"^(\d+)[.)]?\s+(.*)$")
WITHHELD = "*This item is confidential and is not included in this version.*"


@dataclass(frozen=True)
class ItemRef:
    number: int
    title: str
    is_confidential: bool = False
    id: int | None = None


def _key(text: str) -> str:
    return " ".join((text or "").lower().split())


def item_for_heading(heading: str | None, items: list[ItemRef]) -> ItemRef | None:
    """The agenda item a level-2 heading stands for, by title first and then number."""
    if not heading:
        return None
    number, title = None, heading
    found = NUMBERED.match(heading.strip())
    if found:
        number, title = int(found.group(1)), found.group(2)
    for item in items:
        if _key(item.title) == _key(title) or _key(item.title) == _key(heading):
            return item
    if number is not None:
        return next((item for item in items if item.number == number), None)
    return None


def prefill(items: list[ItemRef]) -> str:
    """A new minutes text: one numbered level-2 heading per agenda item."""
    if not items:
        return "## 1. Welcome and apologies\n\n\n## 2. Any other business\n\n"
    return "".join(f"## {item.number}. {item.title}\n\n\n" for item in items)


def without_confidential(source: str, items: list[ItemRef]) -> str:
    """The source with confidential items' sections replaced by a withheld note."""
    out, dropping, in_fence = [], False, False
    for line in (source or "").splitlines(keepends=True):
        if FENCE.match(line):
            in_fence = not in_fence
        head = None if in_fence else HEADING.match(line.rstrip("\r\n"))
        if head and len(head.group(1)) <= 2:
            item = item_for_heading(head.group(2), items)
            dropping = bool(item and item.is_confidential)
            out.append(line)
            if dropping:
                out.append("\n" + WITHHELD + "\n\n")
            continue
        if not dropping:
            out.append(line)
    return "".join(out)
