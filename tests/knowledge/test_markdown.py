"""Markdown written by people becomes safe HTML: a corpus of script, event-handler, `javascript:`,
data-URI and CSS attacks comes out with no element, attribute or link that could run anything,
while headings, lists, tables and ordinary links survive."""

from html.parser import HTMLParser

import pytest

from knowledge.markdown import markdown_html

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"href", "title", "rel", "start", "align"}
SAFE_SCHEMES = ("http://", "https://", "mailto:")


class Elements(HTMLParser):
    """Every element and attribute of the HTML, as a browser's parser would meet them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def assert_harmless(html: str) -> None:
    for tag, attrs in Elements(html).found:
        assert tag in ALLOWED_TAGS, tag
        assert set(attrs) <= ALLOWED_ATTRIBUTES, attrs
        href = "".join((attrs.get("href") or "").split()).lower()
        assert not href or href.startswith(SAFE_SCHEMES) or href.startswith(("/", "#")), href


ATTACKS = {
    "script": "<script>alert(1)</script>",
    "script in text": "Hei <script src=//evil.example/x.js></script> der",
    "img onerror": '<img src=x onerror="alert(1)">',
    "markdown image onerror": '![x" onerror="alert(1)](https://example.org/x.png)',
    "a javascript": '<a href="javascript:alert(1)">klikk</a>',
    "link javascript": "[x](javascript:alert(1))",
    "link mixed case": "[x](JaVaScRiPt:alert(1))",
    "link with spaces": "[x](java\tscript:alert(1))",
    "link entity colon": "[x](javascript&#58;alert(1))",
    "link entity letters": "[x](&#106;avascript:alert(1))",
    "autolink javascript": "<javascript:alert(1)>",
    "reference link": "[x][1]\n\n[1]: javascript:alert(1)",
    "vbscript": "[x](vbscript:msgbox(1))",
    "data link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data image": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "style element": "<style>body{display:none}</style>",
    "style attribute": '<p style="background:url(javascript:alert(1))">x</p>',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "svg onload": "<svg onload=alert(1)>",
    "object": '<object data="x.swf"></object><embed src="x.swf">',
    "inline html": 'Tekst <b onclick="alert(1)">fet</b> og <span style="color:red">rød</span>',
    "form": '<form action="https://evil.example"><input name=p></form>',
    "html comment": "<!-- <script>alert(1)</script> -->",
    "table cell html": "| a |\n| --- |\n| <img src=x onerror=alert(1)> |",
}


@pytest.mark.parametrize("source", ATTACKS.values(), ids=ATTACKS.keys())
def test_attacks_are_neutralised(source):
    html = str(markdown_html(source))
    assert_harmless(html)
    assert "<script" not in html.lower()
    assert "<style" not in html.lower()


def test_headings_start_at_h2_under_the_pages_h1():
    html = str(markdown_html("# Én\n\n## To\n\n### Tre"))
    assert html.split() == ["<h2>Én</h2>", "<h3>To</h3>", "<h4>Tre</h4>"]


def test_tables_lists_and_emphasis_are_kept():
    html = str(markdown_html("| Post | Kr |\n| --- | ---: |\n| Leie | 5 |\n\n- **a**\n- _b_"))
    assert "<th>Post</th>" in html
    assert "<td>Leie</td>" in html
    assert "<li><strong>a</strong></li>" in html
    assert "<li><em>b</em></li>" in html


def test_links_are_kept_and_get_rel():
    html = str(markdown_html("[Rapporten](https://example.org/r.pdf)"))
    assert html == (
        '<p><a href="https://example.org/r.pdf" rel="noopener noreferrer nofollow">'
        "Rapporten</a></p>\n"
    )


def test_a_columns_alignment_becomes_a_class_and_no_other_class_or_style_survives():
    html = markdown_html('| År | Plasser |\n|:-:|--:|\n| 2025 | 20 |\n\n<p class="x">y</p>')
    assert '<th class="text-center">År</th>' in html
    assert '<td class="text-end">20</td>' in html
    assert (
        "<p>&lt;p class=&quot;x&quot;&gt;y&lt;/p&gt;</p>" in html or '&lt;p class="x"&gt;' in html
    )
    assert "<p class" not in html
    assert "style=" not in html
