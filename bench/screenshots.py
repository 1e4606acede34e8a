"""The README's screenshots, made from the demo data (run by scripts/screenshots).

A throwaway SQLite database is migrated and seeded; the app is served on a free loopback
port; Chromium (Playwright) signs in as the secretariat and photographs the pages; the
agenda pack PDF is downloaded and its first pages drawn with pdftoppm.
"""

import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PASSWORD = "screenshots-demo-2026"


def main() -> None:
    from flask_migrate import upgrade
    from playwright.sync_api import sync_playwright

    from board import create_app
    from board.extensions import db
    from board.seed import seed_demo

    work = Path(tempfile.mkdtemp(prefix="board-screenshots-"))
    os.environ["BOARD_INSTANCE_PATH"] = str(work)
    app = create_app(
        {
            "SECRET_KEY": "screenshots",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'board.sqlite'}",
            "OUTBOX_DIR": str(work / "outbox"),
            "MAIL_SERVER": None,
        }
    )
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        seed_demo(PASSWORD)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["BOARD_BASE_URL"] = base
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"], headless=True)
            context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto("/sign-in")
            page.get_by_label("Email address").fill("secretariat@example.org")
            page.get_by_label("Password", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{base}/")
            page.goto("/bodies/board/meetings")
            page.locator("main a[href^='/meetings/']").first.click()
            meeting = page.url.removeprefix(base)
            page.screenshot(path=str(DOCS / "screenshot.png"), full_page=False)
            pdf = context.request.get(f"{meeting}/agenda/pack.pdf", timeout=180_000).body()  # made on first download
            page.set_viewport_size({"width": 375, "height": 740})
            page.goto("/actions")
            page.evaluate("document.querySelector('main table').previousElementSibling.scrollIntoView()")
            page.screenshot(path=str(DOCS / "screenshot-phone.png"), full_page=False)
            browser.close()
    finally:
        server.shutdown()
    pack = work / "pack.pdf"
    pack.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "4", str(pack), str(work / "pack")], check=True)
    pages = sorted(work.glob("pack-*.png"))
    _side_by_side(pages, DOCS / "screenshot-pack.png")
    print("made", *(str(p.relative_to(ROOT)) for p in DOCS.glob("screenshot*.png")), file=sys.stderr)


def _side_by_side(pages: list[Path], out: Path) -> None:
    """The pack's first pages in one picture, left to right, on a grey ground (Pillow comes with WeasyPrint)."""
    from PIL import Image, ImageOps

    images = [ImageOps.expand(Image.open(p).convert("RGB"), border=1, fill="#b1b4b6") for p in pages]
    gap = 12
    width = sum(i.width for i in images) + gap * (len(images) + 1)
    height = max(i.height for i in images) + 2 * gap
    sheet = Image.new("RGB", (width, height), "#f3f2f1")
    x = gap
    for image in images:
        sheet.paste(image, (x, gap))
        x += image.width + gap
    sheet.save(out)


if __name__ == "__main__":
    main()
