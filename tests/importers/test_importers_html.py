"""HTML import: article text without chrome, paragraphs, metadata, malformed and hostile pages."""

from __future__ import annotations

import time

import pytest

from debateprep.errors import UserError
from debateprep.importers import ImportedDocument, parse_document


def page(body: str, head: str = "", charset: str = "utf-8") -> ImportedDocument:
    markup = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    return parse_document(markup.encode(charset), "page.html")


def test_paragraphs_are_separated_by_blank_lines_and_whitespace_collapsed() -> None:
    document = page(
        "<p>First\n   paragraph\there.</p>\n\n<p>Second <b>bold</b>  one.</p><h2>Head</h2>"
    )
    assert document.text == "First paragraph here.\n\nSecond bold one.\n\nHead"


def test_block_elements_become_paragraphs() -> None:
    body = (
        "<div>Loose div text<p>In a paragraph</p>tail text</div>"
        "<ul><li>one</li><li>two</li></ul><blockquote>Quoted</blockquote>"
        "<table><tr><td>cell a</td><td>cell b</td></tr></table>"
        "<dl><dt>term</dt><dd>definition</dd></dl>"
        "<figure><img src='x.png'><figcaption>Caption</figcaption></figure>"
    )
    assert page(body).text.split("\n\n") == [
        "Loose div text",
        "In a paragraph",
        "tail text",
        "one",
        "two",
        "Quoted",
        "cell a",
        "cell b",
        "term",
        "definition",
        "Caption",
    ]


def test_br_is_a_line_break() -> None:
    assert page("<p>line one <br> line two<br/>three</p>").text == "line one\nline two\nthree"


def test_pre_keeps_its_whitespace() -> None:
    assert page("<p>x</p><pre>  a  b\n    c</pre>").text == "x\n\n  a  b\n    c"


def test_entities_are_decoded_and_nbsp_is_kept() -> None:
    document = page("<p>don&rsquo;t&nbsp;stop &ldquo;now&rdquo; &mdash; 5&#160;km &amp; more</p>")
    assert document.text == "don’t\u00a0stop “now” — 5\u00a0km & more"


def test_literal_nbsp_and_typography_are_kept() -> None:
    assert page("<p>a\u00a0 b “c”</p>").text == "a\u00a0 b “c”"


@pytest.mark.parametrize(
    "chrome",
    [
        "<script>var secret = 1;</script>",
        "<style>p { color: red }</style>",
        "<noscript>Enable JavaScript</noscript>",
        "<template><p>Template</p></template>",
        "<svg><title>Icon</title><text>svg text</text></svg>",
        "<iframe>frame</iframe>",
        "<object>object</object>",
        "<form><label>Email</label><input><button>Sign up</button></form>",
        "<select><option>Choice</option></select>",
        "<nav><a href='/'>Home</a></nav>",
        "<header>Site header</header>",
        "<footer>Copyright</footer>",
        "<aside>Aside</aside>",
        "<menu><li>Menu item</li></menu>",
        "<div class='ad'>Buy now</div>",
        "<div class='ads-wrapper'>Buy now</div>",
        "<div id='advertisement'>Buy now</div>",
        "<section class='social_share'>Share this</section>",
        "<div class='related-posts'>Related</div>",
        "<div class='newsletter-signup'>Subscribe</div>",
        "<div id='cookie-banner'>Cookies</div>",
        "<div id='comments'>A comment</div>",
        "<div class='sidebar'>Widgets</div>",
        "<ol class='breadcrumb'><li>Home</li></ol>",
        "<div class='sponsor'>Sponsored</div>",
        "<p class='promo'>Promo</p>",
        "<div role='navigation'>Links</div>",
    ],
)
def test_chrome_is_dropped(chrome: str) -> None:
    document = page(f"<p>Before.</p>{chrome}<p>After.</p>")
    assert document.text == "Before.\n\nAfter."


@pytest.mark.parametrize("cls", ["shadow", "loaded", "download", "masthead-free", "sharp"])
def test_chrome_words_match_whole_tokens_only(cls: str) -> None:
    assert page(f"<div class='{cls}'>Kept text</div>").text == "Kept text"


def test_inline_elements_are_never_dropped_by_class() -> None:
    document = page("<p>As <a class='related-link' href='/x'>we reported</a>, it works.</p>")
    assert document.text == "As we reported, it works."


def test_article_is_preferred_and_its_classes_do_not_drop_it() -> None:
    body = (
        "<div class='intro'>Site blurb</div>"
        "<article class='post header-image share-enabled'><p>Article text.</p>"
        "<div class='share-bar'>Share</div><p>More article.</p></article>"
        "<div>Outside text</div>"
    )
    assert page(body).text == "Article text.\n\nMore article."


def test_main_is_used_when_there_is_no_article() -> None:
    body = "<div>Blurb</div><main class='menu-open'><p>Main text.</p></main><div>Other</div>"
    assert page(body).text == "Main text."


def test_article_inside_a_chrome_looking_wrapper_is_kept() -> None:
    body = "<div class='content-with-sidebar'><article><p>Article.</p></article></div>"
    assert page(body).text == "Article."


def test_the_biggest_article_wins_and_related_teasers_lose() -> None:
    body = (
        "<div class='related'><article><p>A rather long related teaser text here.</p></article>"
        "</div><article><p>The main story.</p></article>"
        "<article><p>Short.</p></article>"
    )
    assert page(body).text == "The main story."


def test_layout_wrapper_with_chrome_class_keeps_the_body_text() -> None:
    body = (
        "<form id='aspnetForm'><div class='page has-sidebar'>"
        "<p>The whole story is in here, with plenty of text to read.</p>"
        "<div class='sidebar'>Widgets</div></div></form>"
    )
    assert page(body).text == "The whole story is in here, with plenty of text to read."


def test_time_inside_article_gives_the_date() -> None:
    body = (
        "<time datetime='1999-01-01'>old</time><article><p>Text</p>"
        "<time datetime='2021-06-07T09:30:00-04:00'>June 7</time></article>"
    )
    assert page(body).date == "2021-06-07"


@pytest.mark.parametrize(
    ("meta", "field", "value"),
    [
        ('<meta property="og:title" content="OG Title">', "title", "OG Title"),
        ('<meta name="twitter:title" content="Tw Title">', "title", "Tw Title"),
        ('<meta name="citation_title" content="Cite Title">', "title", "Cite Title"),
        ('<meta name="DC.title" content="DC Title">', "title", "DC Title"),
        ('<meta name="author" content="By Jane Roe">', "author", "Jane Roe"),
        ('<meta property="article:author" content="Ann Lee">', "author", "Ann Lee"),
        ('<meta name="dc.creator" content="Dee Cee">', "author", "Dee Cee"),
        ('<meta name="parsely-author" content="Par Sely">', "author", "Par Sely"),
        (
            '<meta name="citation_author" content="Smith, A"><meta name="citation_author" '
            'content="Jones, B">',
            "author",
            "Smith, A, Jones, B",
        ),
        (
            '<meta property="article:published_time" content="2024-03-05T10:00:00Z">',
            "date",
            "2024-03-05",
        ),
        ('<meta name="citation_publication_date" content="2019/07/01">', "date", "2019-07-01"),
        ('<meta name="date" content="2020-02-02">', "date", "2020-02-02"),
        ('<meta name="DC.date" content="2018-08-08 12:00">', "date", "2018-08-08"),
        ('<meta name="pubdate" content="20170101">', "date", "2017-01-01"),
        ('<meta property="og:site_name" content="The Daily">', "outlet", "The Daily"),
        ('<meta name="citation_journal_title" content="J. Law">', "outlet", "J. Law"),
        ('<meta name="application-name" content="AppSite">', "outlet", "AppSite"),
        ('<link rel="canonical" href="https://x.example/a">', "url", "https://x.example/a"),
        ('<meta property="og:url" content="https://x.example/og">', "url", "https://x.example/og"),
    ],
)
def test_meta_tags(meta: str, field: str, value: str) -> None:
    assert getattr(page("<p>Text</p>", head=meta), field) == value


def test_meta_priorities() -> None:
    head = (
        "<title>Plain title</title>"
        '<meta name="twitter:title" content="Second"><meta property="og:title" content="First">'
        '<meta property="article:author" content="https://facebook.com/someone">'
        '<meta name="citation_author" content="Real Author">'
        '<link rel="canonical" href="/relative/only">'
        '<meta property="og:url" content="https://x.example/abs">'
        '<meta name="date" content="2001-01-01">'
        '<meta property="article:published_time" content="2002-02-02T00:00:00Z">'
    )
    document = page("<article><p>Text</p><time datetime='2003-03-03'>x</time></article>", head)
    assert document.title == "First"
    assert document.author == "Real Author"
    assert document.url == "https://x.example/abs"
    assert document.date == "2002-02-02"


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Walls Work | The Daily", "The Daily", "Walls Work"),
        ("Walls Work - the daily", "The Daily", "Walls Work"),
        ("Walls Work - Part 2", "The Daily", "Walls Work - Part 2"),
        ("Walls Work | Opinion", "", "Walls Work | Opinion"),
    ],
)
def test_title_tag_loses_only_a_site_name_suffix(title: str, site: str, expected: str) -> None:
    head = f"<title>{title}</title>"
    if site:
        head += f'<meta property="og:site_name" content="{site}">'
    assert page("<p>Text</p>", head).title == expected


def test_title_falls_back_to_h1_then_file_name() -> None:
    assert page("<h1>Heading  One</h1><p>Text</p>").title == "Heading One"
    assert page("<p>Text</p>").title == "page"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>a<p>b<p>c", "a\n\nb\n\nc"),
        ("<div><p>unclosed div", "unclosed div"),
        ("<p>stray </span>end tag</p>", "stray end tag"),
        ("</p></div>closing tags first", "closing tags first"),
        ("<p><b>bold never closed<p>next", "bold never closed\n\nnext"),
        ("<ul><li>one<li>two</ul>after", "one\n\ntwo\n\nafter"),
        ("<p>a < b and c > d &amp also &bogus; text</p>", "a < b and c > d & also &bogus; text"),
        ("<p>text<![foo[ weird section ]]>more</p>", "textmore"),
        ("<p>x</p><div/><p>after self-closing div</p>", "x\n\nafter self-closing div"),
        ("<title>Unclosed title<p>Body text", "Body text"),
        ("<p>Text after body</p></body></html><p>trailing</p>", "Text after body\n\ntrailing"),
        ("<p>control\x01char\x7f</p>", "controlchar"),
    ],
)
def test_malformed_markup_keeps_its_text(markup: str, expected: str) -> None:
    assert parse_document(markup.encode(), "bad.html").text == expected


def test_ten_thousand_nested_divs_are_fast() -> None:
    depth = 10_000
    markup = "<div>" * depth + "<p>deep text</p>" + "</div>" * depth
    start = time.perf_counter()
    document = parse_document(markup.encode(), "deep.html")
    assert document.text == "deep text"
    assert time.perf_counter() - start < 10  # a hang guard: backtracking would take hours


def test_ten_thousand_unclosed_and_stray_tags_are_fast() -> None:
    markup = "<p>x" * 10_000 + "</div>" * 10_000 + "<div class='ad'>" * 5_000 + "end"
    start = time.perf_counter()
    document = parse_document(markup.encode(), "deep.html")
    assert document.text.startswith("x\n\nx")
    assert time.perf_counter() - start < 10  # a hang guard: backtracking would take hours


def test_scripting_contributes_nothing_but_visible_text() -> None:
    body = (
        "<p onclick='steal()'>Click <a href='javascript:alert(1)'>here</a> now"
        "<img src=x onerror='alert(2)'></p><script>alert(3)</script>"
        "<p><a href='JaVaScRiPt:evil()' onmouseover='evil()'>link text</a></p>"
    )
    document = page(body)
    assert document.text == "Click here now\n\nlink text"
    for word in ("alert", "javascript", "evil", "steal", "<", ">"):
        assert word not in document.text.lower()


def test_declared_windows_1252_charset() -> None:
    markup = b'<html><head><meta charset="windows-1252"></head><body><p>\x93Don\x92t\x94</p>'
    assert parse_document(markup, "old.html").text == "“Don’t”"


def test_http_equiv_latin1_is_read_as_windows_1252() -> None:
    markup = (
        b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
        b"<p>caf\xe9 \x96 bar</p>"
    )
    assert parse_document(markup, "old.htm").text == "café – bar"


def test_declared_charset_is_only_used_when_utf8_fails() -> None:
    markup = '<meta charset="iso-8859-1"><p>café “x”</p>'.encode()
    assert parse_document(markup, "a.html").text == "café “x”"


def test_declared_other_charset() -> None:
    markup = '<meta charset="koi8-r"><p>Ночь</p>'.encode("koi8-r")
    assert parse_document(markup, "a.html").text == "Ночь"


def test_unknown_declared_charset_falls_back_to_windows_1252() -> None:
    markup = b'<meta charset="x-made-up"><p>don\x92t</p>'
    assert parse_document(markup, "a.html").text == "don’t"


def test_page_without_text_is_refused() -> None:
    with pytest.raises(UserError, match=r"^empty\.html has no article text"):
        parse_document(
            b"<html><head><title>T</title></head><body><nav>x</nav></body>", "empty.html"
        )


def test_head_text_is_not_body_text() -> None:
    markup = "<html><head><title>T</title>\n  \n<meta name='x' content='y'></head><p>Body</p>"
    assert parse_document(markup.encode(), "a.html").text == "Body"


def test_missing_head_end_tag() -> None:
    markup = "<html><head><title>T</title><p>Body without head end</p>"
    document = parse_document(markup.encode(), "a.html")
    assert (document.title, document.text) == ("T", "Body without head end")


WORDPRESS = """<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8">
<title>Title of Post &#8211; My Blog</title>
<meta property="og:site_name" content="My Blog"><script>window.x = 1</script></head>
<body class="post-template-default single has-sidebar"><div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header"><p>My Blog</p><time datetime="2030-01-01">Today</time>
</header><div id="content" class="site-content"><main id="main" class="site-main">
<article id="post-1" class="post type-post hentry category-news">
<header class="entry-header"><h1 class="entry-title">Title of Post</h1>
<div class="entry-meta">Posted on <time datetime="2024-01-02T10:00:00+00:00">Jan 2</time></div>
</header><div class="entry-content"><p>Para&nbsp;1 with &ldquo;quotes&rdquo;.</p><p>Para 2.</p>
<div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3><ul><li>Twitter</li></ul></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3>Related</h3></div></div>
<footer class="entry-footer">Tags</footer></article>
<nav class="navigation post-navigation"><a>Prev</a></nav>
<div id="comments" class="comments-area"><p>Nice post!</p></div></main>
<aside id="secondary" class="widget-area"><p>Widget</p></aside></div>
<footer id="colophon" class="site-footer">(c)</footer></div></body></html>"""


def test_realistic_blog_page() -> None:
    document = parse_document(WORDPRESS.encode(), "post.html")
    assert document.text == "Para\u00a01 with “quotes”.\n\nPara 2."
    assert document.title == "Title of Post"
    assert document.outlet == "My Blog"
    assert document.date == "2024-01-02"  # from the article's header, not the site header


def test_time_in_a_site_header_is_not_the_date() -> None:
    body = "<header><time datetime='2030-01-01'>Today</time></header><p>Text</p>"
    assert page(body).date == ""


@pytest.mark.parametrize(
    "markup",
    [
        "</" * 100_000,
        "<?x" * 100_000,
        "<!x" * 100_000,
        "<!-- a>" * 20_000,
        "<![CDATA[ a>" * 20_000,
        "<" * 200_000 + "x",
    ],
    ids=["end-tags", "pis", "declarations", "comments", "cdata", "lt"],
)
def test_unterminated_constructs_do_not_go_quadratic(markup: str) -> None:
    start = time.perf_counter()
    document = parse_document(markup.encode(), "hostile.html")
    assert document.text.startswith("<")  # shown as the text they are, as before
    assert time.perf_counter() - start < 10  # a hang guard: backtracking would take hours
