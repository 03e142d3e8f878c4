"""Draws the site's icons and its default share image into static/ from
static/img/favicon.svg, in Chromium (the one the browser tests use), so no image
library is needed: `python scripts/make_icons.py`. Run it again after changing the SVG."""

import os
import shutil
import struct
from pathlib import Path

from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parent.parent / "static"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
BRAND, BRAND_DARK, ACCENT = "#0b4f6c", "#083a50", "#b3541e"

SHARE_IMAGE = f"""<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><style>
html, body {{ margin: 0; width: 1200px; height: 630px; overflow: hidden; }}
body {{ background: {BRAND}; color: #fff; font-family: 'DejaVu Sans', sans-serif;
        display: flex; align-items: center; gap: 64px; padding: 0 96px; box-sizing: border-box;
        border-bottom: 24px solid {ACCENT}; }}
img {{ width: 260px; height: 260px; flex: none; border-radius: 40px;
       box-shadow: 0 0 0 8px {BRAND_DARK}; }}
h1 {{ font-size: 104px; margin: 0 0 24px; letter-spacing: -2px; }}
p {{ font-size: 40px; margin: 0; line-height: 1.3; }}
</style></head><body>
<img src="{{icon}}" alt="">
<div><h1>Wijkkompas</h1><p>Wijken ontwikkeld<br>door hun bewoners</p></div>
</body></html>"""


def ico(png: bytes, size: int) -> bytes:
    """A .ico file of one PNG image (read by every browser since 2007)."""
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(png), 6 + 16)
    return header + entry + png


def main():
    svg = (STATIC / "img" / "favicon.svg").read_text()
    icon_url = "data:image/svg+xml;base64," + __import__("base64").b64encode(svg.encode()).decode()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page()
        for name, size in [("icon-512.png", 512), ("icon-192.png", 192),
                           ("apple-touch-icon.png", 180), ("favicon-32.png", 32)]:
            page.set_viewport_size({"width": size, "height": size})
            page.set_content(f'<html><body style="margin:0"><img src="{icon_url}" '
                             f'width="{size}" height="{size}" style="display:block"></body></html>')
            (STATIC / "img" / name).write_bytes(page.screenshot(omit_background=True))
        page.set_viewport_size({"width": 1200, "height": 630})
        page.set_content(SHARE_IMAGE.replace("{icon}", icon_url))
        (STATIC / "img" / "og-default.png").write_bytes(page.screenshot())
        browser.close()
    favicon_png = STATIC / "img" / "favicon-32.png"
    (STATIC / "favicon.ico").write_bytes(ico(favicon_png.read_bytes(), 32))
    favicon_png.unlink()


if __name__ == "__main__":
    main()
