"""Unit tests: the filters that make entry text inert inside generated Markdown, and the blocks
that carry rendered summaries into pages."""

from __future__ import annotations

from mkdocs_diffusion.render import Blocks, PageUrls, first_sentence, md_inline, md_url, relative
from mkdocs_diffusion.sanitize import render_markdown


def test_inline_text_is_inert():
    assert md_inline("<b>*x*</b> & [a](b) $y$") == "&lt;b&gt;&#42;x&#42;&lt;/b&gt; &amp; &#91;a&#93;(b) &#36;y&#36;"


def test_summary_keeps_markdown_and_shows_html_as_text():
    assert render_markdown("**bold** <script>x</script> `<kbd>`") == (
        "<p><strong>bold</strong> &lt;script&gt;x&lt;/script&gt; <code>&lt;kbd&gt;</code></p>"
    )


def test_summary_trailing_backslash_is_a_line_break():
    assert render_markdown("one \\\ntwo\\\nthree \\") == "<p>one <br>\ntwo<br>\nthree </p>"
    assert render_markdown("`a\\`\nb") == "<p><code>a\\</code>\nb</p>"  # not inside code


def test_urls_are_percent_encoded_in_angle_brackets():
    assert md_url("https://x.org/a_(b)") == "<https://x.org/a_(b)>"
    assert md_url("https://x.org/<script>") == "<https://x.org/%3Cscript%3E>"
    assert md_url('https://x.org/a"b`c d') == "<https://x.org/a%22b%60c%20d>"


def test_first_sentence():
    assert first_sentence("첫 문장입니다. 두 번째.") == "첫 문장입니다."
    assert first_sentence("no stop " * 50, limit=20).endswith("…")


def test_relative_links_are_percent_encoded_and_site_root():
    assert relative("papers/a.md", "paper/1.md", "x") == "../papers/a.md#x"
    assert relative("papers/b.md) <img src=x> (.md", "updates.md") == "papers/b.md%29%20%3Cimg%20src%3Dx%3E%20%28.md"
    urls = PageUrls()
    assert urls.to_root("updates.md") == "../" and urls.to_root("index.md") == "./"
    assert PageUrls(use_directory_urls=False).to_root("updates.md") == "./"


def test_blocks_fill_placeholders_once_per_text_and_resolve_md_links():
    blocks = Blocks()
    a = blocks.placeholder("see [b](other.md#x) and *this*", "papers/a.md")
    assert blocks.placeholder("see [b](other.md#x) and *this*", "papers/a.md") == a
    intro = blocks.placeholder("intro", "papers/a.md", "mdd-intro")
    page = f"<h2>T</h2>\n{a}\n<p>x</p>\n{intro}"
    filled = blocks.fill(page, lambda source, href: f"/site/{source}/{href}")
    assert '<div class="mdd-summary"><p>see <a href="/site/papers/a.md/other.md#x"' in filled
    assert "<em>this</em>" in filled and '<div class="mdd-intro"><p>intro</p></div>' in filled
    # a placeholder written by anyone else (another nonce) is not filled
    forged = a.replace(blocks.nonce, "0" * 16)
    assert blocks.fill(forged) == forged


def test_text_in_math_is_text_and_foreign_elements_are_refused():
    html = render_markdown(r"$\text{a<b & c}$")
    assert "<mtext>a&lt;b&nbsp;&amp;&nbsp;c</mtext>" in html
    nested = render_markdown(r"$\text{<a/href='javascript:alert(1)'>x</a>{}}$")
    assert "<a " not in nested and "<a>" not in nested and "href" not in nested.replace("a/href", "")  # text only


def test_math_lengths_are_bounded():
    html = render_markdown(r"$\rule{4000pt}{40pt} a \quad b$")
    assert 'width="4000pt"' not in html and '<mspace width="1em">' in html


def test_nesting_thousands_deep_is_shown_as_text_not_a_crash():
    html = render_markdown("- " * 2000 + "x")
    assert html.startswith("<p>- - -") and html.endswith("x</p>")
