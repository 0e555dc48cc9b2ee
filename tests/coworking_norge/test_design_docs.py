"""The design system's page (docs/design.md) and its pictures (docs/design/*.png, drawn by
docs/design/screenshots.py from docs/design/pieces.html) stay together: every picture the page
shows exists, every picture is shown, every piece has its picture, and no link leaves the
repository."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "design.md"
PICTURES = ROOT / "docs" / "design"
# Markdown links and images: [text](target) and ![alt](target).
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)[^)]*\)")
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)[^)]*\)")


def _images() -> list[str]:
    return IMAGE.findall(PAGE.read_text(encoding="utf-8"))


def test_every_picture_the_page_shows_exists():
    images = _images()
    assert images, "docs/design.md shows no picture"
    missing = [image for image in images if not (PAGE.parent / image).is_file()]
    assert not missing, f"docs/design.md shows pictures that do not exist: {missing}"


def test_every_picture_is_shown_on_the_page():
    shown = {(PAGE.parent / image).resolve() for image in _images()}
    unshown = sorted(png.name for png in PICTURES.glob("*.png") if png.resolve() not in shown)
    assert not unshown, f"docs/design/ has pictures docs/design.md does not show: {unshown}"


def test_every_piece_has_its_picture():
    pieces = re.findall(r'<section id="([^"]+)"', (PICTURES / "pieces.html").read_text("utf-8"))
    assert pieces
    missing = [name for name in pieces if not (PICTURES / f"{name}.png").is_file()]
    assert not missing, f"run docs/design/screenshots.py: no picture for {missing}"


def test_no_link_leaves_the_repository():
    text = PAGE.read_text(encoding="utf-8")
    assert not re.search(r"[a-z][a-z0-9+.-]*://", text, re.IGNORECASE), "a URL in docs/design.md"
    for target in LINK.findall(text):
        assert not target.startswith(("/", "mailto:")), target
        assert (PAGE.parent / target.split("#")[0]).resolve().is_relative_to(ROOT), target
