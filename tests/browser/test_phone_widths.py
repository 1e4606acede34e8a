"""On a phone (320 and 375 px wide) no page scrolls sideways, for every demo role; at 1280 px the
secretariat's navigation stays on one line and each page highlights one navigation entry."""

import re

import pytest

WIDTHS = (320, 375)
# The main objects each role reaches from the navigation: the first link of each kind is visited.
OBJECTS = [
    r"/meetings/\d+",
    r"/meetings/\d+/agenda",
    r"/meetings/\d+/agenda/pack",
    r"/meetings/\d+/agenda/build",
    r"/meetings/\d+/minutes",
    r"/minutes/\d+",
    r"/agenda-items/\d+/papers",
    r"/updates/\d+",
    r"/updates/\d+/edit",
    r"/rounds/\d+",
    r"/actions/\d+",
    r"/decisions/\d+",
    r"/bodies/[\w-]+",
    r"/bodies/[\w-]+/meetings",
    r"/bodies/[\w-]+/figures",
    r"/bodies/[\w-]+/agenda-template",
    r"/admin/users/\d+",
    r"/admin/organisations/\d+",
    r"/admin/organisations",
    r"/admin/audit",
    r"/actions/organisations/\d+",
]
ROLES = [
    "secretariat@example.org",
    "chair@example.org",
    "member@example.org",
    "lead.leeds@example.org",
    "hmpps@example.org",
]

WIDEST = """() => {
  const limit = window.innerWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > limit + 1 && r.width > 0) out.push(el.tagName.toLowerCase() + '.' + el.className + ' ' + Math.round(r.right));
  }
  return out.slice(-3);
}"""


def _links(page) -> list[str]:
    return page.eval_on_selector_all("a[href^='/']", "els => els.map(e => e.getAttribute('href'))")


def main_pages(page) -> list[str]:
    """The navigation's pages, then the first link to each kind of main object found on them."""
    nav = page.eval_on_selector_all(".govuk-service-navigation__list a", "els => els.map(e => e.getAttribute('href'))")
    pages = list(dict.fromkeys(["/", *nav, "/account", "/search?q=naloxone"]))
    found = {}
    for address in list(pages):
        page.goto(address)
        for href in _links(page):
            path = href.split("#")[0].split("?")[0]
            for pattern in OBJECTS:
                if pattern not in found and re.fullmatch(pattern, path):
                    found[pattern] = path
    for pattern in OBJECTS:  # a second step: objects only reached from an object page
        if pattern in found:
            continue
        for path in list(found.values()):
            page.goto(path)
            hit = next((h for h in _links(page) if re.fullmatch(pattern, h.split("#")[0].split("?")[0])), None)
            if hit:
                found[pattern] = hit.split("#")[0]
                break
    return list(dict.fromkeys(pages + list(found.values())))


@pytest.mark.parametrize("email", ROLES)
def test_no_page_scrolls_sideways_on_a_phone(page, sign_in, email):
    """Each role's main pages at 320 and 375 px: the page is no wider than the screen."""
    sign_in(email)
    pages = main_pages(page)
    assert len(pages) >= 6, pages
    wide = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 740})
        for address in pages:
            response = page.goto(address)
            assert response.status < 400, f"{address}: {response.status}"
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll > inner:
                wide.append(f"{address} at {width}px: {scroll}px wide ({page.evaluate(WIDEST)})")
    assert not wide, "\n".join(wide)


def test_secretariat_navigation_fits_one_line_with_one_entry_highlighted(page, sign_in):
    """The secretariat at 1280 px: every navigation item on one line; one entry highlighted per page."""
    sign_in("secretariat@example.org")
    page.set_viewport_size({"width": 1280, "height": 900})
    expected = {
        "/": "Home",
        "/bodies": "Boards",
        "/bodies/board": "Boards",
        "/meetings": "Meetings",
        "/admin/users": "Admin",
        "/admin/organisations": "Admin",
        "/admin/audit": "Admin",
        "/actions": "Actions",
        "/decisions": "Decisions",
        "/search?q=naloxone": "Search",
        "/updates": "Updates",
        "/account": None,
    }
    for address, label in expected.items():
        page.goto(address)
        tops = page.eval_on_selector_all(".govuk-service-navigation__item", "els => els.map(e => e.offsetTop)")
        assert len(tops) >= 9 and len(set(tops)) == 1, f"{address}: navigation wraps ({tops})"
        active = page.eval_on_selector_all(
            ".govuk-service-navigation__item--active", "els => els.map(e => e.textContent.trim())"
        )
        assert active == ([label] if label else []), f"{address}: {active}"
    page.goto("/meetings")
    page.locator("main a[href^='/meetings/']").first.click()
    active = page.eval_on_selector_all(
        ".govuk-service-navigation__item--active", "els => els.map(e => e.textContent.trim())"
    )
    assert active == ["Meetings"]
