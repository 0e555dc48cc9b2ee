"""Markdown to safe HTML, said once for the library (and any page that shows text written by
people): markdown-it-py renders CommonMark with tables and no raw HTML, and nh3 keeps only the
tags, attributes and link schemes listed here, whatever the renderer let through."""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
# A table column's alignment: markdown-it writes it as a style (which the Content Security Policy
# would refuse anyway); it becomes one of Bootstrap's text classes, the only classes kept.
ALIGN = {"left": "text-start", "center": "text-center", "right": "text-end"}
CLASSES = {cell: set(ALIGN.values()) for cell in ("th", "td")}
SCHEMES = {"http", "https", "mailto"}

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def markdown_html(text: str) -> SafeString:
    """The text rendered and sanitised; headings start at h2 (the page's title is the h1)."""
    rendered = _renderer.render(text or "")
    for level in (3, 2, 1):  # h1 → h2, h2 → h3, h3 → h4, from the deepest up
        rendered = rendered.replace(f"<h{level}>", f"<h{level + 1}>").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    for side, css_class in ALIGN.items():
        rendered = rendered.replace(f' style="text-align:{side}"', f' class="{css_class}"')
    clean = nh3.clean(
        rendered,
        tags=TAGS,
        attributes=ATTRIBUTES,
        allowed_classes=CLASSES,
        url_schemes=SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308  (sanitised by nh3 just above)
